"""A bracket being prepared: generated or stored matches, their times, and what clashes.

Pure Python over the shared rules, so the preview, the live conflict check after a
hand-made change and the rows a save writes are all tested without a window. Entrants
are the seeded participants still in the tournament (not withdrawn or disqualified), in
seed order; entrant n plays as ``Seed(n)``, so gaps in the stored seeds do not matter.

Stored matches keep the sides they do not store (the winner of match 3 plays in the
final) by matching them against the plan the format draws for as many entrants: the
plan is the same for the same count, which is what makes the lines drawable. Who
actually plays follows from that plan and the recorded winners (``progress``), so a
final names both finalists as soon as the semi-finals are completed, without the rows
having to store them; the scheduler and the conflict check use those names too.
"""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from content_rules.tournaments.conflicts import Booking, Conflict, find_conflicts
from content_rules.tournaments.elimination import double_elimination, single_elimination
from content_rules.tournaments.plan import MatchKey, PlannedMatch, Seed, Side
from content_rules.tournaments.progress import Sides, resolve_sides, skipped
from content_rules.tournaments.round_robin import round_robin
from content_rules.tournaments.schedule_rules import ScheduleRules
from content_rules.vocabulary import MatchStatus, ParticipationStatus, TournamentFormat
from local_db.entities import EntityKind
from local_db.ids import new_id
from studio.tournaments.participant_reads import Participant
from studio.tournaments.plan_reads import BracketContext, StoredMatch, Who

OUT = (ParticipationStatus.WITHDRAWN, ParticipationStatus.DISQUALIFIED)
FIXED = (MatchStatus.COMPLETED, MatchStatus.IN_PROGRESS)
"""Played or being played: the scheduler leaves these where they are."""


@dataclass(frozen=True)
class DraftMatch:
    planned: PlannedMatch
    stored: StoredMatch | None = None
    start: datetime | None = None
    place: int | None = None
    sides: tuple[uuid.UUID | None, uuid.UUID | None] | None = None
    """The participations it seats once drawn; None keeps the stored row's sides."""

    @property
    def key(self) -> MatchKey:
        return self.planned.key

    @property
    def redrawn(self) -> bool:
        return (
            self.stored is not None
            and self.sides is not None
            and self.sides != (self.stored.home_id, self.stored.away_id)
        )

    @property
    def result_stands(self) -> bool:
        """The stored row's status and scores still apply (a redraw starts it over)."""
        return self.stored is not None and not self.redrawn

    @property
    def fixed(self) -> bool:
        return self.result_stands and self.stored is not None and self.stored.status in FIXED

    @property
    def changed(self) -> bool:
        return (
            self.stored is None
            or self.redrawn
            or (self.stored.start, self.stored.place) != (self.start, self.place)
        )


def entrants(entered: list[Participant]) -> list[Participant]:
    return [p for p in entered if p.seed is not None and p.status not in OUT]


def skeleton(format: TournamentFormat, count: int) -> list[PlannedMatch]:
    """The plan the format draws for ``count`` entrants (Swiss has none ahead of time)."""
    if count < 2 or format is TournamentFormat.SWISS:
        return []
    if format is TournamentFormat.ROUND_ROBIN:
        return round_robin(count)
    if format is TournamentFormat.DOUBLE_ELIMINATION:
        return double_elimination(count)
    return single_elimination(count)


