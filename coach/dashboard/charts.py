"""Plotly figures for the dashboard and the session page, built on the server.

Each builder takes data from coach/dashboard/selectors.py (or an analysis) and returns a figure as a
plain dict (Plotly's JSON form) that the page hands to Plotly.react. The dicts are written
here directly, not through plotly.graph_objects, which would cost each web process some
40 MB and each figure its validation (coach/dashboard/plotly_package.py); the tests check
that Plotly accepts every figure. Layout colours that
depend on light or dark mode are left to the page; theme colours come from coach/themes.py.
"""

import zoneinfo
from collections import defaultdict
from datetime import date, datetime, timedelta

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from coach.dashboard.plotly_package import default_template
from coach.dashboard.selectors import LENGTH_BIN_MINUTES, MIN_SESSIONS_PER_CELL, DashboardData
from coach.themes import SCORE_PART_NAMES, THEME_COLOURS, THEME_NAMES
from ml import THEMES

SCORE_COLOUR = "#0072B2"
TREND_COLOUR = "#D55E00"
TOO_FEW_COLOUR = "rgba(127,127,127,0.35)"
# Plotly's "Viridis" in ten even steps, as plotly.py spells it out (Plotly.js's own
# "Viridis" has other steps): the heat map looks as it did when plotly.py wrote the figures.
VIRIDIS = [
    [i / 9, colour]
    for i, colour in enumerate(
        [
            "#440154",
            "#482878",
            "#3e4989",
            "#31688e",
            "#26828e",
            "#1f9e89",
            "#35b779",
            "#6ece58",
            "#b5de2b",
            "#fde725",
        ]
    )
]
WEEKDAYS = [
    gettext_lazy("Mon"),
    gettext_lazy("Tue"),
    gettext_lazy("Wed"),
    gettext_lazy("Thu"),
    gettext_lazy("Fri"),
    gettext_lazy("Sat"),
    gettext_lazy("Sun"),
]


def _layout(**extra) -> dict:
    return {
        "margin": {"l": 48, "r": 16, "t": 16, "b": 48},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "hovermode": "closest",
        "legend": {"orientation": "h", "y": -0.2},
        **extra,
    }


def _trace(kind: str, **properties) -> dict:
    """One trace in Plotly's JSON form: its type and its properties, as Plotly.js reads them."""
    return {"type": kind, **properties}


def _figure(traces: list[dict], layout: dict, arrays: list[dict] | None = None) -> dict:
    """The figure as Plotly JSON: the traces, each with its long arrays (x, y, z...) attached,
    and the layout with Plotly's default template, as plotly.graph_objects wrote it."""
    data = [dict(trace) for trace in traces]
    for trace, columns in zip(data, arrays or [], strict=False):
        trace.update(columns)
    # Like plotly.graph_objects, leave out an empty list of annotations (or shapes...).
    layout = {key: value for key, value in layout.items() if value != []}
    return {"data": data, "layout": {**layout, "template": default_template()}}


# A date axis spans at least this long, so one session is not drawn on an axis of
# milliseconds: Plotly then ticks days, not fractions of a second.
MIN_DATE_SPAN = timedelta(days=7)
# Up to this many sessions on a count axis, every whole number is a tick; above it Plotly
# picks round steps, always whole numbers (tickformat "d").
WHOLE_TICKS_UP_TO = 10
# The length chart shows at least the first hour, so a single short session sits on a
# sensible axis that starts at zero.
MIN_MINUTES_SHOWN = 60


def _date_range(moments: list[str], until: datetime) -> list[str]:
    """An x range for a date axis: the data padded by a twentieth on each side, at least a
    week long and reaching today, so that every size of data gets ticks of whole days."""
    parsed = [datetime.fromisoformat(moment) for moment in moments]
    parsed = [m if m.tzinfo else m.replace(tzinfo=until.tzinfo) for m in parsed]
    end = max([*parsed, until])
    start = min([*parsed, end - MIN_DATE_SPAN])
    pad = (end - start) / 20
    return [_plotly_time(start - pad), _plotly_time(end + pad)]


def _plotly_time(moment: datetime) -> str:
    # Plotly reads a date axis without time zones; the points are in the user's local time.
    return moment.replace(tzinfo=None).isoformat(timespec="seconds")


