"""并单 suggestions (search.similar): a moderator looking at a post is offered the earlier public
threads of the same problem, on both backends, and never a near-miss (停电 for 停车, 红绿灯 for
路灯, another problem at the same crossing); only threads it may be merged into (public, earlier,
inside the window), each with why, at a constant number of queries.

The hand-built set is tests/search/duplicates_set.py; bench/duplicates_eval.py prints its
precision and recall on both backends.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from feedback.models import Issue
from feedback.workflow import Status
from search.similar import similar_threads

from .conftest import closed_port_url
from .duplicates_set import build_set, earlier_members, evaluate, near_misses_offered

RECALL_FLOOR = 0.9
PRECISION_FLOOR = 0.8


@pytest.fixture
def duplicates(backend, db):
    threads = build_set()
    backend.sync()
    return threads


def test_every_known_duplicate_is_offered_and_no_near_miss(backend, duplicates, record_property):
    scores = evaluate(duplicates, backend.name)
    record_property(f"duplicates_{backend.name}", scores.line())
    assert scores.missed == []
    assert near_misses_offered(duplicates, backend.name) == []
    assert scores.recall >= RECALL_FLOOR, scores.line()
    assert scores.precision >= PRECISION_FLOOR, (scores.line(), scores.wrong)


def test_the_suggestion_says_why(backend, duplicates):
    offered = similar_threads(duplicates["park2"], backend=backend.name)
    assert offered[0].thread == duplicates["park1"]
    assert offered[0].same_district and offered[0].same_place
    assert "幸福小区" in offered[0].shared_words  # folded from 幸福小區


def test_a_traditional_post_is_offered_a_simplified_thread_and_back(backend, duplicates):
    later = [d.thread for d in similar_threads(duplicates["lamp3"], backend=backend.name)]
    assert duplicates["lamp2"] in later  # 建設路的路燈不亮, in traditional characters
    lift = [d.thread for d in similar_threads(duplicates["lift2"], backend=backend.name)]
    assert lift[:1] == [duplicates["lift1"]]


def test_power_cut_is_not_offered_for_parking(backend, make_issue, walk_issue):
    power = walk_issue(
        make_issue(title="小区停电三天", body="小区停电三天了，冰箱里的菜都坏了。"),
        Status.PUBLISHED,
    )
    parking = walk_issue(
        make_issue(title="小区停车难", body="小区停车位太少，晚上回来没地方停车。"),
        Status.PUBLISHED,
    )
    again = make_issue(title="小区又停电了", body="小区停电好几天了，冰箱里的东西都坏了。")
    backend.sync()
    assert [d.thread for d in similar_threads(parking, backend=backend.name)] == []
    assert [d.thread for d in similar_threads(again, backend=backend.name)] == [power]


def test_only_earlier_public_threads_inside_the_window_are_offered(
    backend, make_issue, walk_issue, moderator, settings
):
    def post(title, days_ago, status=Status.PUBLISHED):
        issue = walk_issue(make_issue(title=title, body=f"{title}，晚上黑漆漆的。"), status)
        Issue.objects.filter(pk=issue.pk).update(created_at=now - timedelta(days=days_ago))
        issue.refresh_from_db()
        return issue

    now = timezone.now()
    new = post("幸福路路灯坏了", 0, Status.SUBMITTED)
    old = post("幸福路的路灯坏了", 120)
    hidden = post("幸福路路灯又坏了", 10)
    hidden.hide(moderator, "重复")
    rejected = post("幸福路路灯坏了没人修", 5, Status.REJECTED)
    later = post("幸福路路灯坏了好几天", -1)
    kept = post("幸福路路灯全坏了", 20)
    backend.sync()
    offered = [d.thread for d in similar_threads(new, backend=backend.name)]
    assert offered == [kept]
    assert not {old, hidden, rejected, later} & set(offered)
    settings.ECHOWALL = {**settings.ECHOWALL, "DUPLICATE_WINDOW_DAYS": 180}
    offered = [d.thread for d in similar_threads(new, backend=backend.name)]
    assert set(offered) == {kept, old}


def test_a_merged_report_is_not_offered(backend, duplicates, moderator):
    duplicates["lamp2"].merge_into(moderator, duplicates["lamp1"], "同一路段")
    backend.sync()
    offered = [d.thread for d in similar_threads(duplicates["lamp3"], backend=backend.name)]
    assert offered == [duplicates["lamp1"]]


def test_the_engine_down_falls_back_to_the_database(db, settings):
    settings.ELASTICSEARCH_URL = ""
    threads = build_set()
    settings.ELASTICSEARCH_URL = closed_port_url()
    offered = similar_threads(threads["park2"], backend="elasticsearch")
    assert [d.thread for d in offered][:1] == [threads["park1"]]


@pytest.mark.parametrize("backend", ["database"], indirect=True)
def test_suggestions_cost_a_constant_number_of_queries(backend, duplicates):
    issue = duplicates["lamp3"]
    with CaptureQueriesContext(connection) as captured:
        assert similar_threads(issue)
    assert len(captured) == 3  # the window's pair counts, the candidates, the threads


def test_expected_pairs_of_the_set():
    # The set's own bookkeeping: three street-light reports give three pairs.
    assert earlier_members("lamp3") == {"lamp1", "lamp2"}
    assert earlier_members("lamp1") == set()
    assert earlier_members("nm_parking") == set()
