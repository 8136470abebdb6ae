"""Every figure on a hand-built data set with known answers.

Rows are written with explicit timestamps (the clearest way to know the answers); the period is
November 2026 in the site's time zone (Asia/Shanghai, UTC+8). Expected values are worked out in the
comments next to each assertion.
"""

from datetime import UTC, date, datetime, timedelta
from itertools import count

import pytest
from django.utils import timezone, translation

from feedback.models import Assignment, Department, Issue
from polls.models import Poll, PollVote
from reporting.figures import city_figures, department_figures, sort_figures
from reporting.periods import Period

NOVEMBER = Period.month(date(2026, 11, 15))
H = timedelta(hours=1)
_keys = count()


@pytest.fixture(autouse=True)
def in_english(settings):
    """Interface text is asserted in English, as after the language switch, for every browser."""
    with translation.override("en", deactivate=True):
        settings.LANGUAGE_CODE = "en"
        yield


def at(month, day, hour=0, minute=0):
    year = 2026 if month > 1 else 2027
    return timezone.make_aware(datetime(year, month, day, hour, minute))


@pytest.fixture
def department_c(db):
    return Department.objects.create(name="市民政局", slug="minzheng", sort_order=3)


@pytest.fixture
def data(db, category, district, department_a, department_b, department_c):
    """The data set. Durations are in hours after the assignment."""
    Department.objects.filter(pk=department_a.pk).update(sort_order=1)
    Department.objects.filter(pk=department_b.pk).update(sort_order=2)

    def issue(created, published=None, status="assigned"):
        return Issue.objects.create(
            title="t",
            body="b",
            submitted_title="t",
            submitted_body="b",
            category=category,
            district=district,
            status=status,
            created_at=created,
            published_at=published,
        )

    def assign(
        issue, department, assigned, due=None, reply=None, resolved=None, reopened=False, round=1
    ):
        return Assignment.objects.create(
            issue=issue,
            department=department,
            assigned_at=assigned,
            due_date=due,
            first_reply_at=assigned + reply * H if reply is not None else None,
            resolved_at=assigned + resolved * H if resolved is not None else None,
            reopened=reopened,
            round=round,
        )

    def poll(issue, round=1):
        return Poll.objects.create(
            issue=issue, round=round, opened_at=at(11, 1), closes_at=at(12, 31)
        )

    def vote(poll, source, choice, when):
        return PollVote.objects.create(
            poll=poll,
            source=source,
            choice=choice,
            created_at=when,
            browser_key=f"browser-{next(_keys)}" if source == "public" else "",
        )

    # Issues: received = created in November, published = published in November.
    issue1 = issue(at(10, 31, 20), at(11, 1))  # published only
    issue2 = issue(at(11, 2), at(11, 2, 9))
    issue3 = issue(at(11, 4), at(11, 4, 22))
    issue4 = issue(at(11, 5), at(11, 5, 9))
    issue5 = issue(at(11, 6), at(11, 6, 1))
    issue6 = issue(at(11, 7), at(11, 7, 1))
    issue_b2 = issue(at(11, 11), at(11, 11, 1))
    issue(at(11, 30, 23, 59), None, status="submitted")  # received only
    issue(at(11, 20), None, status="rejected")  # received only
    old = issue(at(10, 30), at(10, 31))
    later = issue(at(12, 1), at(12, 1))

    A, B = department_a, department_b
    # Department A: six assignments in November.
    assign(issue1, A, at(11, 1), due=date(2026, 11, 5), reply=1, resolved=10)  # first instant
    assign(issue2, A, at(11, 3, 10), due=date(2026, 11, 5), reply=2, resolved=20, reopened=True)
    # Due on the 4th; the reply at 01:00 local on the 5th (still the 4th in UTC) is late.
    assign(issue3, A, at(11, 4, 23), due=date(2026, 11, 4), reply=2, resolved=30)
    assign(issue4, A, at(11, 5, 10), due=date(2026, 11, 6), reply=70, resolved=80)
    assign(issue5, A, at(11, 6), reply=10)
    assign(issue6, A, at(11, 7), due=date(2026, 11, 20))
    # Outside November: the last minute of October and the first instant of December.
    assign(old, A, at(10, 31, 23, 30), due=date(2026, 11, 1), reply=1, resolved=2)
    assign(later, A, at(12, 1), reply=1, resolved=2)
    # Department B: three assignments; issue1 is shared with A, issue2's second round is B's.
    assign(issue1, B, at(11, 10), due=date(2026, 11, 15), reply=5, resolved=6)
    assign(issue_b2, B, at(11, 11), due=date(2026, 11, 12))
    assign(issue2, B, at(11, 12), reply=3, round=2)

    # Polls. P1 rates A and B (issue1 round 1), P2 rates A only (issue2 round 1), P3 rates A.
    p1, p2, p3 = poll(issue1), poll(issue2), poll(issue3)
    vote(p1, "reporter", "satisfied", at(11, 3))
    vote(p1, "public", "satisfied", at(11, 3))
    vote(p1, "public", "basically_satisfied", at(11, 4))
    vote(p1, "public", "dissatisfied", at(11, 5))
    vote(p2, "reporter", "dissatisfied", at(11, 6))
    vote(p2, "public", "satisfied", at(11, 6))
    vote(p2, "public", "satisfied", at(11, 6, 1))
    vote(p3, "reporter", "basically_satisfied", at(11, 8))
    vote(p3, "public", "dissatisfied", at(12, 1))  # December: outside
    vote(p3, "public", "satisfied", at(10, 31, 23, 59))  # October: outside
    return {"A": A, "B": B, "C": department_c}


