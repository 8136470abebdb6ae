"""A reporter's follow-up never silently vanishes from their own tracking page: one not published
says so, with the moderator's reason when there is one (and the reporter gets an e-mail); one
withdrawn says the moderators withdrew it. The public never see either."""

import pytest
from django.core import mail
from django.test import Client

from feedback.services import add_follow_up
from feedback.workflow import Status
from tests.staff.staff_desk import desk_url, grant_admin_access

EMAIL = "reporter@example.com"
TEXT = "补充：楼道里的积水已经漫到二楼了。"


@pytest.fixture
def follow_up(issue_in):
    issue = issue_in(Status.ASSIGNED, contact_email=EMAIL)
    return add_follow_up(issue, {"body": TEXT, "photos": []})


def tracking_timeline(issue):
    page = Client().get(issue.get_tracking_url()).content.decode()
    return page[page.index('class="timeline"') :]


def test_a_rejected_follow_up_stays_on_the_tracking_page_with_its_reason(
    client, follow_up, moderator, django_capture_on_commit_callbacks
):
    grant_admin_access(moderators=[moderator])
    client.force_login(moderator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            desk_url(follow_up.issue),
            {
                "action": "reject_follow_up",
                "message": follow_up.pk,
                "body": TEXT,
                "note": "与原诉求无关，请另行反映。",
            },
        )
    timeline = tracking_timeline(follow_up.issue)
    assert TEXT in timeline
    assert "follow-up-rejected" in timeline
    assert "与原诉求无关，请另行反映。" in timeline
    assert TEXT not in Client().get(follow_up.issue.get_absolute_url()).content.decode()
    (message,) = mail.outbox
    assert message.to == [EMAIL]
    assert follow_up.issue.case_number in message.subject
    assert "与原诉求无关，请另行反映。" in message.body
    assert follow_up.issue.get_tracking_url() in message.body


def test_a_rejected_follow_up_without_a_reason_still_says_not_published(follow_up, moderator):
    follow_up.reject(moderator)
    timeline = tracking_timeline(follow_up.issue)
    assert TEXT in timeline and "follow-up-rejected" in timeline


def test_a_withdrawn_follow_up_says_the_moderators_withdrew_it(follow_up, moderator):
    follow_up.publish(moderator)
    follow_up.withdraw(moderator, "内部原因：涉及他人")
    timeline = tracking_timeline(follow_up.issue)
    assert "follow-up-withdrawn" in timeline
    assert "内部原因" not in timeline  # the reason for a withdrawal is internal
    assert TEXT not in Client().get(follow_up.issue.get_absolute_url()).content.decode()


def test_a_published_follow_up_sends_no_rejection_email(
    follow_up, moderator, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        follow_up.publish(moderator)
    assert mail.outbox == []
