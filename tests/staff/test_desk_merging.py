"""并单 on the issue desk: a moderator looking at a new post sees its likely duplicates (the
search app's panel, through the desk's hook) and merges it into one with a reason, or into a
thread typed by its number or case number; the merge is undone from either side with a reason.
Refusals (no reason, another district unticked, a later thread, an unknown number) come back on
the form with what was typed, never a 500; only moderators merge; every form carries CSRF; the
desk's queries do not grow with the number of threads alike.
"""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from feedback.models import Issue, IssueMerge
from feedback.workflow import Status
from tests.staff.staff_desk import desk_url, grant_admin_access

pytestmark = pytest.mark.django_db

REASON = "同一小区同一次停电，已有帖子在办理。"


@pytest.fixture(autouse=True)
def _database_search(settings):
    """The desk's behaviour on database search; the engine's suggestions are pinned in
    tests/search/test_similar.py (these tests never commit, so nothing would be indexed)."""
    settings.ELASTICSEARCH_URL = ""


@pytest.fixture
def desk_client(english_client, moderator, staff_a):
    grant_admin_access(moderators=[moderator], clerks=[staff_a])
    english_client.force_login(moderator)
    return english_client


@pytest.fixture
def main(issue_in):
    thread = issue_in(
        Status.ASSIGNED,
        title="锦绣华庭停电三天",
        body="锦绣华庭3栋从周一开始停电，已经三天了，冰箱里的东西都坏了。",
        location="锦绣华庭3栋",
    )
    Issue.objects.filter(pk=thread.pk).update(created_at=thread.created_at - timedelta(days=2))
    thread.refresh_from_db()
    return thread


@pytest.fixture
def new_post(make_issue):
    return make_issue(
        title="锦绣华庭3栋一直停电",
        body="锦绣华庭3栋停电好几天了，冰箱里的菜都坏了，一直没人来修。",
        location="锦绣华庭3栋",
    )


def merge(client, issue, into, reason=REASON, **extra):
    data = {"action": "merge", "into": into.pk, f"merge-{into.pk}-reason": reason, **extra}
    return client.post(desk_url(issue), data)


def test_the_new_posts_desk_offers_its_likely_duplicate_with_why(desk_client, main, new_post):
    page = desk_client.get(desk_url(new_post)).content.decode()
    offer = re.search(r'<div class="likely-duplicate[^>]*data-thread="(\d+)"', page)
    assert offer and int(offer.group(1)) == main.pk
    assert "same district" in page and "same place" in page
    assert "<mark>停电</mark>" in page or "<mark>锦绣华庭</mark>" in page
    assert f'name="into" value="{main.pk}"' in page
    assert "csrfmiddlewaretoken" in page.split('id="likely-duplicates"')[1]


def test_a_moderator_merges_the_new_post_with_a_reason(desk_client, main, new_post, client):
    response = merge(desk_client, new_post, main)
    assert response.status_code == 302
    new_post.refresh_from_db()
    assert (new_post.status, new_post.merged_into) == (Status.MERGED, main)
    assert IssueMerge.objects.get(issue=new_post).note == REASON
    assert 'class="merged-count"' in client.get(main.get_absolute_url()).content.decode()
    followed = desk_client.get(desk_url(new_post)).content.decode()
    assert f"Merged into thread #{main.pk}" in followed
    assert "Undo the merge" in followed


def test_a_merge_without_a_reason_is_refused_on_the_form(desk_client, main, new_post):
    response = merge(desk_client, new_post, main, reason="  ")
    assert response.status_code == 200
    assert "Please correct the errors below." in response.content.decode()
    new_post.refresh_from_db()
    assert new_post.status == Status.SUBMITTED


def test_another_district_needs_the_tick_and_the_typed_reason_is_kept(
    desk_client, issue_in, make_issue, other_district
):
    elsewhere = issue_in(Status.PUBLISHED, title="锦绣华庭停电三天", district=other_district)
    Issue.objects.filter(pk=elsewhere.pk).update(
        created_at=elsewhere.created_at - timedelta(days=1)
    )
    post = make_issue(title="锦绣华庭停电三天了", body="锦绣华庭停电三天了，没人来修。")
    response = merge(desk_client, post, elsewhere)
    page = response.content.decode()
    assert response.status_code == 200
    assert "another district" in page
    assert REASON in page  # what the moderator typed is still there
    post.refresh_from_db()
    assert post.status == Status.SUBMITTED
    merge(desk_client, post, elsewhere, **{f"merge-{elsewhere.pk}-allow_other_district": "on"})
    post.refresh_from_db()
    assert post.merged_into == elsewhere


def by_number(client, issue, number, reason=REASON):
    return client.post(
        desk_url(issue),
        {
            "action": "merge_by_number",
            "merge-number-number": number,
            "merge-number-reason": reason,
        },
    )


