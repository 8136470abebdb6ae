"""Figures of any month, quarter or year.

The rule: `/figures/` opens on the latest complete month (the current one holds assignments that
are not due yet, and on 2 December almost nothing), says so, and links to the period in progress;
every past period is one choice away (chooser, previous/next links), the CSV takes the same period,
and the page costs the same number of queries whatever the period. Today is Wednesday 2 December
2026, 08:00 in the city (the morning on which every cell of the old page said "too few").
"""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from feedback.models import Assignment, Department, Issue
from reporting.periods import Period, default_period, periods_back_to

FIGURES = reverse("wall:figures")
CSV = reverse("wall:figures_csv")
TWO_DECEMBER = datetime(2026, 12, 2, 8, 0)


@pytest.fixture(autouse=True)
def on_two_december():
    with time_machine.travel(timezone.make_aware(TWO_DECEMBER), tick=False):
        cache.clear()
        yield
    cache.clear()


@pytest.fixture(autouse=True)
def in_english(settings):
    with translation.override("en", deactivate=True):
        settings.LANGUAGE_CODE = "en"
        yield


def received(department, category, district, day, count, answered=True):
    """`count` issues received and assigned to `department` at 09:00 on `day`, answered 2 h later."""
    at = timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=9))
    issues = Issue.objects.bulk_create(
        Issue(
            title="t",
            body="b",
            submitted_title="t",
            submitted_body="b",
            category=category,
            district=district,
            status="answered",
            created_at=at,
            published_at=at,
        )
        for _ in range(count)
    )
    Assignment.objects.bulk_create(
        Assignment(
            issue=issue,
            department=department,
            assigned_at=at,
            due_date=day + timedelta(days=5),
            first_reply_at=at + timedelta(hours=2) if answered else None,
        )
        for issue in issues
    )


@pytest.fixture
def a_year_of_data(department_a, category, district):
    """Ten issues a month for housing from January 2025, and one on 1 December 2026."""
    for year, month in [(2025, m) for m in range(1, 13)] + [(2026, m) for m in range(1, 12)]:
        received(department_a, category, district, date(year, month, 10), 10)
    received(department_a, category, district, date(2026, 12, 1), 1, answered=False)
    return department_a


def row_of(response, department):
    return next(row for _rank, row in response.context["rows"] if row.department == department)


# --- periods --------------------------------------------------------------------------------


def test_every_period_has_a_key_that_names_it_again():
    for period in (
        Period.month(date(2026, 11, 5)),
        Period.quarter(date(2026, 11, 5)),
        Period.year(date(2026, 11, 5)),
        Period.month(date(2027, 1, 31)),
    ):
        assert Period.from_key(period.key) == period
    assert [Period.from_key(k).first_day for k in ("2026-02", "2026-Q3", "2025")] == [
        date(2026, 2, 1),
        date(2026, 7, 1),
        date(2025, 1, 1),
    ]
    for nonsense in ("", "month", "2026-13", "2026-Q5", "2026-1", "26-11", "2026-11-01", "0999"):
        assert Period.from_key(nonsense) is None


def test_next_and_previous_cross_the_turn_of_the_year():
    december = Period.month(date(2026, 12, 2))
    assert december.next().key == "2027-01" and december.next().previous() == december
    assert Period.quarter(date(2026, 1, 2)).previous().key == "2025-Q4"
    assert Period.year(date(2026, 1, 2)).next().key == "2027"


def test_the_default_is_the_latest_complete_period_unless_nothing_came_before():
    today = date(2026, 12, 2)
    long_ago = date(2024, 3, 1)
    assert default_period("month", long_ago, today).key == "2026-11"
    assert default_period("quarter", long_ago, today).key == "2026-Q3"
    assert default_period("year", long_ago, today).key == "2025"
    # A site whose first issue came this month has no complete month to show.
    assert default_period("month", date(2026, 12, 1), today).key == "2026-12"


def test_the_chooser_lists_periods_from_the_current_one_back_to_the_first_issue():
    months = periods_back_to("month", date(2025, 11, 20), date(2026, 12, 2))
    assert [p.key for p in months][:3] == ["2026-12", "2026-11", "2026-10"]
    assert months[-1].key == "2025-11" and len(months) == 14


# --- the page -------------------------------------------------------------------------------


def test_on_two_december_the_page_opens_on_november_with_its_figures(client, a_year_of_data):
    response = client.get(FIGURES)
    assert response.context["period"].key == "2026-11"
    housing = row_of(response, a_year_of_data)
    assert housing.received == 10 and not housing.reply_rate.too_few
    page = response.content.decode()
    assert "November 2026" in page
    assert "still in progress" not in page