def by_name(rows):
    return {row.department.slug: row for row in rows}


def test_periods_are_local_calendar_months_quarters_and_years():
    shanghai_midnight = timezone.make_aware(datetime(2026, 11, 1))
    assert NOVEMBER.start == shanghai_midnight
    assert NOVEMBER.start.astimezone(UTC) == datetime(2026, 10, 31, 16, tzinfo=UTC)
    assert (NOVEMBER.first_day, NOVEMBER.last_day) == (date(2026, 11, 1), date(2026, 11, 30))
    quarter = Period.quarter(date(2026, 11, 15))
    assert (quarter.first_day, quarter.last_day) == (date(2026, 10, 1), date(2026, 12, 31))
    assert Period.quarter(date(2026, 2, 28)).first_day == date(2026, 1, 1)
    year = Period.year(date(2026, 11, 15))
    assert (year.first_day, year.last_day) == (date(2026, 1, 1), date(2026, 12, 31))
    assert NOVEMBER.previous().first_day == date(2026, 10, 1)
    assert Period.current("nonsense", date(2026, 11, 15)) == NOVEMBER
    assert (NOVEMBER.label, quarter.label, year.label) == ("2026-11", "2026 Q4", "2026")


def test_department_counts_use_the_assignment_date_with_a_half_open_period(data):
    a = by_name(department_figures(NOVEMBER))["zhujian"]
    # Six assignments from 1 Nov 00:00 (in) to 7 Nov; 31 Oct 23:30 and 1 Dec 00:00 are out.
    assert (a.received, a.answered, a.resolved, a.reopened) == (6, 5, 4, 1)
    assert a.published is None


def test_reply_and_on_time_rates(data):
    a = by_name(department_figures(NOVEMBER))["zhujian"]
    # Answered 5 of 6 received.
    assert (a.reply_rate.numerator, a.reply_rate.denominator) == (5, 6)
    assert a.reply_rate.percent == 83.3 and not a.reply_rate.too_few
    # With a due date: 1, 2, 3, 4, 6. On time: 1 and 2; 3 replied on the 5th local time (late),
    # 4 replied after its due date, 6 never replied.
    assert (a.on_time_rate.numerator, a.on_time_rate.denominator) == (2, 5)
    assert a.on_time_rate.percent == 40.0


