"""The chart builders write Plotly's JSON themselves, without plotly.graph_objects (which
costs each web process about 40 MB). What they write is exactly what plotly.graph_objects
makes of it: every property valid, nothing left for Plotly to normalise."""

import json
from datetime import timedelta

import plotly.graph_objects as go
import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from coach.dashboard import charts
from coach.dashboard.selectors import dashboard_data
from tests.factories import StudySessionFactory, analysed_session


def as_json(figure: dict) -> str:
    return json.dumps(figure, sort_keys=True, cls=DjangoJSONEncoder)


def plotly_makes_the_same_of(figure: dict) -> bool:
    return as_json(go.Figure(data=figure["data"], layout=figure["layout"]).to_plotly_json()) == as_json(
        figure
    )


@pytest.mark.parametrize("range_key", ["7d", "all"])
def test_every_dashboard_figure_is_what_plotly_would_write(alice, range_key):
    now = timezone.now()
    for days, score, labels in [(1, 80, ["digital"]), (1, 60, []), (3, 40, ["stress", "body"]), (40, 70, [])]:
        analysed_session(user=alice, started_at=now - timedelta(days=days), score=score, labels=labels)
    StudySessionFactory(user=alice)

    figures = charts.dashboard_figures(dashboard_data(user=alice, range_key=range_key))

    assert {name: plotly_makes_the_same_of(figure) for name, figure in figures.items()} == dict.fromkeys(
        figures, True
    )


def test_empty_dashboard_figures_are_what_plotly_would_write(alice):
    figures = charts.dashboard_figures(dashboard_data(user=alice, range_key="30d"))

    assert all(plotly_makes_the_same_of(figure) for figure in figures.values())


def test_the_session_page_figures_are_what_plotly_would_write():
    themes = dict.fromkeys(charts.THEMES, 0.2) | {"digital": 0.9}
    breakdown = {
        "components": [{"name": "self_rating", "contribution": 60}, {"name": "goal", "contribution": 5}]
    }

    assert plotly_makes_the_same_of(charts.theme_probabilities(themes, ["digital"]))
    assert plotly_makes_the_same_of(charts.score_breakdown(breakdown))
