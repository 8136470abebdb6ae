"""The media site in Chromium, on a desktop and a phone, under the Content-Security-Policy (any
console error fails the test): the home front, the typical cases and a case with its live
thread cards, the comprehensive analysis with its SVG charts whose Chinese labels render in the
CJK font; and an editor writing a typical case in the admin, choosing a public thread through
the chooser modal, then publishing it.
"""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from home.models import (
    AnalysisIndexPage,
    AnalysisPage,
    HomePage,
    TypicalCaseIndexPage,
    TypicalCasePage,
    TypicalCaseThread,
)
from reporting.periods import Period

from .helpers import PASSWORD, city_issue, log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def media_site(db):
    """The pages the migrations make (root, home, the two indexes), made again when an earlier
    browser test's flush removed them."""
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = HomePage.objects.first()
    if home is None:
        home = root.add_child(instance=HomePage(title="民生回音壁", slug="home"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    for model, title, slug in (
        (TypicalCaseIndexPage, "典型案例", "cases"),
        (AnalysisIndexPage, "综合分析", "analysis"),
    ):
        if not model.objects.exists():
            home.add_child(instance=model(title=title, slug=slug))


def resolved_issue(city, title):
    issue = city_issue(city, title=title)
    issue.publish(city.moderator)
    issue.assign(city.moderator, [city.housing], timezone.localdate() + timezone.timedelta(days=5))
    issue.post_reply(city.housing_staff, city.housing, "已安排人员到现场处理。")
    issue.resolve(city.housing_staff, city.housing, "路灯已更换。")
    return issue


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_a_visitor_reads_the_front_a_case_and_the_analysis(page, city, device, screenshot):
    issue = resolved_issue(city, "幸福小区门口路灯坏了")
    case = TypicalCasePage(
        title="住建局快速修复小区路灯",
        slug="lights",
        kind="praise",
        problem="<p>居民反映路灯损坏。</p>",
        handling="<p>当天到场。</p>",
        result="<p>已更换。</p>",
        comment="<p>值得肯定。</p>",
    )
    case.threads = [TypicalCaseThread(issue=issue)]
    publish(TypicalCaseIndexPage.objects.get(), case)
    analysis = AnalysisPage(
        title="本季度综合分析",
        slug="quarter",
        period_kind="quarter",
        period_key=Period.quarter(timezone.localdate()).key,
        body=[
            ("hot_topics", {"top": 5}),
            (
                "chart",
                {
                    "measure": "issues",
                    "dimension": "category",
                    "style": "line",
                    "top": 4,
                    "caption": "按类别",
                },
            ),
        ],
    )
    publish(AnalysisIndexPage.objects.get(), analysis)

    page.goto("/")
    assert page.locator(".headline-figures dd").count() == 4
    page.get_by_role("link", name="住建局快速修复小区路灯").click()
    page.wait_for_url("**/cases/lights/")
    assert page.locator(".case-threads .issue-row").count() == 1
    assert "幸福小区门口路灯坏了" in page.locator(".case-threads").inner_text()

    page.goto("/cases/?kind=praise")
    assert page.locator(".case-card").count() == 1

    page.goto("/analysis/quarter/")
    assert page.locator("svg.chart").count() == 2
    label = page.locator("svg.chart text", has_text=city.building.name).first
    assert label.evaluate("node => node.getBBox().width") > 10
    assert page.evaluate("document.fonts.check('13px \"Noto Sans CJK SC\"', '城乡建设')")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1  # the charts fit the phone
    screenshot("analysis")


def test_an_editor_writes_a_case_and_chooses_a_thread(page, page_guard, city, device):
    resolved_issue(city, "幸福小区门口路灯坏了")
    hidden = resolved_issue(city, "不该出现在选择器里的诉求")
    hidden.hide(city.moderator, "涉及隐私")
    get_user_model().objects.create_superuser("editor", password=PASSWORD)
    index = TypicalCaseIndexPage.objects.get()
    log_in(page, "editor")
    # Wagtail 8 autosaves the form while it is typed: an incomplete form answers 400 (its
    # validation errors), which is expected until every required field is filled.
    with page_guard.allow(400):
        page.goto(f"/admin/pages/add/home/typicalcasepage/{index.pk}/")
        page.fill("#id_title", "路灯修复及时")
        page.select_option("#id_kind", "praise")
        for name, text in (
            ("problem", "路灯坏了"),
            ("handling", "当天修复"),
            ("result", "已修好"),
            ("comment", "值得肯定"),
        ):
            editor = page.locator(f"[data-contentpath={name}] [contenteditable=true]")
            editor.click()
            editor.type(text)
        page.locator("#id_threads-ADD").click()
        page.get_by_role("button", name="Choose a thread").or_(
            page.get_by_role("button", name="选择诉求")
        ).first.click()
        modal = page.locator(".modal")
        modal.get_by_role("link", name="幸福小区门口路灯坏了").wait_for()
        assert modal.get_by_text("不该出现在选择器里的诉求").count() == 0
        modal.get_by_role("link", name="幸福小区门口路灯坏了").click()
        page.locator("footer .dropdown-toggle, [data-w-dropdown-target=toggle]").last.click()
        page.locator("button[name=action-publish]").click()
    page.wait_for_url("**/admin/pages/**")
    case = TypicalCasePage.objects.get(title="路灯修复及时")
    assert case.live and case.departments.filter(pk=city.housing.pk).exists()
    page.goto(case.url)
    assert "幸福小区门口路灯坏了" in page.locator(".case-threads").inner_text()
