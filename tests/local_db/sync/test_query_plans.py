"""The pull's lookups stay index searches: a full scan per page made an initial sync
quadratic in the library's size (found by bench/bench_sync.py)."""

import uuid
from typing import Any

from sqlalchemy import Select, event, select
from sqlalchemy.dialects import sqlite

from local_db.library import Library
from local_db.models import OutboxEntry, SyncBase
from local_db.queries import sync_marks
from local_db.sync.kinds import KINDS
from local_db.sync.ledger import base_of, entry_of


def plan_of(library: Library, statement: Select[tuple[uuid.UUID]]) -> str:
    compiled = statement.compile(
        dialect=sqlite.dialect(), compile_kwargs={"render_postcompile": True}
    )
    parameters = [compiled.params[name] for name in compiled.positiontup or ()]
    bound = [value.hex if isinstance(value, uuid.UUID) else value for value in parameters]
    with library.read() as session:
        rows = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", tuple(bound))
        return " | ".join(str(row[-1]) for row in rows)


def test_the_pull_looks_bases_and_entries_up_by_index(library: Library) -> None:
    ids = [uuid.uuid4() for _ in range(3)]
    for model in (SyncBase, OutboxEntry):
        statement = select(model.entity_id).where(
            model.entity_type == "lesson", model.entity_id.in_(ids), model.deleted_at.is_(None)
        )
        plan = plan_of(library, statement)
        assert "SEARCH" in plan and "USING INDEX" in plan, plan
    with library.read() as session:
        assert base_of(session, KINDS["lesson"], ids[0]) is None
        assert entry_of(session, KINDS["lesson"], ids[0]) is None


def test_the_navigator_badges_read_by_index(library: Library) -> None:
    """One page of badges per expand; a scan here cost 105 ms a page at a million rows."""
    executed: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        executed.append((statement, parameters))

    event.listen(library.engine, "before_cursor_execute", capture)
    try:
        with library.read() as session:
            assert sync_marks(session, [uuid.uuid4() for _ in range(3)]) == {}
    finally:
        event.remove(library.engine, "before_cursor_execute", capture)
    (statement, parameters), *_ = [item for item in executed if "UNION ALL" in item[0]]
    with library.read() as session:
        rows = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
        plan = " | ".join(str(row[-1]) for row in rows)
    assert "SCAN outbox_entries" not in plan and "SCAN sync_conflicts" not in plan, plan
    assert plan.count("USING INDEX") >= 2, plan
