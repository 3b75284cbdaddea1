"""conflict-mapper: map what news articles say about a conflict."""

__version__ = "0.1.0"
