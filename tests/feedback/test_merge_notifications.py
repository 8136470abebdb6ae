"""并单 e-mails: the reporter of a merged report is told, after commit, with their case number,
the main thread's public link and their own tracking link; then the main thread's steps reach
them as they reach its own reporter; an unmerge tells them the report is handled on its own again.
Every message goes to one reporter and carries nobody else's case number, link or contact."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone, translation

from feedback.models import Issue
from feedback.workflow import Status

MAIN_EMAIL, LATER_EMAIL, OTHER_EMAIL = "main@example.com", "later@example.com", "other@example.com"


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def later_report(issue_in, main, status=Status.PUBLISHED, **overrides):
    report = issue_in(status, **overrides)
    Issue.objects.filter(pk=report.pk).update(created_at=main.created_at + timedelta(hours=1))
    report.refresh_from_db()
    return report


@pytest.fixture
def main(issue_in):
    return issue_in(
        Status.ASSIGNED,
        title="锦绣华庭停电三天",
        contact_email=MAIN_EMAIL,
        contact_phone="13811112222",
    )


def label(status):
    with translation.override(settings.LANGUAGE_CODE):
        return str(Status(status).label)


def assert_nothing_of(message, *others):
    for other in others:
        assert other.case_number not in message.body + message.subject
        assert other.get_tracking_url() not in message.body
        for contact in (other.contact_email, other.contact_phone):
            if contact:
                assert contact not in message.body


def test_the_merged_reporter_gets_their_case_number_the_main_threads_link_and_their_link(
    issue_in, main, moderator, commit
):
    later = later_report(issue_in, main, contact_email=LATER_EMAIL)
    mail.outbox.clear()
    commit(lambda: later.merge_into(moderator, main, "同一小区同一次停电"))

    (message,) = mail.outbox
    assert message.to == [LATER_EMAIL]
    assert later.case_number in message.subject and later.case_number in message.body
    assert absolute(main.get_absolute_url()) in message.body
    assert absolute(later.get_tracking_url()) in message.body
    assert f"{main.pk}" in message.subject
    assert "同一小区同一次停电" not in message.body  # the moderator's reason is internal
    assert_nothing_of(message, main)


def test_no_merge_email_before_the_commit_nor_without_an_address(
    issue_in, main, moderator, django_capture_on_commit_callbacks
):
    later = later_report(issue_in, main, contact_email=LATER_EMAIL)
    silent = later_report(issue_in, main, contact_email="")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        later.merge_into(moderator, main, "同一问题")
        silent.merge_into(moderator, main, "同一问题")
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert [message.to for message in mail.outbox] == [[LATER_EMAIL]]


def test_the_main_threads_next_steps_reach_each_merged_reporter_in_a_message_of_their_own(
    issue_in, main, moderator, staff_a, department_a, commit
):
    later = later_report(issue_in, main, contact_email=LATER_EMAIL, contact_phone="13933334444")
    other = later_report(issue_in, main, contact_email=OTHER_EMAIL, contact_phone="13955556666")
    silent = later_report(issue_in, main, contact_email="")
    for report in (later, other, silent):
        report.merge_into(moderator, main, "同一问题")
    mail.outbox.clear()

    commit(lambda: main.post_reply(staff_a, department_a, "已联系供电公司抢修。"))

    by_address = {tuple(message.to): message for message in mail.outbox}
    assert set(by_address) == {(MAIN_EMAIL,), (LATER_EMAIL,), (OTHER_EMAIL,)}
    for report, others in ((later, (main, other)), (other, (main, later))):
        message = by_address[(report.contact_email,)]
        assert report.case_number in message.subject and report.case_number in message.body
        assert label(Status.ANSWERED) in message.subject
        assert absolute(main.get_absolute_url()) in message.body
        assert absolute(report.get_tracking_url()) in message.body
        assert_nothing_of(message, *others)

    mail.outbox.clear()
    commit(lambda: main.resolve(staff_a, department_a, "线路已更换。"))
    assert sorted(message.to[0] for message in mail.outbox) == [
        LATER_EMAIL,
        MAIN_EMAIL,
        OTHER_EMAIL,
    ]


def test_a_later_reply_on_the_main_thread_sends_nothing_more_as_for_its_own_reporter(
    issue_in, main, moderator, staff_a, department_a, commit
):
    later = later_report(issue_in, main, contact_email=LATER_EMAIL)
    later.merge_into(moderator, main, "同一问题")
    main.post_reply(staff_a, department_a, "已安排。")
    mail.outbox.clear()
    commit(lambda: main.post_reply(staff_a, department_a, "补充答复"))
    assert mail.outbox == []


def test_the_unmerge_email_says_the_report_is_handled_on_its_own_again(
    issue_in, main, moderator, commit
):
    later = later_report(issue_in, main, Status.ASSIGNED, contact_email=LATER_EMAIL)
    later.merge_into(moderator, main, "同一问题")
    mail.outbox.clear()

    commit(lambda: later.unmerge(moderator, "并错了，是两次停电"))

    (message,) = mail.outbox  # no separate status e-mail for the move back
    assert message.to == [LATER_EMAIL]
    assert later.case_number in message.subject and later.case_number in message.body
    assert absolute(later.get_tracking_url()) in message.body
    assert label(Status.ASSIGNED) in message.body
    later.refresh_from_db()
    assert later.due_date.strftime("%Y-%m-%d") in message.body
    assert "并错了" not in message.body
    assert_nothing_of(message, main)


def test_after_the_unmerge_the_main_threads_steps_no_longer_reach_the_reporter(
    issue_in, main, moderator, staff_a, department_a, commit
):
    later = later_report(issue_in, main, contact_email=LATER_EMAIL)
    later.merge_into(moderator, main, "同一问题")
    later.unmerge(moderator, "并错了")
    mail.outbox.clear()
    commit(lambda: main.post_reply(staff_a, department_a, "已联系供电公司抢修。"))
    assert [message.to for message in mail.outbox] == [[MAIN_EMAIL]]


def test_a_reassignment_of_the_main_thread_gives_merged_reporters_the_new_due_date(
    issue_in, main, moderator, department_b, commit
):
    later = later_report(issue_in, main, contact_email=LATER_EMAIL)
    later.merge_into(moderator, main, "同一问题")
    mail.outbox.clear()
    due = timezone.localdate() + timedelta(days=7)
    commit(lambda: main.reassign(moderator, [department_b], due))
    message = next(m for m in mail.outbox if m.to == [LATER_EMAIL])
    assert due.strftime("%Y-%m-%d") in message.body


def test_reports_that_move_with_a_merged_thread_are_told_which_thread_they_follow_now(
    issue_in, main, moderator, commit
):
    middle = later_report(issue_in, main, contact_email="")
    third = issue_in(Status.PUBLISHED, contact_email=OTHER_EMAIL)
    Issue.objects.filter(pk=third.pk).update(created_at=middle.created_at + timedelta(hours=1))
    third.refresh_from_db()
    third.merge_into(moderator, middle, "同一问题")
    mail.outbox.clear()

    commit(lambda: middle.merge_into(moderator, main, "同一问题"))
    (message,) = mail.outbox
    assert message.to == [OTHER_EMAIL] and third.case_number in message.subject
    assert absolute(main.get_absolute_url()) in message.body

    mail.outbox.clear()
    commit(lambda: middle.unmerge(moderator, "并错了"))
    (message,) = mail.outbox
    assert message.to == [OTHER_EMAIL]
    assert absolute(middle.get_absolute_url()) in message.body
    assert absolute(main.get_absolute_url()) not in message.body


def test_steps_of_a_hidden_main_thread_are_not_sent_to_its_merged_reporters(
    issue_in, main, moderator, staff_a, department_a, commit
):
    later = later_report(issue_in, main, contact_email=LATER_EMAIL)
    later.merge_into(moderator, main, "同一问题")
    main.hide(moderator, "涉及个人隐私")
    mail.outbox.clear()
    commit(lambda: main.post_reply(staff_a, department_a, "已联系供电公司抢修。"))
    assert [message.to for message in mail.outbox] == [[MAIN_EMAIL]]
