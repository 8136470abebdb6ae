"""Nothing that is not published reaches the public: wall, thread page, home, search, photos.

The reporter's tracking link is the one exception: it shows their own thread in every state.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from core.photos import clean_photo
from feedback.models import Message
from feedback.workflow import RejectionReason, Status


def a_photo():
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (10, 120, 200)).save(buffer, "JPEG")
    return clean_photo(SimpleUploadedFile("p.jpg", buffer.getvalue(), "image/jpeg"))


def hidden_issue(issue_in, moderator, **overrides):
    issue = issue_in(Status.ASSIGNED, **overrides)
    issue.hide(moderator, "涉及个人隐私")
    return issue


@pytest.fixture
def unpublished(make_issue, issue_in, moderator):
    """One thread per invisible state, each with a word in its title to look for."""
    return {
        "submitted": make_issue(title="待审核的排水问题", photos=[a_photo()]),
        "rejected": issue_in(Status.REJECTED, title="被驳回的排水问题", photos=[a_photo()]),
        "hidden": hidden_issue(issue_in, moderator, title="被隐藏的排水问题", photos=[a_photo()]),
        # 并单: merged into an earlier public thread; its reporter follows that one.
        "merged": issue_in(Status.MERGED, title="被合并的排水问题", photos=[a_photo()]),
    }


@pytest.fixture
def visible(issue_in):
    return issue_in(Status.ANSWERED, title="公开的排水问题", photos=[a_photo()])


def test_wall_lists_only_published_threads(client, unpublished, visible):
    page = client.get("/wall/").content.decode()
    assert visible.title in page
    for issue in unpublished.values():
        assert issue.title not in page
        assert issue.get_absolute_url() not in page


@pytest.mark.parametrize("state", ["submitted", "rejected", "hidden", "merged"])
def test_thread_page_of_an_unpublished_issue_is_404(client, unpublished, state):
    issue = unpublished[state]
    response = client.get(issue.get_absolute_url())
    assert response.status_code == 404
    assert issue.title not in response.content.decode()


def test_thread_page_of_a_published_issue_is_shown(client, visible):
    response = client.get(visible.get_absolute_url())
    assert response.status_code == 200
    assert visible.title in response.content.decode()


def test_home_page_shows_only_published_threads(client, unpublished, visible):
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert visible.title in page
    for issue in unpublished.values():
        assert issue.title not in page


def test_search_finds_only_published_threads(client, unpublished, visible):
    response = client.get("/search/", {"q": "排水问题"})
    assert response.status_code == 200
    page = response.content.decode()
    # Titles may come back highlighted: look for the thread links and the words not searched for.
    assert visible.get_absolute_url() in page
    for issue in unpublished.values():
        assert issue.get_absolute_url() not in page
        assert issue.title[:3] not in page


def test_feed_lists_only_published_threads(client, unpublished, visible):
    response = client.get("/wall/feed/")
    assert response.status_code == 200
    feed = response.content.decode()
    assert visible.title in feed
    for issue in unpublished.values():
        assert issue.title not in feed
        assert issue.get_absolute_url() not in feed


def test_sitemap_lists_only_published_threads(client, unpublished, visible):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    sitemap = response.content.decode()
    assert f"{visible.get_absolute_url()}</loc>" in sitemap
    for issue in unpublished.values():
        assert f"{issue.get_absolute_url()}</loc>" not in sitemap


@pytest.mark.parametrize("state", ["submitted", "rejected", "hidden", "merged"])
def test_photos_of_an_unpublished_issue_are_404(client, unpublished, state):
    issue = unpublished[state]
    photo = issue.photos.get()
    assert client.get(photo.get_absolute_url()).status_code == 404


def test_photos_of_a_published_issue_are_served_as_images(client, visible):
    photo = visible.photos.get()
    response = client.get(photo.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


def test_a_removed_photo_disappears_from_the_public(client, visible, moderator):
    photo = visible.photos.get()
    photo.remove(moderator)
    assert client.get(photo.get_absolute_url()).status_code == 404
    assert photo.get_absolute_url() not in client.get(visible.get_absolute_url()).content.decode()


def test_unhiding_brings_the_thread_back(client, unpublished, moderator):
    issue = unpublished["hidden"]
    issue.unhide(moderator)
    assert client.get(issue.get_absolute_url()).status_code == 200
    assert issue.title in client.get("/wall/").content.decode()


def test_hiding_or_unhiding_is_not_on_the_public_timeline(client, visible, moderator):
    visible.hide(moderator, "涉及隐私：需复核")
    visible.unhide(moderator)
    page = client.get(visible.get_absolute_url()).content.decode()
    assert "涉及隐私：需复核" not in page
    assert moderator.username not in page


@pytest.mark.parametrize("state", list(Status))
def test_tracking_link_shows_the_reporter_their_thread_in_every_state(state, issue_in, client):
    issue = issue_in(state, title="我的路灯问题")
    response = client.get(issue.get_tracking_url())
    assert response.status_code == 200
    assert "我的路灯问题" in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "same-origin"


def test_tracking_link_shows_the_rejection_reason_and_note(issue_in, client, moderator):
    issue = issue_in(Status.SUBMITTED, title="违规停车")
    issue.reject(moderator, RejectionReason.LEGAL_CHANNEL, "请通过法院诉讼途径解决。")
    page = client.get(issue.get_tracking_url()).content.decode()
    with translation.override("zh-hans"):
        reason = str(RejectionReason.LEGAL_CHANNEL.label)
    assert reason in page
    assert "请通过法院诉讼途径解决。" in page


def test_tracking_link_with_a_wrong_code_is_404(client, make_issue):
    make_issue()
    assert client.get("/track/not-a-real-code/").status_code == 404


def test_contact_details_never_appear_in_public(client, issue_in):
    issue = issue_in(
        Status.ANSWERED,
        title="噪音扰民",
        contact_phone="13987654321",
        contact_email="reporter.private@example.com",
    )
    pages = [
        client.get("/wall/").content.decode(),
        client.get(issue.get_absolute_url()).content.decode(),
        client.get("/").content.decode(),
        client.get("/search/", {"q": "噪音"}).content.decode(),
        client.get("/wall/feed/").content.decode(),
    ]
    assert issue.title in pages[0] and issue.get_absolute_url() in pages[3]
    for page in pages:
        assert "13987654321" not in page
        assert "reporter.private@example.com" not in page


@pytest.fixture
def with_note(issue_in, staff_a, department_a):
    issue = issue_in(Status.ANSWERED)
    Message.objects.create(
        issue=issue,
        kind=Message.Kind.NOTE,
        body="内部备注：涉及拆迁户，注意口径",
        submitted_body="内部备注：涉及拆迁户，注意口径",
        department=department_a,
        author=staff_a,
        moderation=Message.Moderation.PUBLISHED,
    )
    return issue


def test_internal_notes_are_never_on_the_public_page(client, with_note):
    page = client.get(with_note.get_absolute_url()).content.decode()
    assert "已安排维修人员现场查看" in page
    assert "内部备注" not in page


def test_internal_notes_are_never_on_the_tracking_page(client, with_note):
    page = client.get(with_note.get_tracking_url()).content.decode()
    assert "已安排维修人员现场查看" in page
    assert "内部备注" not in page


def test_follow_up_stays_private_until_a_moderator_publishes_it(client, issue_in, moderator):
    issue = issue_in(Status.ASSIGNED)
    response = client.post(
        issue.get_tracking_url(), {"body": "补充：晚上八点后路灯全灭。", "website": ""}
    )
    assert response.status_code == 302
    follow_up = issue.messages.get(kind=Message.Kind.FOLLOW_UP)
    assert follow_up.moderation == Message.Moderation.PENDING

    assert "晚上八点后" not in client.get(issue.get_absolute_url()).content.decode()
    assert "晚上八点后" in client.get(issue.get_tracking_url()).content.decode()

    follow_up.publish(moderator, "补充：晚上八点后路灯全灭。")
    assert "晚上八点后" in client.get(issue.get_absolute_url()).content.decode()


def test_a_rejected_follow_up_is_never_public(client, issue_in, moderator):
    issue = issue_in(Status.ASSIGNED)
    client.post(issue.get_tracking_url(), {"body": "骂人的话", "website": ""})
    issue.messages.get(kind=Message.Kind.FOLLOW_UP).reject(moderator, "辱骂")
    assert "骂人的话" not in client.get(issue.get_absolute_url()).content.decode()


def test_a_rejected_issue_takes_no_follow_up(client, issue_in):
    issue = issue_in(Status.REJECTED)
    client.post(issue.get_tracking_url(), {"body": "为什么驳回？", "website": ""})
    assert not issue.messages.exists()
