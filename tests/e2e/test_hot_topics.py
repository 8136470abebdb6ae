"""Hot spots (热点) in Chromium, on a desktop and a phone, under the Content-Security-Policy: a
visitor reads the analysis page's hot-spots block (public threads only, the trend drawn as SVG,
fitting the phone) and follows a topic to its thread; a moderator reads the staff page, opens a
topic's threads, and a period the wrong way round is refused with the dates kept.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from home.models import AnalysisIndexPage, AnalysisPage
from reporting.periods import Period
from tests.reporting.hot_topic_runs import store_run

from .helpers import city_issue, log_in
from .test_media_site import media_site  # noqa: F401 - the pages the migrations make, autouse

pytestmark = pytest.mark.django_db(transaction=True)


def published(city, title, district=None):
    issue = city_issue(city, title=title, district=district or city.east)
    issue.publish(city.moderator)
    return issue


@pytest.fixture
def hot_week(city):
    lamps = [published(city, title) for title in ("幸福路路灯不亮", "幸福路路灯坏了")]
    noise = [published(city, "工地夜间施工噪音扰民", city.west)]
    hidden = published(city, "被隐藏的路灯帖子")
    hidden.hide(city.moderator, "重复")
    places = [{"slug": city.east.slug, "name": city.east.name, "count": 2}]
    departments = [{"slug": city.housing.slug, "name": city.housing.name, "count": 2}]
    week = Period.week(timezone.localdate() - timedelta(days=7))
    return store_run(
        week,
        [
            {
                "issues": [*lamps, hidden],
                "support": 9,
                "growth": 2,
                "growing": True,
                "districts": places,
                "departments": departments,
            },
            {"issues": noise, "support": 1, "recurring": True},
        ],
    )


def test_a_visitor_reads_the_hot_spots_and_a_moderator_the_staff_page(page, city, hot_week):
    analysis = AnalysisPage(
        title="本季度综合分析",
        slug="quarter",
        period_kind="quarter",
        period_key=Period.quarter(timezone.localdate()).key,
        body=[("hot_spots", {"topics": 5, "period": "latest_week", "heading": "上周热点"})],
    )
    AnalysisIndexPage.objects.get().add_child(instance=analysis)
    analysis.save_revision().publish()

    page.goto("/analysis/quarter/")
    spots = page.locator(".hot-spot")
    assert spots.count() == 2
    assert "被隐藏的路灯帖子" not in page.locator(".hot-spots").inner_text()
    assert page.locator(".hot-spot svg.trend-sparkline rect").count() == 16
    assert page.locator(".hot-spots a[href*='/admin/']").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"] + 1
    spots.first.locator("h3 a").click()
    page.wait_for_url("**/wall/*/")
    assert "幸福路路灯不亮" in page.locator("h1").inner_text()

    log_in(page, "moderator")
    page.goto("/admin/hot-topics/")
    rows = page.locator("tr.hot-topic")
    assert rows.count() == 2
    rows.first.locator("summary").click()
    threads = rows.first.locator(".hot-topic-threads")
    assert (
        threads.locator("a.public-link").count() == 2
        and threads.locator("a.desk-link").count() == 2
    )
    assert "被隐藏的路灯帖子" not in threads.inner_text()

    page.fill("input[name=first_day]", "2026-11-30")
    page.fill("input[name=last_day]", "2026-11-01")
    page.locator(".hot-topics-on-demand button").click()
    page.wait_for_load_state()
    assert page.locator(".hot-topics-on-demand [role=alert]").is_visible()
    assert page.input_value("input[name=first_day]") == "2026-11-30"
    assert page.input_value("input[name=last_day]") == "2026-11-01"
