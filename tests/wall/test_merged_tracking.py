"""并单: a merged report's private tracking link keeps the reporter's own report and history and
shows, live, the main thread they now follow (its public link, status, departments, replies and
due date); after an unmerge the page is the report's own again. The public never see the merged
report, and the case look-up still finds it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from feedback.models import Issue
from feedback.workflow import Status

BOX = 'id="merged-into"'


@pytest.fixture
def group(issue_in, make_issue, moderator):
    """An earlier assigned thread and a later published report of the same problem, merged."""
    main = issue_in(Status.ASSIGNED, title="锦绣华庭停电三天", contact_email="main@example.com")
    later = issue_in(
        Status.PUBLISHED,
        title="锦绣华庭又停电了",
        contact_phone="13900001111",
        contact_email="later@example.com",
    )
    Issue.objects.filter(pk=later.pk).update(created_at=main.created_at + timedelta(hours=1))
    later.refresh_from_db()
    later.merge_into(moderator, main, "同一小区同一次停电")
    return main, later


def test_the_tracking_page_of_a_merged_report_shows_the_main_thread_and_its_progress(
    english_client, group, staff_a, department_a
):
    main, later = group
    main.post_reply(staff_a, department_a, "已联系供电公司抢修，今晚恢复供电。")

    response = english_client.get(later.get_tracking_url())
    page = response.content.decode()

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert f"Your report was merged into thread {main.pk} (same problem)" in page
    assert f'href="{main.get_absolute_url()}"' in page and main.title in page
    # The reporter's own report and history stay.
    assert later.title in page and later.case_number in page
    assert "Merged into another thread" in page
    # The main thread's progress, as it is now: status, department, due date, reply.
    box = page[page.index(BOX) :]
    assert "Answered" in box
    assert department_a.name in box
    assert main.due_date.strftime("%Y-%m-%d") in box
    assert "已联系供电公司抢修，今晚恢复供电。" in box


def test_the_box_follows_the_main_thread_live(english_client, group, staff_a, department_a):
    main, later = group
    main.post_reply(staff_a, department_a, "已修复。")
    main.resolve(staff_a, department_a, "线路已更换。")
    box = english_client.get(later.get_tracking_url()).content.decode().split(BOX)[1]
    assert "Resolved" in box and "线路已更换。" in box


def test_the_box_shows_nothing_private_of_the_main_thread(client, group, moderator):
    main, later = group
    main.add_note(moderator, "内部备注：涉及拆迁户")
    page = client.get(later.get_tracking_url()).content.decode()
    assert "main@example.com" not in page
    assert main.case_number not in page
    assert main.get_tracking_url() not in page
    assert "内部备注：涉及拆迁户" not in page
    assert "同一小区同一次停电" not in page  # the moderator's reason for the merge is internal


def test_after_unmerge_the_page_is_back_to_the_reports_own_status(english_client, group, moderator):
    main, later = group
    later.unmerge(moderator, "并错了，是两次停电")
    page = english_client.get(later.get_tracking_url()).content.decode()
    assert BOX not in page
    assert "Your report was merged" not in page
    assert f'href="{later.get_absolute_url()}"' in page  # public again, on its own
    assert "Merge undone" in page  # in the reporter's own history
    assert "并错了，是两次停电" not in page


def test_a_merged_report_whose_main_thread_is_hidden_says_so_without_details(
    english_client, group, moderator
):
    main, later = group
    main.hide(moderator, "涉及个人隐私")
    page = english_client.get(later.get_tracking_url()).content.decode()
    assert f"merged into thread {main.pk}" in page
    assert "not public at the moment" in page
    assert main.title not in page


def test_the_public_never_see_the_merged_report(client, group):
    main, later = group
    assert client.get(later.get_absolute_url()).status_code == 404
    for url in ("/wall/", main.get_absolute_url(), "/wall/feed/", "/sitemap.xml", "/"):
        page = client.get(url).content.decode()
        assert later.title not in page, url
        assert later.get_tracking_url() not in page, url
        assert "13900001111" not in page and "later@example.com" not in page, url


@pytest.mark.parametrize("contact", ["13900001111", "later@example.com"])
def test_the_case_look_up_finds_a_merged_report(client, group, contact):
    _main, later = group
    response = client.post("/track/", {"case_number": later.case_number, "contact": contact})
    assert response.status_code == 302
    assert response["Location"] == later.get_tracking_url()


def test_the_merged_reports_tracking_page_runs_a_constant_number_of_queries(
    client, group, issue_in, moderator, django_assert_max_num_queries, staff_a, department_a
):
    main, later = group
    for _ in range(5):
        main.post_reply(staff_a, department_a, "进展：已安排。")
    with django_assert_max_num_queries(30) as few:
        client.get(later.get_tracking_url())
    for _ in range(3):
        other = issue_in(Status.PUBLISHED)
        Issue.objects.filter(pk=other.pk).update(created_at=timezone.now() + timedelta(hours=2))
        other.refresh_from_db()
        other.merge_into(moderator, main, "同一问题")
    for _ in range(20):
        main.post_reply(staff_a, department_a, "进展：已安排。")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(later.get_tracking_url())
