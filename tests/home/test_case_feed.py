"""The typical cases' Atom feed lists live cases, newest first, filtered by kind or department
(an unknown value answers 404), as text; the sitemap lists the media site's pages."""

import feedparser
import pytest

from home.kinds import CaseKind

pytestmark = pytest.mark.django_db
PRAISE, EXPOSURE = str(CaseKind.PRAISE.label), str(CaseKind.EXPOSURE.label)


def parsed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return feedparser.parse(response.content)


def test_the_case_feed_filters_by_kind_and_department(
    client, make_case, case_index, department_a, department_b
):
    make_case(title="协调加装电梯", kind="praise", departments=[department_a])
    make_case(title="推诿扯皮被曝光", kind="exposure", departments=[department_b])
    url = case_index.url + "feed/"
    assert {e.title for e in parsed(client, url).entries} == {
        f"{PRAISE}：协调加装电梯",
        f"{EXPOSURE}：推诿扯皮被曝光",
    }
    exposure = parsed(client, url + "?kind=exposure")
    assert [e.title for e in exposure.entries] == [f"{EXPOSURE}：推诿扯皮被曝光"]
    by_department = parsed(client, url + f"?department={department_a.slug}")
    assert [e.title for e in by_department.entries] == [f"{PRAISE}：协调加装电梯"]
    assert department_a.name in by_department.feed.title
    assert {t.term for t in by_department.entries[0].tags} == {PRAISE, department_a.name}
    assert by_department.entries[0].summary == "老旧小区居民反映加装电梯意见不一。"


def test_an_unknown_kind_or_department_answers_404(client, case_index):
    assert client.get(case_index.url + "feed/?kind=secret").status_code == 404
    assert client.get(case_index.url + "feed/?department=nobody").status_code == 404


def test_a_withdrawn_case_leaves_the_feed(client, make_case, case_index):
    make_case(title="撤下的案例").unpublish()
    assert parsed(client, case_index.url + "feed/").entries == []


def test_the_sitemap_lists_the_media_pages(client, make_case, case_index):
    case = make_case(title="协调加装电梯", slug="lift")
    sitemap = client.get("/sitemap.xml").content.decode()
    assert (
        "/cases/</loc>" in sitemap
        and "/cases/lift/</loc>" in sitemap
        and "/analysis/</loc>" in sitemap
    )
    assert case.url in sitemap
