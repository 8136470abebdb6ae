"""The results bulletin's columns and 红黑榜 on a hand-built data set with known answers.

Rule: every number of a bulletin comes from the figures service (one definition); 按时办结 +
超时办结 + 未办结 = 交办总量; a unit below a threshold (as the percentage shown) is named, a unit
at 100% is praised, a unit under the minimum sample is listed as too few on that measure and
never ranked on it; the thresholds in force when the bulletin is drafted are the ones that count.
The period is November 2026 in Asia/Shanghai; the cut-off is 2 December 2026.
"""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from feedback.models import Assignment, Department, Issue
from polls.models import Poll, PollVote
from reporting.bulletins import freeze, thaw
from reporting.figures import department_figures
from reporting.figures.topics import topic_counts, topics
from reporting.periods import Period

NOVEMBER = Period.month(date(2026, 11, 15))
CUTOFF = timezone.make_aware(datetime(2026, 12, 2, 9, 0))
H = timedelta(hours=1)


def at(month, day, hour=0):
    return timezone.make_aware(datetime(2026, month, day, hour))


def make_issue(category, district, created, published=True, **extra):
    return Issue.objects.create(
        title="t",
        body="b",
        submitted_title="t",
        submitted_body="b",
        category=category,
        district=district,
        status=extra.pop("status", "assigned"),
        created_at=created,
        published_at=created + H if published else None,
        **extra,
    )


def assign(issue, department, assigned, due, reply=None, resolved=None, reopened=False):
    return Assignment.objects.create(
        issue=issue,
        department=department,
        assigned_at=assigned,
        due_date=due,
        first_reply_at=assigned + reply * H if reply is not None else None,
        resolved_at=assigned + resolved * H if resolved is not None else None,
        reopened=reopened,
    )


@pytest.fixture
def data(db, category, district, department_a, department_b):
    """A: 12 assignments, 11 answered (91.7%), 6 resolved on time, 2 late, 4 unresolved of which
    3 overdue at the cut-off; 5 reporter verdicts, 4 satisfied (80%).
    B: 5 assignments, all answered and resolved on time (100%); 4 verdicts, all satisfied (too
    few on satisfaction). C: 4 assignments (too few on every rate)."""
    Department.objects.filter(pk=department_a.pk).update(sort_order=1)
    Department.objects.filter(pk=department_b.pk).update(sort_order=2)
    department_c = Department.objects.create(name="市民政局", slug="minzheng", sort_order=3)
    A, B, C = department_a, department_b, department_c
    day = date(2026, 11, 1)
    for n in range(12):
        issue = make_issue(category, district, at(11, 1 + n))
        assigned = at(11, 1 + n, 10)
        due = day + timedelta(days=n + 3)
        if n < 6:  # resolved within a day: on time
            a = assign(issue, A, assigned, due, reply=2, resolved=20)
        elif n < 8:  # resolved ten days later: late
            a = assign(issue, A, assigned, due, reply=2, resolved=240)
        elif n < 11:  # answered, not resolved, due date long past at the cut-off: overdue
            a = assign(issue, A, assigned, due, reply=2)
        else:  # never answered; due on 15 November... of the next month: not overdue
            a = assign(issue, A, assigned, date(2026, 12, 15))
        if n < 5:
            poll = Poll.objects.create(
                issue=issue, round=1, opened_at=at(11, 20), closes_at=at(12, 20)
            )
            choice = "satisfied" if n < 4 else "dissatisfied"
            PollVote.objects.create(
                poll=poll, source="reporter", choice=choice, created_at=at(11, 21)
            )
        del a
    for n in range(5):
        issue = make_issue(category, district, at(11, 3 + n))
        assign(issue, B, at(11, 3 + n, 10), day + timedelta(days=20), reply=1, resolved=5)
        if n < 4:
            poll = Poll.objects.create(
                issue=issue, round=1, opened_at=at(11, 20), closes_at=at(12, 20)
            )
            PollVote.objects.create(
                poll=poll, source="reporter", choice="satisfied", created_at=at(11, 22)
            )
    for n in range(4):
        issue = make_issue(category, district, at(11, 5 + n))
        assign(issue, C, at(11, 5 + n, 10), day + timedelta(days=20), reply=1)
    # One rejected issue of November and two accepted in October (the previous period).
    make_issue(category, district, at(11, 9), published=False, status="rejected")
    for n in range(2):
        make_issue(category, district, at(10, 10 + n))
    return A, B, C


def frozen(thresholds=None):
    with time_machine.travel(CUTOFF, tick=False):
        return freeze(NOVEMBER, thresholds)