def _count_axis(highest: float, **extra) -> dict:
    """A y axis of whole counts from zero."""
    axis = {"rangemode": "tozero", "tickformat": "d", "range": [0, max(highest, 1) * 1.08], **extra}
    if highest <= WHOLE_TICKS_UP_TO:
        axis["dtick"] = 1
    return axis


def _no_data_note() -> list[dict]:
    return [
        {
            "text": _("No data in this range yet"),
            "showarrow": False,
            "xref": "paper",
            "yref": "paper",
            "x": 0.5,
            "y": 0.5,
        }
    ]


def focus_over_time(data: DashboardData) -> dict:
    """Each analysed session as a point (hover: subject, minutes, themes) and the rolling mean;
    for a range with very many sessions, each day's mean instead."""
    if data.points_are_latest_only:
        return _focus_per_day(data)
    scored = [p for p in data.points if p["score"] is not None]
    # Translated once here rather than per point: a range can hold thousands of sessions.
    names = {code: str(name) for code, name in THEME_NAMES.items()}
    minutes, nothing = _("%(minutes)d min"), _("nothing")
    # Subjects are the user's own text: escaped, because Plotly reads a little HTML in hovers.
    hover = [
        f"{escape(p['subject'])}<br>{minutes % {'minutes': p['minutes']}}<br>"
        + (", ".join(names[code] for code in p["labels"][:3]) or nothing)
        for p in scored
    ]
    times = [p["started_at"] for p in scored]
    arrays = [
        {
            "x": times,
            "y": [p["score"] for p in scored],
            "customdata": [p["id"] for p in scored],
            "text": hover,
        },
        {"x": times, "y": [p["rolling"] for p in scored]},
    ]
    return _focus_figure(
        _("Session"), "%{text}<br>" + _("Focus score") + ": %{y:.0f}<extra></extra>", arrays, data
    )


def _focus_per_day(data: DashboardData) -> dict:
    arrays = [
        {
            "x": [day["day"] for day in data.days],
            "y": [day["mean"] for day in data.days],
            "text": [
                ngettext("%(sessions)s session", "%(sessions)s sessions", day["sessions"])
                % {"sessions": day["sessions"]}
                for day in data.days
            ],
        },
        {"x": [day["day"] for day in data.days], "y": [day["rolling"] for day in data.days]},
    ]
    hover = "%{x|%Y-%m-%d}: %{text}<br>" + _("Mean focus score") + ": %{y:.0f}<extra></extra>"
    return _focus_figure(_("Day"), hover, arrays, data)


def _focus_figure(points_name: str, hovertemplate: str, arrays: list[dict], data: DashboardData) -> dict:
    traces = [
        _trace(
            "scatter",
            mode="markers",
            name=points_name,
            marker={"color": SCORE_COLOUR, "size": 8},
            hovertemplate=hovertemplate,
            uid="sessions",
        ),
        _trace(
            "scatter",
            mode="lines",
            name=_("Rolling mean"),
            line={"color": TREND_COLOUR, "width": 2},
            hoverinfo="skip",
            uid="rolling",
        ),
    ]
    return _figure(
        traces,
        _layout(
            yaxis={"title": {"text": _("Focus score")}, "range": [0, 100]},
            xaxis={"type": "date", "range": _date_range(arrays[0]["x"], _local_until(data))},
            annotations=[] if arrays[0]["x"] else _no_data_note(),
        ),
        arrays,
    )


def _local_until(data: DashboardData) -> datetime:
    return data.until.astimezone(zoneinfo.ZoneInfo(data.time_zone))


def themes_per_week(data: DashboardData) -> dict:
    """Stacked bars: sessions labelled with each theme, per week. Weeks are categories named
    by their first day; a week the range or the user's history starts inside, and the week
    still under way, are marked as partial."""
    weeks = sorted({row["week"] for row in data.theme_weeks})
    counts = defaultdict(dict)
    for row in data.theme_weeks:
        counts[row["theme"]][row["week"]] = row["sessions"]
    shown = [theme for theme in THEMES if counts.get(theme)]
    first_day, today = _first_local_day(data), _local_until(data).date()
    names = [week_label(week, first_day=first_day, today=today) for week in weeks]
    traces = [
        _trace(
            "bar",
            name=str(THEME_NAMES[theme]),
            marker={"color": THEME_COLOURS[theme]},
            hovertemplate="%{x} · " + str(THEME_NAMES[theme]) + ": %{y}<extra></extra>",
        )
        for theme in shown
    ]
    arrays = [{"x": names, "y": [counts[theme].get(week, 0) for week in weeks]} for theme in shown]
    highest = max((sum(counts[theme].get(week, 0) for theme in shown) for week in weeks), default=0)
    return _figure(
        traces,
        _layout(
            barmode="stack",
            yaxis=_count_axis(highest, title={"text": _("Sessions")}),
            xaxis={"type": "category", "visible": bool(weeks)},
            annotations=[] if weeks else _no_data_note(),
        ),
        arrays,
    )


