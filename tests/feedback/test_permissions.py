"""Who may act on an issue: moderators moderate, each department answers only its own issues."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from feedback.models import Message
from feedback.workflow import RejectionReason, Status


@pytest.fixture
def issue_of_b(issue_in, moderator, department_b):
    issue = issue_in(Status.PUBLISHED)
    issue.assign(moderator, [department_b], timezone.localdate() + timedelta(days=3))
    return issue


def test_staff_of_a_cannot_reply_for_their_department_to_b_issue(issue_of_b, staff_a, department_a):
    with (
        translation.override("en"),
        pytest.raises(PermissionDenied, match="not assigned to your department"),
    ):
        issue_of_b.post_reply(staff_a, department_a, "我们来答复")
    assert not Message.objects.filter(issue=issue_of_b).exists()
    issue_of_b.refresh_from_db()
    assert issue_of_b.status == Status.ASSIGNED


def test_staff_of_a_cannot_sign_a_reply_with_b_name(issue_of_b, staff_a, department_b):
    with translation.override("en"), pytest.raises(PermissionDenied, match="your own department"):
        issue_of_b.post_reply(staff_a, department_b, "冒充交通局答复")
    assert not Message.objects.filter(issue=issue_of_b).exists()


def test_staff_of_a_cannot_resolve_b_issue(
    issue_of_b, staff_a, staff_b, department_a, department_b
):
    issue_of_b.post_reply(staff_b, department_b, "已处理")
    for department in (department_a, department_b):
        with pytest.raises(PermissionDenied):
            issue_of_b.resolve(staff_a, department, "办结")
    issue_of_b.refresh_from_db()
    assert issue_of_b.status == Status.ANSWERED and issue_of_b.resolved_at is None


def test_department_b_can_answer_and_resolve_its_own_issue(issue_of_b, staff_b, department_b):
    issue_of_b.post_reply(staff_b, department_b, "已处理")
    issue_of_b.resolve(staff_b, department_b, "办结")
    issue_of_b.refresh_from_db()
    assert issue_of_b.status == Status.RESOLVED


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.PUBLISHED, Status.REJECTED])
def test_staff_cannot_act_on_an_issue_not_assigned_to_anyone(
    status, issue_in, staff_a, department_a
):
    issue = issue_in(status)
    with pytest.raises(PermissionDenied):
        issue.post_reply(staff_a, department_a, "答复")
    with pytest.raises(PermissionDenied):
        issue.resolve(staff_a, department_a, "办结")
    assert not Message.objects.filter(issue=issue).exists()


def test_a_department_that_is_no_longer_assigned_cannot_reply(
    issue_in, moderator, staff_a, department_a, department_b
):
    issue = issue_in(Status.RESOLVED)
    issue.assignments.update(is_active=False)
    issue.reopen(moderator, "转交")
    issue.assign(moderator, [department_b], timezone.localdate() + timedelta(days=2))
    with pytest.raises(PermissionDenied):
        issue.post_reply(staff_a, department_a, "答复")


@pytest.fixture(params=["staff_a", "plain_user", "anonymous", "nobody", "inactive_moderator"])
def non_moderator(request, staff_a, plain_user, moderators_group):
    if request.param == "anonymous":
        return AnonymousUser()
    if request.param == "nobody":
        return None
    if request.param == "inactive_moderator":
        former = get_user_model().objects.create_user("former.moderator", is_active=False)
        former.groups.add(moderators_group)
        return former
    return {"staff_a": staff_a, "plain_user": plain_user}[request.param]


def test_non_moderators_cannot_publish_or_reject(non_moderator, make_issue):
    issue = make_issue()
    with pytest.raises(PermissionDenied):
        issue.publish(non_moderator)
    with pytest.raises(PermissionDenied):
        issue.reject(non_moderator, RejectionReason.DUPLICATE)
    issue.refresh_from_db()
    assert issue.status == Status.SUBMITTED


def test_non_moderators_cannot_assign(non_moderator, published_issue, department_a):
    with pytest.raises(PermissionDenied):
        published_issue.assign(
            non_moderator, [department_a], timezone.localdate() + timedelta(days=3)
        )
    assert not published_issue.assignments.exists()


def test_non_moderators_cannot_hide_mask_or_edit(non_moderator, published_issue):
    with pytest.raises(PermissionDenied):
        published_issue.hide(non_moderator, "不当内容")
    with pytest.raises(PermissionDenied):
        published_issue.edit_public_text(non_moderator, "新标题", "联系138****5678", "")
    published_issue.refresh_from_db()
    assert published_issue.hidden_at is None
    assert published_issue.title == "小区门口路灯坏了"
    assert not published_issue.redactions.exists()


def test_non_moderators_cannot_moderate_follow_ups_or_photos(non_moderator, published_issue):
    follow_up = Message.objects.create(
        issue=published_issue, kind=Message.Kind.FOLLOW_UP, body="补充", submitted_body="补充"
    )
    with pytest.raises(PermissionDenied):
        follow_up.publish(non_moderator, "补充")
    with pytest.raises(PermissionDenied):
        follow_up.reject(non_moderator)
    follow_up.refresh_from_db()
    assert follow_up.moderation == Message.Moderation.PENDING


def test_non_moderators_cannot_close_or_reopen(non_moderator, issue_in):
    issue = issue_in(Status.RESOLVED)
    with pytest.raises(PermissionDenied):
        issue.reopen(non_moderator, "重开")
    if non_moderator is not None:  # None is the scheduler closing a finished poll
        with pytest.raises(PermissionDenied):
            issue.close(non_moderator)
    issue.refresh_from_db()
    assert issue.status == Status.RESOLVED


def test_a_superuser_is_a_moderator(make_issue, superuser, department_a):
    issue = make_issue()
    issue.publish(superuser)
    issue.assign(superuser, [department_a], timezone.localdate())
    issue.refresh_from_db()
    assert issue.status == Status.ASSIGNED


def test_a_moderator_cannot_reply_in_a_department_name(
    issue_in, moderator, superuser, department_a
):
    issue = issue_in(Status.ASSIGNED)
    for user in (moderator, superuser):
        with pytest.raises(PermissionDenied):
            issue.post_reply(user, department_a, "以住建局名义答复")


def test_public_reply_is_signed_by_the_department_not_the_staff_member(issue_in, staff_a, client):
    issue = issue_in(Status.ANSWERED)

    page = client.get(issue.get_absolute_url()).content.decode()

    assert "已安排维修人员现场查看" in page
    assert "市住建局" in page
    assert staff_a.username not in page
    assert staff_a.email not in page
