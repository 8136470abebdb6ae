"""Searching in a real browser, on a phone and a desktop: the header box suggests readable titles,
each once, that a keyboard can choose; on a phone the first result is on the first screen.

With ELASTICSEARCH_URL set (CI) the server searches the real node, otherwise the database: the
same steps must work on both.
"""

import re

import pytest
from django.conf import settings

from feedback.models import Category, District
from search import index as search_index
from search.documents import DOCUMENTS

from .helpers import city_issue

pytestmark = pytest.mark.django_db(transaction=True)

LAMP = "建设路路灯坏了好几天"


@pytest.fixture
def threads(city):
    """Street-light threads (two named alike) among others spread over many facets."""
    districts = [city.east, city.west] + [
        District.objects.create(name=f"{name}街道", slug=f"d{n}")
        for n, name in enumerate(["城南", "城北", "江滨", "白沙", "石桥", "新塘"])
    ]
    categories = [city.building, city.traffic] + [
        Category.objects.create(name=name, slug=f"c{n}")
        for n, name in enumerate(["公用事业", "环境保护", "物业管理", "市场监管", "教育"])
    ]
    lamps = [
        LAMP,
        LAMP,
        "路灯晚上十点就灭了",
        "路灯不亮，晚上摸黑走路",
        "新装的路灯不亮",
        "村口能不能装几盏路灯",
        "路灯杆被撞歪了",
        "公园路灯一闪一闪",
    ]
    titles = [*lamps, "小区停车难", "楼上半夜噪音太大", "公交车班次太少", "自来水发黄"]
    made = []
    for n, title in enumerate(titles):
        issue = city_issue(
            city,
            title=title,
            body=f"{title}，希望尽快处理。",
            location="",
            district=districts[n % len(districts)],
            category=categories[n % len(categories)],
        )
        issue.publish(city.moderator)
        made.append(issue)
    if settings.ELASTICSEARCH_URL:
        for document in DOCUMENTS.values():
            search_index.rebuild(document)
    yield made
    if settings.ELASTICSEARCH_URL:
        search_index.drop_indices(settings.ELASTICSEARCH_INDEX_PREFIX)


def colour(page, selector, prop):
    return page.eval_on_selector(selector, f"e => getComputedStyle(e).{prop}")


def luminance(css):
    channels = [int(c) / 255 for c in re.findall(r"\d+", css)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground, background):
    light, dark = sorted([luminance(foreground), luminance(background)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_suggestions_are_readable_unique_and_chosen_with_the_keyboard(page, threads, screenshot):
    page.goto("/wall/")
    box = page.locator("#site-search")
    box.click()
    box.press_sequentially("路灯", delay=60)
    options = page.locator("#site-search-suggestions [role=option]")
    options.first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    assert box.get_attribute("role") == "combobox"

    texts = [t.split("已公开")[0] for t in options.all_inner_texts()]
    assert texts.count(LAMP) == 1  # two threads named alike: one entry
    assert len(texts) == len(set(texts)) == 7
    first = "#site-search-suggestions [role=option]:first-child"
    background = colour(page, "#site-search-suggestions", "backgroundColor")
    assert contrast(colour(page, first, "color"), background) >= 4.5

    box.press("ArrowDown")
    screenshot("search-suggestions")
    active = box.get_attribute("aria-activedescendant")
    assert active == options.nth(0).get_attribute("id")
    assert options.nth(0).get_attribute("aria-selected") == "true"
    chosen = page.locator(f"#{active}")
    assert (
        contrast(colour(page, f"#{active}", "color"), colour(page, f"#{active}", "backgroundColor"))
        >= 4.5
    )
    box.press("ArrowDown")
    box.press("ArrowUp")
    assert box.get_attribute("aria-activedescendant") == active
    box.press("ArrowUp")  # wraps to the last
    assert box.get_attribute("aria-activedescendant") == options.nth(6).get_attribute("id")
    box.press("Escape")
    assert page.locator("#site-search-suggestions").is_hidden()
    assert box.get_attribute("aria-expanded") == "false"

    box.press("ArrowDown")
    title = chosen.inner_text().split("已公开")[0]
    box.press("Enter")
    target = next(t for t in threads if t.title == title)
    page.wait_for_url(f"**{target.get_absolute_url()}")
    assert page.locator("h1").inner_text().startswith(title)


def test_enter_without_a_chosen_suggestion_searches(page, threads):
    page.goto("/wall/")
    page.locator("#site-search").press_sequentially("路灯", delay=60)
    page.locator("#site-search-suggestions [role=option]").first.wait_for()
    page.locator("#site-search").press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert page.locator(".search-hit").count() == 8  # the street lights only: nothing unrelated


def test_the_first_result_is_on_the_first_screen(page, device, threads, screenshot):
    page.goto("/search/?q=路灯")
    screenshot("search-results")
    first = page.locator(".search-hit").first.bounding_box()
    screen = page.viewport_size["height"]
    assert first["y"] + first["height"] <= screen
    facets = page.locator("#search-facets")
    assert facets.locator("a").count() > 10
    if device == "phone":
        assert facets.bounding_box()["y"] > first["y"]  # results first, filters after
        page.click(".facets-link a")
        page.wait_for_url("**#search-facets")
    facets.locator("a", has_text="城西街道").click()
    page.wait_for_url("**district=west*")
    assert page.locator(".search-hit").count() == 1
    assert page.locator(".active-filters a", has_text="城西街道").is_visible()
