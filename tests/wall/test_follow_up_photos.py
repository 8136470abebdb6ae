"""A follow-up's photos share its fate: public only while the follow-up is published and not
withdrawn, on the thread page and at the photo's address; the reporter (tracking link) and staff
see them whatever the moderator decided; the desk shows each photo under the follow-up it came
with, apart from the post's own."""

import pytest
from django.test import Client
from django.urls import reverse

from feedback.services import add_follow_up
from feedback.workflow import Status
from tests.staff.staff_desk import desk, grant_admin_access
from tests.wall.test_public_visibility import a_photo


@pytest.fixture
def thread(issue_in):
    return issue_in(Status.ASSIGNED, photos=[a_photo()])


@pytest.fixture
def follow_up(thread):
    return add_follow_up(thread, {"body": "补充：积水更深了，见照片。", "photos": [a_photo()]})


def public_sees(photo):
    page = Client().get(photo.issue.get_absolute_url()).content.decode()
    answer = Client().get(photo.get_absolute_url())
    return (photo.get_absolute_url() in page, answer.status_code)


def test_a_pending_follow_ups_photo_is_not_public(follow_up):
    assert public_sees(follow_up.photos.get()) == (False, 404)


def test_the_posts_own_photo_stays_public_beside_a_pending_follow_up(thread, follow_up):
    own = thread.photos.get(message=None)
    assert public_sees(own) == (True, 200)


def test_a_published_follow_ups_photo_is_public_until_withdrawn(follow_up, moderator):
    photo = follow_up.photos.get()
    follow_up.publish(moderator)
    assert public_sees(photo) == (True, 200)
    follow_up.withdraw(moderator, "照片涉及他人隐私")
    assert public_sees(photo) == (False, 404)


def test_a_rejected_follow_ups_photo_is_never_public(follow_up, moderator):
    follow_up.reject(moderator, "与本问题无关")
    assert public_sees(follow_up.photos.get()) == (False, 404)


def test_the_reporter_still_sees_a_rejected_follow_ups_photo(follow_up, moderator):
    follow_up.reject(moderator, "与本问题无关")
    photo = follow_up.photos.get()
    tracked = reverse("wall:tracked_photo", args=[follow_up.issue.tracking_code, photo.pk])
    page = Client().get(follow_up.issue.get_tracking_url()).content.decode()
    assert tracked in page
    assert Client().get(tracked).status_code == 200


def test_the_desk_groups_photos_under_their_follow_up(client, follow_up, moderator, staff_a):
    grant_admin_access(moderators=[moderator])
    own = follow_up.issue.photos.get(message=None)
    sent_with = follow_up.photos.get()
    page = desk(client, moderator, follow_up.issue)
    post_section = page[page.index('id="post-photos"') : page.index("follow-up-pending")]
    follow_up_block = page[page.index("follow-up-pending") :]
    assert own.get_absolute_url() in post_section
    assert sent_with.get_absolute_url() not in post_section
    assert sent_with.get_absolute_url() in follow_up_block
    assert client.get(sent_with.get_absolute_url()).status_code == 200
