"""Who plays where, given the results so far: the bracket view's names and the next matches.

Only winners are recorded; every other fact follows from the plan. A bye's winner is its
only side as soon as that side is known, and its loser is nobody. A match not yet decided
has an unknown winner and loser, so the matches fed by it show None on that side.

An ``if_needed`` match (double elimination's reset final) follows the one match it names
on both sides, and is played only when that match's away side won it; once the results
say it is not needed, it has nobody on either side and ``skipped`` lists it, so a view
can tell "not played" from "not known yet".
"""

from collections.abc import Mapping, Sequence

from content_rules.tournaments.plan import LoserOf, MatchKey, PlannedMatch, Seed, Side, WinnerOf

Sides = tuple[int | None, int | None]


def resolve_sides(
    plan: Sequence[PlannedMatch], winners: Mapping[MatchKey, int]
) -> dict[MatchKey, Sides]:
    """Each match's (home, away) seeds as far as ``winners`` tell; None is unknown or nobody.

    Raises ValueError when a recorded winner is not one of its match's known sides.
    """
    return _Progress(plan, winners).all_sides()


def skipped(plan: Sequence[PlannedMatch], winners: Mapping[MatchKey, int]) -> frozenset[MatchKey]:
    """The ``if_needed`` matches that the results so far have made unnecessary."""
    progress = _Progress(plan, winners)
    return frozenset(match.key for match in plan if progress.is_skipped(match))


class _Progress:
    """Memoised over the plan, so a bracket of any depth resolves in one pass per match."""

    def __init__(self, plan: Sequence[PlannedMatch], winners: Mapping[MatchKey, int]) -> None:
        self.matches = {match.key: match for match in plan}
        self.winners = winners
        self.sides: dict[MatchKey, Sides] = {}
        for key in winners:
            if key not in self.matches:
                raise ValueError(f"a winner is recorded for {key}, which is not in the plan")

    def all_sides(self) -> dict[MatchKey, Sides]:
        for key in self.matches:
            self.sides_of(key)
        return dict(self.sides)

    def sides_of(self, key: MatchKey) -> Sides:
        if key not in self.sides:
            match = self.matches[key]
            resolved: Sides = (None, None)
            if not self.is_skipped(match):
                resolved = (self._seed(match.home), self._seed(match.away))
            self.sides[key] = resolved
        return self.sides[key]

    def is_skipped(self, match: PlannedMatch) -> bool:
        if not match.if_needed or not match.sources:
            return False
        followed = self.matches[match.sources[0]]
        winner = self.winner_of(followed.key)
        return winner is not None and winner == self.sides_of(followed.key)[0]

    def winner_of(self, key: MatchKey) -> int | None:
        match = self.matches[key]
        home, away = self.sides_of(key)
        recorded = self.winners.get(key)
        if match.is_bye:
            only = home if away is None else away
            if recorded is not None and recorded != only:
                raise ValueError(f"seed {recorded} is recorded as winning {key}, a bye for {only}")
            return only
        if recorded is not None and (home is None or away is None):
            raise ValueError(f"a winner is recorded for {key} before both sides are known")
        if recorded is not None and recorded not in (home, away):
            raise ValueError(f"seed {recorded} is recorded as winning {key} but did not play it")
        return recorded

    def loser_of(self, key: MatchKey) -> int | None:
        if self.matches[key].is_bye:
            return None
        winner = self.winner_of(key)
        if winner is None:
            return None
        home, away = self.sides_of(key)
        return away if winner == home else home

    def _seed(self, side: Side) -> int | None:
        if isinstance(side, Seed):
            return side.seed
        if isinstance(side, WinnerOf):
            return self.winner_of(side.match)
        if isinstance(side, LoserOf):
            return self.loser_of(side.match)
        return None
