"""The TV desk's page in the admin (/admin/tv-desk/<week>/): media staff and moderators only (a
department's staff get a 403 page, accounts outside the admin the log-in page); a malformed,
non-existent or future week is a 400 page in the admin's frame. The run sheet shows the selected
threads with why each was picked, the departments past due (the marked ones first), the week's hot
topics and the follow-up, with links to the week before and after and to the exports. The page
runs the same number of SQL queries for a few threads and for sixteen. (The editors' decisions:
test_tv_desk_decisions.py.)"""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from feedback.models import Assignment, Issue, Photo, SupportVote
from feedback.workflow import Status
from reporting.desk import build_week
from reporting.models import DeskDecision, DeskWeek, HotTopic, HotTopicRun

from . import tv_desk_pages
from .tv_desk_pages import LAST_WEEK, THIS_WEEK, card, listed, post, section, sheet, url

# The shared fixtures (bound here, not imported, so that tests may name them as arguments).
editor = tv_desk_pages.editor
staff = tv_desk_pages.staff
supported = tv_desk_pages.supported

# --- who may open it ------------------------------------------------------------------------


def test_the_desk_opens_on_the_week_in_progress(client, editor):
    client.force_login(editor)
    response = client.get("/admin/tv-desk/")
    assert response.status_code == 302 and response["Location"] == url(THIS_WEEK)


def test_visitors_and_accounts_outside_the_admin_are_sent_to_log_in(client, plain_user):
    assert client.get(url()).status_code == 302
    assert client.get(url())["Location"].startswith("/admin/login/")
    client.force_login(plain_user)
    response = client.get(url())
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_department_staff_get_a_403_page_and_cannot_decide(client, staff, staff_a, supported):
    issue = supported("路灯不亮")
    client.force_login(staff_a)
    refused = client.get(url())
    assert refused.status_code == 403
    page = refused.content.decode()
    assert "Only media staff and moderators can use the TV desk." in page
    assert 'id="wagtail-sidebar"' in page  # the admin's frame, not a bare text
    assert "路灯不亮" not in page
    answer = client.post(url(), {"action": "pin", "pin-thread": str(issue.pk)})
    assert answer.status_code == 403 and not DeskDecision.objects.exists()


def test_media_staff_and_moderators_see_the_menu_item_and_the_page(
    client, editor, moderator, staff_a, staff
):
    for user, shown in ((editor, True), (moderator, True), (staff_a, False)):
        client.force_login(user)
        home = client.get("/admin/").content.decode()
        assert ('"/admin/tv-desk/"' in home) is shown, user
    assert "TV desk run sheet" in sheet(client, moderator)


@pytest.mark.parametrize(
    "week", ["2026-48", "2026-W00", "2025-W53", "W48", "2026-w48", "next-week", "9999-W01"]
)
def test_a_malformed_nonexistent_or_future_week_is_a_400_page(client, editor, week):
    client.force_login(editor)
    response = client.get(f"/admin/tv-desk/{week}/")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="wagtail-sidebar"' in page and 'data-status="400"' in page
    assert f"“{week}” is not a week the desk can show" in page
    assert "A week looks like 2026-W48" in page


def test_next_week_is_refused_and_not_offered(client, editor):
    following = THIS_WEEK.first_day + timedelta(days=7)
    year, number, _day = following.isocalendar()
    client.force_login(editor)
    assert client.get(f"/admin/tv-desk/{year}-W{number:02d}/").status_code == 400
    html = sheet(client, editor)
    assert f'href="{url(LAST_WEEK)}"' in html and 'rel="next"' not in html
    assert 'rel="next"' in sheet(client, editor, LAST_WEEK)
    for fmt in ("json", "csv", "atom"):
        assert f'href="/api/tv/v1/weeks/{THIS_WEEK}.{fmt}"' in html


# --- what the run sheet shows ---------------------------------------------------------------


def test_the_run_sheet_lists_the_selected_threads_with_why_and_the_facts(
    client, editor, supported, department_a, make_issue
):
    most = supported("公交站台顶棚漏雨", votes=3, body="站台顶棚漏雨，下雨天候车的人全身湿透。")
    Issue.objects.filter(pk=most.pk).update(escalated_at=timezone.now())
    second = supported("小区电梯经常停运", votes=2)
    quiet = make_issue(title="从未公开的帖子")  # not published: never on the desk
    Photo.objects.create(
        issue=most,
        image=ContentFile(b"\xff\xd8\xff\xd9", name="p.jpg"),
        content_type="image/jpeg",
        width=1,
        height=1,
    )
    html = sheet(client, editor)
    assert listed(html) == [most.pk, second.pk]
    assert "从未公开的帖子" not in html and quiet.pk not in listed(html)
    first = card(html, most)
    assert 'data-reason="most_support"' in first and 'data-reason="escalated"' in first
    assert "Most support this week" in first and "Escalated for supervision" in first
    assert "站台顶棚漏雨，下雨天候车的人全身湿透。" in first  # the short summary
    assert department_a.name in first and "Assigned" in first
    assert f'href="/wall/{most.pk}/"' in first
    photo = most.photos.get()
    assert f'src="{photo.get_absolute_url()}"' in first
    assert "Week in progress" in html


