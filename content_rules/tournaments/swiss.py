"""Swiss pairing: players with equal scores meet, nobody meets twice, one bye at most.

Players are ranked by points, then seed. Each score group is paired Dutch style: with r
players, the top one meets the one ranked r/2 places lower, so the top half meets the
bottom half in order. Players who cannot be paired within their group float down to the
next one, where they meet its highest players first. When the field is odd, the bye goes
to the lowest-ranked player who has not had one and whose absence leaves a pairing.

Floating is kept to the least the results allow (unless the search runs out of steps,
below): summed over all pairs, the number of score groups between the two players (the
float distance) is minimal among all pairings without rematches, given the bye. The
search tries the smallest budget of distance that could work first, then larger ones.
Among pairings with the minimal distance it returns the first in the Dutch preference
order, so the result depends only on the entrant count and the history.

How the search stays bounded: the search goes group by group, and what lies below a
boundary depends only on which players float across it. So for each group it picks the
floaters (the lowest-ranked first), finds one Dutch pairing of the rest, and remembers
which floater sets failed below. Whether a set of players can all be paired without a
rematch is a perfect-matching question, answered in O(n^3) by Edmonds' algorithm
(``matching``), or at once by Dirac's theorem when there are at least twice as many of
them as anyone has opponents. That answer is used everywhere the search would otherwise
have to try every way to find out: before any search, so an impossible round is refused
in polynomial time; per boundary, for the least number of players who must cross it (the
starting budget); while the floaters are chosen one by one, so hopeless sets are never
tried; and inside a group, so the Dutch pairing never backtracks.

What is left exponential is the budget: when the least float distance is above that
starting bound, every cheaper budget is first shown to fail by search, and even at the
right budget a branch can pass every matching check yet fail deeper for lack of budget.
Late rounds of 32 to 64 players could take seconds to tens of seconds that way. So the
search counts its steps (each floater set tried, each floater choice checked by a
matching) and stops after ``STEP_BUDGET``: a count, not a clock, so the same round gives
up at the same point on every machine and the result stays deterministic. 12,000 steps
keeps every measured round exact where it matters: over ~1,000 seeded rounds within
``swiss_round_count`` for 2 to 1,024 players the most was 10,819 (one 300-player round;
almost all need under 400), and over every round to ``max_rounds`` for up to 24 players
the most was 1,825.

When the steps run out, the round is paired by ``_Search.near_dutch``: each player in
standings order takes their first Dutch candidate, those left over float down, and
Edmonds grows that into a perfect matching. It keeps every hard rule (no rematch, each
player once, the bye chosen by the same rule, since the bye never depends on the search)
and stays close to Dutch order, but gives up the least floating: a player may float
further than needed. ``swiss_pairings_with_note`` says when that happened. A step costs a
matching of up to the whole field, so a round that falls back still takes the budget's
worth of steps first: about 0.3 to 11 s for 64 players on a loaded 2-core machine.
Within ``swiss_round_count`` a 1,024-player event pairs all ten rounds in about a tenth
of a second (bench.bench_tournaments).
"""

from collections.abc import Callable, Iterator, Sequence, Set
from dataclasses import dataclass
from itertools import combinations

from content_rules.tournaments.matching import maximum_matching
from content_rules.tournaments.plan import MatchKey, PlannedMatch, Result, Seed
from content_rules.vocabulary import Bracket

Pair = tuple[int, int]

STEP_BUDGET = 12_000


@dataclass(frozen=True)
class Standing:
    seed: int
    points: float
    """A win or a bye 1, a draw 0.5."""
    buchholz: float
    """The sum of the points of every opponent played (a bye has no opponent)."""


def swiss_round_count(entrants: int) -> int:
    """The rounds needed for one player to be the only one who won them all."""
    if entrants < 2:
        raise ValueError(f"a Swiss tournament needs at least 2 entrants, not {entrants}")
    return max(1, (entrants - 1).bit_length())


def max_rounds(entrants: int) -> int:
    """Rounds possible without a rematch or a second bye: a full round robin's count."""
    return entrants - 1 if entrants % 2 == 0 else entrants


