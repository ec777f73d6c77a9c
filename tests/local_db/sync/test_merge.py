"""The three-way merge rules, as properties over arbitrary rows."""

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from local_db.models import ConflictKind
from local_db.sync.kinds import DELETED_AT
from local_db.sync.merge import three_way

FIELDS = ("name", "position", "description", DELETED_AT)
values = st.sampled_from(["a", "b", "c", None])
stamps = st.sampled_from([None, "2026-01-01T00:00:00+00:00", "2026-02-02T00:00:00+00:00"])
rows = st.fixed_dictionaries(
    {"name": values, "position": values, "description": values, DELETED_AT: stamps}
)


def deleted(row: dict[str, Any]) -> bool:
    return row[DELETED_AT] is not None


@given(rows, rows)
def test_unchanged_local_takes_remote(base: dict[str, Any], remote: dict[str, Any]) -> None:
    merged = three_way(base, base, remote, FIELDS)
    assert merged.conflict is None
    assert merged.values == remote


@given(rows, rows)
def test_unchanged_remote_keeps_local(base: dict[str, Any], local: dict[str, Any]) -> None:
    merged = three_way(base, local, base, FIELDS)
    assert merged.conflict is None
    content = [name for name in FIELDS if name != DELETED_AT]
    assert [merged.values[name] for name in content] == [local[name] for name in content]
    assert deleted(merged.values) == deleted(local)


@given(rows, rows)
def test_identical_sides_agree(base: dict[str, Any], both: dict[str, Any]) -> None:
    merged = three_way(base, both, dict(both), FIELDS)
    assert merged.conflict is None
    content = {name: both[name] for name in FIELDS if name != DELETED_AT}
    assert {name: merged.values[name] for name in content} == content
    assert deleted(merged.values) == deleted(both)


@given(rows, rows, rows)
def test_nothing_is_silently_overwritten(
    base: dict[str, Any], local: dict[str, Any], remote: dict[str, Any]
) -> None:
    """Every local change survives in the merged row or is named in a conflict."""
    merged = three_way(base, local, remote, FIELDS)
    for name in FIELDS[:-1]:
        if local[name] != base[name] and merged.values[name] != local[name]:
            raise AssertionError(f"{name}: local change lost")
        if remote[name] != base[name] and merged.values[name] != remote[name]:
            assert merged.conflict is not None and name in merged.fields


@given(rows, rows, rows)
def test_disjoint_changes_merge(
    base: dict[str, Any], local: dict[str, Any], remote: dict[str, Any]
) -> None:
    for name in ("description",):
        local = {**local, name: base[name]}
    remote = {**remote, "name": base["name"], "position": base["position"]}
    local = {**local, DELETED_AT: base[DELETED_AT]}
    remote = {**remote, DELETED_AT: base[DELETED_AT]}
    merged = three_way(base, local, remote, FIELDS)
    assert merged.conflict is None
    assert merged.values["name"] == local["name"]
    assert merged.values["position"] == local["position"]
    assert merged.values["description"] == remote["description"]


def test_same_field_changed_differently_is_a_conflict_keeping_mine() -> None:
    base = {"name": "a", "position": "a", "description": "a", DELETED_AT: None}
    merged = three_way(
        base, {**base, "name": "mine"}, {**base, "name": "theirs", "position": "b"}, FIELDS
    )
    assert merged.conflict is ConflictKind.FIELDS
    assert merged.fields == ("name",)
    assert merged.values == {**base, "name": "mine", "position": "b"}


def test_edit_against_remote_delete_is_a_conflict_and_stays_live() -> None:
    base = {"name": "a", "position": "a", "description": "a", DELETED_AT: None}
    remote = {**base, DELETED_AT: "2026-01-01T00:00:00+00:00"}
    merged = three_way(base, {**base, "name": "mine"}, remote, FIELDS)
    assert merged.conflict is ConflictKind.EDIT_DELETE
    assert merged.fields == ("name", DELETED_AT)
    assert merged.values[DELETED_AT] is None and merged.values["name"] == "mine"


def test_local_delete_against_remote_edit_is_a_conflict_and_stays_deleted() -> None:
    base = {"name": "a", "position": "a", "description": "a", DELETED_AT: None}
    local = {**base, DELETED_AT: "2026-01-01T00:00:00+00:00"}
    merged = three_way(base, local, {**base, "description": "theirs"}, FIELDS)
    assert merged.conflict is ConflictKind.DELETE_EDIT
    assert merged.fields == ("description", DELETED_AT)
    assert merged.values[DELETED_AT] == local[DELETED_AT]


def test_both_deleting_agree_whatever_the_stamps() -> None:
    base = {"name": "a", "position": "a", "description": "a", DELETED_AT: None}
    merged = three_way(
        base,
        {**base, DELETED_AT: "2026-01-01T00:00:00+00:00"},
        {**base, DELETED_AT: "2026-02-02T00:00:00+00:00"},
        FIELDS,
    )
    assert merged.conflict is None and merged.values[DELETED_AT] is not None
