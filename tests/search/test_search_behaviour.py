"""What a citizen notices when searching, on both backends (Elasticsearch and the database)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from feedback.models import Issue
from feedback.workflow import Status
from search.fallback import DatabaseIssueSearch
from search.models import SynonymGroup


@pytest.fixture
def wall(make_issue, walk_issue, other_category, other_district):
    """A few public threads with near-misses, one rejected and one hidden thread."""

    def publish(title, body, status=Status.PUBLISHED, **extra):
        return walk_issue(make_issue(title=title, body=body, **extra), status)

    threads = {
        "parking": publish(
            "小区停车位不够，晚上停车难", "幸福小区车位太少，每天晚上停车都要转好几圈。"
        ),
        "parking2": publish(
            "医院门口停车难", "人民医院门口车辆乱停，排队停车一小时。", category=other_category
        ),
        "power": publish(
            "小区停电三天了", "阳光小区突然停电，冰箱里的东西都坏了。", status=Status.ANSWERED
        ),
        "lamp": publish(
            "路灯坏了好几天", "建设路的路灯坏了好几天，晚上黑漆漆的。", district=other_district
        ),
        "stairs": publish("楼道灯不亮", "5号楼楼道的声控灯不亮了。"),
        "noise": publish("楼上半夜噪音太大", "楼上邻居每天半夜蹦迪，噪音吵得睡不着。"),
    }
    threads["rejected"] = walk_issue(
        make_issue(title="停车场乱收费（未公开）", body="停车场收费不合理。"), Status.REJECTED
    )
    hidden = publish("停车纠纷（已隐藏）", "停车位被占用。")
    threads["hidden"] = hidden
    return threads


@pytest.fixture
def hidden_wall(wall, moderator):
    wall["hidden"].hide(moderator, "重复")
    return wall


def ids(page):
    return [hit.issue.pk for hit in page.hits]


def test_chinese_words_find_the_thread_and_mark_the_match(backend, wall):
    backend.sync()
    page = backend.search().search("停车难").page()
    assert wall["parking"].pk in ids(page)
    assert wall["parking2"].pk in ids(page)
    first = page.hits[0]
    assert "<mark>" in first.title_html


def test_parking_query_never_ranks_a_power_cut_above_parking(backend, wall):
    backend.sync()
    found = ids(backend.search().search("停车").page())
    parking = [found.index(wall[k].pk) for k in ("parking", "parking2")]
    if wall["power"].pk in found:
        assert max(parking) < found.index(wall["power"].pk)


def test_traditional_characters_find_simplified_threads(backend, wall):
    backend.sync()
    assert wall["parking"].pk in ids(backend.search().search("小區停車位不夠").page())


def test_full_width_digits_are_folded(backend, wall):
    backend.sync()
    assert wall["stairs"].pk in ids(backend.search().search("５号楼").page())


def test_street_light_not_working_finds_the_broken_light(backend, wall):
    backend.sync()
    found = ids(backend.search().search("路灯不亮").page())
    assert wall["lamp"].pk in found


def test_rejected_and_hidden_threads_are_never_found(backend, hidden_wall):
    backend.sync()
    found = ids(backend.search().search("停车").page(size=50))
    assert hidden_wall["rejected"].pk not in found
    assert hidden_wall["hidden"].pk not in found
    assert hidden_wall["parking"].pk in found


def test_editor_synonym_applies_to_the_next_search(backend, wall, synonyms):
    SynonymGroup.objects.all().delete()  # start from an empty list, not the seeded one
    backend.sync()
    assert wall["noise"].pk not in ids(backend.search().search("扰民").page())
    synonyms("扰民", "噪音", "吵闹")
    assert wall["noise"].pk in ids(backend.search().search("扰民").page())


def test_filters_narrow_the_results(backend, wall, other_category, other_district):
    backend.sync()
    by_category = backend.search().search("停车").filter_by_category(other_category.slug).page()
    assert ids(by_category) == [wall["parking2"].pk]
    by_district = backend.search().filter_by_district(other_district.slug).page()
    assert ids(by_district) == [wall["lamp"].pk]
    by_status = backend.search().filter_by_status(Status.ANSWERED).page()
    assert ids(by_status) == [wall["power"].pk]
    assert backend.search().filter_by_status(Status.REJECTED).page().total == 0


def test_filter_by_department_and_year(backend, wall, department_a):
    backend.sync()
    year = timezone.localtime(wall["power"].published_at).year
    assert ids(backend.search().filter_by_department(department_a.slug).page()) == [
        wall["power"].pk
    ]
    assert backend.search().filter_by_year(year).page().total == len(Issue.objects.public())
    assert backend.search().filter_by_year(year - 5).page().total == 0


def test_facet_counts_equal_database_counts(backend, hidden_wall, department_a):
    backend.sync()
    facets = backend.search().facets()
    public = Issue.objects.public()
    expected_status = {}
    for status in public.values_list("status", flat=True):
        expected_status[status] = expected_status.get(status, 0) + 1
    assert {f.value: f.count for f in facets["status"]} == expected_status
    expected_category = {}
    for slug in public.values_list("category__slug", flat=True):
        expected_category[slug] = expected_category.get(slug, 0) + 1
    assert {f.value: f.count for f in facets["category"]} == expected_category
    assert {f.value: f.count for f in facets["department"]} == {department_a.slug: 1}
    assert sum(f.count for f in facets["district"]) == public.count()
    assert [f.count for f in facets["year"]] == [public.count()]
    labels = {f.value: f.label for f in facets["status"]}
    assert labels[Status.ANSWERED] == str(Status.ANSWERED.label)


def test_sort_by_newest_and_by_support(backend, wall):
    now = timezone.now()
    Issue.objects.filter(pk=wall["parking2"].pk).update(published_at=now + timedelta(hours=1))
    wall["parking"].add_support("browser-1")
    wall["parking"].add_support("browser-2")
    backend.sync()
    newest = ids(backend.search().search("停车").sort("newest").page())
    assert newest[0] == wall["parking2"].pk
    supported = ids(backend.search().search("停车").sort("support").page())
    assert supported[0] == wall["parking"].pk


def test_pages_split_the_results(backend, wall):
    backend.sync()
    first = backend.search().page(1, size=2)
    second = backend.search().page(2, size=2)
    assert first.total == second.total == Issue.objects.public().count()
    assert first.num_pages == (first.total + 1) // 2 and first.has_next and not first.has_previous
    assert second.has_previous
    assert not set(ids(first)) & set(ids(second))


@pytest.mark.parametrize(
    "query", ["!!!@@@", "zzqqxx", "的", "停" * 500, "<script>alert(1)</script>"]
)
def test_odd_queries_give_a_page_not_an_error(backend, wall, query):
    backend.sync()
    page = backend.search().search(query).page()
    assert page.total >= 0
    for hit in page.hits:
        assert "<script>" not in hit.title_html + hit.snippet_html


def test_markup_in_thread_text_is_escaped_in_highlights(backend, make_issue, walk_issue):
    issue = walk_issue(
        make_issue(title="<b>电梯</b>故障", body="电梯<script>x</script>坏了"), Status.PUBLISHED
    )
    backend.sync()
    hit = backend.search().search("电梯").page().hits[0]
    assert hit.issue.pk == issue.pk
    assert "<b>" not in hit.title_html and "<script>" not in hit.snippet_html
    assert "<mark>" in hit.title_html


def test_suggestions_complete_titles(backend, wall):
    backend.sync()
    titles = [s["title"] for s in backend.search().suggest("路灯")]
    assert "路灯坏了好几天" in titles
    assert all(s["url"].startswith("/wall/") for s in backend.search().suggest("路灯"))
    inside = [s["title"] for s in backend.search().suggest("停车难")]
    assert "医院门口停车难" in inside
    assert backend.search().suggest("") == []


def test_suggestions_list_each_title_once(backend, wall, make_issue, walk_issue):
    twin = walk_issue(make_issue(title="路灯坏了好几天", body="又一盏路灯坏了。"), Status.PUBLISHED)
    backend.sync()
    suggestions = backend.search().suggest("路灯")
    titles = [s["title"] for s in suggestions]
    assert titles.count("路灯坏了好几天") == 1
    assert {wall["lamp"].pk, twin.pk} & {s["id"] for s in suggestions}


def test_similar_threads_for_a_title_being_typed(backend, wall):
    backend.sync()
    similar = [s["id"] for s in backend.search().more_like_this("我们小区晚上停车难，车位不够")]
    assert wall["parking"].pk in similar
    assert wall["rejected"].pk not in similar


def test_database_search_costs_the_same_queries_for_any_query(no_engine, wall, synonyms):
    synonyms("停车难", "车位不够")
    DatabaseIssueSearch().search("停车").page()  # warm the synonym cache

    with CaptureQueriesContext(connection) as short:
        DatabaseIssueSearch().search("停车").page()
    with CaptureQueriesContext(connection) as long:
        DatabaseIssueSearch().search("小区停车位不够晚上停车难 路灯 楼上噪音 电梯坏了" * 3).page()
    assert len(short) == len(long) <= 14


def test_a_reopened_thread_handled_again_counts_and_filters_as_its_badge_says(
    backend, issue_in, moderator
):
    first_round = issue_in(Status.ASSIGNED, title="井盖缺失")
    again = issue_in(Status.RESOLVED, title="路灯修好又坏了")
    again.reopen(moderator, "现场复核发现整改未到位", due_date=timezone.localdate() + timedelta(3))
    again.refresh_from_db()
    assert (again.status, again.shown_status) == (Status.ASSIGNED, Status.REOPENED)
    backend.sync()
    facets = backend.search().facets()
    assert {f.value: f.count for f in facets["status"]} == {
        Status.ASSIGNED: 1,
        Status.REOPENED: 1,
    }
    assert ids(backend.search().filter_by_status(Status.REOPENED).page()) == [again.pk]
    assert ids(backend.search().filter_by_status(Status.ASSIGNED).page()) == [first_round.pk]
    suggested = backend.search().suggest("路灯修好")
    assert [s["status"] for s in suggested] == [str(Status.REOPENED.label)]
