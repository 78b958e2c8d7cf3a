"""The directives staff write: the four objects and the aggregations."""
