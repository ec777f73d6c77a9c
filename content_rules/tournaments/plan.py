"""The shape of a generated tournament: matches whose sides are seeds or earlier results.

Generators produce these; the scheduler places them in time; the studio and the server
store them as ``matches`` rows (bracket, round, position). A side that is not yet known
names the match it comes from, so the scheduler can order matches without knowing who
will win, and a bracket view can draw the lines between them.
"""

from dataclasses import dataclass

from content_rules.vocabulary import Bracket


@dataclass(frozen=True, order=True)
class MatchKey:
    """Where a match sits: unique within a tournament, and its stored identity."""

    bracket: Bracket
    round: int
    """1-based within its bracket."""
    position: int
    """1-based within its round, top to bottom as a bracket is drawn."""


@dataclass(frozen=True)
class Seed:
    """An entrant by seed: 1 is the strongest; seeds run 1..n without gaps."""

    seed: int


@dataclass(frozen=True)
class WinnerOf:
    match: MatchKey


@dataclass(frozen=True)
class LoserOf:
    match: MatchKey


Side = Seed | WinnerOf | LoserOf | None
"""None is a bye: the other side advances without playing."""


@dataclass(frozen=True)
class PlannedMatch:
    key: MatchKey
    home: Side
    away: Side
    if_needed: bool = False
    """Played only if an earlier result calls for it (double elimination's reset final)."""

    @property
    def is_bye(self) -> bool:
        return self.home is None or self.away is None

    @property
    def sources(self) -> tuple[MatchKey, ...]:
        """The matches that must finish before this one can start."""
        return tuple(
            side.match for side in (self.home, self.away) if isinstance(side, WinnerOf | LoserOf)
        )


@dataclass(frozen=True)
class Result:
    """A played (or bye) match as Swiss pairing needs it; ``winner`` None is a draw."""

    home: int
    away: int | None
    """None for a bye, which counts as a win for ``home``."""
    winner: int | None
