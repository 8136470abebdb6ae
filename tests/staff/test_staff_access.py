"""Department staff see what they need to call the reporter back (the contact phone), not what
the citizen typed before masking (it may hold ID numbers): that is for moderators. A
department's access ends when the issue is reassigned away from it."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from feedback import permissions
from feedback.models import Photo
from feedback.workflow import Status

from .staff_desk import desk, desk_url, grant_admin_access

ID_NUMBER = "330482198503120020"


@pytest.fixture
def staff(moderator, staff_a, staff_b):
    grant_admin_access(moderators=[moderator], clerks=[staff_a, staff_b])


@pytest.fixture
def assigned_to_a(make_issue, walk_issue):
    issue = make_issue(
        body=f"路灯坏了。我的身份证{ID_NUMBER}，电话13912345678。", contact_phone="13812345678"
    )
    return walk_issue(issue, Status.ASSIGNED)


def test_department_staff_see_the_contact_phone_but_not_the_text_as_typed(
    client, assigned_to_a, staff_a, staff
):
    page = desk(client, staff_a, assigned_to_a)
    assert "13812345678" in page  # the contact phone, to call back
    assert ID_NUMBER not in page and "13912345678" not in page
    assert "330***********0020" in page  # the public, masked text


def test_moderators_see_the_text_as_typed(client, assigned_to_a, moderator, staff):
    page = desk(client, moderator, assigned_to_a)
    assert ID_NUMBER in page and "13912345678" in page


@pytest.fixture
def reassigned(assigned_to_a, moderator, department_b, staff_a, department_a):
    """Department A answered and resolved; reopened, the issue now belongs to department B."""
    issue = assigned_to_a
    issue.post_reply(staff_a, department_a, "已转交。")
    issue.resolve(staff_a, department_a, "已办结")
    issue.reopen(moderator, "应由交通局处理", reassign=False)
    issue.assign(moderator, [department_b], timezone.localdate() + timedelta(days=5))
    return issue


def test_a_department_loses_access_when_the_issue_is_reassigned_away(
    client, reassigned, staff_a, staff_b, staff
):
    assert not permissions.can_view_contact(staff_a, reassigned)
    assert permissions.can_view_contact(staff_b, reassigned)
    client.force_login(staff_a)
    assert client.get(desk_url(reassigned)).status_code == 404
    assert reassigned.title not in client.get(reverse("echowall_admin:issues")).content.decode()
    client.force_login(staff_b)
    assert "13812345678" in client.get(desk_url(reassigned)).content.decode()


def test_a_former_department_no_longer_sees_the_photos_of_a_hidden_thread(
    client, reassigned, staff_a, staff_b, moderator, staff
):
    photo = Photo.objects.create(
        issue=reassigned,
        image=ContentFile(b"\xff\xd8\xff\xd9", name="p.jpg"),
        content_type="image/jpeg",
        width=1,
        height=1,
    )
    reassigned.hide(moderator, "涉及隐私")
    url = reverse("wall:photo", args=[reassigned.pk, photo.pk])
    client.force_login(staff_a)
    assert client.get(url).status_code == 404
    client.force_login(staff_b)
    assert client.get(url).status_code == 200


def test_a_resolved_issue_stays_with_the_department_that_resolved_it(
    client, issue_in, staff_a, staff
):
    issue = issue_in(Status.CLOSED)
    assert permissions.can_view_contact(staff_a, issue)
    assert "13812345678" in desk(client, staff_a, issue)