def test_the_period_in_progress_says_so_and_links_to_the_last_complete_one(client, a_year_of_data):
    response = client.get(FIGURES, {"period": "2026-12"})
    page = response.content.decode()
    assert row_of(response, a_year_of_data).reply_rate.too_few
    assert "still in progress" in page
    assert "See the last complete period: November 2026" in page
    assert "?period=2026-11&amp;" in page
    assert response.context["next"] is None  # nothing after today


def test_any_past_month_quarter_or_year_can_be_chosen(client, a_year_of_data):
    for key, expected in (("2025-03", 10), ("2026-Q2", 30), ("2025", 120)):
        response = client.get(FIGURES, {"period": key})
        assert response.status_code == 200
        assert row_of(response, a_year_of_data).received == expected
    chooser = client.get(FIGURES).content.decode()
    for option in (
        'value="2025-01"',
        'value="2026-Q4"',
        'value="2025"',
        'value="2026-11" selected',
    ):
        assert option in chooser
    assert 'value="2024-12"' not in chooser  # before the first issue


def test_previous_and_next_links_walk_through_the_months(client, a_year_of_data):
    response = client.get(FIGURES, {"period": "2026-01", "sort": "reply_rate", "dir": "desc"})
    assert (response.context["previous"].key, response.context["next"].key) == (
        "2025-12",
        "2026-02",
    )
    page = response.content.decode()
    assert 'href="?period=2025-12&amp;sort=reply_rate&amp;dir=desc"' in page
    first = client.get(FIGURES, {"period": "2025-01"})
    assert first.context["previous"] is None  # nothing before the first issue


def test_future_unknown_and_too_early_periods_say_there_are_no_figures(client, a_year_of_data):
    for key in ("2026-Q5", "2027-01", "2027", "soon", "1999", "2024-12", "2024-Q4"):
        response = client.get(FIGURES, {"period": key})
        assert response.status_code == 404, key
        page = response.content.decode()
        assert "There are no figures for" in page, key
        assert "<table" not in page
        for valid in ("2026-11", "2026-Q3", "2025"):  # the latest complete month, quarter, year
            assert f'href="?period={valid}"' in page, key
            assert client.get(FIGURES, {"period": valid}).status_code == 200


def test_switching_granularity_keeps_the_shown_period(client, a_year_of_data):
    def kinds(key):
        links = client.get(FIGURES, {"period": key}).context["kinds"]
        return [link["key"] for link in links]

    assert kinds("2026-11") == ["2026-11", "2026-Q4", "2026"]
    assert kinds("2026-05") == ["2026-05", "2026-Q2", "2026"]
    assert kinds("2026-Q3") == ["2026-09", "2026-Q3", "2026"]
    assert kinds("2026") == ["2026-11", "2026-Q3", "2026"]  # the defaults lie inside 2026
    assert kinds("2025") == ["2025-12", "2025-Q4", "2025"]
    assert kinds("2026-12") == ["2026-12", "2026-Q4", "2026"]


def test_the_page_costs_the_same_queries_whatever_the_period(client, a_year_of_data, settings):
    settings.ECHOWALL = {**settings.ECHOWALL, "FIGURES_CACHE_SECONDS": 0}
    counts = set()
    for key in ("2026-12", "2026-11", "2025-03", "2026-Q3", "2025", "2026"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(FIGURES, {"period": key, "sort": "reply_rate"}).status_code == 200
        counts.add(len(queries))
    assert len(counts) == 1


def test_the_csv_export_takes_the_same_period(client, moderator, a_year_of_data):
    client.force_login(moderator)
    response = client.get(CSV, {"period": "2026-Q2"})
    assert 'filename="department-figures-2026-Q2.csv"' in response["Content-Disposition"]
    assert client.get(CSV, {"period": "2027-01"}).status_code == 404
    Department.objects.exclude(pk=a_year_of_data.pk).delete()
    default = client.get(CSV).content.decode("utf-8-sig")
    assert "2026-11,2026-11-01,2026-11-30," in default


def test_a_week_runs_monday_to_monday_and_is_named_by_its_iso_week():
    week = Period.week(date(2026, 11, 25))  # a Wednesday
    assert (week.first_day, week.last_day) == (date(2026, 11, 23), date(2026, 11, 29))
    assert week.key == "2026-W48"
    assert Period.from_key("2026-W48") == week
    assert Period.from_key("2026-W54") is None
    assert week.next().first_day == date(2026, 11, 30)
