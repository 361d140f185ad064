"""The focus score's promises, pinned with hypothesis: its range, its direction, its
re-weighting of missing parts, and no number where the session says too little."""

from hypothesis import assume, given
from hypothesis import strategies as st

from coach.sessions.scoring import NO_READING, TOO_SHORT, focus_score

text_focus = st.one_of(st.none(), st.floats(min_value=1.0, max_value=5.0))
reading = st.floats(min_value=1.0, max_value=5.0)
rating = st.one_of(st.none(), st.integers(min_value=1, max_value=5))
interruptions = st.integers(min_value=0, max_value=500)
minutes = st.floats(min_value=0.0, max_value=960.0)
scored_minutes = st.floats(min_value=1.0, max_value=960.0)
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
    assert result.score is None or 0.0 <= result.score <= 100.0


@given(reading, rating, interruptions, st.integers(min_value=1, max_value=50), scored_minutes, planned, goal)
def test_more_interruptions_never_raise_the_score(text, self_rating, count, more, focused, plan, goal_state):
    fewer = score(text, self_rating, count, focused, plan, goal_state).score
    assert score(text, self_rating, count + more, focused, plan, goal_state).score <= fewer


@given(text_focus, st.integers(min_value=1, max_value=4), interruptions, scored_minutes, planned, goal)
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
    assume(result.score is not None)
    assert abs(sum(c.weight for c in result.components) - 1.0) < 1e-3
    assert abs(sum(c.contribution for c in result.components) - result.score) < 0.1


@given(text_focus, rating, interruptions, minutes, planned, goal)
def test_there_is_a_score_exactly_when_the_session_has_a_reading_and_a_minute(
    text, self_rating, count, focused, plan, goal_state
):
    result = score(text, self_rating, count, focused, plan, goal_state)
    has_reading = text is not None or self_rating is not None
    assert (result.score is not None) == (has_reading and focused >= 1.0)


def test_missing_parts_are_left_out_and_the_rest_reweighted():
    result = score(None, 4, 0, 60, None, (False, None))

    assert [c.name for c in result.components] == ["self_rating", "interruptions"]
    assert [c.weight for c in result.components] == [0.5556, 0.4444]
    assert result.missing == ["text_focus", "time_on_plan", "goal"]
    assert result.score == 86.1


def test_each_missing_part_is_named_and_the_rest_carry_its_weight():
    everything = dict(text=4.0, self_rating=4, count=1, focused=50.0, plan=45, goal_state=(True, True))
    for name, left_out in [
        ("text_focus", {"text": None}),
        ("self_rating", {"self_rating": None}),
        ("time_on_plan", {"plan": None}),
        ("goal", {"goal_state": (False, None)}),
        ("goal", {"goal_state": (True, None)}),
    ]:
        result = score(**{**everything, **left_out})

        assert result.missing == [name], name
        assert result.score is not None
        assert abs(sum(c.weight for c in result.components) - 1.0) < 1e-3


def test_facts_alone_give_no_score_however_good_they_look():
    three_seconds_no_journal = score(None, None, 0, 0.05, None, (False, None))
    an_hour_no_journal = score(None, None, 0, 60, 60, (True, True))

    for result in (three_seconds_no_journal, an_hour_no_journal):
        assert result.score is None
        assert result.unscored_reason == NO_READING
        assert "text_focus" in result.missing and "self_rating" in result.missing


def test_a_session_under_a_minute_is_too_short_to_score():
    result = score(4.5, 5, 0, 0.5, None, (False, None))

    assert result.score is None
    assert result.unscored_reason == TOO_SHORT


def test_a_missed_goal_earns_no_points():
    missed = score(4.0, 4, 0, 50, None, (True, False))

    goal = next(c for c in missed.components if c.name == "goal")
    assert goal.value == 0.0
    assert goal.contribution == 0.0
    assert missed.score < score(4.0, 4, 0, 50, None, (True, True)).score


def test_each_part_carries_its_quantity_in_its_own_units():
    result = score(4.2, 4, 2, 50, 45, (True, False))

    assert {c.name: c.measure for c in result.components} == {
        "text_focus": {"rating": 4.2},
        "self_rating": {"rating": 4},
        "interruptions": {"count": 2, "per_hour": 2.4},
        "time_on_plan": {"focused_minutes": 50.0, "planned_minutes": 45},
        "goal": {"achieved": False},
    }


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
