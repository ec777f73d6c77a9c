"""Alembic migrations of the library schema (SQLite, batch mode).

Kept inside the package so an installed or frozen studio finds them next to the code.
"""

from pathlib import Path

MIGRATIONS_DIR = Path(__file__).resolve().parent
