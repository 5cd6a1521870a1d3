"""The library version, used in cache keys, records and the API."""

__version__ = "0.1.0"
