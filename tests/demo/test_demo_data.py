"""`manage.py load_initial_data`: a demo that shows every state of the workflow, with consistent
history, masked personal data and working accounts.

The demo (60 issues) is loaded once for the module inside a transaction that is rolled back at
the end; each test runs in its own savepoint inside it.
"""

import datetime
import re
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from demo.builder import demo_usernames
from feedback.models import (
    Assignment,
    DepartmentStaff,
    Issue,
    IssueEvent,
    IssueMerge,
    Message,
    Redaction,
    SupportVote,
)
from feedback.privacy import find_personal_data, official_findings
from feedback.workflow import Status
from home.models import AnalysisPage, BulletinPage, TypicalCasePage
from polls.models import PollVote
from reporting.desk import compute_week, current_week
from reporting.hot_topics_read import public_topics
from reporting.models import HotTopic, HotTopicRun
from reporting.periods import Period

DEMO_ISSUES = 60
PASSWORD = "echowall-demo"


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    # Without a search engine: this module tests the data, not the index.
    with django_db_blocker.unblock(), override_settings(ELASTICSEARCH_URL=""), transaction.atomic():
        out = StringIO()
        call_command("load_initial_data", issues=DEMO_ISSUES, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_output, db):
    return demo_output


def test_demo_has_issues_in_every_state(demo):
    assert Issue.objects.count() == DEMO_ISSUES
    present = set(Issue.objects.values_list("status", flat=True))
    # Most reopens send the issue straight back; a few wait for a moderator to reassign them.
    # Merged reports (并单): demo/merges.py.
    assert present == set(Status.values)
    assert IssueEvent.objects.filter(action=IssueEvent.Action.REOPENED).exists()
    assert Issue.objects.filter(reopen_count__gt=0, status=Status.ASSIGNED).exists()
    assert Issue.objects.filter(hidden_at__isnull=False).exists()
    assert Issue.objects.overdue().exists()
    assert Issue.objects.public().filter(support_count__gt=0).exists()


def test_no_public_text_shows_unmasked_personal_data(demo):
    for issue in Issue.objects.public():
        for value in (issue.title, issue.body, issue.location):
            assert find_personal_data(value) == [], (issue.pk, value)
        assert find_personal_data(issue.display_name, whole_field_is_name=True) == [], issue.pk
    for message in Message.objects.public().filter(kind=Message.Kind.FOLLOW_UP):
        assert find_personal_data(message.body) == [], (message.pk, message.body)
    for reply in (
        Message.objects.public().filter(kind=Message.Kind.REPLY).select_related("department")
    ):  # a department's own service line is public
        assert official_findings(reply.body, [reply.department.phone]) == [], reply.body
    # The masks were made by a moderator and logged; the originals stay private.
    assert Redaction.objects.filter(kind="mobile").exists()


def test_moderation_queue_has_posts_with_masking_suggestions(demo):
    queue = Issue.objects.awaiting_moderation()
    assert any(find_personal_data(issue.submitted_body) for issue in queue)
    assert Message.objects.awaiting_moderation().exists()


def test_every_department_staff_account_can_log_in(demo, client):
    staff = list(DepartmentStaff.objects.select_related("user", "department"))
    assert staff, "one staff account per department"
    for member in staff:
        assert member.user.username == f"{member.department.slug.replace('-', '_')}_staff"
        assert client.login(username=member.user.username, password=PASSWORD), member.user
        client.logout()
    assert client.login(username=staff[0].user.username, password=PASSWORD)
    assert client.get("/admin/").status_code == 200
    client.logout()
    assert client.login(username="moderator", password=PASSWORD)
    assert client.get("/admin/").status_code == 200


def test_replies_are_signed_by_an_assigned_department(demo):
    replies = Message.objects.filter(kind=Message.Kind.REPLY).select_related(
        "department", "author__department_staff"
    )
    assert replies.count() > DEMO_ISSUES // 2
    for reply in replies:
        assert reply.department is not None
        assert reply.author.department_staff.department == reply.department
        assert Assignment.objects.filter(issue=reply.issue_id, department=reply.department).exists()
        assert reply.body.startswith("您好")


def test_timestamps_follow_the_workflow(demo):
    now = timezone.now()
    year_ago = now - timezone.timedelta(days=366)
    for issue in Issue.objects.all():
        assert year_ago <= issue.created_at <= now
        chain = [
            issue.created_at,
            issue.published_at,
            issue.first_assigned_at,
            issue.first_answered_at,
            issue.resolved_at,
            issue.closed_at,
        ]
        stamped = [moment for moment in chain if moment is not None]
        assert stamped == sorted(stamped), issue.pk
        assert stamped[-1] <= now
        if issue.rejected_at:
            assert issue.rejected_at >= issue.created_at
        moments = list(issue.events.order_by("pk").values_list("created_at", flat=True))
        assert moments == sorted(moments), issue.pk