def week_label(week: str, *, first_day: date | None, today: date) -> str:
    """A week's first day, "(partial)" when the data starts inside it, "(so far)" when it is
    the week under way."""
    start = date.fromisoformat(week)
    label = date_format(start, "MONTH_DAY_FORMAT")
    if start + timedelta(days=7) > today:
        return _("%(week)s (so far)") % {"week": label}
    if first_day is not None and start < first_day < start + timedelta(days=7):
        return _("%(week)s (partial)") % {"week": label}
    return label


def _first_local_day(data: DashboardData) -> date | None:
    """The first day the range holds data for: its start, or the first session if later."""
    firsts = [datetime.fromisoformat(p["started_at"]).date() for p in data.points[:1]]
    if data.since is not None:
        firsts.append(data.since.astimezone(_local_until(data).tzinfo).date())
    return max(firsts) if firsts else None


# Axis labels longer than this wrap onto a second line, so on a phone the bars, not the
# theme names, keep most of the chart's width.
LABEL_LINE_CHARS = 16


def wrapped(name) -> str:
    """A theme's name for an axis label, broken between words into lines of about
    LABEL_LINE_CHARS (Chinese names are short enough as they are)."""
    lines, line = [], ""
    for word in str(name).split():
        if line and len(line) + 1 + len(word) > LABEL_LINE_CHARS:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join([*lines, line])


def theme_share(data: DashboardData) -> dict:
    """Share of analysed sessions in the range that carried each theme."""
    total = max(data.analysed_sessions, 1)
    themes = sorted(THEMES, key=lambda t: data.theme_totals.get(t, 0))
    return _figure(
        [
            _trace(
                "bar",
                x=[round(100 * data.theme_totals.get(t, 0) / total, 1) for t in themes],
                y=[wrapped(THEME_NAMES[t]) for t in themes],
                orientation="h",
                marker={"color": [THEME_COLOURS[t] for t in themes]},
                hovertemplate="%{y}: %{x:.0f}%<extra></extra>",
            )
        ],
        _layout(
            xaxis={"title": {"text": _("Percent of sessions")}, "range": [0, 100]},
            yaxis={"automargin": True},
            margin={"l": 8, "r": 16, "t": 16, "b": 48},
        ),
    )


def focus_heatmap(data: DashboardData) -> dict:
    """Mean focus score by weekday and hour; cells with too few sessions shown as such."""
    hours = list(range(24))
    means = [[None] * 24 for _ in range(7)]
    too_few = [[None] * 24 for _ in range(7)]
    counts = [[0] * 24 for _ in range(7)]
    for cell in data.heatmap:
        row, hour = cell["weekday"] - 1, cell["hour"]
        counts[row][hour] = cell["sessions"]
        if cell["sessions"] >= MIN_SESSIONS_PER_CELL:
            means[row][hour] = round(cell["mean"], 1)
        else:
            too_few[row][hour] = 1
    weekdays = [str(day) for day in WEEKDAYS]
    traces = [
        _trace(
            "heatmap",
            colorscale=VIRIDIS,
            zmin=0,
            zmax=100,
            colorbar={"title": {"text": _("Focus")}},
            hovertemplate="%{y} %{x}:00 · "
            + _("mean %{z:.0f} over %{customdata} sessions")
            + "<extra></extra>",
            hoverongaps=False,
        ),
        _trace(
            "heatmap",
            colorscale=[[0, TOO_FEW_COLOUR], [1, TOO_FEW_COLOUR]],
            showscale=False,
            hovertemplate="%{y} %{x}:00 · " + _("too few sessions (%{customdata})") + "<extra></extra>",
            hoverongaps=False,
        ),
    ]
    grid = {"x": hours, "y": weekdays, "customdata": counts}
    return _figure(
        traces,
        _layout(xaxis={"title": {"text": _("Hour")}, "dtick": 3}, yaxis={"autorange": "reversed"}),
        [{"z": means, **grid}, {"z": too_few, **grid}],
    )