def test_departments_past_due_are_counted_and_the_marked_ones_come_first(
    client, editor, supported, department_a, department_b
):
    late = supported("路面塌陷无人处理")
    later = supported("井盖缺失")
    Assignment.objects.filter(issue__in=[late, later]).update(
        due_date=timezone.localdate() - timedelta(days=30)
    )
    html = section(sheet(client, editor), "departments")
    assert 'data-department="zhujian"' in html and "2 threads past due" in html
    post(client, editor, {"action": "question", "question-department": department_b.pk})
    html = section(sheet(client, editor), "departments")
    assert html.index('data-department="jiaotong"') < html.index('data-department="zhujian"')
    marked = html[html.index('data-department="jiaotong"') :]
    assert "To be questioned" in marked and "0 threads past due" in marked
    assert "marked by 陈编辑" in marked


def test_hot_topics_of_the_week_are_listed(client, editor):
    run = HotTopicRun.objects.create(
        kind=HotTopicRun.Kind.WEEK,
        start=THIS_WEEK.start,
        end=THIS_WEEK.end,
        params_key="test",
    )
    HotTopic.objects.create(
        run=run,
        rank=1,
        label="电梯停运",
        size=7,
        support=40,
        growth=3,
        departments=[{"slug": "zhujian", "name": "市住建局", "count": 6}],
    )
    html = section(sheet(client, editor), "hot-topics")
    assert 'data-topic="1"' in html and "电梯停运" in html
    assert "+3" in html and "市住建局 (6)" in html


def test_the_follow_up_shows_last_weeks_threads_then_and_now(client, editor, supported):
    aired = supported("老旧小区加装电梯")
    SupportVote.objects.filter(issue=aired).update(created_at=LAST_WEEK.start + timedelta(days=2))
    build_week(LAST_WEEK)  # the week has ended: frozen with the thread on it
    assert DeskWeek.objects.get(week=LAST_WEEK.key).frozen_at is not None
    html = section(sheet(client, editor), "follow-up")
    row = html[html.index(f'data-follow-up="{aired.pk}"') :]
    assert LAST_WEEK.key in row and "老旧小区加装电梯" in row
    assert "Assigned → Assigned" in row
    assert "Frozen" in sheet(client, editor, LAST_WEEK)


def test_a_frozen_thread_hidden_since_keeps_its_place_without_its_public_link(
    client, editor, supported
):
    aired = supported("上周上节目后被隐藏的帖子")
    SupportVote.objects.filter(issue=aired).update(created_at=LAST_WEEK.start + timedelta(days=1))
    build_week(LAST_WEEK)
    Issue.objects.filter(pk=aired.pk).update(hidden_at=timezone.now())
    html = sheet(client, editor, LAST_WEEK)
    assert listed(html) == [aired.pk]
    hidden = card(html, aired)
    assert "No longer public" in hidden and f'href="/wall/{aired.pk}/"' not in hidden


# --- a constant number of queries -----------------------------------------------------------


def fill_week(supported, threads, start):
    """`threads` supported threads (a photo each, half past due), also on last week's desk (the
    follow-up)."""
    issues = [supported(f"问题{start + n}", votes=1 + n % 5) for n in range(threads)]
    for issue in issues:
        Photo.objects.create(
            issue=issue,
            image=ContentFile(b"\xff\xd8\xff\xd9", name="p.jpg"),
            content_type="image/jpeg",
            width=1,
            height=1,
        )
    Assignment.objects.filter(issue__in=issues[::2]).update(
        due_date=timezone.localdate() - timedelta(days=20)
    )
    SupportVote.objects.bulk_create(
        SupportVote(issue=issue, browser_key=f"last-{issue.pk}", created_at=LAST_WEEK.start)
        for issue in issues
    )
    DeskWeek.objects.filter(week=LAST_WEEK.key).delete()
    build_week(LAST_WEEK)
    return issues


def decide(editor, kind, **target):
    DeskDecision.objects.create(week=THIS_WEEK.key, kind=kind, by=editor, **target)


def test_the_page_runs_a_constant_number_of_queries(
    client, editor, supported, department_a, department_b, settings, django_assert_max_num_queries
):
    settings.ECHOWALL = {**settings.ECHOWALL, "DESK_PER_RULE": 20}
    few = fill_week(supported, 2, 0)
    decide(editor, DeskDecision.Kind.PIN, issue=few[0])
    decide(editor, DeskDecision.Kind.QUESTION, department=department_b)
    client.force_login(editor)
    with CaptureQueriesContext(connection) as small:
        html = client.get(url()).content.decode()
    assert len(listed(html)) == 2
    many = fill_week(supported, 14, 100)
    decide(editor, DeskDecision.Kind.EXCLUDE, issue=many[0])  # one pin, as before (see below)
    decide(editor, DeskDecision.Kind.QUESTION, department=department_a)
    with django_assert_max_num_queries(len(small)):
        html = client.get(url()).content.decode()
    assert len(listed(html)) == 15
    assert section(html, "follow-up").count("data-follow-up=") == 16
    assert section(html, "decisions").count("data-decision=") == 4


def test_each_pin_adds_no_query(client, editor, issue_in, django_assert_max_num_queries):
    issues = [issue_in(Status.ANSWERED, title=f"置顶{n}") for n in range(4)]
    decide(editor, DeskDecision.Kind.PIN, issue=issues[0])
    client.force_login(editor)
    with CaptureQueriesContext(connection) as one_pin:
        client.get(url())
    for issue in issues[1:]:
        decide(editor, DeskDecision.Kind.PIN, issue=issue)
    with django_assert_max_num_queries(len(one_pin)):
        assert len(listed(client.get(url()).content.decode())) == 4
