"""Each chart builder's figure: traces, axes, colours, and empty and sparse data."""

from datetime import timedelta

from django.utils import timezone

from coach.dashboard import charts
from coach.dashboard.selectors import dashboard_data
from coach.themes import THEME_COLOURS
from tests.factories import analysed_session


def data_for(user, sessions=()):
    now = timezone.now()
    for days, score, labels, minutes in sessions:
        analysed_session(
            user=user, started_at=now - timedelta(days=days), score=score, labels=labels, minutes=minutes
        )
    return dashboard_data(user=user, range_key="30d")


def test_focus_chart_has_a_point_per_session_and_a_rolling_mean(alice):
    figure = charts.focus_over_time(data_for(alice, [(3, 50, [], 30), (2, 70, ["digital"], 45)]))

    points, rolling = figure["data"]
    assert points["mode"] == "markers"
    assert points["y"] == (50, 70) or list(points["y"]) == [50, 70]
    assert list(rolling["y"]) == [50, 60]
    assert figure["layout"]["yaxis"]["range"] == [0, 100]
    assert "Phone and online" in points["text"][1]


def test_focus_chart_draws_a_point_per_day_when_the_range_holds_too_many_sessions(alice, monkeypatch):
    monkeypatch.setattr("coach.dashboard.selectors.MAX_SESSION_POINTS", 1)
    figure = charts.focus_over_time(data_for(alice, [(3, 50, [], 30), (3, 70, [], 30), (2, 90, [], 45)]))

    days, rolling = figure["data"]
    assert days["name"] == "Day"
    assert list(days["y"]) == [60, 90]
    assert days["text"] == ["2 sessions", "1 session"]
    assert list(rolling["y"]) == [60, 75]


def test_hover_text_escapes_the_users_subject(alice):
    now = timezone.now()
    analysed_session(
        user=alice, started_at=now - timedelta(days=1), score=50, subject="<img src=x onerror=alert(1)>"
    )
    figure = charts.focus_over_time(dashboard_data(user=alice, range_key="7d"))
    assert "<img" not in figure["data"][0]["text"][0]
    assert "&lt;img" in figure["data"][0]["text"][0]


def test_themes_per_week_stacks_one_bar_trace_per_theme_in_its_colour(alice):
    figure = charts.themes_per_week(
        data_for(alice, [(1, 40, ["digital", "stress"], 30), (2, 40, ["digital"], 30)])
    )

    assert figure["layout"]["barmode"] == "stack"
    colours = {trace["name"]: trace["marker"]["color"] for trace in figure["data"]}
    assert colours == {
        "Phone and online": THEME_COLOURS["digital"],
        "Stress and emotions": THEME_COLOURS["stress"],
    }


def test_theme_share_is_a_percentage_of_analysed_sessions(alice):
    figure = charts.theme_share(data_for(alice, [(1, 40, ["digital"], 30), (2, 40, [], 30)]))
    shares = dict(zip(figure["data"][0]["y"], figure["data"][0]["x"], strict=True))
    assert shares["Phone and online"] == 50.0
    assert shares["Physical needs"] == 0.0


def test_heat_map_marks_cells_with_too_few_sessions_instead_of_showing_zero(alice):
    figure = charts.focus_heatmap(data_for(alice, [(7, 80, [], 30)]))

    means, too_few = figure["data"]
    assert all(value is None for row in means["z"] for value in row)
    assert sum(1 for row in too_few["z"] for value in row if value == 1) == 1
    assert len(means["z"]) == 7 and len(means["z"][0]) == 24


def test_length_chart_has_a_trend_only_where_a_bin_has_enough_sessions(alice):
    sparse = charts.length_vs_focus(data_for(alice, [(1, 60, [], 30)]))
    assert list(sparse["data"][1]["x"]) == []


def test_every_builder_copes_with_no_data(alice):
    data = dashboard_data(user=alice, range_key="7d")
    figures = charts.dashboard_figures(data)
    assert set(figures) == set(charts.FIGURE_NAMES)
    assert list(figures["focus"]["data"][0]["x"]) == []
    assert charts.summaries(data)["focus"] == "No scored sessions in this range yet."


def test_session_charts_show_probabilities_and_the_score_breakdown():
    themes = {
        "digital": 0.9,
        "people": 0.1,
        "environment": 0.0,
        "fatigue": 0.2,
        "stress": 0.0,
        "body": 0.0,
        "procrastination": 0.3,
        "planning": 0.0,
    }
    probabilities = charts.theme_probabilities(themes, ["digital"])
    bars = dict(zip(probabilities["data"][0]["y"], probabilities["data"][0]["x"], strict=True))
    assert bars["Phone and online"] == 90.0

    breakdown = charts.score_breakdown(
        {"score": 60, "components": [{"name": "self_rating", "value": 60, "weight": 1.0, "contribution": 60}]}
    )
    assert list(breakdown["data"][0]["x"]) == [60]
