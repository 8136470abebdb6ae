"""The moderator's desk and the figures page, in Chromium on a desktop and on a phone.

A moderator publishes a post and assigns it with the department chooser (types to narrow the 33
departments, picks two; the pre-filled ISO due date is accepted by the date input), rejects
another post with a reason, reopens a resolved one with a reason and a new due date and sees
重新办理; a visitor picks a past month on /figures/ and can read the table (no header squeezed
to one character per line, the department column stays in view while the table scrolls).
"""

from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from demo.tables import DEPARTMENTS
from feedback.models import Assignment, Category, Department, Issue
from feedback.workflow import Status
from reporting.periods import Period

from .helpers import city_issue, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def all_departments(city):
    """The demo city's 33 departments (the two of `city` among them)."""
    taken = set(Department.objects.values_list("name", flat=True))
    Department.objects.bulk_create(
        Department(name=row.name, short_name=row.short_name, slug=row.slug, sort_order=n)
        for n, row in enumerate(DEPARTMENTS)
        if row.name not in taken
    )
    return Department.objects.count()


def desk(page, issue):
    page.goto(f"/admin/feedback/issues/{issue.pk}/")


def shown_options(page):
    return page.locator("[data-chooser-option]:visible")


def test_moderator_publishes_assigns_rejects_and_reopens(page, city, screenshot):
    assert all_departments(city) == 33
    unsorted = Category.objects.create(name="其他", slug="other")  # no usual department
    post = city_issue(city, title="公交站台顶棚漏雨", category=unsorted)
    advert = city_issue(city, title="专业疏通下水道，电话联系")
    resolved = city_issue(city, title="小区路灯修好又坏了")
    resolved.publish(city.moderator)
    resolved.assign(city.moderator, [city.housing], timezone.localdate() + timedelta(days=5))
    resolved.post_reply(city.housing_staff, city.housing, "已更换灯具。")
    resolved.resolve(city.housing_staff, city.housing, "已修复")
    log_in(page, "moderator")

    # Publish, then assign with the chooser.
    desk(page, post)
    page.click("form:has(input[value=publish]) button[type=submit]")
    expected_due = timezone.localdate() + timedelta(days=settings.ECHOWALL["DEFAULT_DUE_DAYS"])
    assert page.input_value("#id_due_date") == expected_due.isoformat()
    assert shown_options(page).count() == 33
    page.fill("#id_departments-filter", "交通")
    assert shown_options(page).count() == 2  # 市交通运输局, 市公安局交通警察大队
    page.locator("[data-chooser-option]", has_text="市交通运输局").locator("input").check()
    page.fill("#id_departments-filter", "住建")  # the short name 住建局
    page.press("#id_departments-filter", "Enter")  # the only match: chosen, the box cleared
    assert page.input_value("#id_departments-filter") == ""
    assert shown_options(page).count() == 33
    page.fill("#id_departments-filter", "教育")
    # Chosen departments stay in view while the list is narrowed to something else.
    assert {text.strip() for text in shown_options(page).all_inner_texts()} == {
        "市住房和城乡建设局",
        "市交通运输局",
        "市教育局",
    }
    status = page.inner_text("[data-chooser-status]")
    assert "市住房和城乡建设局" in status and "市交通运输局" in status
    screenshot("staff-01-chooser")
    page.click("form:has(input[value=assign]) button[type=submit]")
    post.refresh_from_db()
    assert post.status == Status.ASSIGNED and post.due_date == expected_due
    assert set(post.assignments.values_list("department__slug", flat=True)) == {
        "housing",
        "transport",
    }

    # Reject another post with a reason.
    desk(page, advert)
    page.select_option("form:has(input[value=reject]) select[name=reason]", "advertising")
    page.fill("form:has(input[value=reject]) textarea[name=note]", "广告信息不予发布。")
    page.click("form:has(input[value=reject]) button[type=submit]")
    advert.refresh_from_db()
    assert (advert.status, advert.rejection_reason) == (Status.REJECTED, "advertising")

    # Reopen the resolved one: reason and a new due date, back to the same department.
    desk(page, resolved)
    reopen = page.locator("form.reopen-form")
    assert reopen.locator("input[name=due_date]").input_value() == expected_due.isoformat()
    new_due = timezone.localdate() + timedelta(days=3)
    reopen.locator("textarea[name=reason]").fill("电话回访时反映人表示路灯又不亮了。")
    reopen.locator("input[name=due_date]").fill(new_due.isoformat())
    reopen.locator("button[type=submit]").click()
    resolved.refresh_from_db()
    assert (resolved.status, resolved.due_date) == (Status.ASSIGNED, new_due)
    assert "重新办理" in page.inner_text("main p")
    page.goto(resolved.get_absolute_url())
    assert "重新办理" in page.inner_text(".issue-header .badge.status-reopened")
    assert "电话回访时反映人表示路灯又不亮了。" in page.inner_text(".timeline")
    screenshot("staff-02-reopened")


def received_in(period, city, count):
    """`count` issues received in the middle of `period`, answered two hours later."""
    at = timezone.make_aware(
        datetime.combine(period.first_day + timedelta(days=9), datetime.min.time()).replace(hour=10)
    )
    issues = Issue.objects.bulk_create(
        Issue(
            title="t",
            body="b",
            submitted_title="t",
            submitted_body="b",
            category=city.building,
            district=city.east,
            status="answered",
            created_at=at,
            published_at=at,
        )
        for _ in range(count)
    )
    Assignment.objects.bulk_create(
        Assignment(
            issue=issue,
            department=city.housing,
            assigned_at=at,
            due_date=at.date() + timedelta(days=5),
            first_reply_at=at + timedelta(hours=2),
        )
        for issue in issues
    )


def test_figures_of_a_past_month_are_readable_on_every_screen(page, city, device, screenshot):
    all_departments(city)
    past = Period.month().previous().previous()
    received_in(past, city, 8)
    page.goto("/figures/")
    page.select_option("#period-choice", past.key)
    page.click(".period-chooser button[type=submit]")
    page.wait_for_url(f"**/figures/?period={past.key}*")
    assert past.title in page.inner_text("h1")
    housing = page.locator("table.figures tbody tr", has_text="市住房和城乡建设局")
    assert "100.0%" in housing.inner_text()
    screenshot("staff-03-figures")

    # No header is squeezed to a character per line: each is at least 2.5 characters wide.
    for header in page.locator("table.figures thead th:visible").all():
        width, font = header.evaluate(
            "th => [th.getBoundingClientRect().width, parseFloat(getComputedStyle(th).fontSize)]"
        )
        assert width >= 2.5 * font, (header.inner_text(), width, font)
    if device == "phone":
        scroller = page.locator(".table-scroll")
        assert scroller.evaluate("s => s.scrollWidth > s.clientWidth")
        scroller.evaluate("s => { s.scrollLeft = 400; }")
        name = housing.locator("th[scope=row]")
        left = name.evaluate("th => th.getBoundingClientRect().left")
        assert abs(left - scroller.evaluate("s => s.getBoundingClientRect().left")) < 2
