"""Alembic migrations of the server database (PostgreSQL 15, and the SQLite default)."""

from pathlib import Path

MIGRATIONS_DIR = Path(__file__).resolve().parent
