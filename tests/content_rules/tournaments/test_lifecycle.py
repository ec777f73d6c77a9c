"""The tournament lifecycle: one step forward, or cancel before completion."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from content_rules.tournaments.lifecycle import allowed_next, reachable_problem, step_problem
from content_rules.vocabulary import TournamentStatus as S

PATH = [
    S.DRAFT,
    S.SCHEDULED,
    S.REGISTRATION_OPEN,
    S.REGISTRATION_CLOSED,
    S.CHECK_IN,
    S.READY,
    S.IN_PROGRESS,
    S.COMPLETED,
    S.ARCHIVED,
]


def test_the_whole_path_is_walkable_one_step_at_a_time() -> None:
    for current, target in itertools.pairwise(PATH):
        assert step_problem(current, target) is None


@pytest.mark.parametrize("current", PATH[: PATH.index(S.COMPLETED)])
def test_cancel_is_allowed_before_completion(current: S) -> None:
    assert step_problem(current, S.CANCELLED) is None


@pytest.mark.parametrize("current", [S.COMPLETED, S.ARCHIVED])
def test_cancel_is_refused_once_finished(current: S) -> None:
    problem = step_problem(current, S.CANCELLED)
    assert problem is not None and problem.field == "status"


@given(st.sampled_from(list(S)), st.sampled_from(list(S)))
def test_a_transition_is_allowed_exactly_when_listed(current: S, target: S) -> None:
    problem = step_problem(current, target)
    expected_ok = target is current or target in allowed_next(current)
    assert (problem is None) == expected_ok
    if problem is not None:
        assert problem.field == "status"
        assert current.value in problem.message and target.value in problem.message


def test_skipping_a_phase_names_the_allowed_step() -> None:
    problem = step_problem(S.DRAFT, S.IN_PROGRESS)
    assert problem is not None
    assert "allowed next: SCHEDULED, CANCELLED" in problem.message


def test_terminal_states_offer_nothing_but_archiving() -> None:
    assert allowed_next(S.COMPLETED) == (S.ARCHIVED,)
    assert allowed_next(S.ARCHIVED) == ()
    assert allowed_next(S.CANCELLED) == ()


@given(st.sampled_from(list(S)), st.sampled_from(list(S)))
def test_the_server_accepts_exactly_what_a_chain_of_steps_reaches(current: S, target: S) -> None:
    reached = {current}
    frontier = [current]
    while frontier:
        for following in allowed_next(frontier.pop()):
            if following not in reached:
                reached.add(following)
                frontier.append(following)
    problem = reachable_problem(current, target)
    assert (problem is None) == (target in reached)
    assert problem is None or problem.field == "status"


def test_an_offline_session_pushes_several_steps_as_one() -> None:
    assert reachable_problem(S.DRAFT, S.REGISTRATION_CLOSED) is None
    assert step_problem(S.DRAFT, S.REGISTRATION_CLOSED) is not None
    assert reachable_problem(S.IN_PROGRESS, S.SCHEDULED) is not None
    assert reachable_problem(S.READY, S.ARCHIVED) is None
    assert reachable_problem(S.CANCELLED, S.ARCHIVED) is not None
