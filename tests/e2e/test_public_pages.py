"""The public pages as a visitor sees them, on a phone and a desktop.

- Layout, measured: no page scrolls sideways; the site's name and "report a problem" each stay
  on one line; the wall's filter menus are touch targets (44 px high at least); the staff
  Issues list on a phone shows a status on one line and its case-number box on the screen.
- Text limits: the description box stops at the server's limit and counts the characters as
  one types; a description of exactly the limit is accepted (nothing is refused after sending).
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from core.conf import setting
from feedback.models import Issue

from .helpers import city_issue, fill_submit_form, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def numbers_in(text):
    """The numbers a counter shows, in order (its words depend on the language)."""
    return [int(number) for number in re.findall(r"\d+", text)]


def test_the_description_box_counts_and_stops_at_the_limit_the_server_accepts(page, city):
    limit = setting("BODY_MAX_LENGTH")
    page.goto("/wall/new/")
    counter = page.locator("#id_body-counter")
    assert numbers_in(counter.inner_text()) == [0, limit]
    fill_submit_form(page, city, "路灯不亮", "路" * (limit - 5))
    page.locator("#id_body").press_sequentially("灯坏了好几天了")  # 7 characters, 5 fit
    assert len(page.locator("#id_body").input_value()) == limit
    assert numbers_in(counter.inner_text()) == [limit, limit]
    assert "near-limit" in counter.get_attribute("class")
    page.click("form.submit-form button[type=submit]")
    page.wait_for_url("**/wall/thanks/")
    assert len(Issue.objects.get().body) == limit


TOUCH_TARGET = 44  # px: the smallest comfortable target for a finger (WCAG 2.5.5)
PUBLIC_PAGES = ("/wall/", "/wall/new/", "/figures/", "/track/", "/search/?q=路灯")


LINES = """element => {
    const range = document.createRange();
    range.selectNodeContents(element);
    return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
}"""


def lines_of(page, selector):
    """How many lines the text of the first element matching `selector` takes."""
    return page.locator(selector).first.evaluate(LINES)


def overflow(page):
    """How many pixels the page is wider than the screen (0: nothing scrolls sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_no_public_page_scrolls_sideways_and_the_header_keeps_its_words_whole(page, city):
    city_issue(city).publish(city.moderator)
    for url in PUBLIC_PAGES:
        page.goto(url)
        assert overflow(page) <= 0, url
        assert lines_of(page, ".site-header .brand") == 1, url
        assert lines_of(page, ".site-header .main-nav .button") == 1, url


def test_the_wall_filters_are_touch_targets(page, city):
    page.goto("/wall/")
    heights = page.eval_on_selector_all(
        ".filters select, .filters button",
        "elements => elements.map(e => e.getBoundingClientRect().height)",
    )
    assert heights and min(heights) >= TOUCH_TARGET, heights


def test_the_staff_issue_list_fits_a_phone(page, city):
    issue = city_issue(city)
    issue.publish(city.moderator)
    issue.assign(city.moderator, [city.housing], timezone.localdate() + timedelta(days=7))
    log_in(page, "moderator")
    page.goto("/admin/feedback/issues/")
    status = page.locator("td", has_text=str(issue.shown_status.label)).first
    assert status.is_visible()
    assert status.evaluate(LINES) == 1, status.inner_text()
    title = page.locator("td", has_text=issue.title).first
    assert title.evaluate(LINES) <= 3, "the title is squeezed to a character per line"
    assert overflow(page) <= 0
    # The filters open from the header: the case-number box is one step in.
    page.locator("#filters-drilldown [data-w-dropdown-target=toggle]").first.click()
    page.click("[aria-controls=drilldown-id_case]")
    box = page.locator("#id_case").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"], box
