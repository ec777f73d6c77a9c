"""Server settings, read once from the environment.

Unset, the server runs on an embedded SQLite file in the platform's data folder and keeps
a generated signing secret next to it (mode 0600), so `content-backend serve` works with
no setup; a deployment sets DATABASE_URL and CONTENT_BACKEND_SECRET.
"""

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "content-backend"
SECRET_ENV = "CONTENT_BACKEND_SECRET"
DATABASE_ENV = "DATABASE_URL"
DATA_DIR_ENV = "CONTENT_BACKEND_DATA"
MIN_SECRET_LENGTH = 32


class ConfigError(Exception):
    pass


@dataclass(frozen=True)
class Limits:
    """Hygiene limits; each is named in the error a client gets when it hits one."""

    max_query_depth: int = 12
    max_aliases: int = 250
    max_body_bytes: int = 16 * 1024 * 1024
    max_page_size: int = 500
    default_page_size: int = 50
    feed_page_size: int = 500
    max_feed_page_size: int = 2000
    max_upload_bytes: int = 25 * 1024 * 1024
    max_webhook_bytes: int = 1024 * 1024
    login_attempts_per_window: int = 5
    login_window_seconds: int = 300


@dataclass(frozen=True)
class Settings:
    database_url: str
    secret: str
    data_dir: Path
    access_token_seconds: int = 15 * 60
    refresh_token_days: int = 30
    limits: Limits = field(default_factory=Limits)

    @property
    def upload_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def data_dir() -> Path:
    configured = os.environ.get(DATA_DIR_ENV)
    return Path(configured) if configured else user_data_path(APP_NAME, appauthor=False)


def load_settings() -> Settings:
    directory = data_dir()
    directory.mkdir(parents=True, exist_ok=True)
    url = os.environ.get(DATABASE_ENV) or f"sqlite+aiosqlite:///{directory / 'backend.sqlite3'}"
    secret = os.environ.get(SECRET_ENV) or _stored_secret(directory / "signing-secret")
    if len(secret) < MIN_SECRET_LENGTH:
        raise ConfigError(f"{SECRET_ENV} must be at least {MIN_SECRET_LENGTH} characters long")
    return Settings(database_url=url, secret=secret, data_dir=directory)


def _stored_secret(path: Path) -> str:
    """The embedded default's secret: generated once, readable by this user only."""
    if path.exists():
        return path.read_text().strip()
    secret = secrets.token_urlsafe(48)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secret)
    return secret
