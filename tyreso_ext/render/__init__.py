"""Docutils nodes for what the reader sees: badges, links, tables and matrices."""
