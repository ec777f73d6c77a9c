"""``content-studio status``: what the library holds and what waits to be synced."""

import argparse
from typing import Any

from local_db.summary import LibrarySummary, summarize
from local_db.sync.pending import pending_report
from studio.cli.context import CommandContext
from studio.cli.pending_text import render_pending


def register(commands: Any) -> None:
    parser = commands.add_parser("status", help="show the library's contents and pending changes")
    parser.set_defaults(run=run)


def run(_args: argparse.Namespace, context: CommandContext) -> int:
    with context.open_library() as library:
        with library.read() as session:
            summary = summarize(session)
            pending = pending_report(session)
        print(f"Library: {library.path} (schema {library.migration.to_revision})")
        print(render(summary))
        details = render_pending(pending)
        if details:
            print(details)
    return 0


def render(summary: LibrarySummary) -> str:
    lines = []
    for count in summary.entities:
        trash = f" (+{count.trashed} in trash)" if count.trashed else ""
        lines.append(f"  {count.kind.value + 's':<12} {count.live:>9}{trash}")
    pending = ", ".join(
        f"{number} {operation.value.lower()}"
        for operation, number in summary.pending.items()
        if number
    )
    lines.append(f"Pending changes: {summary.pending_total}" + (f" ({pending})" if pending else ""))
    lines.append(f"Rejected changes: {summary.rejected}")
    if not summary.servers:
        lines.append("Sync: never synced")
    for server in summary.servers:
        last = server.last_pull_at.isoformat() if server.last_pull_at else "never"
        lines.append(
            f"Sync: {server.server_url} as {server.account_email or '?'}, last pull {last}"
        )
    return "\n".join(["Contents:", *lines])
