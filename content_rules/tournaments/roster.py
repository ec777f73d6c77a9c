"""Reading a roster CSV an admin exported from a spreadsheet, to import participants.

Every problem is reported at once, by line and column, so an admin fixes the file in one
pass; the rows without a problem are returned too, so a preview can show what would be
imported. The first line is the header: ``email`` is required, ``name`` and ``seed`` are
optional, in any order and any case. Other columns (a class, a phone number) are common in
exports and harmless, so they are ignored and listed in ``ignored_columns`` rather than
refused. A byte order mark (Excel writes one) and CRLF line ends are accepted; blank
lines are skipped. When an email or a seed repeats, the first line keeps it and the later
ones are reported. Which account an email belongs to is the caller's question.
"""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass

MAX_ROSTER_CHARS = 1_000_000
"""About 20,000 rows: more than any school event, small enough to check in one go."""
MAX_NAME_CHARS = 200
MAX_EMAIL_CHARS = 254
"""The longest address SMTP can carry."""

COLUMNS = ("email", "name", "seed")
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")


@dataclass(frozen=True)
class RosterRow:
    line: int
    email: str
    name: str | None
    seed: int | None


@dataclass(frozen=True)
class RosterProblem:
    line: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}: {self.column}" if self.column else f"line {self.line}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Roster:
    rows: tuple[RosterRow, ...]
    problems: tuple[RosterProblem, ...]
    ignored_columns: tuple[str, ...]


def parse_roster(text: str) -> Roster:
    """The good rows in file order, and every problem in line order."""
    text = text.removeprefix("\ufeff")
    if len(text) > MAX_ROSTER_CHARS:
        message = f"the file is over {MAX_ROSTER_CHARS:,} characters; split it"
        return Roster((), (RosterProblem(1, None, message),), ())
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                records.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as error:
        return Roster((), (RosterProblem(start, None, f"not valid CSV: {error}"),), ())
    if not records:
        return Roster((), (RosterProblem(1, None, "the file is empty; it needs a header row"),), ())
    (header_line, header), *body = records
    columns = [cell.strip().lower() for cell in header]
    header_problems = _header_problems(header_line, columns)
    ignored = tuple(name for name in columns if name not in COLUMNS)
    if header_problems:
        return Roster((), tuple(header_problems), ignored)
    rows: list[RosterRow] = []
    problems: list[RosterProblem] = []
    emails: dict[str, int] = {}
    seeds: dict[int, int] = {}
    for line, cells in body:
        row, found = _row(line, columns, cells, emails, seeds)
        problems += found
        if row is not None:
            rows.append(row)
    return Roster(tuple(rows), tuple(problems), ignored)


def _header_problems(line: int, columns: list[str]) -> list[RosterProblem]:
    problems = []
    if "email" not in columns:
        problems.append(RosterProblem(line, "email", "the header needs an email column"))
    for name in COLUMNS:
        if columns.count(name) > 1:
            problems.append(RosterProblem(line, name, "the column appears more than once"))
    return problems


def _row(
    line: int, columns: list[str], cells: list[str], emails: dict[str, int], seeds: dict[int, int]
) -> tuple[RosterRow | None, list[RosterProblem]]:
    """One record checked; the email and seed it claims are recorded only when it is good."""
    problems: list[RosterProblem] = []
    if any(cell.strip() for cell in cells[len(columns) :]):
        message = f"{len(cells)} cells but the header has {len(columns)}"
        problems.append(RosterProblem(line, None, message))
    values = {name: cell.strip() for name, cell in zip(columns, cells, strict=False)}
    email = values.get("email", "")
    if not email:
        problems.append(RosterProblem(line, "email", "is required"))
    elif len(email) > MAX_EMAIL_CHARS or not _EMAIL.fullmatch(email):
        problems.append(RosterProblem(line, "email", f"{email!r} is not an email address"))
    elif email.casefold() in emails:
        message = f"{email} is already on line {emails[email.casefold()]}"
        problems.append(RosterProblem(line, "email", message))
    name = values.get("name") or None
    if name is not None and len(name) > MAX_NAME_CHARS:
        problems.append(RosterProblem(line, "name", f"over {MAX_NAME_CHARS} characters"))
    elif name is not None and any(unicodedata.category(char) == "Cc" for char in name):
        problems.append(RosterProblem(line, "name", "must be one line without control characters"))
    seed_text = values.get("seed", "")
    seed = int(seed_text) if seed_text.isascii() and seed_text.isdigit() else None
    if seed_text and (seed is None or seed < 1):
        problems.append(RosterProblem(line, "seed", "must be a whole number ≥ 1"))
    elif seed is not None and seed in seeds:
        problems.append(RosterProblem(line, "seed", f"{seed} is already on line {seeds[seed]}"))
    if problems:
        return None, problems
    emails[email.casefold()] = line
    if seed is not None:
        seeds[seed] = line
    return RosterRow(line, email, name, seed), []