def test_departments_answer_at_varied_speeds_and_some_late(demo):
    answered = Assignment.objects.filter(first_reply_at__isnull=False)
    delays = [(a.first_reply_at - a.assigned_at) for a in answered]
    assert min(delays) < timezone.timedelta(days=1)
    assert max(delays) > timezone.timedelta(days=7)
    late = [a for a in answered if timezone.localdate(a.first_reply_at) > a.due_date]
    assert 0 < len(late) < len(delays) / 2


def test_demo_pages_are_browsable(demo, client):
    assert client.get("/wall/").status_code == 200
    answered = Issue.objects.public().filter(status=Status.CLOSED).first()
    page = client.get(answered.get_absolute_url())
    assert page.status_code == 200
    reply = answered.messages.filter(kind=Message.Kind.REPLY).first()
    assert reply.body[:20] in page.content.decode()
    hidden = Issue.objects.filter(hidden_at__isnull=False).first()
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_loading_again_leaves_existing_issues_alone(demo):
    out = StringIO()
    call_command("load_initial_data", issues=40, stdout=out)
    assert "already exist" in out.getvalue()
    assert Issue.objects.count() == DEMO_ISSUES


def test_reset_replaces_the_demo(demo):
    out = StringIO()
    call_command("load_initial_data", issues=40, reset=True, seed=7, stdout=out)
    assert Issue.objects.count() == 40
    assert set(demo_usernames()) <= set(
        DepartmentStaff.objects.values_list("user__username", flat=True)
    ) | {"admin", "moderator"}
    assert "Loaded 40 issues" in out.getvalue()


def test_demo_resolved_issues_carry_satisfaction_votes(demo):
    assert PollVote.objects.reporter().exists()
    assert PollVote.objects.public().exists()
    # Every reporter verdict belongs to a round that was resolved before the vote.
    for vote in PollVote.objects.reporter().select_related("poll__issue")[:50]:
        assert vote.created_at >= vote.poll.opened_at


def test_demo_issues_carry_the_case_number_of_the_day_they_were_received(demo):
    issues = list(Issue.objects.order_by("created_at", "pk"))
    per_day = {}
    for issue in issues:
        day = timezone.localtime(issue.created_at).strftime("%Y%m%d")
        per_day[day] = per_day.get(day, 0) + 1
        assert issue.case_number == f"{day}-{per_day[day]:04d}", issue.pk


def _mentioned_days(text, received):
    """The days a post names ("11月28日"), each taken as its latest occurrence up to a year
    after `received` (a post's "12月2日" on an issue received 11-30 is the coming 2 December)."""
    days = []
    for month, day in re.findall(r"(\d{1,2})月(\d{1,2})日", text):
        mentioned = datetime.date(received.year, int(month), int(day))
        if mentioned > received + datetime.timedelta(days=31):
            mentioned = mentioned.replace(year=received.year - 1)
        days.append(mentioned)
    return days


def test_demo_posts_mention_no_day_after_they_were_received(demo):
    mentioned = 0
    for issue in Issue.objects.all():
        received = timezone.localdate(issue.created_at)
        for day in _mentioned_days(f"{issue.title} {issue.submitted_body}", received):
            assert day <= received, (issue.case_number, issue.submitted_body)
            mentioned += 1
    assert mentioned, "some demo posts name the day it happened"


def test_demo_has_a_year_of_monthly_bulletins_published_through_the_workflow(demo, client):
    monthly = BulletinPage.objects.filter(period_kind="month").order_by("period_start")
    assert monthly.count() == 12
    latest = monthly.last()
    assert latest.period == Period.latest_complete("month")
    assert not latest.live and latest.current_workflow_state.status == "in_progress"
    published = [page for page in monthly if page.live]
    assert len(published) == 11
    assert all(page.get_latest_revision().approved_go_live_at is None for page in published)
    assert BulletinPage.objects.filter(period_kind="quarter", live=True).count() >= 2
    # Drafted with the figures of their cut-off, right after their period ended.
    for page in published:
        assert page.cutoff_at > page.period.end
        assert client.get(page.url).status_code == 200
    assert "chief_editor" in demo and "editor" in demo


def test_the_demo_has_six_typical_cases_citing_its_threads_and_an_analysis(demo, client):
    cases = TypicalCasePage.objects.live()
    assert sorted(cases.values_list("kind", flat=True)) == ["exposure"] * 3 + ["praise"] * 3
    titles = list(cases.values_list("title", flat=True))
    assert len(set(titles)) == len(titles), titles  # six different cases on the home page
    for case in cases:
        cited = [thread.issue for thread in case.threads.all()]
        assert cited and case.departments.exists()
        page = client.get(case.url).content.decode()
        for issue in cited:
            assert (issue.title in page) == issue.is_public
    assert any(not t.issue.is_public for c in cases for t in c.threads.all())
    analysis = AnalysisPage.objects.live().get()
    assert client.get(analysis.url).status_code == 200 and analysis.figures["hot_topics"]


