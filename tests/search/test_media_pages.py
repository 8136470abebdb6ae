"""Published media pages are found by the site search on both backends: a typical case by any of
its four parts (and, on Elasticsearch, by its departments' names), an analysis by its summary;
a draft is found by neither."""

import pytest
from django.utils import timezone

from home.models import AnalysisIndexPage, AnalysisPage
from reporting.periods import Period
from search.documents import CmsPageDocument
from search.fallback import DatabasePageSearch
from search.index import rebuild
from search.queries import PageSearch
from tests.home.conftest import case_index, make_case  # noqa: F401 - the media pages' fixtures

pytestmark = pytest.mark.django_db


def titles(results):
    return [
        str(result["title_html"]).replace("<mark>", "").replace("</mark>", "") for result in results
    ]


@pytest.fixture
def pages(make_case, department_a):  # noqa: F811 - the imported fixture
    case = make_case(title="老旧小区加装电梯", departments=[department_a])
    case.handling = "<p>街道牵头召开协调会，逐户听取意见。</p>"
    case.save_revision().publish()
    draft = make_case(title="尚未发布的案例")
    draft.comment = "<p>协调会草稿内容</p>"
    draft.save_revision()
    draft.unpublish()
    analysis = AnalysisPage(
        title="第四季度综合分析",
        period_kind="quarter",
        period_key=Period.quarter(timezone.localdate()).key,
        intro="<p>供水问题环比明显上升。</p>",
    )
    AnalysisIndexPage.objects.get().add_child(instance=analysis)
    analysis.save_revision().publish()
    return case


def test_the_database_search_finds_a_case_by_its_text_and_an_analysis_by_its_summary(
    pages, no_engine
):
    search = DatabasePageSearch()
    assert titles(search.results("协调会")) == ["老旧小区加装电梯"]
    assert titles(search.results("供水问题")) == ["第四季度综合分析"]
    assert "尚未发布的案例" not in titles(search.results("协调会"))


@pytest.mark.elasticsearch
def test_elasticsearch_finds_a_case_by_its_text_and_its_departments(pages, engine, department_a):
    rebuild(CmsPageDocument)
    search = PageSearch()
    assert titles(search.results("协调会")) == ["老旧小区加装电梯"]
    assert "老旧小区加装电梯" in titles(search.results(department_a.name))
    assert titles(search.results("供水问题"))[0] == "第四季度综合分析"
