"""Internal notes are for moderators and the assigned departments: never on a public surface
(thread page, wall, feed, search) nor on the reporter's tracking page. The resolution note, by
contrast, is public, and the forms say so."""

import pytest
from django.test import Client

from feedback.workflow import Status
from tests.staff.staff_desk import desk, desk_url, grant_admin_access

NOTE = "内部备注：物业经理说此人是老上访户"
MODERATOR_NOTE = "审核备注：疑似重复投诉，暂不合并"


@pytest.fixture
def noted(issue_in, moderator, staff_a, settings):
    settings.ELASTICSEARCH_URL = ""  # the database search: every public text it can reach
    grant_admin_access(moderators=[moderator], clerks=[staff_a])
    issue = issue_in(Status.RESOLVED)
    issue.add_note(staff_a, NOTE)
    issue.add_note(moderator, MODERATOR_NOTE)
    return issue


def surfaces(issue):
    client = Client()
    urls = [
        issue.get_absolute_url(),
        issue.get_tracking_url(),
        "/wall/",
        "/wall/feed/",
        "/search/?q=上访户",
        "/search/?q=重复投诉",
        "/search/?q=路灯",
    ]
    pages = {url: client.get(url) for url in urls}
    assert all(response.status_code == 200 for response in pages.values())
    return {url: response.content.decode() for url, response in pages.items()}


def test_internal_notes_reach_no_public_surface_nor_the_tracking_page(noted):
    pages = surfaces(noted)
    for url, page in pages.items():
        assert "物业经理说此人" not in page and "暂不合并" not in page, url
    thread_link = f'href="{noted.get_absolute_url()}"'
    assert thread_link not in pages["/search/?q=上访户"]
    assert thread_link not in pages["/search/?q=重复投诉"]
    # The same surfaces do show the thread's public text and its public resolution note.
    assert thread_link in pages["/search/?q=路灯"]
    assert "路灯已更换。" in pages[noted.get_absolute_url()]
    assert "路灯已更换。" in pages[noted.get_tracking_url()]


def test_the_desk_shows_notes_to_the_department_and_moderators(client, noted, staff_a, moderator):
    for user in (staff_a, moderator):
        page = desk(client, user, noted)
        assert NOTE in page and MODERATOR_NOTE in page


def test_a_note_posted_through_the_desk_stays_internal(client, issue_in, moderator, staff_a):
    grant_admin_access(moderators=[moderator], clerks=[staff_a])
    issue = issue_in(Status.ANSWERED)
    client.force_login(staff_a)
    client.post(desk_url(issue), {"action": "note", "body": "内部：下周二再去现场"})
    assert issue.messages.filter(kind="note", body="内部：下周二再去现场").exists()
    client.logout()
    for url in (issue.get_absolute_url(), issue.get_tracking_url()):
        assert "下周二再去现场" not in client.get(url).content.decode()
