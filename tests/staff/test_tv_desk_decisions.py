"""The editors' decisions on the TV desk's page: pin, exclude, mark a department to be
questioned, revoke; each through `reporting.desk` and shown with who and when. Bad input (a
thread that does not exist, is not public or is not a number at all, no department, a decision
no longer in force) is a message on the page with what was typed kept, never an error; a post
without the CSRF token is refused."""

import pytest
from django.test import Client
from django.utils import timezone

from feedback.workflow import Status
from reporting.models import DeskDecision, DeskWeek

from . import tv_desk_pages
from .tv_desk_pages import LAST_WEEK, card, listed, post, section, sheet, url

# The shared fixtures (bound here, not imported, so that tests may name them as arguments).
editor = tv_desk_pages.editor
staff = tv_desk_pages.staff
supported = tv_desk_pages.supported

# --- the editors' decisions -----------------------------------------------------------------


def test_pinning_a_thread_by_its_number_lists_it_with_who_and_when(
    client, editor, supported, issue_in
):
    supported("有人附议的问题")
    pinned = issue_in(Status.ANSWERED, title="节目组想回访的问题")
    done = post(
        client, editor, {"action": "pin", "pin-thread": f"#{pinned.pk}", "pin-note": "回访"}
    )
    html = done.content.decode()
    assert done.redirect_chain[-1][0] == url()
    assert "Pinned: 节目组想回访的问题" in html
    assert pinned.pk in listed(html)
    pin = card(html, pinned)
    assert 'data-reason="pinned"' in pin and "Chosen by the editors" in pin
    stamp = timezone.localtime(DeskDecision.objects.get().at)
    assert f"Pinned by 陈编辑, {stamp:%Y-%m-%d %H:%M}: 回访" in pin
    decisions = section(html, "decisions")
    assert 'data-kind="pin"' in decisions and f"陈编辑, {stamp:%Y-%m-%d %H:%M}" in decisions


def test_a_thread_can_be_named_by_its_case_number_or_public_address(client, editor, issue_in):
    by_case = issue_in(Status.ANSWERED, title="按受理编号置顶")
    by_address = issue_in(Status.ANSWERED, title="按网址置顶")
    spaced = by_case.case_number.replace("-", " ")
    post(client, editor, {"action": "pin", "pin-thread": spaced})
    post(client, editor, {"action": "pin", "pin-thread": f"http://x/wall/{by_address.pk}/"})
    assert set(listed(sheet(client, editor))) == {by_case.pk, by_address.pk}


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("路灯那个帖子", "Type the thread&#x27;s number on the wall (e.g. 123)"),
        ("987654", "No thread has this number."),
        ("not-public", "Only a public thread can be pinned or excluded."),
    ],
)
def test_bad_thread_input_says_why_and_keeps_what_was_typed(
    client, editor, make_issue, typed, message
):
    if typed == "not-public":
        typed = str(make_issue(title="待审核的帖子").pk)  # submitted, not yet published
    response = post(
        client, editor, {"action": "pin", "pin-thread": typed, "pin-note": "节目组备注"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    form = html[html.index('data-form="pin"') :]
    form = form[: form.index("</form>")]
    assert 'data-error-for="pin-thread"' in form and message in form
    assert f'value="{typed}"' in form and 'value="节目组备注"' in form
    assert not DeskDecision.objects.exists()


def test_excluding_drops_a_thread_and_the_next_moves_up_until_revoked(client, editor, supported):
    threads = [supported(f"附议问题{n}", votes=10 - n) for n in range(4)]
    assert listed(sheet(client, editor)) == [t.pk for t in threads[:3]]
    post(client, editor, {"action": "exclude", "exclude-thread": str(threads[0].pk)})
    assert listed(sheet(client, editor)) == [t.pk for t in threads[1:]]
    decision = DeskDecision.objects.get(kind=DeskDecision.Kind.EXCLUDE)
    done = post(client, editor, {"action": "revoke", "decision": decision.pk})
    html = done.content.decode()
    assert "Decision revoked." in html
    assert listed(html) == [t.pk for t in threads[:3]]
    row = section(html, "decisions")
    row = row[row.index(f'data-decision="{decision.pk}"') :]
    assert 'class="tv-revoked"' in row[:200] and "陈编辑" in row


def test_a_moderator_marks_a_department_and_revokes_the_mark(
    client, moderator, staff, department_b
):
    post(client, moderator, {"action": "question", "question-department": department_b.pk})
    mark = DeskDecision.objects.get()
    assert (mark.kind, mark.department, mark.by) == ("question", department_b, moderator)
    html = post(client, moderator, {"action": "revoke", "decision": mark.pk}).content.decode()
    assert "To be questioned" not in section(html, "departments")


def test_marking_without_choosing_a_department_keeps_the_note(client, editor, department_a):
    html = post(
        client, editor, {"action": "question", "question-department": "", "question-note": "问责"}
    ).content.decode()
    form = html[html.index('data-form="question"') :]
    assert 'data-error-for="question-department"' in form and 'value="问责"' in form
    unknown = post(client, editor, {"action": "question", "question-department": "99999"})
    assert "Choose one of the departments listed." in unknown.content.decode()
    assert not DeskDecision.objects.exists()


@pytest.mark.parametrize("decision", ["99999", "abc", ""])
def test_revoking_a_decision_not_in_force_is_a_message_not_an_error(client, editor, decision):
    response = post(client, editor, {"action": "revoke", "decision": decision})
    assert response.status_code == 200
    assert "This decision is no longer in force." in response.content.decode()


def test_revoking_twice_says_it_is_no_longer_in_force(client, editor, issue_in):
    issue = issue_in(Status.ANSWERED)
    post(client, editor, {"action": "pin", "pin-thread": str(issue.pk)})
    pin = DeskDecision.objects.get()
    post(client, editor, {"action": "revoke", "decision": pin.pk})
    again = post(client, editor, {"action": "revoke", "decision": pin.pk}).content.decode()
    assert "This decision is no longer in force." in again


def test_a_post_without_the_csrf_token_is_refused(editor, issue_in):
    issue = issue_in(Status.ANSWERED)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor)
    assert browser.post(url(), {"action": "pin", "pin-thread": issue.pk}).status_code == 403
    assert not DeskDecision.objects.exists()


def test_pinning_on_a_past_week_refreezes_it_with_history(client, editor, issue_in):
    issue = issue_in(Status.ANSWERED, title="上周漏掉的问题")
    assert listed(sheet(client, editor, LAST_WEEK)) == []  # frozen now, empty
    html = post(
        client, editor, {"action": "pin", "pin-thread": str(issue.pk)}, week=LAST_WEEK
    ).content.decode()
    assert listed(html) == [issue.pk] and "Frozen" in html
    assert len(DeskWeek.objects.get(week=LAST_WEEK.key).history) == 1


def test_a_note_too_long_is_refused_beside_the_field_with_the_thread_kept(client, editor, issue_in):
    issue = issue_in(Status.ANSWERED)
    note = "回访" * 300  # 600 characters, 500 allowed
    html = post(
        client, editor, {"action": "pin", "pin-thread": str(issue.pk), "pin-note": note}
    ).content.decode()
    form = html[html.index('data-form="pin"') :]
    assert 'data-error-for="pin-note"' in form and f'value="{issue.pk}"' in form
    assert not DeskDecision.objects.exists()