def length_vs_focus(data: DashboardData) -> dict:
    """Session length against focus score, with the mean score per length bin (over the whole
    range) as the trend."""
    scored = [p for p in data.points if p["score"] is not None]
    trend = [
        ((row["bin"] + 0.5) * LENGTH_BIN_MINUTES, row["mean"])
        for row in data.length_bins
        if row["sessions"] >= MIN_SESSIONS_PER_CELL
    ]
    return _figure(
        [
            _trace(
                "scatter",
                mode="markers",
                name=_("Session"),
                marker={"color": SCORE_COLOUR, "opacity": 0.6},
                hovertemplate="%{x:.0f} min · %{y:.0f}<extra></extra>",
            ),
            _trace(
                "scatter",
                x=[x for x, _y in trend],
                y=[round(y, 1) for _x, y in trend],
                mode="lines",
                name=_("Trend"),
                line={"color": TREND_COLOUR, "shape": "spline", "width": 2},
                hoverinfo="skip",
            ),
        ],
        _layout(
            xaxis={
                "title": {"text": _("Minutes focused")},
                "range": [0, max([MIN_MINUTES_SHOWN, *(p["minutes"] * 1.1 for p in scored)])],
                "rangemode": "tozero",
            },
            yaxis={"title": {"text": _("Focus score")}, "range": [0, 100]},
            annotations=[] if scored else _no_data_note(),
        ),
        [{"x": [p["minutes"] for p in scored], "y": [p["score"] for p in scored]}],
    )


def theme_probabilities(themes: dict[str, float], labels: list[str]) -> dict:
    """One session's theme probabilities, labelled themes in their colour, others grey."""
    order = sorted(THEMES, key=lambda t: themes.get(t, 0))
    return _figure(
        [
            _trace(
                "bar",
                x=[round(100 * themes.get(t, 0), 1) for t in order],
                y=[wrapped(THEME_NAMES[t]) for t in order],
                orientation="h",
                marker={"color": [THEME_COLOURS[t] if t in labels else TOO_FEW_COLOUR for t in order]},
                hovertemplate="%{y}: %{x:.0f}%<extra></extra>",
            )
        ],
        _layout(
            xaxis={"range": [0, 100], "title": {"text": _("Probability, %")}},
            yaxis={"automargin": True},
            margin={"l": 8, "r": 16, "t": 8, "b": 40},
            height=300,
        ),
    )


def score_breakdown(breakdown: dict) -> dict:
    """The points each part of the focus score contributed."""
    parts = breakdown["components"]
    return _figure(
        [
            _trace(
                "bar",
                x=[p["contribution"] for p in parts],
                y=[str(SCORE_PART_NAMES[p["name"]]) for p in parts],
                orientation="h",
                marker={"color": SCORE_COLOUR},
                hovertemplate="%{y}: %{x:.1f}<extra></extra>",
            )
        ],
        _layout(
            xaxis={"title": {"text": _("Points")}}, margin={"l": 180, "r": 16, "t": 8, "b": 40}, height=240
        ),
    )


def dashboard_figures(data: DashboardData) -> dict[str, dict]:
    return {
        "focus": focus_over_time(data),
        "themes_weekly": themes_per_week(data),
        "theme_share": theme_share(data),
        "heatmap": focus_heatmap(data),
        "length": length_vs_focus(data),
    }


def _change(current: float | None, previous: float | None) -> float | None:
    if current is None or previous is None:
        return None
    return round(current - previous, 1)