def standings(entrants: int, history: Sequence[Result]) -> list[Standing]:
    """Best first: points, then Buchholz, then the better seed."""
    tally = _Tally(entrants, history)
    table = [
        Standing(seed, tally.points[seed], sum(tally.points[o] for o in tally.played[seed]))
        for seed in range(1, entrants + 1)
    ]
    return sorted(table, key=lambda standing: (-standing.points, -standing.buchholz, standing.seed))


@dataclass(frozen=True)
class SwissRound:
    matches: list[PlannedMatch]
    """As ``swiss_pairings`` returns them."""
    least_floating: bool
    """False when the search ran out of steps and the round was paired by the fallback,
    whose floating may exceed the least possible; the studio can tell the admin so."""


def swiss_pairings(entrants: int, round: int, history: Sequence[Result]) -> list[PlannedMatch]:
    """Round ``round``'s matches, best-ranked pair first, the bye (if any) last.

    The host is whichever player has hosted fewer games so far, the better-ranked one on a
    tie. Raises ValueError when no pairing without a rematch or a second bye exists.
    """
    return swiss_pairings_with_note(entrants, round, history).matches


def swiss_pairings_with_note(entrants: int, round: int, history: Sequence[Result]) -> SwissRound:
    """``swiss_pairings``, saying whether the floating is the least possible."""
    return _pair_round(entrants, round, history, STEP_BUDGET)


def _pair_round(entrants: int, round: int, history: Sequence[Result], budget: int) -> SwissRound:
    """``budget`` is a parameter so tests can force the fallback on small fields."""
    swiss_round_count(entrants)
    if not 1 <= round <= max_rounds(entrants):
        raise ValueError(f"round {round} is not possible with {entrants} entrants")
    tally = _Tally(entrants, history)
    order = sorted(range(1, entrants + 1), key=lambda seed: (-tally.points[seed], seed))
    byes: list[int | None] = [None]
    if entrants % 2:
        byes = [seed for seed in reversed(order) if seed not in tally.had_bye]
    steps = _Steps(budget)
    for bye in byes:
        players = [seed for seed in order if seed != bye]
        search = _Search(_groups(players, tally), tally.opponents, steps)
        if search.completable(0, ()):
            break
    else:
        raise ValueError(f"no pairing for round {round} avoids a rematch or a second bye")
    try:
        pairs, least = search.least_floating(), True
    except _OutOfSteps:
        pairs, least = search.near_dutch(), False
    rank = {seed: place for place, seed in enumerate(order)}
    pairs.sort(key=lambda pair: min(rank[pair[0]], rank[pair[1]]))
    matches = [
        PlannedMatch(MatchKey(Bracket.MAIN, round, position), Seed(home), Seed(away))
        for position, (home, away) in enumerate((tally.hosting(pair, rank) for pair in pairs), 1)
    ]
    if bye is not None:
        key = MatchKey(Bracket.MAIN, round, len(matches) + 1)
        matches.append(PlannedMatch(key, Seed(bye), None))
    return SwissRound(matches, least)


class _Tally:
    """The history read once: points, opponents, byes and home games by seed."""

    def __init__(self, entrants: int, history: Sequence[Result]) -> None:
        swiss_round_count(entrants)
        self.points = [0.0] * (entrants + 1)
        self.played: list[list[int]] = [[] for _ in range(entrants + 1)]
        self.opponents: list[set[int]] = [set() for _ in range(entrants + 1)]
        self.hosted = [0] * (entrants + 1)
        self.had_bye: set[int] = set()
        for result in history:
            _check(result, entrants)
            if result.away is None:
                self.points[result.home] += 1
                self.had_bye.add(result.home)
                continue
            self.played[result.home].append(result.away)
            self.played[result.away].append(result.home)
            self.opponents[result.home].add(result.away)
            self.opponents[result.away].add(result.home)
            self.hosted[result.home] += 1
            if result.winner is None:
                self.points[result.home] += 0.5
                self.points[result.away] += 0.5
            else:
                self.points[result.winner] += 1

    def hosting(self, pair: Pair, rank: dict[int, int]) -> Pair:
        first, second = sorted(pair, key=lambda seed: (self.hosted[seed], rank[seed]))
        return first, second


def _check(result: Result, entrants: int) -> None:
    seeds = [result.home] if result.away is None else [result.home, result.away]
    if any(not 1 <= seed <= entrants for seed in seeds) or len(set(seeds)) != len(seeds):
        raise ValueError(f"{result} does not name distinct seeds 1..{entrants}")
    if result.winner is not None and result.winner not in seeds:
        raise ValueError(f"{result} names a winner who did not play")