def test_median_and_90th_percentile_with_ties(data):
    a = by_name(department_figures(NOVEMBER))["zhujian"]
    # First replies, sorted: 1, 2, 2, 10, 70 hours (a tie at 2).
    # Median: position 1 + 0.5 × 4 = 3 → 2 h. P90: position 4.6 → 10 + 0.6 × (70 − 10) = 46 h.
    assert a.first_reply_time.sample == 5
    assert a.first_reply_time.median == 2 * H
    assert a.first_reply_time.p90 == 46 * H
    assert a.first_reply_time.median_hours == 2.0 and a.first_reply_time.p90_hours == 46.0


def test_an_even_sample_interpolates_between_the_two_middle_values(data):
    a = by_name(department_figures(NOVEMBER))["zhujian"]
    # Resolutions: 10, 20, 30, 80 h. Median: position 2.5 → 25 h; P90: 3.7 → 30 + 0.7 × 50 = 65 h.
    assert a.resolution_time.median == 25 * H
    assert a.resolution_time.p90 == 65 * H
    # ... but four resolutions are under the minimum sample of five.
    assert a.resolution_time.too_few
    assert a.resolution_time.median_display == "too few"


def test_reopen_rate_is_reopened_over_resolved(data):
    a = by_name(department_figures(NOVEMBER))["zhujian"]
    assert (a.reopen_rate.numerator, a.reopen_rate.denominator) == (1, 4)
    assert a.reopen_rate.too_few  # four resolved < 5
    assert str(a.reopen_rate) == "too few"


def test_satisfaction_rates_keep_reporters_and_public_apart(data):
    a = by_name(department_figures(NOVEMBER))["zhujian"]
    # Reporters: P1 satisfied, P2 dissatisfied, P3 basically satisfied → 2 of 3.
    assert (a.reporter_satisfaction.numerator, a.reporter_satisfaction.denominator) == (2, 3)
    assert a.reporter_satisfaction.too_few
    # Public in November: P1 satisfied, basically, dissatisfied; P2 satisfied × 2 → 4 of 5.
    # P3's October and December votes are outside.
    assert (a.public_satisfaction.numerator, a.public_satisfaction.denominator) == (4, 5)
    assert a.public_satisfaction.percent == 80.0 and not a.public_satisfaction.too_few


def test_votes_count_for_the_departments_of_the_round_they_rate(data):
    b = by_name(department_figures(NOVEMBER))["jiaotong"]
    # Only P1 (issue1, round 1) rates B; P2 rates issue2's round 1, which was A's alone.
    assert (b.reporter_satisfaction.numerator, b.reporter_satisfaction.denominator) == (1, 1)
    assert (b.public_satisfaction.numerator, b.public_satisfaction.denominator) == (2, 3)


def test_a_department_under_the_minimum_sample(data):
    b = by_name(department_figures(NOVEMBER))["jiaotong"]
    assert (b.received, b.answered, b.resolved) == (3, 2, 1)
    assert (b.reply_rate.numerator, b.reply_rate.denominator) == (2, 3)
    assert (b.on_time_rate.numerator, b.on_time_rate.denominator) == (1, 2)
    # Replies after 5 h and 3 h: median 4 h, P90 at position 1.9 → 3 + 0.9 × 2 = 4.8 h.
    assert b.first_reply_time.median == 4 * H
    assert b.first_reply_time.p90 == timedelta(hours=4.8)
    for figure in (
        b.reply_rate,
        b.on_time_rate,
        b.first_reply_time,
        b.reopen_rate,
        b.reporter_satisfaction,
        b.public_satisfaction,
    ):
        assert figure.too_few


def test_a_department_without_data_and_an_empty_period(data):
    c = by_name(department_figures(NOVEMBER))["minzheng"]
    assert (c.received, c.answered, c.resolved, c.reopened) == (0, 0, 0, 0)
    assert c.reply_rate.value is None and c.reply_rate.too_few
    assert c.first_reply_time.median is None and c.first_reply_time.sample == 0

    september = Period.month(date(2026, 9, 1))
    city = city_figures(september)
    assert (city.received, city.published, city.answered, city.resolved) == (0, 0, 0, 0)
    assert city.public_satisfaction.value is None and city.first_reply_time.p90 is None
    assert all(row.received == 0 for row in department_figures(september))