class Draft:
    def __init__(self, context: BracketContext, matches: list[DraftMatch]) -> None:
        self.context = context
        self.entrants = entrants(context.entered)
        self.matches: dict[MatchKey, DraftMatch] = {
            m.key: m for m in sorted(matches, key=lambda m: m.key)
        }
        self.progress_problems: list[str] = []
        self.known, self.skipped = self._progress()
        self.problems = list(self.progress_problems)
        """What the last scheduling (and reading the results) could not do."""

    # --- who plays

    def _progress(self) -> tuple[dict[MatchKey, Sides], frozenset[MatchKey]]:
        """Each match's seeds as far as the completed matches tell, and the matches the
        results made unnecessary. The format's whole plan fills in the sources of a
        bracket stored only in part, so every ``WinnerOf`` can be followed."""
        plan = {m.key: m for m in skeleton(self.context.format, len(self.entrants))}
        plan.update({key: self._seated(match) for key, match in self.matches.items()})
        winners: dict[MatchKey, int] = {}
        for key, match in self.matches.items():
            if (
                match.result_stands
                and match.stored
                and match.stored.status is MatchStatus.COMPLETED
            ):
                winner = self.seed_of(match.stored.winner_id)
                if isinstance(winner, Seed):
                    winners[key] = winner.seed
        try:
            return resolve_sides(list(plan.values()), winners), skipped(
                list(plan.values()), winners
            )
        except ValueError as error:
            self.progress_problems.append(f"The results do not fit this bracket: {error}")
            return resolve_sides(list(plan.values()), {}), frozenset()

    def _seated(self, match: DraftMatch) -> PlannedMatch:
        """The match with the sides its row seats, for following results: a row may be
        seated (by the server, or a result) without the results of the matches before."""
        if match.stored is None:
            return match.planned
        home = self.seed_of(match.stored.home_id) or match.planned.home
        away = self.seed_of(match.stored.away_id) or match.planned.away
        return replace(match.planned, home=home, away=away)

    def entrant_sides(self, match: DraftMatch) -> tuple[Participant | None, Participant | None]:
        """Who plays ``match`` as far as the results tell; None is not known yet (or a bye)."""
        home, away = self.known.get(match.key, (None, None))
        return (
            self.participant(Seed(home)) if home is not None else None,
            self.participant(Seed(away)) if away is not None else None,
        )

    def participant(self, side: Side) -> Participant | None:
        if isinstance(side, Seed) and 1 <= side.seed <= len(self.entrants):
            return self.entrants[side.seed - 1]
        return None

    def seed_of(self, participation_id: uuid.UUID | None) -> Side:
        for number, entrant in enumerate(self.entrants, 1):
            if entrant.id == participation_id:
                return Seed(number)
        return None

    @property
    def saved(self) -> bool:
        return all(not match.changed for match in self.matches.values()) and not self._dropped()

    def rebased(self, context: BracketContext) -> "Draft":
        """This preview over freshly read rows, so a result recorded meanwhile shows in it
        (a row gone since is created again on save)."""
        rows = {stored.id: stored for stored in context.matches}
        return Draft(
            context,
            [
                replace(match, stored=rows.get(match.stored.id)) if match.stored else match
                for match in self.matches.values()
            ],
        )

    # --- time

    def move(self, key: MatchKey, start: datetime | None, place: int | None) -> None:
        self.matches[key] = replace(self.matches[key], start=start, place=place)

    # --- checking

    def bookings(self, rules: ScheduleRules | None) -> list[Booking]:
        minutes = timedelta(minutes=rules.match_minutes if rules is not None else 30)
        found = []
        for match in self.matches.values():
            if match.start is None or match.planned.is_bye or match.key in self.skipped:
                continue
            who = frozenset(
                self.who(entrant) for entrant in self.entrant_sides(match) if entrant is not None
            )
            found.append(
                Booking(
                    match.key,
                    self.context.tournament_id,
                    who,
                    match.start,
                    match.start + minutes,
                    match.place,
                )
            )
        return found

    def conflicts(self, rules: ScheduleRules | None) -> list[Conflict]:
        mine = self.bookings(rules)
        rules_by: Mapping[Any, ScheduleRules] = dict(self.context.other_rules)
        if rules is not None:
            rules_by = {**rules_by, self.context.tournament_id: rules}
        return find_conflicts([*mine, *self.context.elsewhere], rules_by)

    # --- saving

    def writes(
        self,
    ) -> tuple[
        list[tuple[EntityKind, uuid.UUID]],
        list[tuple[EntityKind, uuid.UUID, dict[str, Any]]],
        list[tuple[EntityKind, uuid.UUID, dict[str, Any], dict[str, Any]]],
    ]:
        """(trash, create, update) that make the library hold this draft."""
        trash = [(EntityKind.MATCH, stored.id) for stored in self._dropped()]
        create, update = [], []
        for match in self.matches.values():
            if match.stored is None:
                create.append((EntityKind.MATCH, new_id(), self._values(match)))
            elif match.changed:
                update.append((EntityKind.MATCH, match.stored.id, *_changes(match)))
        return trash, create, update

    def _dropped(self) -> list[StoredMatch]:
        kept = {m.stored.id for m in self.matches.values() if m.stored is not None}
        return [stored for stored in self.context.matches if stored.id not in kept]

    def side_ids(self, planned: PlannedMatch) -> tuple[uuid.UUID | None, uuid.UUID | None]:
        home, away = self.participant(planned.home), self.participant(planned.away)
        return (home.id if home else None, away.id if away else None)

    def _values(self, match: DraftMatch) -> dict[str, Any]:
        home, away = self.side_ids(match.planned)
        return {
            "tournament_id": self.context.tournament_id,
            "bracket": match.key.bracket,
            "round": match.key.round,
            "match_number": match.key.position,
            "home_participation_id": home,
            "away_participation_id": away,
            "start_time": match.start,
            "place": match.place,
            "if_needed": match.planned.if_needed,
        }

    @staticmethod
    def who(entrant: Participant) -> Who:
        return Who(entrant.user_id, entrant.name or entrant.email)


def _changes(match: DraftMatch) -> tuple[dict[str, Any], dict[str, Any]]:
    """(old, new) values of a stored match's row; a redrawn one starts over unplayed."""
    stored = match.stored
    assert stored is not None
    old: dict[str, Any] = {"start_time": stored.start, "place": stored.place}
    new: dict[str, Any] = {"start_time": match.start, "place": match.place}
    if match.redrawn and match.sides is not None:
        old |= {
            "home_participation_id": stored.home_id,
            "away_participation_id": stored.away_id,
            "winner_participation_id": stored.winner_id,
            "status": stored.status,
            "home_score": stored.home_score,
            "away_score": stored.away_score,
        }
        new |= {
            "home_participation_id": match.sides[0],
            "away_participation_id": match.sides[1],
            "winner_participation_id": None,
            "status": MatchStatus.SCHEDULED,
            "home_score": None,
            "away_score": None,
        }
    differ = [name for name in new if old[name] != new[name]]
    return {name: old[name] for name in differ}, {name: new[name] for name in differ}