def test_the_demo_has_merged_groups_made_by_the_moderator_through_the_workflow(demo):
    merged = Issue.objects.filter(status=Status.MERGED).select_related("merged_into")
    mains = {report.merged_into for report in merged}
    assert len(mains) >= 2
    for report in merged:
        main = report.merged_into
        assert main.is_public and main.district_id == report.district_id
        assert (main.created_at, main.pk) < (report.created_at, report.pk)
        merge = IssueMerge.objects.get(issue=report)
        assert merge.into == main and merge.is_open and merge.merged_by.username == "moderator"
        assert report.events.filter(action=IssueEvent.Action.MERGED).exists()
    for main in mains:
        received = main.events.filter(action=IssueEvent.Action.MERGE_RECEIVED, is_public=True)
        assert received.count() == main.merged_reports.count()
        assert 1 <= main.merged_reports.count() <= 3  # groups of two to four reports


def test_every_merged_demo_report_is_followed_from_its_link_and_never_public(demo, client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    merged = list(Issue.objects.filter(status=Status.MERGED).select_related("merged_into"))
    public_pages = [client.get(url).content.decode() for url in ("/sitemap.xml", "/wall/feed/")]
    for report in merged:
        main = report.merged_into
        page = client.get(report.get_tracking_url()).content.decode()
        assert f"Your report was merged into thread {main.pk} (same problem)" in page
        assert f'href="{main.get_absolute_url()}"' in page
        assert report.case_number in page
        assert client.get(report.get_absolute_url()).status_code == 404
        for public in public_pages:
            assert report.get_absolute_url() not in public
        thread = client.get(main.get_absolute_url()).content.decode()
        assert report.get_tracking_url() not in thread and report.case_number not in thread


def test_the_demo_has_escalated_threads_for_the_supervisor(demo, client):
    """提级督办: a few threads were sent back three times (open and closed escalations), and the
    supervisor's account sees them on its list."""
    escalated = Issue.objects.escalated()
    assert escalated.count() >= 3
    assert all(issue.reopen_count >= 3 for issue in escalated)
    assert Issue.objects.escalated_now().exists()
    assert escalated.filter(escalation_closed_at__isnull=False).exists()
    assert "supervisor" in demo
    assert client.login(username="supervisor", password=PASSWORD)
    page = client.get("/admin/escalations/").content.decode()
    assert all(f'data-issue="{issue.pk}"' in page for issue in escalated)


def test_the_last_complete_week_gives_the_tv_desk_threads_for_at_least_four_reasons(demo):
    week = current_week().previous()
    selection = compute_week(week)
    reasons = {code for thread in selection.threads for code in thread.reason_codes}
    assert len(reasons) >= 4, reasons
    assert SupportVote.objects.filter(created_at__gte=week.start, created_at__lt=week.end).exists()
    # The counts are the dated rows, as "me too" keeps them.
    for issue in Issue.objects.public().filter(support_count__gt=0)[:10]:
        assert issue.support_votes.count() == issue.support_count


def test_the_demo_media_editor_opens_the_run_sheet_of_the_last_complete_week(demo, client):
    """The 行风视线 account reaches the desk; some demo reporters agreed to be contacted."""
    assert "media_editor" in demo
    assert Issue.objects.filter(tv_contact_consent=True, tv_consent_at__isnull=False).exists()
    assert not Issue.objects.filter(tv_contact_consent=True, contact_phone="", contact_email="")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.login(username="media_editor", password=PASSWORD)
    week = current_week().previous()
    page = client.get(f"/admin/tv-desk/{week.key}/")
    assert page.status_code == 200
    html = page.content.decode()
    for thread in compute_week(week).threads:
        assert thread.title in html


def test_the_demo_has_weekly_hot_topics_shown_on_the_analysis_and_the_bulletins(demo, client):
    weeks = HotTopicRun.objects.filter(kind=HotTopicRun.Kind.WEEK)
    assert weeks.count() >= 40  # every complete week since the first thread
    assert len(set(weeks.values_list("start", flat=True))) == weeks.count()
    # 60 threads are about one a week: topics form over the longer periods the pages show.
    assert HotTopic.objects.exists()
    analysis = AnalysisPage.objects.live().get()
    run = HotTopicRun.objects.filter(kind="quarter", start=analysis.period.start).get()
    html = client.get(analysis.url).content.decode()
    assert html.count('class="hot-spot"') == len(public_topics(run, 5))
    assert 'class="hot-spots"' in html and "/admin/" not in html.split("<main", 1)[1]
    with_block = [page for page in BulletinPage.objects.live() if page.body]
    assert with_block  # the month before the latest (the latest awaits approval)
    assert 'class="hot-spots"' in client.get(with_block[0].url).content.decode()
