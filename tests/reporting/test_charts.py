"""Charts of the comprehensive analysis tell the same numbers as the figures service: each chart's
table equals `city_figures` / `department_figures` month by month; too-few values are gaps; the
SVG carries no style attribute and no script, and escapes what it is given."""

import pytest
from django.utils import timezone

from feedback.workflow import Status
from reporting import trends
from reporting.charts import Chart
from reporting.figures import TOO_FEW, city_figures, department_figures
from reporting.periods import Period

pytestmark = pytest.mark.django_db


@pytest.fixture
def min_sample_one(settings):
    settings.ECHOWALL = {**settings.ECHOWALL, "MIN_SAMPLE": 1}


@pytest.fixture
def snapshot(issue_in, min_sample_one):
    for status in (Status.RESOLVED, Status.RESOLVED, Status.ANSWERED, Status.ASSIGNED):
        issue_in(status)
    issue_in(Status.REJECTED)
    return trends.freeze(Period.quarter(timezone.localdate()))


def shown(value, unit):
    return str(TOO_FEW) if value is None else f"{value:g}{unit}"


def test_the_city_charts_tables_equal_the_figures_service(snapshot):
    months = [Period.from_key(key) for key in snapshot["months"]]
    city = [city_figures(month) for month in months]
    expected = {
        "reply_hours": [shown(f.first_reply_time.median_hours, "h") for f in city],
        "satisfaction": [shown(f.reporter_satisfaction.percent, "%") for f in city],
        "reopen_rate": [shown(f.reopen_rate.percent, "%") for f in city],
    }
    for measure, cells in expected.items():
        chart = trends.trend_chart(snapshot, measure, "city")
        [(name, row)] = chart.rows()
        assert row == cells, measure
    [(_name, issues)] = trends.trend_chart(snapshot, "issues", "city").rows()
    assert issues[-1] == "4" and sum(int(n) for n in issues) == 4  # the rejected post is left out


def test_the_department_charts_tables_equal_the_figures_service(snapshot, department_a):
    months = [Period.from_key(key) for key in snapshot["months"]]
    figures = [
        next(f for f in department_figures(month) if f.department == department_a)
        for month in months
    ]
    chart = trends.trend_chart(snapshot, "reply_hours", "department")
    rows = dict(chart.rows())
    assert rows[department_a.name] == [shown(f.first_reply_time.median_hours, "h") for f in figures]
    issues = dict(trends.trend_chart(snapshot, "issues", "department").rows())
    assert issues[department_a.name] == [str(f.received) for f in figures]


def test_hot_topics_count_accepted_issues_by_category(snapshot, category):
    [row] = snapshot["hot_topics"]
    assert (row["name"], row["n"], row["previous"]) == (category.name, 4, 0)
    assert trends.change(6, 4) == 50.0 and trends.change(3, 0) is None


def test_too_few_values_are_gaps_in_the_line_and_the_table():
    chart = Chart(
        "回复率", ["1月", "2月", "3月", "4月"], [("全市", [90.0, None, 80.0, 85.0])], unit="%"
    )
    svg = chart.svg()
    assert svg.count("<polyline") == 1 and svg.count("<circle") == 3
    assert chart.rows() == [("全市", ["90%", "too few", "80%", "85%"])]


def test_the_svg_has_no_style_or_script_and_escapes_text():
    chart = Chart("<script>x</script>", ["a"], [('"><img src=x>', [3])], kind="bar")
    svg = chart.svg()
    assert "style=" not in svg and "<script" not in svg and "<img" not in svg
    assert "&lt;script&gt;" in svg
