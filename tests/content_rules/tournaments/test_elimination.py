"""Elimination brackets: standard seeding, byes to the top, two losses to go out."""

import random
from collections import Counter
from collections.abc import Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from content_rules.tournaments.elimination import (
    bracket_size,
    double_elimination,
    seed_order,
    single_elimination,
)
from content_rules.tournaments.plan import LoserOf, MatchKey, PlannedMatch, Seed, WinnerOf
from content_rules.tournaments.progress import resolve_sides, skipped
from content_rules.vocabulary import Bracket

entrant_counts = st.integers(min_value=2, max_value=70)
generators = st.sampled_from([single_elimination, double_elimination])


def _rounds(entrants: int) -> int:
    return bracket_size(entrants).bit_length() - 1


def _play(plan: Sequence[PlannedMatch], rng: random.Random) -> dict[MatchKey, int]:
    """Random winners for every match that gets played, in the order they become ready."""
    winners: dict[MatchKey, int] = {}
    while True:
        sides = resolve_sides(plan, winners)
        ready = [
            m.key
            for m in plan
            if not m.is_bye and m.key not in winners and None not in sides[m.key]
        ]
        if not ready:
            return winners
        for key in ready:
            home, away = sides[key]
            assert home is not None and away is not None
            winners[key] = rng.choice([home, away])


def test_sixteen_slots_draw_the_standard_first_round() -> None:
    first_round = [(m.home, m.away) for m in single_elimination(16) if m.key.round == 1]
    assert first_round[:4] == [
        (Seed(1), Seed(16)),
        (Seed(8), Seed(9)),
        (Seed(5), Seed(12)),
        (Seed(4), Seed(13)),
    ]
    assert seed_order(4) == [1, 4, 3, 2]


@given(entrant_counts, generators)
def test_round_one_seats_everyone_once_and_byes_go_to_the_top_seeds(
    entrants: int, generator: object
) -> None:
    assert callable(generator)
    plan: list[PlannedMatch] = generator(entrants)
    first = [m for m in plan if m.key.bracket is Bracket.MAIN and m.key.round == 1]
    seated = [s.seed for m in first for s in (m.home, m.away) if isinstance(s, Seed)]
    assert sorted(seated) == list(range(1, entrants + 1))
    byes = sorted(m.home.seed for m in first if m.is_bye and isinstance(m.home, Seed))
    assert byes == list(range(1, bracket_size(entrants) - entrants + 1))
    assert all(m.away is None for m in first if m.is_bye)
    assert not any(isinstance(s, Seed) for m in plan if m not in first for s in (m.home, m.away))


@given(entrant_counts, generators)
def test_every_source_is_an_earlier_match_in_the_plan(entrants: int, generator: object) -> None:
    assert callable(generator)
    plan: list[PlannedMatch] = generator(entrants)
    seen: set[MatchKey] = set()
    for match in plan:
        assert set(match.sources) <= seen
        seen.add(match.key)
    assert len(seen) == len(plan)


@given(entrant_counts)
def test_single_elimination_has_n_minus_one_real_matches_all_leading_to_the_final(
    entrants: int,
) -> None:
    plan = single_elimination(entrants)
    assert sum(not m.is_bye for m in plan) == entrants - 1
    assert all(m.is_bye == (m.key.round == 1 and m.away is None) for m in plan)
    final = MatchKey(Bracket.MAIN, _rounds(entrants), 1)
    feeds = {source: m.key for m in plan for source in m.sources}
    assert all(isinstance(s, WinnerOf) for m in plan for s in (m.home, m.away) if m.sources)
    for match in plan:
        key = match.key
        while key in feeds:
            key = feeds[key]
        assert key == final


def _meeting_round(plan: list[PlannedMatch], better: int, worse: int) -> int:
    """The round where two seeds meet if both keep winning."""
    feeds = {source: m.key for m in plan for source in m.sources}
    paths = []
    for seed in (better, worse):
        key = next(m.key for m in plan if Seed(seed) in (m.home, m.away))
        path = [key]
        while key in feeds:
            key = feeds[key]
            path.append(key)
        paths.append(path)
    return next(key.round for key in paths[0] if key in paths[1])


