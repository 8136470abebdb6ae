"""Every page, public or in the Wagtail admin, carries a Content-Security-Policy that allows no
inline script or style and a Permissions-Policy that switches off unused browser features; the
templates hold no inline script, event handler or style attribute for the policy to break; the
admin asks no other site for anything (no gravatar: blocked in China, and it leaks staff e-mail
hashes; no release check). Chromium checks the same pages in tests/e2e/test_abuse.py."""

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from feedback.permissions import MODERATOR_GROUP
from feedback.workflow import Status

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.fixture
def staff_client(client):
    moderators, _created = Group.objects.get_or_create(name=MODERATOR_GROUP)
    moderators.permissions.add(
        *Permission.objects.filter(
            codename__in=["access_admin", "view_department", "change_department"]
        )
    )
    user = get_user_model().objects.create_user(
        "mod", email="moderator@city.example.cn", password="pw", first_name="审核员"
    )
    user.groups.add(moderators)
    client.force_login(user)
    return client


def assert_strict_policy(response):
    policy = directives(response)
    assert policy["script-src"] == ["'self'"], policy
    assert policy["style-src"] == ["'self'"], policy
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_public_pages_carry_a_strict_policy(client, issue_in):
    issue = issue_in(Status.RESOLVED)
    for url in [
        "/",
        "/wall/",
        issue.get_absolute_url(),
        issue.get_tracking_url(),
        "/wall/new/",
        "/figures/",
        "/search/?q=路灯",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict_policy(response)


def test_error_and_refusal_pages_carry_it_too(client):
    assert_strict_policy(client.get("/wall/999999/"))
    assert_strict_policy(client.post("/wall/new/", {"body": "路" * (3 * 2**20)}))


def test_the_admin_pages_staff_use_carry_the_same_policy(staff_client, issue_in):
    issue = issue_in(Status.SUBMITTED)
    for url in [
        "/admin/",
        "/admin/feedback/queue/",
        "/admin/feedback/issues/",
        f"/admin/feedback/issues/{issue.pk}/",
        "/admin/snippets/feedback/department/",
    ]:
        response = staff_client.get(url)
        assert response.status_code == 200, url
        assert_strict_policy(response)
    assert_strict_policy(staff_client.get("/admin/login/"))


def test_the_admin_asks_no_other_site_for_an_avatar(staff_client):
    page = staff_client.get("/admin/").content.decode()
    assert "gravatar" not in page
    account = staff_client.get("/admin/account/").content.decode()
    assert "gravatar" not in account


def test_no_template_holds_inline_script_handlers_or_styles():
    offending = []
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER, STYLE_ATTRIBUTE):
            offending += [
                f"{template.relative_to(TEMPLATES)}: {m[0]}" for m in pattern.finditer(text)
            ]
    assert offending == []


def test_only_wagtails_editor_screens_allow_inline_scripts_and_styles(client, superuser):
    client.force_login(superuser)
    relaxed = directives(client.get("/admin/pages/"))
    assert "'unsafe-inline'" in relaxed["script-src"] and "'unsafe-inline'" in relaxed["style-src"]
    for strict in ["/admin/", "/admin/feedback/queue/", "/admin/snippets/"]:
        assert "'unsafe-inline'" not in client.get(strict)["Content-Security-Policy"], strict
