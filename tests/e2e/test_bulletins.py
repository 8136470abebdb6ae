"""Results bulletins in Chromium, on a desktop and on a phone.

The chief editor logs in to the Wagtail admin, finds the automatically drafted monthly bulletin
that the editor submitted, and approves it; a visitor then finds it on the bulletins index
(with the calendar of the next bulletins), filters the index, reads the bulletin (its unit table
scrolls inside the page on a phone), opens the printable version and downloads the PDF.
"""

import re
from datetime import datetime
from importlib import import_module
from pathlib import Path

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Locale, Page

from home.drafting import draft_bulletins
from home.models import HomePage

from .helpers import PASSWORD, city_issue, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def media_site():
    """Browser tests start from an emptied database: make again what the migrations make (the
    page tree, the home page, the bulletin index, the editors' groups and workflow)."""
    locale, _created = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    if not HomePage.objects.exists():
        import_module("home.migrations.0002_create_homepage").replace_welcome_page_with_home_page(
            apps, None
        )
    workflow = import_module("home.migrations.0005_editorial_workflow")
    workflow.groups_and_workflow(apps, None)
    workflow.bulletin_index(apps, None)


def aware(*args):
    return timezone.make_aware(datetime(*args))


@pytest.fixture
def submitted_bulletin(city):
    """November 2026's bulletin, drafted with three resolved threads and submitted."""
    media_site()
    for day in (3, 4, 5):
        with time_machine.travel(aware(2026, 11, day, 10), tick=False):
            issue = city_issue(city, title=f"幸福路{day}号路灯不亮")
            issue.publish(city.moderator)
            issue.assign(city.moderator, [city.housing], aware(2026, 11, 20).date())
            issue.post_reply(city.housing_staff, city.housing, "已安排维修。")
            issue.resolve(city.housing_staff, city.housing, "路灯已修复。")
    users = get_user_model().objects
    editor = users.create_user("editor", password=PASSWORD)
    editor.groups.add(Group.objects.get(name="Editors"))
    chief = users.create_user("chief_editor", password=PASSWORD)
    chief.groups.add(Group.objects.get(name="Chief editors"))
    with time_machine.travel(aware(2026, 12, 1, 0, 7), tick=False):
        [(page, _created)] = draft_bulletins(kinds=["month"])
    page.get_workflow().start(page, editor)
    return page


def test_the_chief_editor_approves_the_drafted_bulletin_and_visitors_read_it(
    page, submitted_bulletin, screenshot
):
    bulletin = submitted_bulletin
    log_in(page, "chief_editor")
    page.goto(f"/admin/pages/{bulletin.pk}/edit/")
    page.get_by_role("button", name="更多动作").click()
    page.get_by_role("button", name=re.compile(r"^批准\s*和发布")).click()  # Approve and publish
    page.wait_for_url(f"**/admin/pages/{bulletin.get_parent().pk}/")
    bulletin.refresh_from_db()
    assert bulletin.live

    page.goto("/bulletins/")
    assert page.get_by_role("link", name=bulletin.title).is_visible()
    assert "2026" in page.locator(".bulletin-calendar").inner_text()
    page.select_option("#bulletin-kind", "quarter")
    page.locator("form.filters button[type=submit]").click()
    assert page.get_by_role("link", name=bulletin.title).count() == 0
    page.goto("/bulletins/")
    page.get_by_role("link", name=bulletin.title).click()
    assert "市住房和城乡建设局" in page.locator(".units-table").inner_text()
    assert "幸福路3号路灯不亮" in page.locator(".bulletin-threads").inner_text()
    # On a phone the eleven columns scroll inside their box, not the page.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshot("bulletin")
    with page.expect_download() as download:
        page.locator(".bulletin-actions a[download]").click()
    assert download.value.suggested_filename == f"{bulletin.slug}.pdf"
    assert Path(download.value.path()).read_bytes()[:4] == b"%PDF"
    page.goto(bulletin.url + "print/")
    assert page.locator(".site-header").count() == 0
    assert page.locator(".bulletin-units").is_visible()
