"""The two languages in Chromium, on a desktop and on a phone.

The site opens in simplified Chinese whatever the browser asks for; the language switch (a form)
turns every page to English and back, from any page, the reporter's private tracking page
included, and stays on that page. Texts that scripts fill in come from the catalogue too: the
department chooser counts in Chinese (显示…个责任单位), with its placeholders filled.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from .helpers import city_issue, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def switch_to(page, language_name):
    with page.expect_navigation():
        page.click(f".language-switch button:has-text('{language_name}')")


def test_a_visitor_switches_to_english_and_back_on_the_page_they_are_on(page, city, screenshot):
    issue = city_issue(city)
    issue.publish(city.moderator)
    issue.assign(city.moderator, [city.housing], timezone.localdate() + timedelta(days=10))
    page.goto("/wall/")
    assert page.get_attribute("html", "lang") == "zh-hans"
    assert page.locator(".main-nav").inner_text().split()[0] == "回音壁"

    switch_to(page, "English")
    assert page.url.endswith("/wall/")
    assert page.get_attribute("html", "lang") == "en"
    assert "The wall" in page.locator(".main-nav").inner_text()
    assert "Assigned" in page.locator(".issue-list").inner_text()
    screenshot("i18n-01-wall-in-english")

    # English follows the visitor to the private tracking page; back to Chinese from there.
    page.goto(issue.get_tracking_url())
    assert page.locator(".case-number").inner_text().startswith("Case number")
    switch_to(page, "简体中文")
    assert page.url.endswith(issue.get_tracking_url())
    assert page.get_attribute("html", "lang") == "zh-hans"
    assert page.locator(".case-number").inner_text().startswith("受理编号")
    assert "已交办" in page.locator(".timeline").inner_text()
    screenshot("i18n-02-tracking-page-in-chinese")


def test_the_department_chooser_counts_in_chinese(page, city, screenshot):
    issue = city_issue(city)
    issue.publish(city.moderator)
    log_in(page, "moderator")
    page.goto(f"/admin/feedback/issues/{issue.pk}/")
    page.fill("[data-chooser-filter]", "交通")
    status = page.locator("[data-chooser-status]")
    # 城乡建设's usual department (住建局) comes chosen and stays in view beside the match.
    assert re.fullmatch(r"显示2个责任单位（共2个）；已选：市住房和城乡建设局", status.inner_text())
    page.locator("[data-chooser-option]", has_text="市住房和城乡建设局").locator("input").uncheck()
    page.fill("[data-chooser-filter]", "住建")
    assert status.inner_text() == "显示1个责任单位（共2个）；已选：无"
    screenshot("i18n-03-chooser-in-chinese")
