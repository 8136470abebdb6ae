"""A moderator can correct or withdraw any published message: a follow-up, an official reply or a
satisfaction comment. Each edit and withdrawal is audited (a private history entry, Wagtail's
log, the masks it added); a withdrawn message leaves every public surface and stays on the
staff desk marked as withdrawn, with who, when and why.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from wagtail.models import ModelLogEntry

from feedback.models import IssueEvent, Message, Redaction
from feedback.workflow import Status

from .staff_desk import desk, desk_url, grant_admin_access, prefer_english

KEPT_REPLY = "已电话联系反映人张先生（13700001111），明日上门维修。"


@pytest.fixture
def staff(moderator, staff_a):
    grant_admin_access(moderators=[moderator], clerks=[staff_a])


@pytest.fixture
def reply(issue_in, staff_a, department_a):
    """A reply in which the clerk kept a phone number on purpose."""
    issue = issue_in(Status.ASSIGNED)
    return issue.post_reply(staff_a, department_a, KEPT_REPLY, keep={"13700001111"})


def public_page(issue):
    return Client().get(issue.get_absolute_url()).content.decode()


def tracking_page(issue):
    return Client().get(issue.get_tracking_url()).content.decode()


def logged(issue, action):
    return ModelLogEntry.objects.filter(object_id=str(issue.pk), action=f"feedback.{action}")


def test_the_desk_offers_a_published_reply_masked_for_correction(client, reply, moderator, staff):
    page = desk(client, moderator, reply.issue)
    assert "已电话联系反映人张先生（137****1111），明日上门维修。</textarea>" in page
    assert "13700001111 → 137****1111" in page


def test_a_moderator_corrects_a_reply_and_the_mask_is_audited(client, reply, moderator, staff):
    issue = reply.issue
    client.force_login(moderator)
    client.post(
        desk_url(issue),
        {
            "action": "edit_message",
            "message": reply.pk,
            "body": "已电话联系反映人张先生（137****1111），明日上门维修。",
        },
    )

    page = public_page(issue)
    assert "137****1111" in page and "13700001111" not in page
    redaction = Redaction.objects.get(message=reply)
    assert (redaction.field, redaction.original, redaction.moderator) == (
        "reply",
        "13700001111",
        moderator,
    )
    event = issue.events.get(action=IssueEvent.Action.MESSAGE_EDITED)
    assert not event.is_public and event.actor == moderator
    assert logged(issue, "message_edited").exists()


def test_a_withdrawn_reply_leaves_the_thread_and_the_tracking_page(client, reply, moderator, staff):
    issue = reply.issue
    client.force_login(moderator)
    client.post(
        desk_url(issue),
        {"action": "withdraw_message", "message": reply.pk, "reason": "含反映人电话"},
    )

    for page in (public_page(issue), tracking_page(issue)):
        assert "明日上门维修" not in page
    reply.refresh_from_db()
    assert reply.is_withdrawn and reply.withdrawn_by == moderator
    assert not Message.objects.public().filter(pk=reply.pk).exists()
    event = issue.events.get(action=IssueEvent.Action.MESSAGE_WITHDRAWN)
    assert (event.is_public, event.note, event.actor) == (False, "含反映人电话", moderator)
    assert logged(issue, "message_withdrawn").exists()
    assert "含反映人电话" not in public_page(issue)


def test_a_withdrawn_message_stays_on_the_desk_marked_with_who_when_and_why(
    client, reply, moderator, staff_a, staff
):
    reply.withdraw(moderator, "含反映人电话")
    for user in (moderator, staff_a):
        prefer_english(user)
        page = desk(client, user, reply.issue)
        withdrawn = page[page.index('class="w-mb-4 desk-message withdrawn"') :]
        withdrawn = withdrawn[: withdrawn.index("</p>", withdrawn.index("Withdrawn"))]
        assert "by moderator on" in withdrawn and "含反映人电话" in withdrawn
        assert "明日上门维修" in page


def test_a_withdrawn_follow_up_leaves_every_public_page(issue_in, moderator):
    issue = issue_in(Status.ASSIGNED)
    Client().post(issue.get_tracking_url(), {"body": "补充一下：垃圾又堆起来了。", "website": ""})
    follow_up = issue.messages.get(kind=Message.Kind.FOLLOW_UP)
    follow_up.publish(moderator)
    assert "垃圾又堆起来了" in public_page(issue)

    follow_up.withdraw(moderator, "与本事项无关")

    assert "垃圾又堆起来了" not in public_page(issue)
    # The reporter still finds it on their own page, marked as withdrawn (issue 12, item 7).
    assert "follow-up-withdrawn" in tracking_page(issue)


@pytest.fixture
def comment(issue_in, moderator):
    issue = issue_in(Status.RESOLVED)
    vote = issue.polls.get().record_public_vote(
        "satisfied", "browser-1", "address-1", comment="修得很快，点赞"
    )
    vote.comment.approve(moderator, "修得很快，点赞")
    return vote.comment


def test_a_published_satisfaction_comment_can_be_corrected(comment, moderator, client, staff):
    client.force_login(moderator)
    client.post(
        desk_url(comment.issue),
        {"action": "edit_message", "comment": comment.pk, "body": "修得很快"},
    )
    page = public_page(comment.issue)
    assert "修得很快" in page and "点赞" not in page
    assert comment.issue.events.filter(
        action=IssueEvent.Action.MESSAGE_EDITED, is_public=False
    ).exists()


def test_a_withdrawn_satisfaction_comment_leaves_the_thread(comment, moderator, client, staff):
    assert "修得很快，点赞" in public_page(comment.issue)
    client.force_login(moderator)
    client.post(
        desk_url(comment.issue),
        {"action": "withdraw_message", "comment": comment.pk, "reason": "广告"},
    )
    assert "修得很快，点赞" not in public_page(comment.issue)
    comment.refresh_from_db()
    assert comment.is_withdrawn and comment.withdrawn_reason == "广告"


def test_a_withdrawal_needs_a_reason(reply, moderator):
    with pytest.raises(ValidationError):
        reply.withdraw(moderator, "  ")
    reply.refresh_from_db()
    assert not reply.is_withdrawn


def test_only_published_messages_can_be_edited_or_withdrawn(issue_in, moderator, staff_a):
    issue = issue_in(Status.ASSIGNED)
    note = issue.add_note(staff_a, "内部：已联系物业")
    pending = Message.objects.create(
        issue=issue, kind=Message.Kind.FOLLOW_UP, body="补充", submitted_body="补充"
    )
    for message in (note, pending):
        with pytest.raises(ValidationError):
            message.withdraw(moderator, "x")
        with pytest.raises(ValidationError):
            message.edit_public_text(moderator, "改")


def test_nobody_but_a_moderator_edits_or_withdraws(client, reply, staff_a, plain_user, staff):
    for user in (staff_a, plain_user, None):
        with pytest.raises(PermissionDenied):
            reply.withdraw(user, "x")
        with pytest.raises(PermissionDenied):
            reply.edit_public_text(user, "改")
    client.force_login(staff_a)
    client.post(
        desk_url(reply.issue), {"action": "withdraw_message", "message": reply.pk, "reason": "x"}
    )
    reply.refresh_from_db()
    assert not reply.is_withdrawn and reply.body == KEPT_REPLY
