"""The tournament lifecycle: one step forward, or cancel before completion."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from content_rules.tournaments.lifecycle import allowed_next, transition_problem
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
        assert transition_problem(current, target) is None


@pytest.mark.parametrize("current", PATH[: PATH.index(S.COMPLETED)])
def test_cancel_is_allowed_before_completion(current: S) -> None:
    assert transition_problem(current, S.CANCELLED) is None


@pytest.mark.parametrize("current", [S.COMPLETED, S.ARCHIVED])
def test_cancel_is_refused_once_finished(current: S) -> None:
    problem = transition_problem(current, S.CANCELLED)
    assert problem is not None and problem.field == "status"


@given(st.sampled_from(list(S)), st.sampled_from(list(S)))
def test_a_transition_is_allowed_exactly_when_listed(current: S, target: S) -> None:
    problem = transition_problem(current, target)
    expected_ok = target is current or target in allowed_next(current)
    assert (problem is None) == expected_ok
    if problem is not None:
        assert problem.field == "status"
        assert current.value in problem.message and target.value in problem.message


def test_skipping_a_phase_names_the_allowed_step() -> None:
    problem = transition_problem(S.DRAFT, S.IN_PROGRESS)
    assert problem is not None
    assert "allowed next: SCHEDULED, CANCELLED" in problem.message


def test_terminal_states_offer_nothing_but_archiving() -> None:
    assert allowed_next(S.COMPLETED) == (S.ARCHIVED,)
    assert allowed_next(S.ARCHIVED) == ()
    assert allowed_next(S.CANCELLED) == ()
