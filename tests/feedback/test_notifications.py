"""E-mail to the reporter: a confirmation at submission, then one at each step, always with the
case number (受理编号) in the subject and the body and the private tracking link."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone, translation

from feedback.workflow import IllegalTransition, RejectionReason, Status

EMAIL = "reporter@example.com"


def tracking_link(issue):
    return settings.SITE_URL.rstrip("/") + issue.get_tracking_url()


def test_reporter_gets_an_email_at_each_step_with_the_tracking_link(
    make_issue, moderator, staff_a, department_a, commit
):
    issue = make_issue(contact_email=EMAIL)
    steps = [
        lambda: issue.publish(moderator),
        lambda: issue.assign(moderator, [department_a], timezone.localdate() + timedelta(days=5)),
        lambda: issue.post_reply(staff_a, department_a, "已派人处理"),
        lambda: issue.resolve(staff_a, department_a, "已修复"),
    ]
    for number, step in enumerate(steps, start=1):
        commit(step)
        assert len(mail.outbox) == number
        message = mail.outbox[-1]
        assert message.to == [EMAIL]
        assert tracking_link(issue) in message.body
        assert issue.title[:10] in message.subject
        assert issue.case_number in message.subject and issue.case_number in message.body
    due = (timezone.localdate() + timedelta(days=5)).strftime("%Y-%m-%d")
    assert due in mail.outbox[1].body


def test_a_confirmation_with_the_case_number_and_link_is_sent_after_submission(make_issue, commit):
    holder = []
    commit(lambda: holder.append(make_issue(contact_email=EMAIL, title="垃圾清运不及时")))
    (issue,) = holder
    (message,) = mail.outbox
    assert message.to == [EMAIL]
    assert issue.case_number in message.subject and "垃圾清运不及时" in message.subject
    assert issue.case_number in message.body
    assert tracking_link(issue) in message.body
    assert settings.SITE_URL.rstrip("/") + "/track/" in message.body  # the look-up, if lost


def test_no_confirmation_is_sent_before_the_submission_commits(
    make_issue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        make_issue(contact_email=EMAIL)
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


def test_a_reporter_without_email_gets_no_confirmation(make_issue, commit):
    commit(lambda: make_issue(contact_email=""))
    assert mail.outbox == []


def test_markup_like_characters_in_a_title_reach_the_subject_unescaped(make_issue, commit):
    commit(lambda: make_issue(contact_email=EMAIL, title="“R&D”园区 <东门> 积水"))
    assert "“R&D”园区 <东门> 积水" in mail.outbox[0].subject


def test_rejection_email_gives_the_reason_and_the_note(make_issue, moderator, commit):
    issue = make_issue(contact_email=EMAIL)
    commit(lambda: issue.reject(moderator, RejectionReason.ABUSIVE, "含有人身攻击内容"))
    (message,) = mail.outbox
    with translation.override(settings.LANGUAGE_CODE):
        reason = str(RejectionReason.ABUSIVE.label)
    assert reason in message.body
    assert "含有人身攻击内容" in message.body
    assert tracking_link(issue) in message.body


def test_a_later_reply_and_closing_send_nothing_more(
    issue_in, moderator, staff_a, department_a, commit
):
    issue = issue_in("answered", contact_email=EMAIL)
    mail.outbox.clear()
    commit(lambda: issue.post_reply(staff_a, department_a, "补充答复"))
    assert mail.outbox == []


def test_reporter_without_email_gets_nothing(make_issue, moderator, staff_a, department_a, commit):
    issue = make_issue(contact_email="")
    commit(lambda: issue.publish(moderator))
    commit(lambda: issue.assign(moderator, [department_a], timezone.localdate()))
    commit(lambda: issue.post_reply(staff_a, department_a, "已处理"))
    commit(lambda: issue.resolve(staff_a, department_a, ""))
    other = make_issue(contact_email="")
    commit(lambda: other.reject(moderator, RejectionReason.DUPLICATE))
    assert mail.outbox == []


def test_nothing_is_sent_when_the_move_is_rolled_back(make_issue, moderator, commit):
    issue = make_issue(contact_email=EMAIL)
    commit(lambda: issue.publish(moderator))
    mail.outbox.clear()
    with pytest.raises(IllegalTransition):
        commit(lambda: issue.publish(moderator))
    assert mail.outbox == []


def test_the_reopen_email_names_the_status_as_the_badge_does_and_gives_the_reason(
    issue_in, moderator, commit
):
    issue = issue_in("resolved", contact_email=EMAIL)
    mail.outbox.clear()
    commit(lambda: issue.reopen(moderator, "回访时反映人说路灯又坏了。"))
    (message,) = mail.outbox
    issue.refresh_from_db()
    with translation.override(settings.LANGUAGE_CODE):
        shown, assigned = str(issue.shown_status.label), str(Status.ASSIGNED.label)
    assert issue.status == Status.ASSIGNED and shown != assigned
    assert shown in message.subject and shown in message.body
    assert assigned not in message.body
    assert "回访时反映人说路灯又坏了。" in message.body
    assert issue.due_date.strftime("%Y-%m-%d") in message.body


def test_a_withdrawn_reopen_reason_is_not_sent(issue_in, moderator, department_a, commit):
    issue = issue_in("resolved", contact_email=EMAIL)
    issue.assignments.update(is_active=False)  # stays "reopened": nothing is sent yet
    issue.reopen(moderator, "涉及邻居王某某的私事。")
    issue.events.get(action="reopened").withdraw(moderator, "涉及第三人")
    mail.outbox.clear()
    commit(lambda: issue.assign(moderator, [department_a], timezone.localdate()))
    (message,) = mail.outbox
    with translation.override(settings.LANGUAGE_CODE):
        assert str(Status.REOPENED.label) in message.subject
    assert "王某某" not in message.body


def test_a_hand_back_sends_nothing_and_the_reassignment_tells_the_new_department(
    issue_in, staff_a, department_a, department_b, moderator, commit
):
    issue = issue_in("assigned", contact_email=EMAIL)
    mail.outbox.clear()
    commit(lambda: issue.hand_back(staff_a, department_a, "不属本局职责"))
    assert mail.outbox == []
    commit(lambda: issue.assign(moderator, [department_b], timezone.localdate()))
    (message,) = mail.outbox
    assert "不属本局职责" not in message.body
