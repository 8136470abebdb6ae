"""Media-site fixtures: the typical-case index (made by the migrations) and a case factory that
publishes through Wagtail's revisions, as an editor's approval would."""

import pytest

from home.models import TypicalCaseIndexPage, TypicalCasePage, TypicalCaseThread


@pytest.fixture
def case_index(db):
    return TypicalCaseIndexPage.objects.get()


@pytest.fixture
def make_case(case_index):
    def make(title="加装电梯协调到位", kind="praise", issues=(), departments=None, **fields):
        page = TypicalCasePage(
            title=title,
            kind=kind,
            problem="<p>老旧小区居民反映加装电梯意见不一。</p>",
            handling="<p>街道多次上门协调。</p>",
            result="<p>电梯已开工。</p>",
            comment="<p>主动作为，值得肯定。</p>",
            **fields,
        )
        page.threads = [TypicalCaseThread(issue=issue) for issue in issues]
        if departments is not None:
            page.departments = departments
        case_index.add_child(instance=page)
        page.save_revision().publish()
        return TypicalCasePage.objects.get(pk=page.pk)

    return make