def headline(data: DashboardData) -> list[dict]:
    """The headline numbers with their change against the previous period of the same length."""
    previous = data.previous
    rows = [
        ("sessions", _("Sessions"), data.current.sessions, previous.sessions if previous else None),
        (
            "mean_score",
            _("Mean focus score"),
            data.current.mean_score,
            previous.mean_score if previous else None,
        ),
        (
            "focused_hours",
            _("Hours focused"),
            data.current.focused_hours,
            previous.focused_hours if previous else None,
        ),
    ]
    numbers = [
        {
            "key": key,
            "label": str(label),
            "value": value,
            "previous": before,
            "change": _change(value, before),
        }
        for key, label, value, before in rows
    ]
    top = data.current.top_theme
    numbers.append(
        {
            "key": "top_theme",
            "label": _("Top distraction"),
            "value": str(THEME_NAMES[top]) if top else _("none yet"),
            "previous": str(THEME_NAMES[previous.top_theme]) if previous and previous.top_theme else None,
            "change": None,
        }
    )
    return numbers


def summaries(data: DashboardData) -> dict[str, str]:
    """A sentence per chart for screen readers (and anyone who prefers words to charts)."""
    scored = [p for p in data.points if p["score"] is not None]
    if not scored:
        return {name: _("No scored sessions in this range yet.") for name in FIGURE_NAMES}
    shortest, longest = data.minutes_span
    top = sorted(data.theme_totals.items(), key=lambda item: -item[1])[:3]
    total = max(data.analysed_sessions, 1)
    weeks = len({r["week"] for r in data.theme_weeks})
    return {
        "focus": ngettext(
            "%(count)d scored session, mean focus score %(mean).0f; the latest %(latest).0f.",
            "%(count)d scored sessions, mean focus score %(mean).0f; the latest %(latest).0f.",
            data.scored_sessions,
        )
        % {"count": data.scored_sessions, "mean": data.current.mean_score, "latest": scored[-1]["score"]},
        "themes_weekly": ngettext(
            "Themes per week over %(weeks)d week.", "Themes per week over %(weeks)d weeks.", weeks
        )
        % {"weeks": weeks},
        "theme_share": (
            _("Most frequent: %(themes)s.")
            % {"themes": ", ".join(f"{THEME_NAMES[t]} {100 * n / total:.0f}%" for t, n in top)}
            if top
            else _("No distraction themes found in this range.")
        ),
        "heatmap": best_time_sentence(data.hour_insight),
        "length": (
            _("Sessions from %(shortest).0f to %(longest).0f minutes.")
            % {"shortest": shortest, "longest": longest}
            if len(scored) > 1
            else ngettext(
                "One session of %(minutes).0f minute.",
                "One session of %(minutes).0f minutes.",
                round(longest),
            )
            % {"minutes": longest}
        ),
    }


def streak_text(this_week: dict) -> str:
    days = this_week["streak_days"]
    text = ngettext("%(days)d day", "%(days)d days", days) % {"days": days}
    return f"{text}+" if this_week["streak_is_capped"] else text


def best_time_sentence(hour_insight: dict | None) -> str:
    """The best hour only as the coach found it: over all the user's sessions, and only when
    the difference from the worst hour is more than noise (coaching/insights.py)."""
    if hour_insight and hour_insight.get("shown"):
        return _(
            "Best time, over all your sessions: %(best)d:00, mean %(best_mean).0f, against "
            "%(worst_mean).0f at %(worst)d:00."
        ) % {
            "best": hour_insight["a"],
            "best_mean": hour_insight["a_mean"],
            "worst": hour_insight["b"],
            "worst_mean": hour_insight["b_mean"],
        }
    return _(
        "Not enough data yet to name a best time: the differences between hours are still within the noise."
    )


FIGURE_NAMES = ("focus", "themes_weekly", "theme_share", "heatmap", "length")


def dashboard_payload(data: DashboardData) -> dict:
    """Everything the dashboard page draws, as JSON: the API's answer and the page's first data."""
    return {
        "version": 1,
        "range": data.range_key,
        "subject": data.subject,
        "time_zone": data.time_zone,
        "empty": data.is_empty,
        # "first_run" for a user with no session yet, "no_match" when the range or the
        # subject leaves nothing of a history: the page says which.
        "empty_reason": ("no_match" if data.has_sessions else "first_run") if data.is_empty else "",
        "headline": headline(data),
        "this_week": {**data.this_week, "streak_text": streak_text(data.this_week)},
        "figures": dashboard_figures(data),
        "summaries": summaries(data),
        "pending": [
            {"id": p["id"], "subject": p["subject"], "started_at": p["started_at"], "status": p["status"]}
            for p in data.pending
        ],
        "theme_colours": THEME_COLOURS,
    }
