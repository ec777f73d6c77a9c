"""Roster CSV: good rows come through, every bad line is named, nothing else is."""

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from content_rules.tournaments.roster import MAX_ROSTER_CHARS, RosterRow, parse_roster

_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)
emails = st.builds(lambda user, host, tld: f"{user}@{host}.{tld}", _word, _word, _word)
names = st.one_of(
    st.none(),
    st.text(
        alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "Zs"]),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool),
)
BAD_ROWS = [
    (["", "No Email", ""], "email"),
    (["not-an-address", "", ""], "email"),
    (["x@y.z", "", "0"], "seed"),
    (["x2@y.z", "", "one"], "seed"),
    (["x3@y.z", "", "-4"], "seed"),
]


@st.composite
def rosters(draw: st.DrawFn) -> list[RosterRow]:
    addresses = draw(st.lists(emails, max_size=30, unique_by=str.casefold))
    seeds = draw(st.permutations(range(1, len(addresses) + 1)))
    return [
        RosterRow(line, email, draw(names), draw(st.one_of(st.none(), st.just(seed))))
        for line, (email, seed) in enumerate(zip(addresses, seeds, strict=True), 2)
    ]


def _write(header: list[str], rows: list[list[str]], bom: bool) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" if bom else "") + out.getvalue()


def _cells(row: RosterRow) -> list[str]:
    return [row.email, row.name or "", "" if row.seed is None else str(row.seed)]


@given(rosters(), st.booleans())
def test_a_valid_roster_round_trips(rows: list[RosterRow], bom: bool) -> None:
    roster = parse_roster(_write(["Email", "Name", "Seed"], [_cells(r) for r in rows], bom))
    assert roster.problems == ()
    assert list(roster.rows) == rows


@given(rosters(), st.lists(st.tuples(st.integers(0, 40), st.sampled_from(BAD_ROWS)), max_size=6))
def test_bad_rows_are_reported_by_line_and_the_good_ones_kept(
    rows: list[RosterRow], insertions: list[tuple[int, tuple[list[str], str]]]
) -> None:
    lines: list[tuple[list[str], str | None]] = [(_cells(r), None) for r in rows]
    for place, (cells, column) in insertions:
        lines.insert(place % (len(lines) + 1), (cells, column))
    text = _write(["email", "name", "seed"], [cells for cells, _ in lines], bom=False)
    roster = parse_roster(text)
    expected = {(line, column) for line, (_, column) in enumerate(lines, 2) if column is not None}
    assert {(p.line, p.column) for p in roster.problems} == expected
    good = [(line, cells) for line, (cells, column) in enumerate(lines, 2) if column is None]
    assert [(r.line, _cells(r)) for r in roster.rows] == good


def test_problems_read_as_line_column_message() -> None:
    roster = parse_roster("email,seed\r\na@b.co,1\r\n\r\nc@d.co,x\r\n")
    assert [str(p) for p in roster.problems] == ["line 4: seed: must be a whole number ≥ 1"]
    assert [r.email for r in roster.rows] == ["a@b.co"]


def test_repeats_are_reported_on_the_later_line_whatever_the_case() -> None:
    roster = parse_roster("email,seed\nA@b.co,1\na@B.co,2\nc@d.co,1\n")
    assert [str(p) for p in roster.problems] == [
        "line 3: email: a@B.co is already on line 2",
        "line 4: seed: 1 is already on line 2",
    ]
    assert [r.line for r in roster.rows] == [2]


def test_other_columns_are_ignored_and_listed() -> None:
    roster = parse_roster("Class,EMAIL,Phone\n5A,a@b.co,123\n")
    assert roster.ignored_columns == ("class", "phone")
    assert roster.rows == (RosterRow(2, "a@b.co", None, None),)


def test_a_header_without_email_or_with_a_repeated_column_is_refused() -> None:
    assert [str(p) for p in parse_roster("name\nAnn\n").problems] == [
        "line 1: email: the header needs an email column"
    ]
    assert [str(p) for p in parse_roster("email,seed,Seed\na@b.co,1,1\n").problems] == [
        "line 1: seed: the column appears more than once"
    ]


def test_a_quoted_line_break_is_reported_where_its_record_starts() -> None:
    roster = parse_roster('email,name\na@b.co,"Two\nlines"\nc@d.co,C\n')
    assert [str(p) for p in roster.problems] == [
        "line 2: name: must be one line without control characters"
    ]
    assert [(r.line, r.email) for r in roster.rows] == [(4, "c@d.co")]


def test_extra_cells_are_reported() -> None:
    roster = parse_roster("email\na@b.co,surprise\nc@d.co,\n")
    assert [str(p) for p in roster.problems] == ["line 2: 2 cells but the header has 1"]
    assert [r.email for r in roster.rows] == ["c@d.co"]


def test_empty_and_oversized_files_are_refused() -> None:
    assert [str(p) for p in parse_roster("\ufeff\r\n\r\n").problems] == [
        "line 1: the file is empty; it needs a header row"
    ]
    big = "email\n" + "a@b.co\n" * (MAX_ROSTER_CHARS // 7 + 1)
    oversized = parse_roster(big)
    assert oversized.rows == () and "over 1,000,000 characters" in str(oversized.problems[0])
