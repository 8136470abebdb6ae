"""The newcomer's walk-through from the README, in a real browser: post, moderate, assign,
answer, resolve, and see every step on the public page and through the tracking link."""

from datetime import timedelta

import pytest
from captcha.models import CaptchaStore
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from feedback.models import Category, Department, DepartmentStaff, District, Issue
from feedback.permissions import DEPARTMENT_STAFF_GROUP, MODERATOR_GROUP
from feedback.workflow import Status

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]

PASSWORD = "e2e-password-1"


@pytest.fixture
def city(django_user_model):
    housing = Department.objects.create(name="市住房和城乡建设局", slug="housing")
    Category.objects.create(name="城乡建设", slug="building", default_department=housing)
    District.objects.create(name="城东街道", slug="east")
    access_admin = Permission.objects.get(codename="access_admin")
    moderators, _ = Group.objects.get_or_create(name=MODERATOR_GROUP)
    staff_group, _ = Group.objects.get_or_create(name=DEPARTMENT_STAFF_GROUP)
    moderators.permissions.add(access_admin)
    staff_group.permissions.add(access_admin)
    moderator = django_user_model.objects.create_user("moderator", password=PASSWORD)
    moderator.groups.add(moderators)
    staff = django_user_model.objects.create_user("housing_staff", password=PASSWORD)
    staff.groups.add(staff_group)
    DepartmentStaff.objects.create(user=staff, department=housing)
    return housing


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def log_out(page):
    page.context.clear_cookies()


def test_newcomer_walks_an_issue_from_post_to_resolution(page, live_server, city, screenshot):
    title = "阳光花园5号楼路灯坏了一个星期"
    page.goto(f"{live_server.url}/wall/new/")
    page.fill("#id_title", title)
    page.fill("#id_body", "晚上小区里一片漆黑，老人孩子出门很不方便。我的电话13812345678。")
    page.select_option("#id_category", label="城乡建设")
    page.select_option("#id_district", label="城东街道")
    page.fill("#id_location", "阳光花园5号楼")
    page.fill("#id_contact_phone", "13812345678")
    hashkey = page.input_value("input[name=captcha_0]")
    page.fill("input[name=captcha_1]", CaptchaStore.objects.get(hashkey=hashkey).response)
    screenshot("01-submit")
    page.click("form.submit-form button[type=submit]")
    tracking_link = page.locator(".tracking-link a").get_attribute("href")
    assert tracking_link.startswith("/track/")
    screenshot("02-thanks")

    page.goto(f"{live_server.url}/wall/")
    assert title not in page.content()

    log_in(page, live_server, "moderator")
    page.goto(f"{live_server.url}/admin/feedback/queue/")
    page.click(f"text={title}")
    assert page.input_value("textarea[name=body]").count("138****5678") == 1
    screenshot("03-moderation")
    page.click("form:has(input[value=publish]) button")
    page.check(f"input[name=departments][value='{city.pk}']")
    page.fill("input[name=due_date]", (timezone.localdate() + timedelta(days=7)).isoformat())
    page.click("form:has(input[value=assign]) button")
    issue = Issue.objects.get(title=title)
    assert issue.status == Status.ASSIGNED
    log_out(page)

    log_in(page, live_server, "housing_staff")
    page.goto(f"{live_server.url}/admin/feedback/issues/")
    page.click(f"text={title}")
    page.fill("form:has(input[value=reply]) textarea[name=body]", "您好，已安排维修人员于今日更换灯具，感谢您的监督。")
    page.click("form:has(input[value=reply]) button")
    page.click("form:has(input[value=resolve]) button")
    issue.refresh_from_db()
    assert issue.status == Status.RESOLVED
    log_out(page)

    page.goto(f"{live_server.url}{issue.get_absolute_url()}")
    public = page.content()
    screenshot("04-public-thread")
    for expected in ("市住房和城乡建设局", "已安排维修人员于今日更换灯具", "138****5678"):
        assert expected in public
    assert "13812345678" not in public and "housing_staff" not in public
    assert page.locator(".timeline-entry").count() >= 5  # submitted, published, assigned, reply, resolved

    page.goto(f"{live_server.url}{tracking_link}")
    screenshot("05-tracking")
    tracking = page.content()
    assert "已安排维修人员于今日更换灯具" in tracking
    assert issue.get_status_display() in page.locator(".issue-header .badge").first.inner_text()
