"""An analysis page (综合分析) freezes its figures when first saved and draws them as SVG charts,
each with its data table, in the page's language; later activity does not move a published
analysis, and a period that does not exist is refused."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from feedback.workflow import Status
from home.models import AnalysisIndexPage, AnalysisPage
from reporting.periods import Period

pytestmark = pytest.mark.django_db

BODY = [
    ("paragraph", "<p>本季度群众诉求总体平稳。</p>"),
    (
        "chart",
        {
            "measure": "issues",
            "dimension": "category",
            "style": "line",
            "top": 6,
            "caption": "按类别",
        },
    ),
    ("hot_topics", {"top": 5}),
    (
        "table",
        {"measure": "satisfaction", "dimension": "city", "style": "line", "top": 1, "caption": ""},
    ),
]


@pytest.fixture
def analysis(issue_in, settings):
    settings.ECHOWALL = {**settings.ECHOWALL, "MIN_SAMPLE": 1}
    issue_in(Status.RESOLVED)
    issue_in(Status.ANSWERED)
    page = AnalysisPage(
        title="2026年第四季度综合分析",
        period_kind="quarter",
        period_key=Period.quarter(timezone.localdate()).key,
        body=BODY,
    )
    AnalysisIndexPage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    return AnalysisPage.objects.get(pk=page.pk)


def test_the_analysis_draws_charts_with_their_tables_in_chinese(client, analysis, category):
    page = client.get(analysis.url).content.decode()
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg"') == 2
    assert f">{category.name}</text>" in page  # the category's name is a label of the chart
    assert page.count('class="chart-table"') == 3
    assert "本季度群众诉求总体平稳" in page and "style=" not in page.split("<main", 1)[1]


def article(client, page):
    html = client.get(page.url).content.decode()
    return html[html.index("<article") : html.index("</article>")]


def test_a_published_analysis_keeps_its_figures(client, analysis, issue_in):
    before = article(client, analysis)
    issue_in(Status.RESOLVED)
    analysis.save_revision().publish()
    assert article(client, analysis) == before


def test_a_period_that_does_not_exist_is_refused():
    page = AnalysisPage(title="x", slug="x", period_kind="quarter", period_key="2026-Q7")
    with pytest.raises(ValidationError):
        page.full_clean()
