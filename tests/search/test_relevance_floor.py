"""Only relevant threads count, sort and facet, on both backends.

A thread is found when it shares a word (a pair of characters) with the query, never because it
shares one character: 停车难 does not find every thread with 难 or 车 in it. The total, the facets
and "newest first" show only the threads found.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from feedback.models import Issue
from feedback.workflow import Status
from search.models import SynonymGroup


@pytest.fixture
def wall(make_issue, walk_issue, other_category, other_district):
    """Parking and street-light threads among threads that share single characters with them."""

    def publish(title, body, status=Status.PUBLISHED, **extra):
        return walk_issue(make_issue(title=title, body=body, location="", **extra), status)

    SynonymGroup.objects.all().delete()  # only the synonyms a test adds
    relevant = {
        "parking": publish("小区停车难", "幸福小区车位太少，晚上停车难。"),
        "hospital": publish(
            "医院门口停车难", "人民医院门口排队停车一小时。", category=other_category
        ),
        "lamp": publish(
            "路灯坏了好几天", "建设路的路灯坏了，晚上黑漆漆的。", district=other_district
        ),
    }
    unrelated = {
        "power": publish(
            "停电三天了",
            "阳光花园突然停电，冰箱里的东西都坏了。",
            status=Status.ANSWERED,
            category=other_category,
        ),
        "bus": publish("公交车太挤", "早上的公交车很难挤上去。"),
        "permit": publish("办事难", "窗口排长队，材料难交。", district=other_district),
        "water": publish("停水没通知", "昨天突然停水。"),
        "glare": publish("广告屏太亮", "对面的屏幕晚上亮得睡不着。"),
        "road": publish("道路坑洼", "解放路有很多坑。"),
    }
    return relevant, unrelated


def ids(page):
    return [hit.issue.pk for hit in page.hits]


def test_a_shared_character_never_makes_a_thread_count(backend, wall):
    relevant, _unrelated = wall
    backend.sync()
    parking = backend.search().search("停车难").page()
    assert set(ids(parking)) == {relevant["parking"].pk, relevant["hospital"].pk}
    assert parking.total == 2
    lamp = backend.search().search("路灯不亮").page()
    assert ids(lamp) == [relevant["lamp"].pk] and lamp.total == 1


def test_parking_never_puts_a_power_cut_first_even_newest_first(backend, wall):
    relevant, unrelated = wall
    later = timezone.now() + timedelta(hours=1)
    Issue.objects.filter(pk=unrelated["power"].pk).update(published_at=later)
    backend.sync()
    for sort in ("relevance", "newest", "support"):
        found = ids(backend.search().search("停车").sort(sort).page())
        assert unrelated["power"].pk not in found
        assert set(found) == {relevant["parking"].pk, relevant["hospital"].pk}


def test_facets_count_only_the_threads_found(backend, wall, other_category, category):
    backend.sync()
    facets = backend.search().search("停车难").facets()
    assert {f.value: f.count for f in facets["category"]} == {
        category.slug: 1,
        other_category.slug: 1,
    }
    assert {f.value: f.count for f in facets["status"]} == {Status.PUBLISHED: 2}
    assert sum(f.count for f in facets["district"]) == 2


def test_a_query_of_one_character_still_finds_it(backend, wall):
    _relevant, unrelated = wall
    backend.sync()
    found = ids(backend.search().search("坑").page())
    assert found == [unrelated["road"].pk]


def test_a_query_sharing_no_word_with_any_thread_finds_nothing(backend, wall):
    backend.sync()
    page = backend.search().search("车难停").page()  # 车难 is in two titles: found
    assert page.total == 2
    assert backend.search().search("难停车灯").page().total == 2  # 停车 is a word
    assert backend.search().search("亮车坏难").page().total == 0  # no pair anywhere


@pytest.fixture
def compounds(wall, make_issue, walk_issue):
    """Twelve more threads in residential compounds (小区), none about parking: 小区 is common."""
    for n in range(12):
        walk_issue(
            make_issue(title=f"{n}号小区水压低", body="小区高层经常没水。", location=""),
            Status.PUBLISHED,
        )
    return wall


def test_a_common_word_alone_does_not_make_a_thread_count(backend, compounds):
    relevant, _unrelated = compounds
    backend.sync()
    found = ids(backend.search().search("小區停車").page())  # traditional characters too
    assert set(found) == {relevant["parking"].pk, relevant["hospital"].pk}
    assert backend.search().search("小区").page().total == 13  # typed alone it is what you want
    assert backend.search().search("小区水压").page().total == 12


def test_a_name_no_thread_mentions_does_not_fall_back_to_its_common_word(backend, compounds):
    relevant, unrelated = compounds
    backend.sync()
    assert backend.search().search("和睦小区").page().total == 0  # no thread says 和睦
    assert ids(backend.search().search("幸福小区").page()) == [relevant["parking"].pk]
    assert ids(backend.search().search("阳光小区").page()) == [unrelated["power"].pk]
    # A lone character beside the common word is no missing name: as 小区 alone.
    assert backend.search().search("小区的").page().total == 13


def test_a_synonym_counts_as_a_word_not_as_its_everyday_pairs(
    backend, wall, synonyms, make_issue, walk_issue
):
    synonyms("停车难", "车位不足", "车位太少")
    spaces = walk_issue(
        make_issue(title="车位不足", body="地下车库只有二十个位置。", location=""), Status.PUBLISHED
    )
    pressure = walk_issue(
        make_issue(title="水压不足", body="六楼以上太少水。", location=""), Status.PUBLISHED
    )
    backend.sync()
    found = ids(backend.search().search("停车难").page())
    assert spaces.pk in found
    assert pressure.pk not in found  # 不足 and 太少 are in every other complaint


def test_marks_in_results_show_the_words_found(backend, wall):
    relevant, _unrelated = wall
    backend.sync()
    hit = next(h for h in backend.search().search("路燈").page().hits)
    assert hit.issue.pk == relevant["lamp"].pk
    assert "<mark>路灯</mark>" in hit.title_html and "<mark>路灯</mark>" in hit.snippet_html