def _groups(order: list[int], tally: _Tally) -> list[list[int]]:
    """``order`` (ranked) cut into score groups, best first."""
    groups: list[list[int]] = []
    for seed in order:
        if groups and tally.points[groups[-1][0]] == tally.points[seed]:
            groups[-1].append(seed)
        else:
            groups.append([seed])
    return groups


class _OutOfSteps(Exception):
    pass


class _Steps:
    """The search's step count, so a round gives up at the same point on every machine."""

    def __init__(self, budget: int) -> None:
        self.left = budget

    def take(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise _OutOfSteps


class _Search:
    def __init__(self, groups: list[list[int]], opponents: list[set[int]], steps: _Steps) -> None:
        self.groups = groups
        self.opponents = opponents
        self.steps = steps
        self.rank = {seed: place for place, seed in enumerate(s for g in groups for s in g)}
        self.tight = 1 + max(len(opponents[seed]) for seed in self.rank)
        self.need = [
            max(self.left_over(groups[: index + 1]), self.left_over(groups[index + 1 :]))
            for index in range(len(groups) - 1)
        ]
        """The fewest players who can float across the boundary below each group: any
        on either side who cannot all be paired among themselves must cross it."""
        self.failed: dict[tuple[int, tuple[int, ...]], int] = {}
        self.known: dict[tuple[int, tuple[int, ...]], bool] = {}

    def least_floating(self) -> list[Pair]:
        """The pairing with the least float distance, first in Dutch order among those.

        Only for a field ``completable`` from the top: then the budget grows until the
        search succeeds, which it must once the budget allows any floating at all. Raises
        ``_OutOfSteps`` when the steps run out first.
        """
        extra = 0
        while (found := self.descend(0, (), extra)) is None:
            extra += 2
        return found

    def near_dutch(self) -> list[Pair]:
        """A pairing of everyone without rematches in polynomial time, close to Dutch.

        Each player in standings order takes their first Dutch candidate, and whoever has
        none floats to the next group; Edmonds then grows that into a perfect matching,
        and each augmenting path changes only the pairs along it. Only for a field
        ``completable`` from the top, so the perfect matching exists.
        """
        pairs: list[Pair] = []
        carried: list[int] = []
        for group in self.groups:
            waiting, staying, carried = carried, group, []
            while waiting or staying:
                first = (waiting or staying)[0]
                candidates = _candidates(waiting, staying, self.opponents)
                second = next((seed for seed in candidates if seed != first), None)
                if second is None:
                    carried.append(first)
                else:
                    pairs.append((first, second))
                waiting = [seed for seed in waiting if seed != first and seed != second]
                staying = [seed for seed in staying if seed != first and seed != second]
        start = {seed: other for pair in pairs for seed, other in (pair, pair[::-1])}
        mate = maximum_matching(_unmet(list(self.rank), self.opponents), start)
        return [(seed, other) for seed, other in mate.items() if self.rank[seed] < self.rank[other]]

    def completable(self, index: int, carried: tuple[int, ...]) -> bool:
        """Whether group ``index`` and those below, with ``carried``, can all be paired.

        Float distance aside: a branch that fails this fails at any budget, so the search
        skips it instead of proving it by trying every way down.
        """
        key = (index, carried)
        if key not in self.known:
            self.known[key] = not self.left_over([carried, *self.groups[index:]])
        return self.known[key]

    def floater_sets(
        self, index: int, carried: tuple[int, ...], count: int
    ) -> Iterator[tuple[int, ...]]:
        """The sets of ``count`` players who may float down from group ``index``, in
        ``combinations`` order, less those that cannot work whatever happens below.

        Testing each set alone would still try exponentially many when few work, so the
        players are chosen one by one in preference order, and each choice is checked
        (see ``_Floaters``), which rules out every set that extends a hopeless choice.
        Sets big enough for Dirac's theorem are not checked: almost any choice works.
        """
        preference = [*reversed(self.groups[index]), *reversed(carried)]
        if len(preference) + sum(map(len, self.groups[index + 1 :])) >= 2 * self.tight:
            return combinations(preference, count)
        below = [seed for group in self.groups[index + 1 :] for seed in group]
        graph = _unmet([*carried, *self.groups[index], *below], self.opponents)
        return _Floaters(graph, set(below), preference, count, self.steps).sets()

    def left_over(self, groups: Sequence[Sequence[int]]) -> int:
        """How many of the players in ``groups`` cannot be paired among themselves.

        With at least ``2 * tight`` players, each has not met at least half the others, and
        such a graph has a perfect matching (Dirac's theorem gives a Hamiltonian cycle; take
        every other edge), or one short of it for an odd count. That settles every large
        set without building a graph, so a big field within its ``swiss_round_count``
        stays as fast as plain Dutch pairing; smaller sets go to Edmonds.
        """
        size = sum(map(len, groups))
        if size >= 2 * self.tight:
            return size % 2
        players = [seed for group in groups for seed in group]
        return size - len(maximum_matching(_unmet(players, self.opponents)))

    def descend(self, index: int, carried: tuple[int, ...], extra: int) -> list[Pair] | None:
        """Pair group ``index`` and those below, with ``carried`` floating in from above.

        ``extra`` is how much float distance beyond the lower bound is left to spend.
        """
        if self.failed.get((index, carried), -1) >= extra:
            return None
        residents = self.groups[index]
        last = index == len(self.groups) - 1
        size = len(carried) + len(residents)
        least = 0 if last else self.need[index]
        sizes = range(least, min(least + (0 if last else extra), size) + 1, 2)
        for count in sizes:
            for floaters in self.floater_sets(index, carried, count):
                self.steps.take()
                out = set(floaters)
                pairs = _match(
                    [seed for seed in carried if seed not in out],
                    [seed for seed in residents if seed not in out],
                    self.opponents,
                    self.tight,
                )
                if pairs is None:
                    continue
                if last:
                    return pairs
                below = tuple(sorted(floaters, key=self.rank.__getitem__))
                if not self.completable(index + 1, below):
                    continue
                rest = self.descend(index + 1, below, extra - (count - least))
                if rest is not None:
                    return pairs + rest
        self.failed[(index, carried)] = extra
        return None


class _Floaters:
    """Floater sets chosen one player at a time, each choice checked by a matching.

    Once some players are kept at this level and some sent down, everyone here and below
    must still be pairable when those kept meet no one below and no floater. If not, no
    set extending the choice can work (the players kept here could not all be paired, or
    those below could not). A perfect matching that passes is the witness for the next
    choice too, unless that choice forbids one of its pairs, so most checks are free.
    """

    def __init__(
        self,
        graph: dict[int, list[int]],
        below: set[int],
        preference: list[int],
        count: int,
        steps: _Steps,
    ) -> None:
        self.graph = graph
        self.below = below
        self.preference = preference
        self.count = count
        self.steps = steps

    def sets(self) -> Iterator[tuple[int, ...]]:
        witness = maximum_matching(self.graph)
        if len(witness) == len(self.graph):
            yield from self._extend(0, (), frozenset(), witness)

    def _extend(
        self, at: int, floated: tuple[int, ...], kept: frozenset[int], witness: dict[int, int]
    ) -> Iterator[tuple[int, ...]]:
        self.steps.take()
        missing = self.count - len(floated)
        if missing == 0:
            rest = kept | set(self.preference[at:])
            if self._witness(set(floated), rest, witness) is not None:
                yield floated
            return
        if len(self.preference) - at < missing:
            return
        seed = self.preference[at]
        for choice in ((*floated, seed), kept), (floated, kept | {seed}):
            found = self._witness(set(choice[0]), choice[1], witness)
            if found is not None:
                yield from self._extend(at + 1, choice[0], choice[1], found)

    def _witness(
        self, floated: set[int], kept: Set[int], witness: dict[int, int]
    ) -> dict[int, int] | None:
        """A pairing of everyone here and below that respects the choice so far, or None."""
        away = floated | self.below

        def allowed(seed: int, other: int) -> bool:
            return not ((seed in kept and other in away) or (other in kept and seed in away))

        if all(allowed(seed, other) for seed, other in witness.items()):
            return witness
        graph = {
            seed: [other for other in near if allowed(seed, other)]
            for seed, near in self.graph.items()
        }
        start = {seed: other for seed, other in witness.items() if allowed(seed, other)}
        found = maximum_matching(graph, start)
        return found if len(found) == len(graph) else None


def _unmet(players: list[int], opponents: list[set[int]]) -> dict[int, list[int]]:
    """Who may still meet whom, each pair listed once (``maximum_matching`` allows that)."""
    return {
        seed: [other for other in players[place + 1 :] if other not in opponents[seed]]
        for place, seed in enumerate(players)
    }


def _match(
    carried: list[int], residents: list[int], opponents: list[set[int]], tight: int
) -> list[Pair] | None:
    """The first pairing of everyone given, in Dutch order, without rematches; or None.

    "First" is what a depth-first search in that order would return: each player in turn
    takes the first candidate who leaves the rest pairable. Taking the first candidate
    outright almost always works and costs one pass, so that is tried first. When it gets
    stuck, ``_Rest`` says which candidates leave the rest pairable, so there is no
    backtracking.
    """
    everyone = len(carried) + len(residents)
    if everyone % 2:
        return None
    greedy = _in_order(carried, residents, opponents, lambda first, second: True)
    if len(greedy) * 2 == everyone:
        return greedy
    rest = _Rest(carried + residents, opponents, tight)
    if not rest.pairable():
        return None
    return _in_order(carried, residents, opponents, rest.take)


def _in_order(
    carried: list[int],
    residents: list[int],
    opponents: list[set[int]],
    accept: Callable[[int, int], bool],
) -> list[Pair]:
    """Each player in Dutch order with their first candidate ``accept`` allows, until one
    has none. Iterative, so a group of thousands does not hit the recursion limit."""
    pairs: list[Pair] = []
    waiting, staying = carried, residents
    while waiting or staying:
        first = (waiting or staying)[0]
        second = next(
            (seed for seed in _candidates(waiting, staying, opponents) if accept(first, seed)), None
        )
        if second is None:
            break
        pairs.append((first, second))
        waiting = [seed for seed in waiting if seed != first and seed != second]
        staying = [seed for seed in staying if seed != first and seed != second]
    return pairs


class _Rest:
    """The players not yet paired, and the proof that they can all still be paired.

    While at least ``2 * tight`` are left, Dirac's theorem is the proof (see
    ``_Search.left_over``) and any pair may be taken. Below that, the proof is a perfect
    matching of the rest, the witness. Taking a pair the witness does not hold leaves the
    two players' old partners alone; one augmenting-path search between them, in the graph
    without the new pair, either repairs the witness or shows the pair cannot be taken.
    """

    def __init__(self, players: list[int], opponents: list[set[int]], tight: int) -> None:
        self.players = players
        self.opponents = opponents
        self.tight = tight
        self.graph: dict[int, list[int]] = {}
        self.witness: dict[int, int] | None = None
        if len(players) < 2 * tight:
            self.graph = _unmet(players, opponents)
            self.witness = maximum_matching(self.graph)

    def pairable(self) -> bool:
        return self.witness is None or len(self.witness) == len(self.players)

    def take(self, first: int, second: int) -> bool:
        """Pair ``first`` and ``second`` if the rest stays pairable; say whether it did."""
        players = [seed for seed in self.players if seed != first and seed != second]
        if len(players) >= 2 * self.tight:
            self.players = players
            return True
        if self.witness is None:
            graph = _unmet(players, self.opponents)
            witness = maximum_matching(graph)
        else:
            graph = {seed: near for seed, near in self.graph.items() if seed not in (first, second)}
            gone = {first, second, self.witness[first], self.witness[second]}
            kept = {seed: other for seed, other in self.witness.items() if seed not in gone}
            witness = kept if self.witness[first] == second else maximum_matching(graph, kept)
        if len(witness) < len(players):
            return False
        self.players, self.graph, self.witness = players, graph, witness
        return True


def _candidates(carried: list[int], residents: list[int], opponents: list[set[int]]) -> list[int]:
    """Whom the first unpaired player may meet, most preferred first.

    A floater meets the group's highest players first; a resident the one half the
    remaining group lower, then those below, then those above.
    """
    if carried:
        first, order = carried[0], residents + carried[1:]
    else:
        half = len(residents) // 2
        first, order = residents[0], residents[half:] + residents[half - 1 : 0 : -1]
    played = opponents[first]
    return [seed for seed in order if seed not in played]
