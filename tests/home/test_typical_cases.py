"""Typical cases show the threads they cite as they are now: the card carries the thread's current
status, a thread hidden later drops out of the case (the case stays), and only public threads can
be cited at all. The index lists live cases by kind, department and year."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from feedback.workflow import Status
from home.models import TypicalCaseThread

pytestmark = pytest.mark.django_db


def text_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_case_shows_its_threads_in_the_editors_order(client, make_case, issue_in):
    first = issue_in(Status.RESOLVED, title="楼道灯不亮了好几天")
    second = issue_in(Status.ANSWERED, title="小区垃圾清运不及时")
    case = make_case(issues=[second, first])
    page = text_of(client, case.url)
    assert "电梯已开工" in page and "主动作为" in page
    assert page.index("小区垃圾清运不及时") < page.index("楼道灯不亮了好几天")


def test_a_thread_hidden_later_drops_out_of_the_case_and_comes_back_when_unhidden(
    client, make_case, issue_in, moderator
):
    kept = issue_in(Status.RESOLVED, title="楼道灯不亮了好几天")
    hidden = issue_in(Status.RESOLVED, title="小区垃圾清运不及时")
    case = make_case(issues=[kept, hidden])
    hidden.hide(moderator, "涉及隐私")
    page = text_of(client, case.url)
    assert "楼道灯不亮了好几天" in page and "小区垃圾清运不及时" not in page
    assert "小区垃圾清运不及时" not in text_of(client, case.get_parent().url)
    hidden.unhide(moderator)
    assert "小区垃圾清运不及时" in text_of(client, case.url)


def test_the_card_shows_the_threads_status_now_not_when_the_case_was_written(
    client, make_case, issue_in, staff_a, department_a
):
    issue = issue_in(Status.ANSWERED, title="楼道灯不亮了好几天")
    case = make_case(issues=[issue])
    before = text_of(client, case.url)
    issue.resolve(staff_a, department_a, "已修复。")
    after = text_of(client, case.url)
    resolved = str(Status.RESOLVED.label)
    assert resolved not in before and resolved in after


def test_without_departments_named_the_case_takes_those_handling_its_threads(
    make_case, issue_in, department_a
):
    case = make_case(issues=[issue_in(Status.ANSWERED)])
    assert list(case.departments.all()) == [department_a]


def test_only_a_public_thread_can_be_cited(make_case, make_issue, issue_in, moderator):
    submitted = make_issue()
    hidden = issue_in(Status.PUBLISHED)
    hidden.hide(moderator, "涉及隐私")
    case = make_case()
    for issue in (submitted, hidden):
        with pytest.raises(ValidationError):
            TypicalCaseThread(page=case, issue=issue).full_clean()
    TypicalCaseThread(page=case, issue=issue_in(Status.PUBLISHED)).full_clean()


def test_the_index_filters_by_kind_department_and_year(
    client, make_case, case_index, department_a, department_b
):
    make_case(
        title="电梯协调到位", kind="praise", departments=[department_a], case_date=date(2026, 3, 1)
    )
    make_case(
        title="推诿扯皮被曝光",
        kind="exposure",
        departments=[department_b],
        case_date=date(2025, 6, 1),
    )
    url = case_index.url
    everything = text_of(client, url)
    assert "电梯协调到位" in everything and "推诿扯皮被曝光" in everything
    exposure = text_of(client, url + "?kind=exposure")
    assert "推诿扯皮被曝光" in exposure and "电梯协调到位" not in exposure
    by_department = text_of(client, url + f"?department={department_a.slug}")
    assert "电梯协调到位" in by_department and "推诿扯皮被曝光" not in by_department
    year = text_of(client, url + "?year=2025")
    assert "推诿扯皮被曝光" in year and "电梯协调到位" not in year


def test_a_draft_case_is_not_listed(client, case_index, make_case):
    case = make_case(title="尚未发布的案例")
    case.unpublish()
    assert "尚未发布的案例" not in text_of(client, case_index.url)


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_index_and_a_case_take_the_same_number_of_queries_with_more_threads(
    client, make_case, case_index, issue_in, department_a, department_b
):
    small = make_case(title="一条诉求的案例", issues=[issue_in(Status.RESOLVED)])
    counts = queries_for(client, case_index.url), queries_for(client, small.url)
    threads = [issue_in(Status.RESOLVED) for _n in range(6)]
    large = make_case(
        title="六条诉求的案例", issues=threads, departments=[department_a, department_b]
    )
    for n in range(4):
        make_case(title=f"案例{n}", issues=threads[n:], departments=[department_b])
    assert (queries_for(client, case_index.url), queries_for(client, large.url)) == counts
