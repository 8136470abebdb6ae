"""Personal data in every channel, in a real browser: a moderator publishes a follow-up offered
masked; a clerk's reply with personal data comes back masked for confirmation; a moderator
corrects and withdraws a published message; a clerk resolves with a public note."""

from datetime import timedelta

import pytest
from django.utils import timezone

from feedback.models import IssueEvent, Message
from feedback.services import add_follow_up
from feedback.workflow import Status

from .helpers import city_issue, log_in, log_out

pytestmark = pytest.mark.django_db(transaction=True)


def assigned_issue(city, **overrides):
    issue = city_issue(city, **overrides)
    issue.publish(city.moderator)
    issue.assign(city.moderator, [city.housing], timezone.localdate() + timedelta(days=7))
    return issue


def public_text(page, issue):
    page.goto(issue.get_absolute_url())
    return page.locator("article.issue").inner_text()


def test_moderator_publishes_a_follow_up_offered_masked(page, city, screenshot):
    issue = assigned_issue(city)
    add_follow_up(issue, {"body": "补充：我叫张建国，电话13912345678，灯还是不亮。", "photos": []})

    log_in(page, "moderator")
    page.goto("/admin/feedback/queue/")
    page.click(f"a[href$='/admin/feedback/issues/{issue.pk}/#follow-ups']")
    pending = page.locator(".follow-up-pending")
    assert pending.locator("textarea[name=body]").input_value() == (
        "补充：我叫张**，电话139****5678，灯还是不亮。"
    )
    assert "13912345678 → 139****5678" in pending.inner_text()
    screenshot("privacy-01-follow-up")
    with page.expect_navigation():
        pending.locator("button[value=publish_follow_up]").click()
    assert page.locator(".follow-up-pending").count() == 0
    log_out(page)

    shown = public_text(page, issue)
    assert "补充：我叫张**，电话139****5678，灯还是不亮。" in shown
    assert "13912345678" not in shown and "张建国" not in shown


def test_clerk_reply_with_personal_data_is_shown_masked_before_it_goes_public(
    page, city, screenshot
):
    issue = assigned_issue(city)
    log_in(page, "housing_staff")
    page.goto(f"/admin/feedback/issues/{issue.pk}/")
    reply = page.locator("#reply-form")
    reply.locator("textarea[name=body]").fill(
        "已电话联系反映人张先生（13700001111），请到社区工作站0579-85123456登记。"
    )
    with page.expect_navigation():
        reply.locator("button[type=submit]").click()

    notice = page.locator("#reply-form .review-notice")
    assert "13700001111 → 137****1111" in notice.inner_text()
    assert page.locator("#reply-form textarea[name=body]").input_value() == (
        "已电话联系反映人张先生（137****1111），请到社区工作站0579-******56登记。"
    )
    assert not Message.objects.filter(issue=issue, kind=Message.Kind.REPLY).exists()
    screenshot("privacy-02-reply-review")
    page.check("#reply-form input[name=keep][value='0579-85123456']")  # the work station's line
    with page.expect_navigation():
        page.click("#reply-form button[type=submit]")
    assert page.locator(".review-notice").count() == 0
    assert Message.objects.filter(issue=issue, kind=Message.Kind.REPLY).count() == 1
    log_out(page)

    shown = public_text(page, issue)
    assert "已电话联系反映人张先生（137****1111），请到社区工作站0579-85123456登记。" in shown
    assert "13700001111" not in shown
    assert issue.events.filter(action=IssueEvent.Action.PERSONAL_DATA_KEPT).exists()


def test_moderator_corrects_then_withdraws_a_published_reply(page, city, screenshot):
    issue = assigned_issue(city)
    reply = issue.post_reply(
        city.housing_staff,
        city.housing,
        "维修师傅李建国13700001111明天上门。",
        keep={"13700001111"},
    )
    log_in(page, "moderator")
    page.goto(f"/admin/feedback/issues/{issue.pk}/")
    message = page.locator(".desk-message", has_text="维修师傅")
    message.locator("summary").click()
    edit = message.locator("form:has(input[value=edit_message])")
    assert (
        edit.locator("textarea[name=body]").input_value() == "维修师傅李建国137****1111明天上门。"
    )
    with page.expect_navigation():
        edit.locator("button[type=submit]").click()
    reply.refresh_from_db()
    assert reply.body == "维修师傅李建国137****1111明天上门。"
    assert "13700001111" not in public_text(page, issue)

    page.goto(f"/admin/feedback/issues/{issue.pk}/")
    message = page.locator(".desk-message", has_text="维修师傅")
    message.locator("summary").click()
    withdraw = message.locator("form:has(input[value=withdraw_message])")
    withdraw.locator("input[name=reason]").fill("含维修人员个人信息")
    with page.expect_navigation():
        withdraw.locator("button[type=submit]").click()
    withdrawn = page.locator(".desk-message.withdrawn")
    assert "含维修人员个人信息" in withdrawn.inner_text()
    screenshot("privacy-03-withdrawn")
    log_out(page)

    assert "维修师傅" not in public_text(page, issue)
    page.goto(issue.get_tracking_url())
    assert "维修师傅" not in page.content()


def test_clerk_resolves_with_a_public_note(page, city, screenshot):
    issue = assigned_issue(city)
    issue.post_reply(city.housing_staff, city.housing, "已安排更换灯具。")
    log_in(page, "housing_staff")
    page.goto(f"/admin/feedback/issues/{issue.pk}/")
    resolve = page.locator("#resolve-form")
    resolve.locator("textarea[name=note]").fill("已办结，经回访反映人王小明表示满意。")
    with page.expect_navigation():
        resolve.locator("button[type=submit]").click()
    assert page.locator("#resolve-form textarea[name=note]").input_value() == (
        "已办结，经回访反映人王**表示满意。"
    )
    screenshot("privacy-04-resolve-review")
    with page.expect_navigation():
        page.click("#resolve-form button[type=submit]")
    assert page.locator("#resolve-form").count() == 0
    issue.refresh_from_db()
    assert issue.status == Status.RESOLVED
    log_out(page)

    page.goto(issue.get_absolute_url())
    resolved = page.locator(".timeline-entry", has_text="已办结")
    assert "已办结，经回访反映人王**表示满意。" in resolved.inner_text()
    assert "王小明" not in page.content()
