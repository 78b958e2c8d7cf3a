"""The model of municipal steering: objects, statuses, periods and the rules.

Nothing in this package imports Sphinx or docutils, so the same rules run in the Sphinx
build and in the ``tyreso`` command line.
"""
