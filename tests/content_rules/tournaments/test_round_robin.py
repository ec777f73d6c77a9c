"""The circle method: everyone meets everyone once, one match a round, balanced hosting."""

import itertools
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from content_rules.tournaments.plan import MatchKey, PlannedMatch, Seed
from content_rules.tournaments.round_robin import round_robin
from content_rules.vocabulary import Bracket

entrant_counts = st.integers(min_value=2, max_value=60)


def _seeds(match: PlannedMatch) -> list[int]:
    return [side.seed for side in (match.home, match.away) if isinstance(side, Seed)]


@given(entrant_counts)
def test_every_pair_meets_exactly_once(entrants: int) -> None:
    plan = round_robin(entrants)
    meetings = Counter(frozenset(_seeds(m)) for m in plan if not m.is_bye)
    assert set(meetings) == {
        frozenset(p) for p in itertools.combinations(range(1, entrants + 1), 2)
    }
    assert set(meetings.values()) == {1}


@given(entrant_counts)
def test_each_round_seats_everyone_once_with_one_bye_when_odd(entrants: int) -> None:
    plan = round_robin(entrants)
    rounds = {m.key.round for m in plan}
    assert rounds == set(range(1, entrants + entrants % 2))
    for number in rounds:
        played = [m for m in plan if m.key.round == number]
        seated = [seed for m in played for seed in _seeds(m)]
        assert sorted(seated) == list(range(1, entrants + 1))
        assert [m.key.position for m in played] == list(range(1, len(played) + 1))
        byes = [m for m in played if m.is_bye]
        assert len(byes) == entrants % 2
        assert all(m.away is None and isinstance(m.home, Seed) for m in byes)
        assert all(not m.is_bye for m in played[: len(played) - len(byes)])


@given(entrant_counts)
def test_everyone_sits_out_once_when_the_count_is_odd(entrants: int) -> None:
    sitting_out = Counter(seed for m in round_robin(entrants) if m.is_bye for seed in _seeds(m))
    assert sitting_out == (Counter(range(1, entrants + 1)) if entrants % 2 else Counter())


@given(entrant_counts)
def test_hosting_is_as_even_as_the_match_count_allows(entrants: int) -> None:
    hosted: Counter[int] = Counter()
    travelled: Counter[int] = Counter()
    for match in round_robin(entrants):
        if not match.is_bye:
            home, away = _seeds(match)
            hosted[home] += 1
            travelled[away] += 1
    gap = {abs(hosted[seed] - travelled[seed]) for seed in range(1, entrants + 1)}
    assert gap == ({0} if entrants % 2 else {1})


def test_the_plan_is_deterministic_and_main_bracket() -> None:
    plan = round_robin(6)
    assert plan == round_robin(6)
    assert {m.key.bracket for m in plan} == {Bracket.MAIN}
    assert plan[0] == PlannedMatch(MatchKey(Bracket.MAIN, 1, 1), Seed(6), Seed(1))


@pytest.mark.parametrize("entrants", [-1, 0, 1])
def test_fewer_than_two_entrants_are_refused(entrants: int) -> None:
    with pytest.raises(ValueError, match="at least 2"):
        round_robin(entrants)
