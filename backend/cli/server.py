"""``serve``, ``migrate`` and ``renew-epoch``: the server and its database."""

import argparse
import asyncio

import uvicorn
from sqlalchemy.engine import make_url

from backend.app import create_app
from backend.cli.database import in_transaction, migrate_to_head, uses_default_database
from backend.config import load_settings
from backend.feed.epoch import renew_epoch


def serve(args: argparse.Namespace) -> int:
    settings = load_settings()
    if uses_default_database():
        asyncio.run(migrate_to_head(settings))
    uvicorn.run(create_app(settings), host=args.host, port=args.port)
    return 0


def migrate_database(_args: argparse.Namespace) -> int:
    settings = load_settings()
    asyncio.run(migrate_to_head(settings))
    shown = make_url(settings.database_url).render_as_string(hide_password=True)
    print(f"migrated {shown} to the current schema")
    return 0


def renew_feed_epoch(_args: argparse.Namespace) -> int:
    settings = load_settings()
    epoch = asyncio.run(in_transaction(settings, renew_epoch))
    print(f"renewed the change-feed epoch to {epoch}; every client resyncs on its next pull")
    return 0
