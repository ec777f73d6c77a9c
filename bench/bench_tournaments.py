"""Tournament benchmark: generating a large Swiss event and a round robin, against floors.

    .venv/bin/python -m bench.bench_tournaments [--players N] [--round-robin N] [--out DIR]

Swiss: all ``swiss_round_count`` rounds for ``--players`` entrants, with results drawn
from a seeded generator between rounds (45% home win, 45% away win, 10% draw). Only the
``swiss_pairings`` calls are timed. Its floor, in the same run on the same histories, is
the least any pairing must do: read the history once for the points, sort the players by
score, and build the same number of PlannedMatch objects (adjacent players paired, no
rematch check, no search).

Round robin: ``round_robin(--round-robin)``; its floor is itertools.combinations over the
seed pairs into the same number of PlannedMatch objects, keyed by enumeration order.

Scheduling: every Swiss round placed after the previous round ends, and the whole round
robin, with ``scheduling.schedule`` in Europe/Berlin (30-minute matches, 10-minute
breaks, two daily sessions, weekdays, ``--places`` boards) from a Monday in late March,
so the daylight-saving change falls inside the schedule. Its floor is the least any
scheduler must do: cut the same windows into slots (the same zone conversion per day)
and hand them to the matches in order, with no check of who plays or what waits.

Each measure is the median of ``--repeat`` runs. Sections are independent functions
returning rows of the table. Prints a Markdown table and writes
DIR/tournament-results.json.
"""

import argparse
import itertools
import json
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from datetime import time as wall_time
from pathlib import Path

from content_rules.tournaments.plan import MatchKey, PlannedMatch, Result, Seed
from content_rules.tournaments.round_robin import round_robin
from content_rules.tournaments.schedule_rules import ScheduleRules, Window
from content_rules.tournaments.scheduling import Schedule, schedule
from content_rules.tournaments.swiss import swiss_pairings, swiss_round_count
from content_rules.vocabulary import Bracket

Figures = dict[str, float | int]
Section = Callable[[argparse.Namespace], Figures]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_tournaments", description=__doc__)
    parser.add_argument("--players", type=int, default=1024, help="Swiss entrants")
    parser.add_argument("--round-robin", type=int, default=64, help="round robin entrants")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measure (median)")
    parser.add_argument("--seed", type=int, default=20261127)
    parser.add_argument("--places", type=int, default=32, help="boards for the schedules")
    parser.add_argument("--out", type=Path, default=Path("bench/out"))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    results = {name: section(args) for name, section in SECTIONS.items()}
    print(render(results))
    (args.out / "tournament-results.json").write_text(json.dumps(results, indent=2) + "\n")
    return 0


def swiss_section(args: argparse.Namespace) -> Figures:
    rounds = swiss_round_count(args.players)
    runs = [_swiss_run(args.players, rounds, random.Random(args.seed)) for _ in range(args.repeat)]
    pairing = statistics.median(run[0] for run in runs)
    floor = statistics.median(run[1] for run in runs)
    worst = max(run[2] for run in runs)
    return {
        "players": args.players,
        "rounds": rounds,
        "seconds": pairing,
        "worst_round_seconds": worst,
        "floor_seconds": floor,
        "ratio": pairing / max(floor, 1e-9),
    }


def _swiss_run(players: int, rounds: int, rng: random.Random) -> tuple[float, float, float]:
    """Pairing seconds, floor seconds and the slowest round's pairing seconds."""
    history: list[Result] = []
    pairing = floor = worst = 0.0
    for number in range(1, rounds + 1):
        started = time.perf_counter()
        matches = swiss_pairings(players, number, history)
        elapsed = time.perf_counter() - started
        pairing, worst = pairing + elapsed, max(worst, elapsed)
        started = time.perf_counter()
        _swiss_floor(players, number, history)
        floor += time.perf_counter() - started
        history += [_result(match, rng) for match in matches]
    return pairing, floor, worst


