"""The Sphinx extension: domain, directives, roles, events, placeholders and the pages built from the records.

Each module registers its own part with its ``setup(app)``; :mod:`tyreso_ext.extension` calls them.
"""
