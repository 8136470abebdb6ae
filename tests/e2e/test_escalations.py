"""提级督办 in Chromium: a supervisor logs in, opens the list of escalated issues from the admin
menu's address, reads the rounds of an issue sent back three times and filters the list; a
department clerk is refused (403)."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from feedback.permissions import SUPERVISOR_GROUP

from .helpers import PASSWORD, city_issue, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def supervisor():
    # The migration's group; a transactional test flushes it, so it is made again here.
    group, _created = Group.objects.get_or_create(name=SUPERVISOR_GROUP)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = get_user_model().objects.create_user("supervisor", password=PASSWORD)
    user.groups.add(group)
    return user


def escalated_issue(city):
    issue = city_issue(city, title="幸福路积水三次退回")
    issue.publish(city.moderator)
    issue.assign(city.moderator, [city.housing], timezone.localdate() + timedelta(days=5))
    for attempt in range(3):
        issue.refresh_from_db()
        issue.post_reply(city.housing_staff, city.housing, "已安排抽水。")
        issue.resolve(city.housing_staff, city.housing, "积水已排除。")
        issue.reopen(city.moderator, f"第{attempt + 1}次回访，群众反映仍有积水。")
    issue.refresh_from_db()
    return issue


def test_a_supervisor_reads_and_filters_the_escalated_issues(page, city, page_guard, screenshot):
    issue = escalated_issue(city)
    supervisor()
    log_in(page, "supervisor")
    page.goto("/admin/escalations/")
    row = page.locator(f'tr[data-issue="{issue.pk}"]')
    assert row.is_visible()
    assert row.locator("li[data-round]").count() == 4
    assert "第3次回访" in row.locator('li[data-round="3"]').inner_text()
    assert city.housing.name in row.locator('li[data-round="1"]').inner_text()
    screenshot("escalations-01-list")

    page.select_option("#id_state", "closed")
    with page.expect_navigation():
        page.click(".escalation-filters button[type=submit]")
    assert page.locator(f'tr[data-issue="{issue.pk}"]').count() == 0
    page.select_option("#id_state", "open")
    with page.expect_navigation():
        page.click(".escalation-filters button[type=submit]")
    assert page.locator(f'tr[data-issue="{issue.pk}"]').is_visible()

    page.context.clear_cookies()
    log_in(page, "housing_staff")
    with page_guard.allow(403):
        response = page.goto("/admin/escalations/")
    assert response.status == 403
