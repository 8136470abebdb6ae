"""返工率 and 提级督办 in the figures, and 并单 counted once, on hand-built data with known answers.

The re-do rate of a department is its assignments sent back ÷ its assignments resolved (each
round is an assignment of its own); "escalated" counts the assignments whose sending back
escalated the issue. A merged report counts in no figure of its own: neither received nor
answered nor resolved, for the city or the department, and its votes no more; the city counts
it apart, as a merged report. The period is November 2026 in the site's time zone.
"""

from datetime import date, datetime, timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from feedback.models import Assignment, Issue
from feedback.workflow import Status
from polls.models import Poll, PollVote
from reporting.bulletins import freeze, thaw
from reporting.figures import city_figures, department_figures
from reporting.figures.topics import topic_counts
from reporting.periods import Period
from tests.feedback.test_escalation import reopen_rounds

NOVEMBER = Period.month(date(2026, 11, 15))
H = timedelta(hours=1)


@pytest.fixture(autouse=True)
def in_english(settings):
    with translation.override("en", deactivate=True):
        settings.LANGUAGE_CODE = "en"
        cache.clear()
        yield
        cache.clear()


def at(day, hour=0):
    return timezone.make_aware(datetime(2026, 11, day, hour))


@pytest.fixture
def data(db, category, district, department_a, department_b):
    def issue(day, status=Status.ASSIGNED, merged_into=None):
        return Issue.objects.create(
            title="t",
            body="b",
            submitted_title="t",
            submitted_body="b",
            category=category,
            district=district,
            status=status,
            created_at=at(day),
            published_at=at(day, 1),
            merged_into=merged_into,
        )

    def assign(issue, department, day, round=1, resolved=True, reopened=False, escalated=False):
        return Assignment.objects.create(
            issue=issue,
            department=department,
            assigned_at=at(day, 2),
            due_date=date(2026, 11, day + 5),
            first_reply_at=at(day, 3),
            resolved_at=at(day, 4) if resolved else None,
            reopened=reopened,
            escalated=escalated,
            round=round,
            is_active=not reopened,
        )

    A, B = department_a, department_b
    # Department A. One issue sent back three times (rounds 1-3; the third escalated it),
    # round 4 still open; two more resolved and left alone; one sent back once, round 2 open.
    thrice = issue(2)
    assign(thrice, A, 2, round=1, reopened=True)
    assign(thrice, A, 4, round=2, reopened=True)
    assign(thrice, A, 6, round=3, reopened=True, escalated=True)
    assign(thrice, A, 8, round=4, resolved=False)
    assign(issue(3), A, 3)
    assign(issue(5), A, 5)
    once = issue(7)
    assign(once, A, 7, round=1, reopened=True)
    assign(once, A, 9, round=2, resolved=False)
    # A: 8 assignments, 6 resolved, 4 sent back → 4 ÷ 6 = 66.7 %; 1 escalated.

    # Department B: five resolved, none sent back → 0 ÷ 5 = 0.0 %.
    for day in range(10, 15):
        assign(issue(day), B, day)

    # 并单: two later reports of the same problem merged into `main` (B's). One of them had
    # been assigned to A, resolved and sent back, with a vote: none of it counts.
    main = issue(15)
    assign(main, B, 15)
    for day in (16, 17):
        merged = issue(day, status=Status.MERGED, merged_into=main)
    assign(merged, A, 17, reopened=True, escalated=True)
    poll = Poll.objects.create(issue=merged, round=1, opened_at=at(17), closes_at=at(30))
    PollVote.objects.create(poll=poll, source="reporter", choice="dissatisfied", created_at=at(18))
    return {"A": A, "B": B}


def test_the_re_do_rate_is_assignments_sent_back_over_assignments_resolved(data):
    rows = {row.department: row for row in department_figures(NOVEMBER)}
    a, b = rows[data["A"]], rows[data["B"]]
    assert (a.reopen_rate.numerator, a.reopen_rate.denominator) == (4, 6)
    assert str(a.reopen_rate) == "66.7%"
    assert a.escalated == 1
    assert (b.reopen_rate.numerator, b.reopen_rate.denominator) == (0, 6)  # five + the main thread
    assert str(b.reopen_rate) == "0.0%" and b.escalated == 0


def test_merged_reports_do_not_inflate_the_counts(data):
    rows = {row.department: row for row in department_figures(NOVEMBER)}
    a, b = rows[data["A"]], rows[data["B"]]
    assert (a.received, a.answered, a.resolved) == (8, 8, 6)  # the merged report's is left out
    assert b.received == 6  # five issues and the main thread, once
    assert a.reporter_satisfaction.denominator == 0  # the vote on the merged report
    city = city_figures(NOVEMBER)
    # 12 reports received in November: 4 of A, 5 of B, the main thread and the two merged ones,
    # which are not among the received, accepted or published but counted as "merged".
    assert (city.received, city.extra["accepted"], city.published, city.merged) == (10, 10, 10, 2)
    assert (city.reopen_rate.numerator, city.reopen_rate.denominator, city.escalated) == (4, 12, 1)
    assert sum(row["count"] for row in topic_counts(NOVEMBER)) == 10


def test_the_bulletin_freezes_the_re_do_rate_escalations_and_merged_reports(data):
    figures = thaw(freeze(NOVEMBER))
    a = next(unit for unit in figures.units if unit.id == data["A"].pk)
    assert (a.reopen_rate.numerator, a.reopen_rate.denominator, a.escalated) == (4, 6, 1)
    assert figures.merged == 2 and figures.city.received == 10


def test_a_bulletin_frozen_before_escalation_and_merging_reads_as_none(data):
    snapshot = freeze(NOVEMBER)
    for record in (snapshot["city"], *snapshot["units"]):
        record.pop("escalated")
    snapshot["city"].pop("merged")
    figures = thaw(snapshot)
    assert figures.merged == 0 and all(unit.escalated == 0 for unit in figures.units)


def test_the_real_workflow_feeds_the_re_do_rate_and_the_escalated_count(
    client, settings, issue_in, moderator, staff_a, department_a
):
    settings.ECHOWALL = {**settings.ECHOWALL, "MIN_SAMPLE": 1}
    reopen_rounds(issue_in(Status.ASSIGNED), 3, moderator, staff_a, department_a)
    later = issue_in(Status.PUBLISHED, title="同一处积水又来反映")
    earlier = issue_in(Status.PUBLISHED, title="小区门口积水")
    Issue.objects.filter(pk=earlier.pk).update(created_at=later.created_at - H)
    earlier.refresh_from_db()
    later.merge_into(moderator, earlier, "同一问题、同一地点")

    month = Period.month()
    row = next(r for r in department_figures(month) if r.department == department_a)
    # Rounds 1-3 resolved and sent back, round 4 open; the third sending back escalated it.
    assert (row.received, row.resolved, row.reopened, row.escalated) == (4, 3, 3, 1)
    assert row.reopen_rate.value == 1.0
    city = city_figures(month)
    assert (city.received, city.merged) == (2, 1)

    page = client.get(reverse("wall:figures"), {"period": month.key}).content.decode()
    assert "Re-do rate" in page and "Escalated" in page
    assert '<td class="escalated">1</td>' in page
    assert 'data-merged="1"' in page and "1 further report was merged" in page


def test_how_we_measure_defines_the_re_do_rate_escalations_and_merged_reports(client, db):
    page = client.get(reverse("wall:how_we_measure")).content.decode()
    assert "assignments sent back ÷ assignments resolved" in page
    assert "sent back 3 times" in page
    assert "the group counts once" in page
