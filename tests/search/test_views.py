"""The search page, suggestions and similar threads as a visitor sees them."""

import pytest
from django.urls import reverse

from feedback.workflow import Status

from .conftest import closed_port_url


@pytest.fixture
def threads(issue_in, other_district):
    return [
        issue_in(Status.PUBLISHED, title="小区停车难", body="车位不够，晚上停车难。"),
        issue_in(
            Status.ANSWERED, title="路灯坏了好几天", body="晚上很黑。", district=other_district
        ),
    ]


def test_empty_search_shows_help_not_an_error(client, db):
    response = client.get(reverse("search:search"))
    assert response.status_code == 200
    assert "停车难" in response.content.decode()
    assert response.context.get("results") is None


def test_results_with_highlights_facets_and_sorts(client, backend, threads):
    backend.sync()
    response = client.get(reverse("search:search"), {"q": "停车"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>停车</mark>" in html
    assert threads[0].get_absolute_url() in html
    assert threads[1].get_absolute_url() not in html
    assert "sort=newest" in html and "sort=support" in html
    results = response.context["results"]
    assert results.total == 1
    assert [f.count for f in results.facets["status"]] == [1]


def test_facet_link_narrows_and_can_be_removed(client, backend, threads, other_district):
    backend.sync()
    response = client.get(reverse("search:search"), {"district": other_district.slug})
    results = response.context["results"]
    assert [hit.issue.pk for hit in results.hits] == [threads[1].pk]
    district_facet = results.facets["district"][0]
    assert district_facet.selected and "district=" not in district_facet.url


def test_nonsense_and_huge_queries_are_helpful(client, backend, threads):
    backend.sync()
    response = client.get(reverse("search:search"), {"q": "q%$#@!" * 100})
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["truncated"]
    assert response.context["results"].total == 0
    assert reverse("wall:submit") in html


def test_engine_down_falls_back_to_the_database_with_a_notice(client, settings, threads):
    settings.ELASTICSEARCH_URL = closed_port_url()
    response = client.get(reverse("search:search"), {"q": "停车"})
    assert response.status_code == 200
    assert response.context["results"].notice
    assert threads[0].get_absolute_url() in response.content.decode()
    suggest = client.get(reverse("search:suggest"), {"q": "路灯"}).json()
    assert suggest["suggestions"][0]["title"] == "路灯坏了好几天"


def test_suggest_and_similar_answer_json(client, backend, threads):
    backend.sync()
    suggest = client.get(reverse("search:suggest"), {"q": "路灯"}).json()
    assert [s["title"] for s in suggest["suggestions"]] == ["路灯坏了好几天"]
    similar = client.get(reverse("search:similar"), {"title": "我家小区停车难，车位不够"}).json()
    assert threads[0].pk in [s["id"] for s in similar["similar"]]
    assert client.get(reverse("search:similar"), {"title": ""}).json() == {"similar": []}


def test_every_page_has_the_search_box_and_script(client, db):
    html = client.get(reverse("wall:submit")).content.decode()
    assert 'data-suggest-url="/search/suggest/"' in html
    assert "js/search.js" in html
    assert 'id="similar-issues"' in html


def test_admin_dashboard_names_the_active_backend(client, superuser, no_engine):
    client.force_login(superuser)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "ELASTICSEARCH_URL" in html  # "Database search (ELASTICSEARCH_URL is not set)"


def test_synonyms_are_editable_in_the_admin(client, superuser):
    client.force_login(superuser)
    response = client.get("/admin/snippets/search/synonymgroup/")
    assert response.status_code == 200
