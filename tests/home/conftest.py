"""Fixtures of the CMS pages: bulletins (an index made by the migrations, settings, November's issues, the editorial groups) and typical cases (the index and a case factory that publishes through Wagtail's revisions, as an editor's approval would)."""

from datetime import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from core.storage import private_storage
from feedback.workflow import Status
from home.models import (
    BulletinIndexPage,
    BulletinSettings,
    TypicalCaseIndexPage,
    TypicalCasePage,
    TypicalCaseThread,
)
from reporting.periods import Period

NOVEMBER = Period.month(datetime(2026, 11, 15).date())
DRAFTED_AT = timezone.make_aware(datetime(2026, 12, 1, 0, 7))


def aware(*args):
    return timezone.make_aware(datetime(*args))


@pytest.fixture(autouse=True)
def _no_pdf_left_from_another_test():
    """Ids repeat between tests (rolled back): so would the names of stored PDFs."""
    storage = private_storage()
    if storage.exists("documents"):
        for folder in storage.listdir("documents")[0]:
            for name in storage.listdir(f"documents/{folder}")[1]:
                storage.delete(f"documents/{folder}/{name}")


@pytest.fixture
def index(db):
    return BulletinIndexPage.objects.get()


@pytest.fixture
def bulletin_settings(index):
    return BulletinSettings.for_site(index.get_site())


@pytest.fixture
def november_issues(issue_in):
    """Seven issues of November for department A, through the real workflow: six resolved,
    one answered only (reply rate 7/7, resolution rate 6/7)."""
    issues = []
    for day in range(2, 9):
        with time_machine.travel(aware(2026, 11, day, 10), tick=False):
            status = Status.RESOLVED if day < 8 else Status.ANSWERED
            issues.append(issue_in(status, title=f"十一月第{day}号的路灯问题"))
    return issues


def member(name, group_name):
    user = get_user_model().objects.create_user(name, f"{name}@example.org", f"pw-{name}")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(db):
    return member("editor", "Editors")


@pytest.fixture
def chief_editor(db):
    return member("chief_editor", "Chief editors")


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
