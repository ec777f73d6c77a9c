"""A roster CSV checked against the library before anything is imported.

``content_rules.tournaments.roster`` reads the file (every problem by line and column);
this adds what only the library knows: the email must belong to a user the library has
(users come from the server), the user must not be entered already, and a seed must not
be taken by a current participant. Every line that cannot be imported is reported with
its number (the header is line 1); the good ones are imported only once the admin has
seen the bad ones and confirmed, all in one step.
"""

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from content_rules.tournaments.roster import RosterRow, parse_roster
from studio.tournaments.participant_reads import Participant, Person


@dataclass(frozen=True)
class RosterLine:
    line: int
    user: Person
    seed: int | None


@dataclass(frozen=True)
class RosterProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.message}"


@dataclass(frozen=True)
class RosterCheck:
    good: tuple[RosterLine, ...]
    problems: tuple[RosterProblem, ...]


def check_roster(
    text: str, users: Mapping[str, Person], entered: Sequence[Participant]
) -> RosterCheck:
    """The importable lines and the problems of ``text`` against ``users`` (by lower-case
    email) and the tournament's current participants, in line order."""
    roster = parse_roster(text)
    problems = [
        RosterProblem(
            found.line, f"{found.column}: {found.message}" if found.column else found.message
        )
        for found in roster.problems
    ]
    taken_users = {person.user_id for person in entered}
    taken_seeds = {person.seed for person in entered if person.seed is not None}
    good: list[RosterLine] = []
    for row in roster.rows:
        problem = _library_problem(row, users, taken_users, taken_seeds)
        if problem is not None:
            problems.append(RosterProblem(row.line, problem))
            continue
        user = users[row.email.lower()]
        good.append(RosterLine(row.line, user, row.seed))
        taken_users.add(user.id)
    problems.sort(key=lambda found: found.line)
    return RosterCheck(tuple(good), tuple(problems))


def _library_problem(
    row: RosterRow,
    users: Mapping[str, Person],
    taken_users: set[uuid.UUID],
    taken_seeds: set[int],
) -> str | None:
    user = users.get(row.email.lower())
    if user is None:
        return f"{row.email} is not a user in this library (sync to bring new students)"
    if user.id in taken_users:
        return f"{row.email} is already a participant"
    if row.seed is not None and row.seed in taken_seeds:
        return f"seed {row.seed} is already taken"
    return None