def test_city_figures(data):
    city = city_figures(NOVEMBER)
    assert city.department is None
    # Issues: created in November 8 (issue1 was created on 31 Oct), published in November 7.
    assert (city.received, city.published) == (8, 7)
    # Assignments pooled over departments: A 6 + B 3.
    assert (city.answered, city.resolved, city.reopened) == (7, 5, 1)
    assert (city.reply_rate.numerator, city.reply_rate.denominator) == (7, 9)
    assert (city.on_time_rate.numerator, city.on_time_rate.denominator) == (3, 7)
    # Replies: 1, 2, 2, 3, 5, 10, 70 → median 3 h; P90 position 6.4 → 10 + 0.4 × 60 = 34 h.
    assert (city.first_reply_time.median, city.first_reply_time.p90) == (3 * H, 34 * H)
    # Resolutions: 6, 10, 20, 30, 80 → median 20 h; P90 position 4.6 → 30 + 0.6 × 50 = 60 h.
    assert (city.resolution_time.median, city.resolution_time.p90) == (20 * H, 60 * H)
    assert not city.resolution_time.too_few
    assert (city.reopen_rate.numerator, city.reopen_rate.denominator) == (1, 5)
    # Each vote once: reporters 2 of 3; public 4 of 5 (P1's votes are not counted twice).
    assert (city.reporter_satisfaction.numerator, city.reporter_satisfaction.denominator) == (2, 3)
    assert (city.public_satisfaction.numerator, city.public_satisfaction.denominator) == (4, 5)


def test_the_minimum_sample_is_a_setting(data, settings):
    settings.ECHOWALL = {**settings.ECHOWALL, "MIN_SAMPLE": 2}
    b = by_name(department_figures(NOVEMBER))["jiaotong"]
    assert not b.reply_rate.too_few and not b.first_reply_time.too_few
    assert b.resolution_time.too_few  # one resolution


def test_sorting_puts_too_few_last_whatever_the_direction(data, settings):
    settings.ECHOWALL = {**settings.ECHOWALL, "MIN_SAMPLE": 3}
    rows = department_figures(NOVEMBER)
    # Reply rates: A 5/6 (n=6), B 2/3 (n=3), C none (n=0).
    best_first = [row.department.slug for row in sort_figures(rows, "reply_rate", descending=True)]
    worst_first = [row.department.slug for row in sort_figures(rows, "reply_rate")]
    assert best_first == ["zhujian", "jiaotong", "minzheng"]
    assert worst_first == ["jiaotong", "zhujian", "minzheng"]
    fastest = sort_figures(rows, "first_reply_median")
    assert [row.department.slug for row in fastest] == ["zhujian", "jiaotong", "minzheng"]


def test_the_real_workflow_feeds_the_figures(issue_in, department_a, staff_a, settings):
    """The same numbers come out when the rows are made by the real model methods."""
    settings.ECHOWALL = {**settings.ECHOWALL, "MIN_SAMPLE": 1}
    issue = issue_in("resolved")
    Poll.objects.get(issue=issue).record_reporter_verdict("dissatisfied", problem_persists=True)
    row = by_name(department_figures(Period.month()))["zhujian"]
    # Round 1 (resolved, then reopened by the reporter) and round 2 (open again).
    assert (row.received, row.answered, row.resolved, row.reopened) == (2, 1, 1, 1)
    assert row.reopen_rate.value == 1.0
    assert (row.reporter_satisfaction.numerator, row.reporter_satisfaction.denominator) == (0, 1)


def test_a_period_can_also_be_given_as_start_and_end(data):
    start, end = NOVEMBER.start, NOVEMBER.end
    assert by_name(department_figures(start, end))["zhujian"].received == 6
    assert city_figures(start, end).published == 7
    # Starting one microsecond later drops the assignment made at the first instant.
    later = by_name(department_figures(start + timedelta(microseconds=1), end))["zhujian"]
    assert later.received == 5
