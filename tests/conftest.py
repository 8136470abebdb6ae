"""Shared fixtures: departments, categories, districts, staff accounts, and issue factories.

Issues are always created the way a citizen creates them (`feedback.services.submit_issue`) and
moved through the workflow with the real `Issue` methods, so every test sees real events, stamps
and assignments.
"""

import contextlib
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import timezone, translation

from feedback.models import Category, Department, DepartmentStaff, District, Issue
from feedback.permissions import MODERATOR_GROUP
from feedback.services import submit_issue
from feedback.workflow import RejectionReason, Status
from search import index as search_index

from . import missing_groups


def pytest_configure(config):
    # The end-of-run list of test groups that could not run (see tests/missing_groups.py).
    config.pluginmanager.register(missing_groups, "echowall-missing-groups")


# The path an issue takes from submission to each status, through the real methods.
PATH_TO_STATUS = {
    Status.SUBMITTED: [],
    Status.PUBLISHED: ["publish"],
    Status.REJECTED: ["reject"],
    Status.ASSIGNED: ["publish", "assign"],
    Status.ANSWERED: ["publish", "assign", "reply"],
    Status.RESOLVED: ["publish", "assign", "reply", "resolve"],
    Status.CLOSED: ["publish", "assign", "reply", "resolve", "close"],
    Status.REOPENED: ["publish", "assign", "reply", "resolve", "reopen"],
    # 并单: published, then merged into an earlier thread of the same district.
    Status.MERGED: ["publish", "merge"],
}


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: rate-limit counts never leak from one to the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _no_language_left_active():
    """A request in English (the language cookie) activates English in this thread; the next
    test starts in the site's default language again, whatever ran before it."""
    yield
    translation.deactivate()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what the step queued for after the commit (the e-mail tasks run immediately)."""

    def run(step):
        with django_capture_on_commit_callbacks(execute=True):
            step()

    return run


@pytest.fixture
def department_a(db):
    return Department.objects.create(name="市住建局", short_name="住建局", slug="zhujian")


@pytest.fixture
def department_b(db):
    return Department.objects.create(name="市交通运输局", short_name="交通局", slug="jiaotong")


@pytest.fixture
def category(db, department_a):
    return Category.objects.create(
        name="城市管理", slug="chengguan", default_department=department_a
    )


@pytest.fixture
def other_category(db):
    return Category.objects.create(name="交通出行", slug="jiaotong-chuxing")


@pytest.fixture
def district(db):
    return District.objects.create(name="城东街道", slug="chengdong")


@pytest.fixture
def other_district(db):
    return District.objects.create(name="城西街道", slug="chengxi")


@pytest.fixture
def moderators_group(db):
    group, _created = Group.objects.get_or_create(name=MODERATOR_GROUP)
    return group


@pytest.fixture
def moderator(db, moderators_group):
    user = get_user_model().objects.create_user(
        "moderator", "moderator@example.org", "pw-moderator", is_staff=True
    )
    user.groups.add(moderators_group)
    return user


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("admin", "admin@example.org", "pw-admin")


@pytest.fixture
def staff_a(db, department_a):
    user = get_user_model().objects.create_user(
        "zhang.staff.a", "a@example.org", "pw-staff-a", is_staff=True
    )
    DepartmentStaff.objects.create(user=user, department=department_a)
    return user


@pytest.fixture
def staff_b(db, department_b):
    user = get_user_model().objects.create_user(
        "li.staff.b", "b@example.org", "pw-staff-b", is_staff=True
    )
    DepartmentStaff.objects.create(user=user, department=department_b)
    return user


@pytest.fixture
def plain_user(db):
    """A logged-in account with no role at all."""
    return get_user_model().objects.create_user("citizen.account", "", "pw-plain")


@pytest.fixture
def make_issue(db, category, district):
    """Submit an issue as a citizen would: `make_issue(title=..., contact_email=...)`."""

    def make(**overrides):
        data = {
            "title": "小区门口路灯坏了",
            "body": "幸福路12号小区门口的路灯坏了一个多月，晚上出行很不安全。",
            "location": "幸福路12号",
            "category": category,
            "district": district,
            "display_name": "王先生",
            "contact_phone": "13812345678",
            "contact_email": "",
            "photos": [],
        }
        data.update(overrides)
        return submit_issue(data)

    return make


@pytest.fixture
def walk_issue(moderator, department_a, staff_a):
    """Move an issue to `status` through the real methods (moderator, department A's staff)."""

    def walk(issue, status, departments=None, due_date=None):
        departments = departments or [department_a]
        due_date = due_date or timezone.localdate() + timedelta(days=10)
        for step in PATH_TO_STATUS[Status(status)]:
            if step == "publish":
                issue.publish(moderator)
            elif step == "reject":
                issue.reject(moderator, RejectionReason.INSUFFICIENT, "请补充具体地点。")
            elif step == "assign":
                issue.assign(moderator, departments, due_date)
            elif step == "reply":
                issue.post_reply(staff_a, department_a, "已安排维修人员现场查看，三日内修复。")
            elif step == "resolve":
                issue.resolve(staff_a, department_a, "路灯已更换。")
            elif step == "close":
                issue.close(moderator)
            elif step == "merge":
                earlier = Issue.objects.create(
                    title="更早的同类诉求",
                    body="同一问题",
                    category=issue.category,
                    district=issue.district,
                    status=Status.PUBLISHED,
                    created_at=issue.created_at - timedelta(days=1),
                    published_at=issue.created_at - timedelta(days=1),
                )
                issue.merge_into(moderator, earlier, "同一问题、同一地点")
            elif step == "reopen":
                # reopen() sends the issue straight back to its departments (reopened →
                # assigned); an issue stays "reopened" only when no department is left to
                # receive it, so withdraw them first to stop there.
                issue.assignments.update(is_active=False)
                issue.reopen(moderator, "群众反映仍未修好。")
        return issue

    return walk


@pytest.fixture
def issue_in(make_issue, walk_issue):
    """`issue_in(Status.ANSWERED, contact_email=...)`: a fresh issue walked to that status."""

    def build(status, departments=None, **overrides):
        return walk_issue(make_issue(**overrides), status, departments=departments)

    return build


@pytest.fixture
def published_issue(issue_in):
    return issue_in(Status.PUBLISHED)


@pytest.fixture
def english_client(client):
    """A browser that chose English with the language switch (messages are asserted in English)."""

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture(scope="session", autouse=True)
def _drop_this_runs_search_indices():
    """With a node configured, tests outside tests/search may index too: drop what this run made."""
    yield

    if settings.ELASTICSEARCH_URL:
        with contextlib.suppress(*search_index.ENGINE_ERRORS):
            search_index.drop_indices(
                settings.ELASTICSEARCH_INDEX_PREFIX, search_index.get_client()
            )
