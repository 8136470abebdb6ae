"""The newcomer's walk-through from the README, in a real browser: post, moderate, assign,
answer, resolve, and see every step on the public page and through the tracking link."""

from datetime import timedelta

import pytest
from django.utils import timezone

from feedback.models import Issue
from feedback.workflow import Status

from .helpers import city_issue, fill_submit_form, log_in, log_out

pytestmark = pytest.mark.django_db(transaction=True)


def test_newcomer_walks_an_issue_from_post_to_resolution(page, city, screenshot):
    title = "阳光花园5号楼路灯坏了一个星期"
    page.goto("/wall/new/")
    fill_submit_form(
        page,
        city,
        title,
        "晚上小区里一片漆黑，老人孩子出门很不方便。我的电话13812345678。",
        location="阳光花园5号楼",
    )
    screenshot("01-submit")
    page.click("form.submit-form button[type=submit]")
    tracking_link = page.locator(".tracking-link a").get_attribute("href")
    assert tracking_link.startswith("/track/")
    screenshot("02-thanks")

    page.goto("/wall/")
    assert title not in page.content()

    log_in(page, "moderator")
    page.goto("/admin/feedback/queue/")
    page.click(f"text={title}")
    assert page.input_value("textarea[name=body]").count("138****5678") == 1
    screenshot("03-moderation")
    page.click("form:has(input[value=publish]) button")
    page.check(f"input[name=departments][value='{city.housing.pk}']")
    page.fill("input[name=due_date]", (timezone.localdate() + timedelta(days=7)).isoformat())
    page.click("form:has(input[value=assign]) button")
    issue = Issue.objects.get(title=title)
    assert issue.status == Status.ASSIGNED
    log_out(page)

    log_in(page, "housing_staff")
    page.goto("/admin/feedback/issues/")
    page.click(f"text={title}")
    page.fill(
        "form:has(input[value=reply]) textarea[name=body]",
        "您好，已安排维修人员于今日更换灯具，感谢您的监督。",
    )
    page.click("form:has(input[value=reply]) button")
    page.click("form:has(input[value=resolve]) button")
    issue.refresh_from_db()
    assert issue.status == Status.RESOLVED
    log_out(page)

    page.goto(issue.get_absolute_url())
    public = page.content()
    screenshot("04-public-thread")
    for expected in ("市住房和城乡建设局", "已安排维修人员于今日更换灯具", "138****5678"):
        assert expected in public
    assert "13812345678" not in public and "housing_staff" not in public
    assert (
        page.locator(".timeline-entry").count() >= 5
    )  # submitted, published, assigned, reply, resolved

    page.goto(tracking_link)
    screenshot("05-tracking")
    assert "已安排维修人员于今日更换灯具" in page.content()
    assert issue.get_status_display() in page.locator(".issue-header .badge").first.inner_text()


def test_a_hidden_thread_answers_not_found_to_the_public(page, page_guard, city):
    """The guard fails on unexpected 4xx; a test that expects one says so with allow()."""
    issue = city_issue(city)
    issue.publish(city.moderator)
    issue.hide(city.moderator, "重复发帖")
    with page_guard.allow(404):
        response = page.goto(issue.get_absolute_url())
    assert response.status == 404
