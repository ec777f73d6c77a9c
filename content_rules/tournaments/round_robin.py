"""Round robin by the circle method: everyone meets everyone once, one match a round.

Seed ``m`` (the last, or a phantom seed standing for the bye when the count is odd)
stays put while the others turn around a circle; each round pairs the circle's opposite
points. Two seeds on the circle meet in the round where their places sum to twice the
round (modulo the circle's odd length), so every pair meets exactly once.

Home and away: a pair on the circle is oriented as a rotational tournament (``a`` hosts
``b`` when ``b`` sits 1 to (m-2)/2 places after ``a``), so each circle seed hosts exactly
as often as it travels in those matches; the fixed seed alternates by round. So with an
odd count (the fixed seed is the bye) everyone hosts exactly (n-1)/2 times, and with an
even count everyone's home and away counts differ by exactly one, which is the best an
odd number of matches allows.
"""

from content_rules.tournaments.plan import MatchKey, PlannedMatch, Seed, Side
from content_rules.vocabulary import Bracket


def round_robin(entrants: int) -> list[PlannedMatch]:
    """Rounds 1.. in order; in each, the real matches top to bottom, then the bye if any."""
    if entrants < 2:
        raise ValueError(f"a round robin needs at least 2 entrants, not {entrants}")
    size = entrants + entrants % 2
    circle = size - 1
    fixed = size
    matches: list[PlannedMatch] = []
    for turn in range(circle):
        pairs = [_fixed_pair(turn, fixed)]
        for offset in range(1, size // 2):
            pairs.append(_circle_pair((turn + offset) % circle, (turn - offset) % circle, circle))
        real = [(home, away) for home, away in pairs if max(home, away) <= entrants]
        byes = [min(home, away) for home, away in pairs if max(home, away) > entrants]
        round_matches: list[tuple[Side, Side]] = [(Seed(home), Seed(away)) for home, away in real]
        round_matches += [(Seed(seed), None) for seed in byes]
        for position, (home_side, away_side) in enumerate(round_matches, 1):
            key = MatchKey(Bracket.MAIN, turn + 1, position)
            matches.append(PlannedMatch(key, home_side, away_side))
    return matches


def _fixed_pair(turn: int, fixed: int) -> tuple[int, int]:
    """The fixed seed against the circle's place ``turn``: home in every other round."""
    other = turn + 1
    return (fixed, other) if turn % 2 == 0 else (other, fixed)


def _circle_pair(first: int, second: int, circle: int) -> tuple[int, int]:
    """Places on the circle (0-based) to seeds, the host being the one ``second`` follows."""
    if (second - first) % circle <= (circle - 1) // 2:
        return first + 1, second + 1
    return second + 1, first + 1