def _swiss_floor(players: int, number: int, history: Sequence[Result]) -> list[PlannedMatch]:
    points = [0.0] * (players + 1)
    for result in history:
        if result.winner is not None:
            points[result.winner] += 1
        elif result.away is None:
            points[result.home] += 1
        else:
            points[result.home] += 0.5
            points[result.away] += 0.5
    order = sorted(range(1, players + 1), key=lambda seed: (-points[seed], seed))
    return [
        PlannedMatch(
            MatchKey(Bracket.MAIN, number, position),
            Seed(order[2 * position - 2]),
            Seed(order[2 * position - 1]) if 2 * position - 1 < players else None,
        )
        for position in range(1, (players + 1) // 2 + 1)
    ]


def _result(match: PlannedMatch, rng: random.Random) -> Result:
    assert isinstance(match.home, Seed)
    if not isinstance(match.away, Seed):
        return Result(match.home.seed, None, None)
    draw = rng.random()
    winner = match.home.seed if draw < 0.45 else match.away.seed if draw < 0.9 else None
    return Result(match.home.seed, match.away.seed, winner)


def round_robin_section(args: argparse.Namespace) -> Figures:
    entrants = args.round_robin
    generated = _median_seconds(lambda: round_robin(entrants), args.repeat)
    floor = _median_seconds(lambda: _round_robin_floor(entrants), args.repeat)
    return {
        "entrants": entrants,
        "matches": len(round_robin(entrants)),
        "seconds": generated,
        "floor_seconds": floor,
        "ratio": generated / max(floor, 1e-9),
    }


def _round_robin_floor(entrants: int) -> list[PlannedMatch]:
    pairs = itertools.combinations(range(1, entrants + 1), 2)
    return [
        PlannedMatch(MatchKey(Bracket.MAIN, 1, position), Seed(home), Seed(away))
        for position, (home, away) in enumerate(pairs, 1)
    ]


def _median_seconds(work: Callable[[], object], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


FIRST_DAY = date(2027, 3, 22)
"""A Monday; the clocks in Berlin go forward on the Sunday after."""


def scheduling_section(args: argparse.Namespace) -> Figures:
    rules = ScheduleRules(
        time_zone="Europe/Berlin",
        match_minutes=30,
        break_minutes=10,
        windows=(Window(wall_time(9), wall_time(12)), Window(wall_time(13), wall_time(16))),
        weekdays=frozenset(range(1, 6)),
        blackout_dates=frozenset(),
        places=args.places,
    )
    start = datetime.combine(FIRST_DAY, wall_time(0), tzinfo=UTC)
    rounds = _swiss_rounds(args.players, random.Random(args.seed))
    robin = round_robin(args.round_robin)
    swiss_seconds = _median_seconds(lambda: _schedule_rounds(rounds, rules, start), args.repeat)
    robin_seconds = _median_seconds(lambda: _placed(schedule(robin, rules, start)), args.repeat)
    swiss_floor = _median_seconds(
        lambda: [_slots_floor(matches, rules, start) for matches in rounds], args.repeat
    )
    robin_floor = _median_seconds(lambda: _slots_floor(robin, rules, start), args.repeat)
    return {
        "places": args.places,
        "swiss_matches": sum(not m.is_bye for matches in rounds for m in matches),
        "swiss_seconds": swiss_seconds,
        "swiss_floor_seconds": swiss_floor,
        "swiss_ratio": swiss_seconds / max(swiss_floor, 1e-9),
        "swiss_days": _schedule_rounds(rounds, rules, start),
        "robin_matches": sum(not m.is_bye for m in robin),
        "robin_seconds": robin_seconds,
        "robin_floor_seconds": robin_floor,
        "robin_ratio": robin_seconds / max(robin_floor, 1e-9),
        "robin_days": _placed(schedule(robin, rules, start)),
    }


def _swiss_rounds(players: int, rng: random.Random) -> list[list[PlannedMatch]]:
    history: list[Result] = []
    rounds = []
    for number in range(1, swiss_round_count(players) + 1):
        matches = swiss_pairings(players, number, history)
        history += [_result(match, rng) for match in matches]
        rounds.append(matches)
    return rounds


def _schedule_rounds(
    rounds: Sequence[Sequence[PlannedMatch]], rules: ScheduleRules, start: datetime
) -> int:
    """Each round after the last one ends (pairing needs its results); the days used."""
    first, last = start, start
    for matches in rounds:
        placed = schedule(matches, rules, last)
        assert not placed.unplaced, placed.problems
        last = max(match.end_utc for match in placed.matches) + timedelta(
            minutes=rules.break_minutes
        )
    return (last - first).days + 1


def _placed(result: Schedule) -> int:
    """The days from the first match to the last."""
    matches = result.matches
    return (max(m.end_utc for m in matches) - min(m.start_utc for m in matches)).days + 1


def _slots_floor(
    matches: Sequence[PlannedMatch], rules: ScheduleRules, start: datetime
) -> list[tuple[MatchKey, datetime, int]]:
    slots = _slots(rules, start)
    return [(match.key, *next(slots)) for match in matches if not match.is_bye]


def _slots(rules: ScheduleRules, start: datetime) -> Iterator[tuple[datetime, int]]:
    length = timedelta(minutes=rules.match_minutes)
    step = length + timedelta(minutes=rules.break_minutes)
    day = start.date()
    while True:
        for opens, closes in rules.windows_on(day):
            at = opens
            while at + length <= closes:
                for place in range(1, rules.places + 1):
                    yield at, place
                at += step
        day += timedelta(days=1)


SECTIONS: dict[str, Section] = {
    "swiss": swiss_section,
    "round_robin": round_robin_section,
    "scheduling": scheduling_section,
}


def render(results: dict[str, Figures]) -> str:
    swiss, robin = results["swiss"], results["round_robin"]
    slowest = swiss["worst_round_seconds"] * 1e3
    lines = [
        "| Measure | Value |",
        "| --- | --- |",
        f"| Swiss, {swiss['players']:,} players x {swiss['rounds']} rounds, pairing | "
        f"{swiss['seconds'] * 1e3:,.1f} ms (slowest round {slowest:,.1f} ms) |",
        f"| Swiss floor, tally + sort + build | {swiss['floor_seconds'] * 1e3:,.1f} ms |",
        f"| Swiss / floor | {swiss['ratio']:,.1f} |",
        f"| Round robin, {robin['entrants']} entrants ({robin['matches']:,} matches) | "
        f"{robin['seconds'] * 1e3:,.2f} ms |",
        f"| Round robin floor, combinations + build | {robin['floor_seconds'] * 1e3:,.2f} ms |",
        f"| Round robin / floor | {robin['ratio']:,.1f} |",
    ]
    plan = results["scheduling"]
    lines += [
        f"| Schedule Swiss, {plan['swiss_matches']:,} matches round by round, "
        f"{plan['places']} places | {plan['swiss_seconds'] * 1e3:,.1f} ms "
        f"(floor {plan['swiss_floor_seconds'] * 1e3:,.1f} ms, ratio "
        f"{plan['swiss_ratio']:,.1f}; {plan['swiss_days']} days) |",
        f"| Schedule round robin, {plan['robin_matches']:,} matches | "
        f"{plan['robin_seconds'] * 1e3:,.1f} ms (floor {plan['robin_floor_seconds'] * 1e3:,.1f}"
        f" ms, ratio {plan['robin_ratio']:,.1f}; {plan['robin_days']} days) |",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
