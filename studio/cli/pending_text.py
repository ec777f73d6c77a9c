"""Pending changes, conflicts and rejections as text for ``status``: what a sync would send,
what waits for a person, and what the server refused and why."""

import json
from typing import Any

from local_db.sync.pending import FieldChange, PendingReport

SHOWN = 50
"""Changes listed one by one; beyond this, a count (a bulk import can queue thousands)."""


def render_pending(report: PendingReport) -> str:
    lines: list[str] = []
    waiting = [change for change in report.changes if not change.rejected]
    if waiting:
        lines.append(f"Pending changes ({len(waiting)}):")
        for change in waiting[:SHOWN]:
            lines.append(
                f"  {change.operation.value.lower():<6} {change.entity_type} "
                f"{change.entity_id}  {change.label}"
            )
            lines.extend(f"      {_diff(item)}" for item in change.changes[:8])
        if len(waiting) > SHOWN:
            lines.append(f"  ... and {len(waiting) - SHOWN} more")
    if report.conflicts:
        lines.append(f"Conflicts ({len(report.conflicts)}), settle with 'content-studio resolve':")
        for conflict in report.conflicts:
            lines.append(
                f"  {conflict.conflict_id}  {conflict.kind.value.lower()}  "
                f"{conflict.entity_type} {conflict.label}"
            )
            for name in conflict.fields:
                lines.append(
                    f"      {name}: mine {_short(conflict.local.get(name))}, "
                    f"theirs {_short(conflict.remote.get(name))}"
                )
    if report.rejected:
        lines.append(f"Rejected by the server ({len(report.rejected)}):")
        for change in report.rejected:
            where = f" [{change.error_field}]" if change.error_field else ""
            lines.append(
                f"  {change.entity_type} {change.label}: {change.error_code}{where} "
                f"{change.error_message}"
            )
    for item in report.plan.waiting:
        lines.append(f"Waiting: {item.entity_type} {item.entity_id} {item.reason}")
    return "\n".join(lines)


def _diff(change: FieldChange) -> str:
    return f"{change.field}: {_short(change.base)} -> {_short(change.local)}"


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    text = " ".join(text.split())
    return repr(text if len(text) <= 50 else text[:49] + "…")
