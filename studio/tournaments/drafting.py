"""Where drafts come from: the library's rows, a new draw, or the next Swiss round.

A new draw keeps each stored slot's row (the sync pushes creates before deletes, and
the server refuses a second live match in a slot). A row keeps its sides, and with them
its status and scores, when the new draw seats the same people there; a later round's
row seated by a recorded result counts as the same draw as long as the results that
seated it still stand. Every other row is redrawn and starts over unplayed.
"""

import uuid
from collections.abc import Sequence

from content_rules.tournaments.plan import (
    LoserOf,
    MatchKey,
    PlannedMatch,
    Result,
    Seed,
    Side,
    WinnerOf,
)
from content_rules.tournaments.progress import Sides, resolve_sides
from content_rules.tournaments.swiss import swiss_pairings_with_note
from content_rules.vocabulary import MatchStatus, TournamentFormat
from studio.tournaments.draft import Draft, DraftMatch, skeleton
from studio.tournaments.plan_reads import BracketContext


def stored_draft(context: BracketContext) -> Draft:
    """The library's matches, with the sides the plan knows and the rows do not."""
    shell = Draft(context, [])
    plan = {m.key: m for m in skeleton(context.format, len(shell.entrants))}
    matches = []
    for stored in context.matches:
        drawn = plan.get(stored.key)
        home = _side(shell, stored.home_id, drawn.home if drawn else None)
        away = _side(shell, stored.away_id, drawn.away if drawn else None)
        planned = PlannedMatch(stored.key, home, away, drawn.if_needed if drawn else False)
        matches.append(DraftMatch(planned, stored, stored.start, stored.place))
    return Draft(context, matches)


def _side(shell: Draft, stored_id: uuid.UUID | None, drawn: Side) -> Side:
    """The plan's link to an earlier match stays, so the bracket keeps its lines once a
    result has seated the row; who sits there comes from the results (``entrant_sides``)."""
    if isinstance(drawn, WinnerOf | LoserOf):
        return drawn
    return shell.seed_of(stored_id) or drawn


def generated_draft(context: BracketContext) -> Draft:
    """A new plan for the format: the whole bracket (replacing the stored one), or for
    Swiss the stored rounds plus the next one, paired on the results so far."""
    current = stored_draft(context)
    count = len(current.entrants)
    if count < 2:
        raise ValueError("at least two seeded participants are needed")
    if context.format is TournamentFormat.SWISS:
        return _next_swiss_round(current)
    return Draft(context, _redraw(current, skeleton(context.format, count)))


def _redraw(current: Draft, plan: Sequence[PlannedMatch]) -> list[DraftMatch]:
    """The new plan over the stored rows, sources first (the generators list them so).

    Who plays a match depends on its sources' results, so the sides are resolved again
    whenever a match's source was decided within the run since the last resolution: once
    per round rather than once per match.
    """
    winners: dict[MatchKey, int] = {}
    resolved = _resolve(plan, winners)
    since: set[MatchKey] = set()
    drawn = []
    for planned in plan:
        if since.intersection(planned.sources):
            resolved, since = _resolve(plan, winners), set()
        since.add(planned.key)
        before = current.matches.get(planned.key)
        stored = before.stored if before is not None else None
        seats = _seats(current, resolved.get(planned.key, (None, None)))
        same = stored is not None and (stored.home_id, stored.away_id) in (
            seats,
            current.side_ids(planned),
        )
        if same and before is not None and stored is not None:
            match = DraftMatch(
                planned, stored, before.start, before.place, sides=(stored.home_id, stored.away_id)
            )
            winner = current.seed_of(stored.winner_id)
            if stored.status is MatchStatus.COMPLETED and isinstance(winner, Seed):
                winners[planned.key] = winner.seed
        else:
            match = DraftMatch(planned, stored, sides=current.side_ids(planned))
        drawn.append(match)
    return drawn


def _seats(draft: Draft, sides: Sides) -> tuple[uuid.UUID | None, uuid.UUID | None]:
    home, away = (draft.participant(Seed(n)) if n is not None else None for n in sides)
    return (home.id if home else None, away.id if away else None)


def _resolve(plan: Sequence[PlannedMatch], winners: dict[MatchKey, int]) -> dict[MatchKey, Sides]:
    try:
        return resolve_sides(plan, winners)
    except ValueError:  # a stored result that no longer fits: those rows are redrawn
        return {}


def _next_swiss_round(current: Draft) -> Draft:
    """The stored rounds plus the next one, paired on the completed matches and byes.

    A match still open (scheduled or in progress) has no result yet, and pairing around
    it would give its players scores they may not have, so the next round waits for it.
    A cancelled match is no result and no obstacle: its players may meet again.
    """
    latest = max((key.round for key in current.matches), default=0)
    open_ = [
        m
        for m in current.matches.values()
        if m.key.round == latest
        and not m.planned.is_bye
        and m.stored is not None
        and m.stored.status in (MatchStatus.SCHEDULED, MatchStatus.IN_PROGRESS)
    ]
    if open_:
        raise ValueError(
            f"{len(open_)} match(es) of round {latest} are not completed yet; record their "
            "results before pairing the next round"
        )
    history = [
        Result(home.seed, away.seed if isinstance(away, Seed) else None, _winner(current, m))
        for m in current.matches.values()
        if isinstance(home := m.planned.home, Seed)
        for away in (m.planned.away,)
        if (away is None and m.stored is not None and m.stored.away_id is None)
        or (
            isinstance(away, Seed)
            and m.stored is not None
            and m.stored.status is MatchStatus.COMPLETED
        )
    ]
    paired = swiss_pairings_with_note(len(current.entrants), latest + 1, history)
    draft = Draft(current.context, [*current.matches.values(), *map(DraftMatch, paired.matches)])
    if not paired.least_floating:
        draft.problems.append(
            f"Round {latest + 1} is paired without rematches, but more players than the "
            "least possible meet someone outside their score group: no better pairing was "
            "found quickly."
        )
    return draft


def _winner(draft: Draft, match: DraftMatch) -> int | None:
    if match.planned.away is None and isinstance(match.planned.home, Seed):
        return match.planned.home.seed
    winner = draft.seed_of(match.stored.winner_id if match.stored else None)
    return winner.seed if isinstance(winner, Seed) else None
