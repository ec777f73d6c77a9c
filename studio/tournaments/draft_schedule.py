"""Scheduling a draft around the matches already played or being played.

Completed and in-progress matches keep their time and place; they are not given to the
scheduler, but their players are busy while they run, like a match in another
tournament, and so are their places. The scheduler (content_rules.tournaments.
scheduling) orders a match after its sources only when the sources are in the plan it
places, and takes no "not before" per match, so a side that comes from a fixed match is
handed over as a seed that is busy until that match ends: the winner once the results
name him, otherwise a stand-in seed that only exists for this call. Either way the match
lands after its source plus the break, exactly as if the scheduler had placed the source
itself.
"""

import itertools
from collections.abc import Hashable
from dataclasses import replace
from datetime import datetime, timedelta

from content_rules.tournaments.plan import LoserOf, MatchKey, Seed, Side, WinnerOf
from content_rules.tournaments.schedule_rules import ScheduleRules
from content_rules.tournaments.scheduling import Interval, schedule
from content_rules.vocabulary import MatchStatus
from studio.tournaments.draft import Draft, DraftMatch


def schedule_draft(draft: Draft, start: datetime, rules: ScheduleRules) -> None:
    """Times and places from ``start`` for every match not yet played, in place."""
    length = timedelta(minutes=rules.match_minutes)
    fixed = {key: match for key, match in draft.matches.items() if match.fixed}
    open_ = [match for match in draft.matches.values() if _is_open(draft, match)]
    who: dict[int, Hashable] = {
        number: draft.who(entrant) for number, entrant in enumerate(draft.entrants, 1)
    }
    busy: dict[int, list[Interval]] = {
        number: [
            Interval(booking.start, booking.end)
            for booking in draft.context.elsewhere
            if person in booking.participants
        ]
        for number, person in who.items()
    }
    occupied: dict[int, list[Interval]] = {}
    for key, match in fixed.items():
        if match.start is not None:
            played = Interval(match.start, match.start + length)
            for seed in draft.known.get(key, (None, None)):
                if seed is not None:
                    busy[seed].append(played)
            if match.place is not None:
                occupied.setdefault(match.place, []).append(played)
    stand_ins = itertools.count(len(draft.entrants) + 1)
    planned = []
    for match in open_:
        sides: list[Side] = []
        for index, side in enumerate((match.planned.home, match.planned.away)):
            origin = _fixed_origin(draft, side, fixed)
            if origin is None:
                sides.append(side)
                continue
            seed = draft.known.get(match.key, (None, None))[index]
            if seed is None:
                seed = next(stand_ins)
                who[seed] = (match.key, index)
                busy[seed] = []
            source_start = fixed[origin].start
            if source_start is not None:
                busy[seed].append(Interval(min(start, source_start), source_start + length))
            sides.append(Seed(seed))
        planned.append(replace(match.planned, home=sides[0], away=sides[1]))
    result = schedule(planned, rules, start, busy=busy, participants=who, occupied=occupied)
    placed = {booked.key: booked for booked in result.matches}
    for match in open_:
        booked = placed.get(match.key)
        if booked is not None:
            draft.move(match.key, booked.start_utc, booked.place)
        elif not match.planned.is_bye:
            draft.move(match.key, None, None)
    for key in draft.skipped & draft.matches.keys():
        draft.move(key, None, None)
    draft.problems = [*draft.progress_problems, *(problem.message for problem in result.problems)]


def _is_open(draft: Draft, match: DraftMatch) -> bool:
    """To be placed: new, redrawn, or stored and still scheduled (cancelled ones stay)."""
    if match.key in draft.skipped:
        return False
    return not match.result_stands or (
        match.stored is not None and match.stored.status is MatchStatus.SCHEDULED
    )


def _fixed_origin(draft: Draft, side: Side, fixed: dict[MatchKey, DraftMatch]) -> MatchKey | None:
    """The fixed match ``side`` comes from, looking through byes (whose winner is their
    only side and which take no time); None when it comes from a match still open."""
    if not isinstance(side, WinnerOf | LoserOf):
        return None
    if side.match in fixed:
        return side.match
    source = draft.matches.get(side.match)
    if isinstance(side, WinnerOf) and source is not None and source.planned.is_bye:
        only = source.planned.home if source.planned.away is None else source.planned.away
        return _fixed_origin(draft, only, fixed)
    return None
