"""Swiss pairing: no rematch, one bye at most, least floating, same input same output."""

import random
from collections import Counter
from collections.abc import Iterator
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from content_rules.tournaments.plan import PlannedMatch, Result, Seed
from content_rules.tournaments.swiss import (
    STEP_BUDGET,
    _pair_round,
    max_rounds,
    standings,
    swiss_pairings,
    swiss_pairings_with_note,
    swiss_round_count,
)

Round = tuple[list[Result], list[PlannedMatch]]


def _seeds(match: PlannedMatch) -> tuple[int, int | None]:
    assert isinstance(match.home, Seed)
    return match.home.seed, match.away.seed if isinstance(match.away, Seed) else None


def _tournament(entrants: int, rounds: int, rng: random.Random) -> Iterator[Round]:
    """Each round's history before it and its pairing, with random results in between."""
    history: list[Result] = []
    for number in range(1, rounds + 1):
        matches = swiss_pairings(entrants, number, history)
        yield list(history), matches
        for match in matches:
            home, away = _seeds(match)
            winner = None if away is None else rng.choice([home, away, home, away, None])
            history.append(Result(home, away, winner))


def _points(entrants: int, history: list[Result]) -> dict[int, float]:
    return {standing.seed: standing.points for standing in standings(entrants, history)}


def _distance(pairs: list[tuple[int, int]], points: dict[int, float]) -> int:
    """Score groups between the two players, summed: the floating the module minimises."""
    paired = {seed for pair in pairs for seed in pair}
    levels = sorted({points[seed] for seed in paired}, reverse=True)
    group = {seed: levels.index(points[seed]) for seed in paired}
    return sum(abs(group[a] - group[b]) for a, b in pairs)


def _matchings(players: list[int], met: set[frozenset[int]]) -> Iterator[list[tuple[int, int]]]:
    if not players:
        yield []
        return
    first, rest = players[0], players[1:]
    for other in rest:
        if frozenset((first, other)) not in met:
            for tail in _matchings([p for p in rest if p != other], met):
                yield [(first, other), *tail]


def _check_round(entrants: int, history: list[Result], matches: list[PlannedMatch]) -> None:
    seated = Counter(seed for match in matches for seed in _seeds(match) if seed is not None)
    assert seated == Counter(range(1, entrants + 1))
    met = {frozenset((r.home, r.away)) for r in history if r.away is not None}
    pairs = [_seeds(m) for m in matches]
    assert not any(frozenset(pair) in met for pair in pairs if pair[1] is not None)
    byes = [home for home, away in pairs if away is None]
    assert len(byes) == entrants % 2
    assert not set(byes) & {r.home for r in history if r.away is None}
    assert [m.is_bye for m in matches] == [False] * (len(matches) - len(byes)) + [True] * len(byes)
    assert [m.key.position for m in matches] == list(range(1, len(matches) + 1))
    assert swiss_pairings_with_note(entrants, matches[0].key.round, history).least_floating
    assert matches == swiss_pairings(entrants, matches[0].key.round, history)


@settings(deadline=None)
@given(st.integers(min_value=2, max_value=64), st.randoms(use_true_random=False))
def test_every_round_seats_everyone_once_without_rematch_or_second_bye(
    entrants: int, rng: random.Random
) -> None:
    for history, matches in _tournament(entrants, swiss_round_count(entrants), rng):
        _check_round(entrants, history, matches)


@pytest.mark.parametrize(("entrants", "seed"), [(100, 1), (257, 2), (1024, 3), (1023, 4)])
def test_large_fields_pair_every_round_validly(entrants: int, seed: int) -> None:
    for history, matches in _tournament(entrants, swiss_round_count(entrants), random.Random(seed)):
        _check_round(entrants, history, matches)


@settings(deadline=None)
@given(st.integers(min_value=2, max_value=12), st.randoms(use_true_random=False))
def test_floating_is_the_least_any_pairing_without_rematches_allows(
    entrants: int, rng: random.Random
) -> None:
    for history, matches in _tournament(entrants, swiss_round_count(entrants), rng):
        points = _points(entrants, history)
        pairs = [(a, b) for a, b in map(_seeds, matches) if b is not None]
        players = sorted(seed for pair in pairs for seed in pair)
        met = {frozenset((r.home, r.away)) for r in history if r.away is not None}
        least = min(_distance(m, points) for m in _matchings(players, met))
        assert _distance(pairs, points) == least


@settings(deadline=None)
@given(
    st.integers(min_value=3, max_value=11).filter(lambda n: n % 2),
    st.randoms(use_true_random=False),
)
def test_the_bye_goes_to_the_lowest_ranked_player_who_can_take_it(
    entrants: int, rng: random.Random
) -> None:
    for history, matches in _tournament(entrants, swiss_round_count(entrants), rng):
        points = _points(entrants, history)
        had_bye = {r.home for r in history if r.away is None}
        met = {frozenset((r.home, r.away)) for r in history if r.away is not None}
        bye = _seeds(matches[-1])[0]
        ranked = sorted(range(1, entrants + 1), key=lambda seed: (-points[seed], seed))
        for lower in ranked[ranked.index(bye) + 1 :]:
            rest = [seed for seed in ranked if seed != lower]
            assert lower in had_bye or next(_matchings(rest, met), None) is None


