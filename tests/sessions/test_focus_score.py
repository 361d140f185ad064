"""The focus score's promises, pinned with hypothesis, and its re-weighting of missing parts."""

from hypothesis import given
from hypothesis import strategies as st

from coach.sessions.scoring import focus_score

text_focus = st.one_of(st.none(), st.floats(min_value=1.0, max_value=5.0))
rating = st.one_of(st.none(), st.integers(min_value=1, max_value=5))
interruptions = st.integers(min_value=0, max_value=500)
minutes = st.floats(min_value=0.0, max_value=960.0)
planned = st.one_of(st.none(), st.integers(min_value=1, max_value=960))
goal = st.tuples(st.booleans(), st.one_of(st.none(), st.booleans()))


def score(text, self_rating, count, focused, plan, goal_state):
    return focus_score(
        text_focus=text,
        self_rating=self_rating,
        interruptions=count,
        focused_minutes=focused,
        planned_minutes=plan,
        goal_set=goal_state[0],
        goal_achieved=goal_state[1],
    )


@given(text_focus, rating, interruptions, minutes, planned, goal)
def test_the_score_is_always_between_0_and_100(text, self_rating, count, focused, plan, goal_state):
    result = score(text, self_rating, count, focused, plan, goal_state)
    assert 0.0 <= result.score <= 100.0


@given(text_focus, rating, interruptions, st.integers(min_value=1, max_value=50), minutes, planned, goal)
def test_more_interruptions_never_raise_the_score(text, self_rating, count, more, focused, plan, goal_state):
    fewer = score(text, self_rating, count, focused, plan, goal_state).score
    assert score(text, self_rating, count + more, focused, plan, goal_state).score <= fewer


@given(text_focus, st.integers(min_value=1, max_value=4), interruptions, minutes, planned, goal)
def test_a_higher_self_rating_never_lowers_the_score(text, self_rating, count, focused, plan, goal_state):
    lower = score(text, self_rating, count, focused, plan, goal_state).score
    assert score(text, self_rating + 1, count, focused, plan, goal_state).score >= lower


@given(text_focus, rating, interruptions, minutes, planned, goal)
def test_the_same_inputs_always_give_the_same_score(text, self_rating, count, focused, plan, goal_state):
    assert score(text, self_rating, count, focused, plan, goal_state) == score(
        text, self_rating, count, focused, plan, goal_state
    )


@given(text_focus, rating, interruptions, minutes, planned, goal)
def test_the_breakdown_adds_up_to_the_score(text, self_rating, count, focused, plan, goal_state):
    result = score(text, self_rating, count, focused, plan, goal_state)
    assert abs(sum(c.weight for c in result.components) - 1.0) < 1e-3
    assert abs(sum(c.contribution for c in result.components) - result.score) < 0.1


def test_missing_parts_are_left_out_and_the_rest_reweighted():
    result = score(None, None, 0, 60, None, (False, None))

    assert [c.name for c in result.components] == ["interruptions"]
    assert result.components[0].weight == 1.0
    assert result.score == 100.0


def test_the_worked_example_of_the_docs():
    result = score(4.2, 4, 2, 50, 45, (True, True))
    assert result.score == 75.8
    assert {c.name: c.contribution for c in result.components} == {
        "text_focus": 28.0,
        "self_rating": 18.75,
        "interruptions": 9.09,
        "time_on_plan": 10.0,
        "goal": 10.0,
    }