@given(st.integers(min_value=2, max_value=70), st.data())
def test_seeds_meet_no_earlier_than_the_standard_bracket_allows(
    entrants: int, data: st.DataObject
) -> None:
    plan = single_elimination(entrants)
    better = data.draw(st.integers(min_value=1, max_value=entrants - 1))
    worse = data.draw(st.integers(min_value=better + 1, max_value=entrants))
    tier = (worse - 1).bit_length()
    earliest = _rounds(entrants) - tier + 1
    assert _meeting_round(plan, better, worse) >= earliest
    if better + worse == (1 << tier) + 1:
        assert _meeting_round(plan, better, worse) == earliest


@given(st.integers(min_value=2, max_value=70))
def test_one_and_two_meet_only_in_the_final(entrants: int) -> None:
    assert _meeting_round(single_elimination(entrants), 1, 2) == _rounds(entrants)


@given(entrant_counts)
def test_double_elimination_has_the_usual_shape(entrants: int) -> None:
    plan = double_elimination(entrants)
    rounds = _rounds(entrants)
    losers_rounds = {m.key.round for m in plan if m.key.bracket is Bracket.LOSERS}
    assert losers_rounds == set(range(1, 2 * rounds - 1))
    finals = [m for m in plan if m.key.bracket is Bracket.FINALS]
    assert [(m.key.round, m.if_needed) for m in finals] == [(1, False), (2, True)]
    assert finals[0].home == WinnerOf(MatchKey(Bracket.MAIN, rounds, 1))
    assert finals[1].sources == (finals[0].key, finals[0].key)
    assert sum(m.if_needed for m in plan) == 1


@given(entrant_counts)
def test_no_match_is_fed_only_by_byes(entrants: int) -> None:
    plan = double_elimination(entrants)
    by_key = {m.key: m for m in plan}
    for match in plan:
        assert match.home is not None
        for side in (match.home, match.away):
            if isinstance(side, LoserOf):
                assert not by_key[side.match].is_bye
            if isinstance(side, WinnerOf):
                assert side.match in by_key
    first = plan[: bracket_size(entrants) // 2]
    both_byes = sum(first[i].is_bye and first[i + 1].is_bye for i in range(0, len(first) - 1, 2))
    losers_first = [m for m in plan if m.key.bracket is Bracket.LOSERS and m.key.round == 1]
    assert len(losers_first) == len(first) // 2 - both_byes


@given(entrant_counts, st.randoms(use_true_random=False))
def test_everyone_but_the_champion_goes_out_on_a_second_loss(
    entrants: int, rng: random.Random
) -> None:
    plan = double_elimination(entrants)
    winners = _play(plan, rng)
    sides = resolve_sides(plan, winners)
    losses: Counter[int] = Counter()
    for key, winner in winners.items():
        home, away = sides[key]
        losses[away if winner == home else home] += 1
        assert losses[away if winner == home else home] <= 2
    grand_final, reset = (m.key for m in plan if m.key.bracket is Bracket.FINALS)
    played_reset = reset in winners
    champion = winners[reset] if played_reset else winners[grand_final]
    assert played_reset == (winners[grand_final] == sides[grand_final][1])
    assert (reset in skipped(plan, winners)) != played_reset
    assert losses[champion] == (1 if played_reset else 0)
    assert all(losses[seed] == 2 for seed in range(1, entrants + 1) if seed != champion)
    assert sum(not m.is_bye for m in plan) - (not played_reset) == len(winners)


@given(st.integers(min_value=5, max_value=70), st.randoms(use_true_random=False))
def test_players_dropping_from_winners_round_two_meet_someone_new(
    entrants: int, rng: random.Random
) -> None:
    plan = double_elimination(entrants)
    winners = _play(plan, rng)
    sides = resolve_sides(plan, winners)
    met = {frozenset(sides[key]) for key in winners if key.bracket is Bracket.MAIN}
    for key in winners:
        if key.bracket is Bracket.LOSERS and key.round == 2:
            assert frozenset(sides[key]) not in met


def test_two_entrants_go_straight_from_their_match_to_the_grand_final() -> None:
    plan = double_elimination(2)
    first = MatchKey(Bracket.MAIN, 1, 1)
    assert [m.key.bracket for m in plan] == [Bracket.MAIN, Bracket.FINALS, Bracket.FINALS]
    assert (plan[1].home, plan[1].away) == (WinnerOf(first), LoserOf(first))


@pytest.mark.parametrize("generator", [single_elimination, double_elimination])
def test_fewer_than_two_entrants_are_refused(generator: object) -> None:
    assert callable(generator)
    with pytest.raises(ValueError, match="at least 2"):
        generator(1)