def test_round_one_pairs_the_top_half_with_the_bottom_half() -> None:
    assert [_seeds(m) for m in swiss_pairings(6, 1, [])] == [(1, 4), (2, 5), (3, 6)]
    assert [_seeds(m) for m in swiss_pairings(5, 1, [])] == [(1, 3), (2, 4), (5, None)]


def test_winners_meet_winners_and_the_host_alternates() -> None:
    history = [Result(1, 3, 1), Result(2, 4, 4)]
    assert [_seeds(m) for m in swiss_pairings(4, 2, history)] == [(4, 1), (3, 2)]


def test_standings_rank_by_points_then_buchholz_then_seed() -> None:
    history = [Result(1, 2, 1), Result(3, 4, None), Result(5, None, None)]
    history += [Result(1, 3, 3), Result(2, 5, 2), Result(4, None, None)]
    table = [(s.seed, s.points, s.buchholz) for s in standings(5, history)]
    assert table == [(3, 1.5, 2.5), (4, 1.5, 1.5), (1, 1.0, 2.5), (2, 1.0, 2.0), (5, 1.0, 1.0)]


def test_a_round_that_would_need_a_rematch_is_refused() -> None:
    history = [Result(1, 2, 1), Result(1, 3, 1), Result(1, 4, 1)]
    assert max_rounds(4) >= 2
    with pytest.raises(ValueError, match="no pairing"):
        swiss_pairings(4, 2, history)


