"""Moderators correct public text after the fact, whoever wrote it: a department's resolution
note and the public reason of a reopening (notes of the issue's history) are edited or withdrawn
like a published message, with the same audit and masking; the public see "edited by the
moderators" on every edited text (notes, replies, follow-ups) and a withdrawn note as withdrawn,
while the step itself stays on the timeline."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from feedback.models import IssueEvent, Redaction
from feedback.workflow import Status
from tests.staff.staff_desk import desk, desk_url, grant_admin_access

PHONE = "13912345678"


@pytest.fixture
def resolved(issue_in, moderator, staff_a):
    grant_admin_access(moderators=[moderator], clerks=[staff_a])
    issue = issue_in(Status.ANSWERED)
    issue.resolve(
        staff_a, issue.assignments.get().department, f"已修复，联系人{PHONE}。", keep=[PHONE]
    )
    return issue


def note_of(issue, action=IssueEvent.Action.RESOLVED):
    return issue.events.get(action=action)


def public_timeline(issue):
    page = Client().get(issue.get_absolute_url()).content.decode()
    return page[page.index('class="timeline"') :]


def test_a_moderator_edits_a_resolution_note_and_the_mask_is_logged(client, resolved, moderator):
    event = note_of(resolved)
    client.force_login(moderator)
    client.post(
        desk_url(resolved),
        {"action": "edit_message", "event": event.pk, "body": "已修复，联系人139****5678。"},
    )
    timeline = public_timeline(resolved)
    assert PHONE not in timeline and "139****5678" in timeline
    assert "edited-mark" in timeline
    assert Redaction.objects.filter(issue=resolved, original=PHONE).exists()
    assert resolved.events.filter(
        action=IssueEvent.Action.PUBLIC_NOTE_EDITED, actor=moderator, is_public=False
    ).exists()


def test_a_withdrawn_resolution_note_leaves_the_public_but_the_step_stays(
    client, resolved, moderator
):
    event = note_of(resolved)
    client.force_login(moderator)
    client.post(
        desk_url(resolved), {"action": "withdraw_message", "event": event.pk, "reason": "含电话"}
    )
    timeline = public_timeline(resolved)
    assert PHONE not in timeline
    assert 'class="note withdrawn"' in timeline
    assert "timeline-entry event" in timeline  # the resolution itself is still shown
    assert "含电话" not in timeline  # the reason is internal
    assert "含电话" in desk(client, moderator, resolved)


def test_a_reopen_reason_can_be_withdrawn(resolved, moderator):
    resolved.reopen(moderator, "反映人来电称楼下张阿姨家仍然漏水。")
    note_of(resolved, IssueEvent.Action.REOPENED).withdraw(moderator, "涉及邻居")
    assert "张阿姨" not in public_timeline(resolved)
    assert "张阿姨" not in Client().get(resolved.get_tracking_url()).content.decode()


def test_the_desk_offers_the_note_to_moderators_only(client, resolved, moderator, staff_a):
    event = note_of(resolved)
    assert f'name="event" value="{event.pk}"' in desk(client, moderator, resolved)
    assert f'name="event" value="{event.pk}"' not in desk(client, staff_a, resolved)
    with pytest.raises(PermissionDenied):
        event.withdraw(staff_a, "不想公开")


def test_an_edited_reply_is_marked_as_edited_in_public(issue_in, moderator):
    issue = issue_in(Status.ANSWERED)
    reply = issue.messages.get(kind="reply")
    assert "edited-mark" not in public_timeline(issue)
    reply.edit_public_text(moderator, "已安排维修人员现场查看。")
    reply.refresh_from_db()
    timeline = public_timeline(issue)
    assert "edited-mark" in timeline
    # The page shows the date in the city's time zone (after 16:00 UTC it is already tomorrow).
    edited_on = timezone.localtime(reply.edited_at).strftime("%Y-%m-%d")
    assert edited_on in timeline[timeline.index("edited-mark") :]
    tracking = Client().get(issue.get_tracking_url()).content.decode()
    assert "edited-mark" in tracking
