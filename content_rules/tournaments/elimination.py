"""Single and double elimination brackets with standard seeding.

The bracket has the next power of two slots. Slots are ordered recursively: the order for
2k slots replaces each seed ``s`` of the order for k slots by the pair ``s`` v
``2k + 1 - s``, the pair flipped at every other place. For 16 that draws
1 v 16, 8 v 9, 5 v 12, 4 v 13, 3 v 14, 6 v 11, 7 v 10, 2 v 15: each pair of seeds meets
no earlier than the round where the bracket sizes they would lead first meet, so 1 and 2
can only meet in the final, the top four only from the semi-finals, and so on. Seeds past
the entrant count are byes; since a pair's seeds sum to size + 1, the byes go to the top
(size - n) seeds, and only in round 1. The better seed is always home.

Double elimination adds a losers bracket (LOSERS) of 2(k - 1) rounds for 2^k slots: its
odd rounds pair the survivors among themselves (round 1 pairs the winners bracket's
round-1 losers), its even rounds 2i take the losers of winners round i + 1, in reversed
order when i is odd, so a player dropping from winners round 2 lands in the other half
from the losers of the round-1 matches that fed his own (no rematch in his first losers
match once there are 8 slots or more). The grand final (FINALS round 1) puts the winners
bracket champion home and the losers bracket champion away; the reset (FINALS round 2,
``if_needed``) has the grand final's winner home and loser away and is played only when
the away side won the grand final (see ``progress.skipped``).

Byes in the losers bracket: the loser of a bye match is nobody. Such sides are removed
from the plan: a match left with one real side becomes a bye (that side home, away None),
a match left with none is dropped, and a side fed by a dropped match becomes None in
turn. So no match is fed only by byes, every bye is visible as ``is_bye``, and the
positions of dropped matches stay unused, keeping each match where the full bracket draws
it.
"""

from content_rules.tournaments.plan import LoserOf, MatchKey, PlannedMatch, Seed, Side, WinnerOf
from content_rules.vocabulary import Bracket


def bracket_size(entrants: int) -> int:
    """The smallest power of two holding every entrant."""
    return 1 << max(entrants - 1, 0).bit_length()


def seed_order(size: int) -> list[int]:
    """Seeds in slot order, top to bottom; slots 2j-1 and 2j meet in round 1."""
    order = [1]
    while len(order) < size:
        span = 2 * len(order) + 1
        order = [
            seed
            for place, first in enumerate(order)
            for seed in ((first, span - first) if place % 2 == 0 else (span - first, first))
        ]
    return order


def single_elimination(entrants: int) -> list[PlannedMatch]:
    """Round by round, top to bottom; round 1 holds the byes, the last round the final."""
    return _winners_bracket(_checked(entrants))


def double_elimination(entrants: int) -> list[PlannedMatch]:
    """Winners bracket, then losers bracket round by round, then the two finals."""
    winners = _winners_bracket(_checked(entrants))
    rounds = bracket_size(entrants).bit_length() - 1
    losers = _losers_bracket(rounds)
    winners_final = MatchKey(Bracket.MAIN, rounds, 1)
    challenger: Side = LoserOf(winners_final)
    if losers:
        challenger = WinnerOf(losers[-1].key)
    grand_final = PlannedMatch(MatchKey(Bracket.FINALS, 1, 1), WinnerOf(winners_final), challenger)
    reset = PlannedMatch(
        MatchKey(Bracket.FINALS, 2, 1),
        WinnerOf(grand_final.key),
        LoserOf(grand_final.key),
        if_needed=True,
    )
    return _without_empty_sides([*winners, *losers, grand_final, reset])


def _checked(entrants: int) -> int:
    if entrants < 2:
        raise ValueError(f"an elimination bracket needs at least 2 entrants, not {entrants}")
    return entrants


def _winners_bracket(entrants: int) -> list[PlannedMatch]:
    order = seed_order(bracket_size(entrants))
    matches: list[PlannedMatch] = []
    for position in range(1, len(order) // 2 + 1):
        better, worse = sorted(order[2 * position - 2 : 2 * position])
        away: Side = Seed(worse) if worse <= entrants else None
        matches.append(PlannedMatch(MatchKey(Bracket.MAIN, 1, position), Seed(better), away))
    count, round_number = len(order) // 4, 2
    while count >= 1:
        matches += _halving_round(Bracket.MAIN, round_number, count)
        count, round_number = count // 2, round_number + 1
    return matches


def _halving_round(bracket: Bracket, round_number: int, count: int) -> list[PlannedMatch]:
    """Round ``round_number`` pairing the winners of the previous round's neighbours."""
    return [
        PlannedMatch(
            MatchKey(bracket, round_number, position),
            WinnerOf(MatchKey(bracket, round_number - 1, 2 * position - 1)),
            WinnerOf(MatchKey(bracket, round_number - 1, 2 * position)),
        )
        for position in range(1, count + 1)
    ]


def _losers_bracket(winners_rounds: int) -> list[PlannedMatch]:
    if winners_rounds < 2:
        return []
    count = 1 << (winners_rounds - 2)
    matches = [
        PlannedMatch(
            MatchKey(Bracket.LOSERS, 1, position),
            LoserOf(MatchKey(Bracket.MAIN, 1, 2 * position - 1)),
            LoserOf(MatchKey(Bracket.MAIN, 1, 2 * position)),
        )
        for position in range(1, count + 1)
    ]
    for drop in range(1, winners_rounds):
        round_number = 2 * drop
        if drop > 1:
            count //= 2
            matches += _halving_round(Bracket.LOSERS, round_number - 1, count)
        for position in range(1, count + 1):
            dropped = count + 1 - position if drop % 2 == 1 else position
            matches.append(
                PlannedMatch(
                    MatchKey(Bracket.LOSERS, round_number, position),
                    WinnerOf(MatchKey(Bracket.LOSERS, round_number - 1, position)),
                    LoserOf(MatchKey(Bracket.MAIN, drop + 1, dropped)),
                )
            )
    return matches


def _without_empty_sides(matches: list[PlannedMatch]) -> list[PlannedMatch]:
    """Apply the losers-bracket bye rule of the module docstring; ``matches`` sources first."""
    kept: dict[MatchKey, PlannedMatch] = {}
    for match in matches:
        home, away = _filled(match.home, kept), _filled(match.away, kept)
        if home is None and away is None:
            continue
        if home is None:
            home, away = away, None
        kept[match.key] = PlannedMatch(match.key, home, away, match.if_needed)
    return list(kept.values())


def _filled(side: Side, kept: dict[MatchKey, PlannedMatch]) -> Side:
    """``side``, or None when nobody can come from it."""
    if isinstance(side, WinnerOf) and side.match not in kept:
        return None
    if isinstance(side, LoserOf) and (side.match not in kept or kept[side.match].is_bye):
        return None
    return side