@pytest.mark.parametrize(
    ("entrants", "round_number", "history", "message"),
    [
        (1, 1, [], "at least 2"),
        (4, 4, [], "not possible"),
        (4, 0, [], "not possible"),
        (4, 2, [Result(1, 5, 1)], "distinct seeds"),
        (4, 2, [Result(1, 1, 1)], "distinct seeds"),
        (4, 2, [Result(1, 2, 3)], "did not play"),
    ],
)
def test_impossible_requests_are_refused(
    entrants: int, round_number: int, history: list[Result], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        swiss_pairings(entrants, round_number, history)


def _reference(entrants: int, history: list[Result]) -> tuple[set[frozenset[int]], int | None]:
    """The pairing rules by plain search: the module's search before Edmonds pruned it.

    Byes from the bottom; per budget of float distance beyond the parity bound, floaters
    from each group in ``combinations`` order of the reversed group, then a depth-first
    Dutch pairing of the rest. Exponential, so only for small fields; its budget is not
    capped at the field size, which the old module did, refusing pairings that float far.
    """
    points = _points(entrants, history)
    met = {frozenset((r.home, r.away)) for r in history if r.away is not None}
    had_bye = {r.home for r in history if r.away is None}
    order = sorted(range(1, entrants + 1), key=lambda seed: (-points[seed], seed))
    byes = [None] if entrants % 2 == 0 else [s for s in reversed(order) if s not in had_bye]
    for bye in byes:
        players = [seed for seed in order if seed != bye]
        if next(_matchings(players, met), None) is not None:
            return {frozenset(pair) for pair in _reference_pairs(players, points, met)}, bye
    raise ValueError("no pairing")


def _reference_pairs(
    order: list[int], points: dict[int, float], met: set[frozenset[int]]
) -> list[tuple[int, int]]:
    groups = [
        [seed for seed in order if points[seed] == level]
        for level in sorted({points[seed] for seed in order}, reverse=True)
    ]
    rank = {seed: place for place, seed in enumerate(order)}

    def dutch(carried: list[int], residents: list[int]) -> list[tuple[int, int]] | None:
        if not carried and not residents:
            return []
        if carried:
            first, candidates = carried[0], residents + carried[1:]
        else:
            half = len(residents) // 2
            first, candidates = residents[0], residents[half:] + residents[half - 1 : 0 : -1]
        for second in candidates:
            if frozenset((first, second)) not in met:
                rest = dutch(
                    [s for s in carried if s not in (first, second)],
                    [s for s in residents if s not in (first, second)],
                )
                if rest is not None:
                    return [(first, second), *rest]
        return None

    def descend(index: int, carried: list[int], extra: int) -> list[tuple[int, int]] | None:
        residents, last = groups[index], index == len(groups) - 1
        parity = (len(carried) + len(residents)) % 2
        top = min(parity + extra, len(carried) + len(residents))
        for count in [0] if last else range(parity, top + 1, 2):
            for floaters in combinations([*reversed(residents), *reversed(carried)], count):
                pairs = dutch(
                    [s for s in carried if s not in floaters],
                    [s for s in residents if s not in floaters],
                )
                if pairs is not None and last:
                    return pairs
                if pairs is not None:
                    below = sorted(floaters, key=rank.__getitem__)
                    rest = descend(index + 1, below, extra - (count - parity))
                    if rest is not None:
                        return pairs + rest
        return None

    extra = 0
    while (found := descend(0, [], extra)) is None:
        extra += 2
    return found


@settings(deadline=None, max_examples=60)
@given(st.integers(min_value=2, max_value=10), st.randoms(use_true_random=False))
def test_every_round_up_to_the_limit_pairs_as_the_plain_search_does(
    entrants: int, rng: random.Random
) -> None:
    """Edmonds only prunes: every round, to the round-robin limit, matches plain search."""
    history: list[Result] = []
    for number in range(1, max_rounds(entrants) + 1):
        try:
            expected = _reference(entrants, history)
        except ValueError:
            with pytest.raises(ValueError, match="no pairing"):
                swiss_pairings(entrants, number, history)
            return
        matches = swiss_pairings(entrants, number, history)
        pairs = [_seeds(match) for match in matches]
        bye = next((home for home, away in pairs if away is None), None)
        assert ({frozenset(p) for p in pairs if p[1] is not None}, bye) == expected
        for home, away in pairs:
            winner = None if away is None else rng.choice([home, away, home, away, None])
            history.append(Result(home, away, winner))


def test_a_field_split_into_two_odd_camps_is_refused() -> None:
    """Everyone in 1..11 has met everyone in 12..24, so each camp must pair inside itself,
    and 11 players cannot: there are plenty of new opponents, yet no pairing. Backtracking
    took 5 s to prove it; the maximum matching sees it at once."""
    history = [Result(a, b, a) for a in range(1, 12) for b in range(12, 25)]
    with pytest.raises(ValueError, match="no pairing"):
        swiss_pairings(24, 13, history)


@st.composite
def _histories(draw: st.DrawFn) -> tuple[int, int, list[Result]]:
    """A field, a round and a legal history before it: random pairings, random results.

    Each earlier round pairs the players in a shuffled order, each with the first one left
    they have not met, so rounds late in a small field are as tangled as results allow.
    """
    entrants = draw(st.integers(min_value=2, max_value=16))
    rng = draw(st.randoms(use_true_random=False))
    history: list[Result] = []
    met: set[frozenset[int]] = set()
    had_bye: set[int] = set()
    played = 0
    for _ in range(draw(st.integers(min_value=0, max_value=max_rounds(entrants) - 1))):
        waiting = rng.sample(range(1, entrants + 1), entrants)
        if entrants % 2:
            free = [seed for seed in waiting if seed not in had_bye]
            if not free:
                break
            had_bye.add(free[-1])
            waiting.remove(free[-1])
            history.append(Result(free[-1], None, None))
        while waiting:
            first = waiting.pop(0)
            other = next((s for s in waiting if frozenset((first, s)) not in met), None)
            if other is None:
                continue
            waiting.remove(other)
            met.add(frozenset((first, other)))
            history.append(Result(first, other, rng.choice([first, other, None])))
        played += 1
    return entrants, played + 1, history


@settings(deadline=None, max_examples=200)
@given(_histories())
def test_the_fallback_keeps_every_hard_rule_and_the_same_bye(
    case: tuple[int, int, list[Result]],
) -> None:
    """With no steps at all every round falls back, and still seats everyone once, with
    no rematch and the bye the exact search would give; and it refuses what that refuses."""
    entrants, number, history = case
    try:
        exact = _pair_round(entrants, number, history, STEP_BUDGET)
    except ValueError:
        with pytest.raises(ValueError, match="no pairing"):
            _pair_round(entrants, number, history, 0)
        return
    fallback = _pair_round(entrants, number, history, 0)
    assert not fallback.least_floating
    matches = fallback.matches
    seated = Counter(seed for match in matches for seed in _seeds(match) if seed is not None)
    assert seated == Counter(range(1, entrants + 1))
    met = {frozenset((r.home, r.away)) for r in history if r.away is not None}
    pairs = [_seeds(m) for m in matches]
    assert not any(frozenset(pair) in met for pair in pairs if pair[1] is not None)
    assert [p for p in pairs if p[1] is None] == [
        p for p in map(_seeds, exact.matches) if p[1] is None
    ]
    assert [m.key.position for m in matches] == list(range(1, len(matches) + 1))
    assert fallback == _pair_round(entrants, number, history, 0)


def test_a_late_round_of_64_players_falls_back_once_the_steps_run_out() -> None:
    """Round 30 of 64 after 29 rounds paired by the fallback (fast to build) is one of the
    late rounds whose exact search needs more than the budget: it stops there, and the
    fallback still seats everyone once without a rematch."""
    rng = random.Random(2)
    history: list[Result] = []
    for number in range(1, 30):
        for match in _pair_round(64, number, history, 0).matches:
            home, away = _seeds(match)
            assert away is not None
            history.append(Result(home, away, rng.choice([home, away, home, away, None])))
    paired = _pair_round(64, 30, history, STEP_BUDGET)
    assert not paired.least_floating
    assert paired == swiss_pairings_with_note(64, 30, history)
    seated = Counter(seed for match in paired.matches for seed in _seeds(match))
    assert seated == Counter(range(1, 65))
    met = {frozenset((r.home, r.away)) for r in history}
    assert not any(frozenset(_seeds(match)) in met for match in paired.matches)
