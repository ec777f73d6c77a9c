"""Resolving who plays where from the winners recorded so far."""

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from content_rules.tournaments.elimination import double_elimination, single_elimination
from content_rules.tournaments.plan import MatchKey, PlannedMatch, Seed
from content_rules.tournaments.progress import resolve_sides, skipped
from content_rules.tournaments.round_robin import round_robin
from content_rules.vocabulary import Bracket


def _key(round_number: int, position: int, bracket: Bracket = Bracket.MAIN) -> MatchKey:
    return MatchKey(bracket, round_number, position)


def test_byes_advance_before_anything_is_played() -> None:
    sides = resolve_sides(single_elimination(6), {})
    assert sides[_key(1, 1)] == (1, None)
    assert sides[_key(1, 2)] == (4, 5)
    assert sides[_key(2, 1)] == (1, None)
    assert sides[_key(2, 2)] == (None, 2)
    assert sides[_key(3, 1)] == (None, None)


def test_winners_and_losers_move_on() -> None:
    plan = double_elimination(4)
    winners = {_key(1, 1): 4, _key(1, 2): 2}
    sides = resolve_sides(plan, winners)
    assert sides[_key(2, 1)] == (4, 2)
    assert sides[_key(1, 1, Bracket.LOSERS)] == (1, 3)
    assert sides[_key(2, 1, Bracket.LOSERS)] == (None, None)


def test_the_reset_final_is_skipped_when_the_unbeaten_side_wins() -> None:
    plan = double_elimination(2)
    first, grand_final, reset = (m.key for m in plan)
    assert skipped(plan, {first: 2}) == frozenset()
    assert resolve_sides(plan, {first: 2, grand_final: 2})[reset] == (None, None)
    assert skipped(plan, {first: 2, grand_final: 2}) == {reset}
    assert resolve_sides(plan, {first: 2, grand_final: 1})[reset] == (1, 2)
    assert skipped(plan, {first: 2, grand_final: 1}) == frozenset()


@pytest.mark.parametrize(
    ("winners", "message"),
    [
        ({_key(1, 2): 1}, "did not play"),
        ({_key(2, 1): 1}, "before both sides"),
        ({_key(1, 1): 6}, "a bye for 1"),
        ({_key(9, 9): 1}, "not in the plan"),
    ],
)
def test_impossible_winners_are_refused(winners: dict[MatchKey, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        resolve_sides(single_elimination(6), winners)


def test_round_robin_sides_are_known_from_the_start() -> None:
    plan = round_robin(5)
    sides = resolve_sides(plan, {})
    for match in plan:
        expected = tuple(
            side.seed if isinstance(side, Seed) else None for side in (match.home, match.away)
        )
        assert sides[match.key] == expected


@given(st.integers(min_value=2, max_value=70), st.randoms(use_true_random=False))
def test_a_bracket_played_to_the_end_knows_every_side_and_one_winner_remains(
    entrants: int, rng: random.Random
) -> None:
    plan: list[PlannedMatch] = single_elimination(entrants)
    winners: dict[MatchKey, int] = {}
    for match in plan:
        home, away = resolve_sides(plan, winners)[match.key]
        assert home is not None
        assert (away is None) == match.is_bye
        if away is not None:
            winners[match.key] = rng.choice([home, away])
    sides = resolve_sides(plan, winners)
    still_in = set(range(1, entrants + 1)) - {
        home if winner == away else away
        for key, winner in winners.items()
        for home, away in [sides[key]]
    }
    assert still_in == {winners[plan[-1].key]}
