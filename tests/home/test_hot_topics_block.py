"""The hot-spots block (热点) on an analysis page and a results bulletin shows public data only:
each topic named by one of its threads public now (as moderated), with its size, "me too",
growth, departments, districts and links to its public threads; no stored label, no hidden
thread, no staff link, no overdue count; a topic with no public thread left is not shown. It
shows the latest week's run or the page's own period's, says so when there is none, and runs
the same number of queries for a small and a large run."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from feedback.models import Issue
from home.models import AnalysisIndexPage, AnalysisPage, BulletinIndexPage, BulletinPage
from reporting.periods import Period
from tests.reporting.hot_topic_runs import public_threads, store_run

from .conftest import NOVEMBER

pytestmark = pytest.mark.django_db

LAST_WEEK = Period.week(timezone.localdate() - timedelta(days=7))


def analysis_with(body):
    page = AnalysisPage(
        title="综合分析",
        period_kind="quarter",
        period_key=Period.quarter(timezone.localdate()).key,
        figures={"months": [], "hot_topics": []},
        body=body,
    )
    AnalysisIndexPage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    return AnalysisPage.objects.get(pk=page.pk)


def block_html(client, page):
    html = client.get(page.url).content.decode()
    start = html.index('<section class="hot-spots"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def week_run(category, district, department_a):
    lamps = public_threads(category, district, ["幸福路路灯不亮", "路灯夜里不亮", "路灯坏了"])
    hidden_lead = public_threads(category, district, ["被隐藏的噪音帖"], hidden_at=timezone.now())
    noise = public_threads(category, district, ["夜间施工噪音扰民"])
    gone = public_threads(category, district, ["已隐藏的孤立帖"], hidden_at=timezone.now())
    places = {
        "departments": [{"slug": department_a.slug, "name": department_a.name, "count": 3}],
        "districts": [{"slug": district.slug, "name": district.name, "count": 3}],
    }
    return store_run(
        LAST_WEEK,
        [
            {
                "issues": [*lamps, *gone],
                # A stored label that is not a thread's public title is never shown.
                "label": "王先生 13812345678 路灯",
                "keywords": ["内部关键词"],
                "support": 17,
                "previous_size": 1,
                "growth": 3,
                "overdue": 2,
                "growing": True,
                **places,
            },
            {"issues": [*hidden_lead, *noise], "support": 4, "growth": -1, "recurring": True},
            {"issues": gone, "label": "已隐藏的孤立帖"},
        ],
    )


def test_the_block_shows_the_latest_weeks_topics_from_public_threads_only(
    client, week_run, department_a, district
):
    page = analysis_with([("hot_spots", {"topics": 5, "period": "latest_week", "heading": ""})])
    html = block_html(client, page)
    lamps = Issue.objects.get(title="幸福路路灯不亮")
    assert f'<a href="{lamps.get_absolute_url()}">幸福路路灯不亮</a>' in html
    assert "<dd data-size>4</dd>" in html and "<dd data-support>17</dd>" in html
    assert 'data-growth="3">+3</dd>' in html and 'data-growth="-1">-1</dd>' in html
    assert department_a.name in html and district.name in html
    assert 'data-mark="growing"' in html and 'data-mark="recurring"' in html
    assert html.count("<rect ") == 16
    # The second topic's medoid was hidden: it is named after its public thread.
    assert "夜间施工噪音扰民</a></h3>" in html.replace(
        ' <span class="hot-spot-mark" data-mark="recurring">', "</h3>"
    )
    for private in ("13812345678", "王先生", "内部关键词", "被隐藏的噪音帖", "已隐藏的孤立帖"):
        assert private not in html
    assert html.count('class="hot-spot"') == 2  # the topic with no public thread left is out
    assert "/admin/" not in html and "data-overdue" not in html


def test_the_number_of_topics_and_the_heading_are_the_editors(client, week_run):
    page = analysis_with(
        [("hot_spots", {"topics": 1, "period": "latest_week", "heading": "本周热点"})]
    )
    html = block_html(client, page)
    assert "<h2>本周热点</h2>" in html and html.count('class="hot-spot"') == 1


def test_without_a_run_the_block_says_there_is_none_yet(client, db):
    page = analysis_with([("hot_spots", {"topics": 5, "period": "page", "heading": ""})])
    html = block_html(client, page)
    assert 'class="hot-spots-empty"' in html and 'class="hot-spot"' not in html


def test_a_bulletin_shows_its_own_periods_topics(client, category, district, bulletin_settings):
    november = public_threads(category, district, ["十一月的路灯问题"])
    latest = public_threads(category, district, ["上周的噪音问题"])
    store_run(NOVEMBER, [{"issues": november}])
    store_run(LAST_WEEK, [{"issues": latest}])
    bulletin, _created = BulletinPage.draft_for(
        BulletinIndexPage.objects.get(), NOVEMBER, bulletin_settings
    )
    bulletin.body = [("hot_spots", {"topics": 5, "period": "page", "heading": ""})]
    bulletin.save_revision().publish()
    html = block_html(client, BulletinPage.objects.get(pk=bulletin.pk))
    assert "十一月的路灯问题" in html and "上周的噪音问题" not in html


def test_the_block_runs_the_same_number_of_queries_for_a_small_and_a_large_run(
    client, category, district
):
    page = analysis_with([("hot_spots", {"topics": 20, "period": "latest_week", "heading": ""})])
    block_html(client, page)  # the site's first request fills its caches

    def queries_for(topics, threads_each, weeks_ago):
        period = Period.week(timezone.localdate() - timedelta(days=7 * weeks_ago))
        titles = [
            [f"话题{weeks_ago}-{t}第{n}件" for n in range(threads_each)] for t in range(topics)
        ]
        store_run(period, [{"issues": public_threads(category, district, t)} for t in titles])
        with CaptureQueriesContext(connection) as captured:
            html = block_html(client, page)
        assert html.count('class="hot-spot"') == topics
        return len(captured)

    # The later week is the latest each time.
    assert queries_for(2, 1, weeks_ago=3) == queries_for(15, 6, weeks_ago=2)
