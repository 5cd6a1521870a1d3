"""Alembic migration scripts of the store (run by `Store.migrate`, see docs/store.md)."""
