"""A lagging index never shows what the database no longer makes public.

The index catches up after the commit (the outbox) or later (the engine was down). Meanwhile
every search surface (results, suggestions, similar threads) shows only threads that are public
now, with their current text: never a hidden thread, never a phrase a moderator has masked.
Here the index lags on purpose: the database changes and the outbox is not processed.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from feedback.models import Issue
from feedback.workflow import Status
from search.models import PendingIndexUpdate


@pytest.fixture
def threads(make_issue, walk_issue):
    def publish(title, body):
        return walk_issue(make_issue(title=title, body=body, location=""), Status.PUBLISHED)

    return {
        "kept": publish("小区停车难", "车位太少，晚上停车难。"),
        "hidden": publish("小区停车位被占", "车位被外来车辆占了。"),
        "masked": publish("张伟家门口停车难", "联系人张伟，电话13812345678，门口停车难。"),
    }


def test_a_thread_hidden_since_it_was_indexed_is_not_shown_nor_counted(
    backend, threads, moderator, client
):
    backend.sync()
    threads["hidden"].hide(moderator, "重复")
    if backend.client is not None:
        assert PendingIndexUpdate.objects.filter(object_id=threads["hidden"].pk).exists()
    page = backend.search().search("停车").page()
    shown = [hit.issue.pk for hit in page.hits]
    assert threads["hidden"].pk not in shown and threads["kept"].pk in shown
    assert page.total == 2
    assert sum(f.count for f in page.facets["status"]) == 2
    suggest = client.get(reverse("search:suggest"), {"q": "小区停车"}).json()["suggestions"]
    assert threads["hidden"].pk not in [s["id"] for s in suggest]
    assert threads["kept"].pk in [s["id"] for s in suggest]
    similar = client.get(reverse("search:similar"), {"title": "小区停车位被外来车辆占了"}).json()
    assert threads["hidden"].pk not in [s["id"] for s in similar["similar"]]


def test_a_thread_hidden_without_an_outbox_row_is_still_never_shown(backend, threads, client):
    backend.sync()
    Issue.objects.filter(pk=threads["hidden"].pk).update(hidden_at=timezone.now())
    shown = [hit.issue.pk for hit in backend.search().search("车位").page().hits]
    assert threads["hidden"].pk not in shown
    for url, params, key in [
        ("search:suggest", {"q": "小区停车位"}, "suggestions"),
        ("search:similar", {"title": "小区停车位被占了"}, "similar"),
    ]:
        found = client.get(reverse(url), params).json()[key]
        assert threads["hidden"].pk not in [s["id"] for s in found]


def test_text_masked_since_it_was_indexed_never_appears(backend, threads, moderator, client):
    backend.sync()
    masked = threads["masked"]
    masked.edit_public_text(
        moderator, "张**家门口停车难", "联系人张**，电话138****5678，门口停车难。", ""
    )
    html = client.get(reverse("search:search"), {"q": "停车难"}).content.decode()
    assert masked.get_absolute_url() in html
    assert "张伟" not in html and "13812345678" not in html
    assert "张**家门口<mark>停车难</mark>" in html
    # Found by the old words the index still holds? Not any more: they are gone from the text.
    assert backend.search().search("张伟").page().hits == []
    suggest = client.get(reverse("search:suggest"), {"q": "张伟"}).json()["suggestions"]
    assert suggest == []
    similar = client.get(reverse("search:similar"), {"title": "张伟家门口停车难"}).json()
    assert all("张伟" not in s["title"] for s in similar["similar"])


def test_rows_are_checked_in_the_same_number_of_queries_for_one_or_many(
    backend, threads, make_issue, walk_issue
):
    for n in range(6):
        walk_issue(
            make_issue(title=f"{n}号楼门口停车难", body="车位太少。", location=""), Status.PUBLISHED
        )
    backend.sync()
    backend.search().search("停车难").page()  # warm the synonym cache
    with CaptureQueriesContext(connection) as one:
        assert len(backend.search().search("外来车辆").page().hits) == 1
    with CaptureQueriesContext(connection) as many:
        assert len(backend.search().search("停车难").page().hits) >= 8
    assert len(one) == len(many)
