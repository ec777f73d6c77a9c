"""``content-studio sync``: push this library's changes, pull everyone else's, report.

The sync runs on a worker thread so that Ctrl-C cancels it between two steps instead of
interrupting a transaction: everything stored so far is kept, and the next sync resumes.
"""

import argparse
import sys
import threading
from typing import Any

from backend_client.errors import ClientError
from backend_client.remote import GraphQLRemote
from local_db.sync.engine import SyncEngine, SyncOutcome, SyncReport
from local_db.sync.progress import SyncControl
from studio.cli.context import CommandContext
from studio.cli.progress_bar import ProgressBar
from studio.cli.signed_in import NotSignedIn, signed_in_session

EXIT_CODES = {
    SyncOutcome.DONE: 0,
    SyncOutcome.OFFLINE: 1,
    SyncOutcome.SIGN_IN_REQUIRED: 3,
    SyncOutcome.CANCELLED: 130,
}


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "sync",
        help="send local changes to the server and fetch everyone else's",
        description="Push pending changes, pull the server's changes, and print a summary.",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, context: CommandContext) -> int:
    bar = ProgressBar(sys.stderr, enabled=not args.quiet and sys.stderr.isatty())
    control = SyncControl(progress=bar.update)
    with context.open_library() as library:
        try:
            with signed_in_session(library) as (account, session):
                engine = SyncEngine(library, GraphQLRemote(session), account.server_url)
                report = _run_cancellable(engine, control)
        except NotSignedIn as error:
            print(f"content-studio: {error}", file=sys.stderr)
            return 3
        except ClientError as error:
            print(f"content-studio: cannot sync: {error}", file=sys.stderr)
            return 1
        finally:
            bar.finish()
    print(describe(report))
    return EXIT_CODES[report.outcome]


def describe(report: SyncReport) -> str:
    headline = {
        SyncOutcome.DONE: "Synced",
        SyncOutcome.OFFLINE: "Sync stopped: offline",
        SyncOutcome.SIGN_IN_REQUIRED: "Sync stopped: sign in again",
        SyncOutcome.CANCELLED: "Sync cancelled",
    }[report.outcome]
    return f"{headline}: {report.summary()} ({report.requests} requests)"


def _run_cancellable(engine: SyncEngine, control: SyncControl) -> SyncReport:
    result: list[SyncReport] = []
    failure: list[BaseException] = []

    def work() -> None:
        try:
            result.append(engine.sync(control))
        except BaseException as error:
            failure.append(error)

    worker = threading.Thread(target=work, name="sync", daemon=True)
    worker.start()
    try:
        while worker.is_alive():
            worker.join(0.2)
    except KeyboardInterrupt:
        control.cancel()
        worker.join()
    if failure:
        raise failure[0]
    return result[0]