def test_two_published_threads_are_merged_by_the_later_ones_desk_typing_a_number(
    desk_client, main, issue_in
):
    later = issue_in(Status.PUBLISHED, title="停电", body="又停电了")
    assert by_number(desk_client, later, f"#{main.pk}").status_code == 302
    later.refresh_from_db()
    assert later.merged_into == main


def test_a_case_number_finds_the_thread_too(desk_client, main, issue_in):
    later = issue_in(Status.PUBLISHED, title="停电", body="又停电了")
    by_number(desk_client, later, main.case_number)
    later.refresh_from_db()
    assert later.merged_into == main


@pytest.mark.parametrize("number", ["999999", "20200101-0001", "not a number"])
def test_an_unknown_number_is_refused_with_the_reason_kept(desk_client, new_post, number):
    response = by_number(desk_client, new_post, number)
    page = response.content.decode()
    assert response.status_code == 200
    assert REASON in page and "merge-by-number-form" in page
    assert "No thread has this number" in page or "Type a thread number" in page


def test_the_earlier_thread_is_never_merged_into_a_later_one(desk_client, main, issue_in):
    later = issue_in(Status.PUBLISHED, title="停电", body="又停电了")
    response = by_number(desk_client, main, str(later.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert "The later report goes into the earlier thread." in page and REASON in page
    main.refresh_from_db()
    assert main.merged_into is None


def test_the_merge_is_undone_from_the_main_thread_with_a_reason(desk_client, main, new_post):
    merge(desk_client, new_post, main)
    page = desk_client.get(desk_url(main)).content.decode()
    assert "1 report merged into this thread" in page
    data = {"action": "unmerge", "report": new_post.pk}
    refused = desk_client.post(desk_url(main), {**data, f"unmerge-{new_post.pk}-reason": ""})
    assert refused.status_code == 200
    new_post.refresh_from_db()
    assert new_post.status == Status.MERGED
    desk_client.post(desk_url(main), {**data, f"unmerge-{new_post.pk}-reason": "不是同一栋楼"})
    new_post.refresh_from_db()
    assert (new_post.status, new_post.merged_into) == (Status.SUBMITTED, None)
    assert IssueMerge.objects.get(issue=new_post).undo_note == "不是同一栋楼"


def test_the_merge_is_undone_from_the_merged_reports_desk(desk_client, main, new_post):
    merge(desk_client, new_post, main)
    desk_client.post(
        desk_url(new_post),
        {"action": "unmerge", "report": new_post.pk, f"unmerge-{new_post.pk}-reason": "误操作"},
    )
    new_post.refresh_from_db()
    assert new_post.status == Status.SUBMITTED


def test_a_report_of_another_group_cannot_be_undone_from_this_desk(
    desk_client, main, new_post, issue_in
):
    merge(desk_client, new_post, main)
    stranger = issue_in(Status.PUBLISHED, title="别的帖子", body="无关")
    response = desk_client.post(
        desk_url(stranger),
        {"action": "unmerge", "report": new_post.pk, f"unmerge-{new_post.pk}-reason": "试试"},
    )
    assert response.status_code == 302
    new_post.refresh_from_db()
    assert new_post.status == Status.MERGED


def test_department_staff_neither_see_the_panel_nor_merge(
    english_client, moderator, staff_a, main, issue_in
):
    grant_admin_access(moderators=[moderator], clerks=[staff_a])
    later = issue_in(Status.ASSIGNED, title="锦绣华庭3栋一直停电", body="锦绣华庭3栋停电好几天了。")
    english_client.force_login(staff_a)
    page = english_client.get(desk_url(later)).content.decode()
    assert "likely-duplicates" not in page and "merge-by-number-form" not in page
    response = merge(english_client, later, main)
    assert response.status_code in (200, 302)
    later.refresh_from_db()
    assert later.merged_into is None


def test_merging_needs_the_csrf_token(moderator, staff_a, main, new_post):
    grant_admin_access(moderators=[moderator], clerks=[staff_a])
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(moderator)
    assert merge(browser, new_post, main).status_code == 403
    new_post.refresh_from_db()
    assert new_post.status == Status.SUBMITTED


def test_the_desk_with_the_panel_runs_a_constant_number_of_queries(
    desk_client, main, new_post, issue_in
):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            page = desk_client.get(desk_url(new_post)).content.decode()
        return len(captured), page.count('class="likely-duplicate ')

    desk_client.get(desk_url(new_post))  # warm up: session, Wagtail's menu caches
    few = queries()
    for n in range(6):
        twin = issue_in(
            Status.PUBLISHED,
            title=f"锦绣华庭3栋停电{n}天",
            body="锦绣华庭3栋停电好几天了，冰箱里的东西都坏了。",
            location="锦绣华庭3栋",
        )
        Issue.objects.filter(pk=twin.pk).update(created_at=main.created_at)
    many = queries()
    assert (few[1], many[1]) == (1, 5)
    assert many[0] == few[0]
