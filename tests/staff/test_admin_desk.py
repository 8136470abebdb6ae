"""The staff screens in the Wagtail admin: a moderator and departments working an issue."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from feedback import permissions
from feedback.models import Category, Department, DepartmentStaff, District, Issue
from feedback.services import submit_issue
from feedback.workflow import Status

pytestmark = pytest.mark.django_db


def _staff_group(name):
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    return group


@pytest.fixture
def desk(django_user_model):
    housing = Department.objects.create(name="市住房和城乡建设局", slug="housing")
    transport = Department.objects.create(name="市交通运输局", slug="transport")
    category = Category.objects.create(name="城乡建设", slug="building", default_department=housing)
    district = District.objects.create(name="城东街道", slug="east")
    moderator = django_user_model.objects.create_user("mod", password="pw")
    moderator.groups.add(_staff_group(permissions.MODERATOR_GROUP))
    housing_staff = django_user_model.objects.create_user("housing_staff", password="pw")
    transport_staff = django_user_model.objects.create_user("transport_staff", password="pw")
    for user, department in ((housing_staff, housing), (transport_staff, transport)):
        user.groups.add(_staff_group(permissions.DEPARTMENT_STAFF_GROUP))
        DepartmentStaff.objects.create(user=user, department=department)
    issue = submit_issue(
        {
            "title": "阳光花园路灯坏了",
            "body": "5号楼前路灯坏了一周，请联系我13812345678。",
            "location": "阳光花园5号楼",
            "category": category,
            "district": district,
            "display_name": "",
            "contact_phone": "13812345678",
            "contact_email": "",
        }
    )
    return {
        "moderator": moderator,
        "housing": housing,
        "transport": transport,
        "issue": issue,
        "housing_staff": housing_staff,
        "transport_staff": transport_staff,
    }


def desk_url(issue):
    return reverse("echowall_admin:issue", args=[issue.pk])


def test_moderator_sees_queue_with_count_and_masking_offer(client, desk):
    client.force_login(desk["moderator"])
    queue = client.get(reverse("echowall_admin:queue"))
    assert queue.status_code == 200
    assert "阳光花园路灯坏了" in queue.content.decode()
    page = client.get(desk_url(desk["issue"])).content.decode()
    assert "138****5678" in page  # offered as a mask in the public text form
    admin_home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "(1)" in admin_home  # the queue's count in the menu


def test_full_flow_through_the_admin(client, desk):
    issue = desk["issue"]
    client.force_login(desk["moderator"])
    client.post(
        desk_url(issue),
        {
            "action": "publish",
            "title": issue.submitted_title,
            "body": "5号楼前路灯坏了一周，请联系我138****5678。",
            "location": "阳光花园5号楼",
        },
    )
    issue.refresh_from_db()
    assert issue.status == Status.PUBLISHED and "13812345678" not in issue.body
    due = (timezone.localdate() + timedelta(days=7)).isoformat()
    client.post(
        desk_url(issue), {"action": "assign", "departments": [desk["housing"].pk], "due_date": due}
    )
    issue.refresh_from_db()
    assert issue.status == Status.ASSIGNED

    client.force_login(desk["housing_staff"])
    listing = client.get(reverse("echowall_admin:issues")).content.decode()
    assert issue.title in listing
    client.post(desk_url(issue), {"action": "reply", "body": "您好，已安排维修人员更换灯具。"})
    client.post(desk_url(issue), {"action": "resolve", "note": "已修复"})
    issue.refresh_from_db()
    assert issue.status == Status.RESOLVED

    public = client.get(issue.get_absolute_url()).content.decode()
    assert "市住房和城乡建设局" in public and "已安排维修人员更换灯具" in public
    assert "housing_staff" not in public and "13812345678" not in public


def test_other_department_cannot_see_or_act(client, desk):
    issue = desk["issue"]
    issue.publish(desk["moderator"])
    issue.assign(desk["moderator"], [desk["housing"]], timezone.localdate() + timedelta(days=3))
    client.force_login(desk["transport_staff"])
    assert client.get(desk_url(issue)).status_code == 404
    assert client.post(desk_url(issue), {"action": "reply", "body": "冒充答复"}).status_code == 404
    assert issue.messages.count() == 0
    assert issue.title not in client.get(reverse("echowall_admin:issues")).content.decode()


def test_department_staff_cannot_moderate(client, desk):
    issue = desk["issue"]
    issue.publish(desk["moderator"])
    issue.assign(desk["moderator"], [desk["housing"]], timezone.localdate() + timedelta(days=3))
    client.force_login(desk["housing_staff"])
    queue = client.get(reverse("echowall_admin:queue"), follow=True)
    assert "阳光花园路灯坏了" not in queue.content.decode()  # refused: back to the dashboard
    client.post(desk_url(issue), {"action": "hide", "note": "x"})
    issue.refresh_from_db()
    assert issue.hidden_at is None


def test_invalid_assignment_keeps_form_and_explains(client, desk):
    issue = desk["issue"]
    issue.publish(desk["moderator"])
    client.force_login(desk["moderator"])
    response = client.post(
        desk_url(issue), {"action": "assign", "departments": [], "due_date": "2000-01-01"}
    )
    assert response.status_code == 200
    issue.refresh_from_db()
    assert issue.status == Status.PUBLISHED


def test_every_action_is_in_wagtail_history(client, desk):
    issue = desk["issue"]
    issue.publish(desk["moderator"])
    issue.assign(desk["moderator"], [desk["housing"]], timezone.localdate() + timedelta(days=3))
    actions = set(
        ModelLogEntry.objects.filter(object_id=str(issue.pk)).values_list("action", flat=True)
    )
    assert {"feedback.published", "feedback.assigned"} <= actions
    assert (
        Issue.objects.get(pk=issue.pk)
        .events.filter(action="assigned", actor=desk["moderator"])
        .exists()
    )


def test_moderator_publishes_a_satisfaction_comment_masked(client, desk):
    issue = desk["issue"]
    issue.publish(desk["moderator"])
    issue.assign(desk["moderator"], [desk["housing"]], timezone.localdate() + timedelta(days=3))
    issue.post_reply(desk["housing_staff"], desk["housing"], "已修复")
    issue.resolve(desk["housing_staff"], desk["housing"])
    poll = issue.polls.get()
    poll.record_public_vote(
        "satisfied", "browser-1", "address-1", comment="修得很快，联系我13912345678"
    )
    assert "修得很快" not in client.get(issue.get_absolute_url()).content.decode()

    client.force_login(desk["moderator"])
    queue = client.get(reverse("echowall_admin:queue")).content.decode()
    assert "139****5678" in queue  # offered masked
    comment = poll.votes.get().comment
    client.post(
        reverse("echowall_admin:queue"),
        {"comment": comment.pk, "action": "approve_comment", "body": "修得很快，联系我139****5678"},
    )
    public = client.get(issue.get_absolute_url()).content.decode()
    assert "修得很快" in public and "13912345678" not in public


def test_department_staff_cannot_moderate_comments(client, desk):
    issue = desk["issue"]
    issue.publish(desk["moderator"])
    issue.assign(desk["moderator"], [desk["housing"]], timezone.localdate() + timedelta(days=3))
    issue.post_reply(desk["housing_staff"], desk["housing"], "已修复")
    issue.resolve(desk["housing_staff"], desk["housing"])
    vote = issue.polls.get().record_public_vote("dissatisfied", "b", "a", comment="敷衍了事")
    client.force_login(desk["housing_staff"])
    client.post(
        reverse("echowall_admin:queue"),
        {"comment": vote.comment.pk, "action": "approve_comment", "body": "x"},
    )
    vote.comment.refresh_from_db()
    assert vote.comment.moderation == "pending"