def test_unit_columns_match_the_known_data(data):
    A, B, C = data
    figures = thaw(frozen())
    a, b, c = figures.units
    assert [u.name for u in figures.units] == [A.name, B.name, C.name]
    assert a.received == 12
    assert (a.resolution.resolved_on_time, a.resolution.resolved_late, a.resolution.unresolved) == (
        6,
        2,
        4,
    )
    assert a.resolution.overdue_unresolved == 3
    assert str(a.resolution_rate) == "66.7%"  # 8 ÷ 12
    assert str(a.on_time_resolution_rate) == "50.0%"  # 6 ÷ 12
    assert str(a.reply_rate) == "91.7%"  # 11 ÷ 12
    assert str(a.reporter_satisfaction) == "80.0%" and a.dissatisfied == 1
    assert str(b.reply_rate) == "100.0%" and b.resolution.overdue_unresolved == 0
    assert c.reply_rate.too_few
    for unit in figures.units:
        r = unit.resolution
        assert r.resolved_on_time + r.resolved_late + r.unresolved == unit.received


def test_city_totals_count_accepted_issues_apart_from_rejected_ones(data):
    figures = thaw(frozen())
    assert figures.city.received == 22  # 12 + 5 + 4 + the rejected one
    assert figures.accepted == 21
    assert figures.city.resolution.assignments == 21


def test_units_below_a_threshold_are_named_and_units_at_100_percent_praised(data):
    A, B, C = data
    figures = thaw(frozen())
    assert figures.lists["named"]["reply_rate"] == [figures.units[0]]  # 91.7% < 92%
    assert figures.lists["praised"]["reply_rate"] == [figures.units[1]]
    assert [u.id for u in figures.lists["too_few"]["reply_rate"]] == [C.pk]
    # Satisfaction: A at 80% is named; B has only 4 verdicts, too few, so never praised.
    assert [u.id for u in figures.lists["named"]["reporter_satisfaction"]] == [A.pk]
    assert [u.id for u in figures.lists["too_few"]["reporter_satisfaction"]] == [B.pk, C.pk]
    assert figures.lists["praised"]["reporter_satisfaction"] == []
    assert "on_time_resolution_rate" not in figures.lists["named"]  # that rule is off


def test_a_rate_exactly_at_the_threshold_is_not_named(data):
    A, _, _ = data
    figures = thaw(frozen({"reply_rate_min": 91.7}))
    assert figures.lists["named"]["reply_rate"] == []
    figures = thaw(frozen({"reply_rate_min": 91.8}))
    assert [u.id for u in figures.lists["named"]["reply_rate"]] == [A.pk]


def test_the_optional_on_time_resolution_rule_names_units_under_it(data):
    A, B, _ = data
    figures = thaw(frozen({"on_time_resolution_min": 60.0}))
    assert [u.id for u in figures.lists["named"]["on_time_resolution_rate"]] == [A.pk]
    assert [u.id for u in figures.lists["praised"]["on_time_resolution_rate"]] == [B.pk]


def test_overdue_units_are_those_with_unresolved_assignments_past_due_most_first(data):
    A, _, C = data  # C: 4 unresolved, due 21 November; A: 3 (its fourth is due in December)
    assert [u.id for u in thaw(frozen()).overdue_units] == [C.pk, A.pk]


def test_frozen_columns_equal_the_live_figures_service(data):
    with time_machine.travel(CUTOFF, tick=False):
        live = {f.department.pk: f for f in department_figures(NOVEMBER)}
    for unit in thaw(frozen()).units:
        figures = live[unit.id]
        assert str(unit.reply_rate) == str(figures.reply_rate)
        assert unit.resolution == figures.resolution
        assert str(unit.reporter_satisfaction) == str(figures.reporter_satisfaction)
        assert unit.first_reply_time.median_display == figures.first_reply_time.median_display


def test_hot_topics_give_share_and_change_against_the_previous_period(
    data, other_category, district
):
    # One more November issue in another category: 21 accepted in "城市管理", 1 in the other.
    make_issue(other_category, district, at(11, 12))
    first, second = topics(topic_counts(NOVEMBER, "category"))
    assert (first.name, first.count, first.previous) == ("城市管理", 21, 2)
    assert first.share == round(100 * 21 / 22, 1)
    assert first.change == 950.0  # (21 − 2) ÷ 2
    assert (second.count, second.previous, second.change) == (1, 0, None)


def test_the_new_counts_add_no_query_to_the_department_figures(data):
    with CaptureQueriesContext(connection) as queries:
        department_figures(NOVEMBER)
    assert len(queries) == 5
