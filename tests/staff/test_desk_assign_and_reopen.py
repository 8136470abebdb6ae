"""Assigning and reopening on the issue desk, as a moderator works them.

The rules: date inputs hold ISO dates (what `<input type=date>` shows and sends, whatever the
interface language), due dates are today or later; the department checkboxes carry what the
chooser filters on and work as plain checkboxes; reopening needs a public reason, and when the
issue goes back to its departments, a new due date.
"""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from feedback.models import Department
from feedback.workflow import Status

pytestmark = pytest.mark.django_db


def desk_url(issue):
    return reverse("echowall_admin:issue", args=[issue.pk])


def date_input(page, name):
    tag = re.search(rf'<input type="date" name="{name}"[^>]*>', page).group(0)
    return dict(re.findall(r'(\w+)="([^"]*)"', tag))


@pytest.fixture
def desk_client(english_client, moderator):
    """A moderator's browser, in English so that messages can be asserted."""
    english_client.force_login(moderator)
    return english_client


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_pre_filled_due_date_is_an_iso_date_in_every_language(
    desk_client, published_issue, settings, language
):
    desk_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = desk_client.get(
        desk_url(published_issue), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    due = date_input(page, "due_date")
    expected = timezone.localdate() + timedelta(days=settings.ECHOWALL["DEFAULT_DUE_DAYS"])
    assert due["value"] == expected.isoformat()
    assert due["min"] == timezone.localdate().isoformat()


def test_the_date_a_browser_sends_is_accepted(desk_client, published_issue, department_a):
    due = timezone.localdate() + timedelta(days=9)
    desk_client.post(
        desk_url(published_issue),
        {
            "action": "assign",
            "departments": [department_a.pk],
            "due_date": due.isoformat(),
        },
    )
    published_issue.refresh_from_db()
    assert published_issue.status == Status.ASSIGNED and published_issue.due_date == due


def test_a_past_due_date_is_refused_with_the_form_kept(desk_client, published_issue, department_a):
    yesterday = timezone.localdate() - timedelta(days=1)
    response = desk_client.post(
        desk_url(published_issue),
        {
            "action": "assign",
            "departments": [department_a.pk],
            "due_date": yesterday.isoformat(),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "today or later" in page
    assert date_input(page, "due_date")["value"] == yesterday.isoformat()
    published_issue.refresh_from_db()
    assert published_issue.status == Status.PUBLISHED


def test_every_department_checkbox_carries_its_name_and_short_name_for_the_chooser(
    desk_client, published_issue, department_a, department_b
):
    Department.objects.bulk_create(
        Department(name=f"市第{n}局", short_name=f"{n}局", slug=f"d{n}") for n in range(31)
    )
    page = desk_client.get(desk_url(published_issue)).content.decode()
    boxes = re.findall(r'<input type="checkbox" name="departments"[^>]*>', page)
    assert len(boxes) == 33
    assert any('data-search="市住建局 住建局"' in box for box in boxes)
    # Without JavaScript: plain checkboxes, the filter box stays hidden; the script is a file.
    assert 'class="department-chooser-tools" hidden' in page
    assert re.search(r'<script src="/static/js/department-chooser\.js', page)
    # The category's usual department comes pre-chosen.
    assert any('data-search="市住建局 住建局"' in box and "checked" in box for box in boxes)


# --- reopening ------------------------------------------------------------------------------


@pytest.fixture
def resolved(issue_in):
    return issue_in(Status.RESOLVED)


def reopen(client, issue, **data):
    return client.post(desk_url(issue), {"action": "reopen", **data})


def test_reopening_asks_for_a_reason(desk_client, resolved):
    due = (timezone.localdate() + timedelta(days=5)).isoformat()
    response = reopen(desk_client, resolved, reason="  ", send_to="same", due_date=due)
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    resolved.refresh_from_db()
    assert resolved.status == Status.RESOLVED


def test_going_back_to_the_departments_needs_a_new_due_date_from_today(desk_client, resolved):
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    for due in ("", yesterday):
        response = reopen(
            desk_client, resolved, reason="现场复核未整改到位", send_to="same", due_date=due
        )
        assert response.status_code == 200
        resolved.refresh_from_db()
        assert resolved.status == Status.RESOLVED


def test_the_reopen_form_offers_an_iso_due_date_and_names_the_departments(desk_client, resolved):
    page = desk_client.get(desk_url(resolved)).content.decode()
    form = page[page.index('class="reopen-form"') :]
    form = form[: form.index("</form>")]
    assert "市住建局" in form
    assert re.search(r'name="due_date" value="\d{4}-\d{2}-\d{2}"', form)


def test_a_reopened_issue_goes_back_with_the_new_due_date_and_the_public_reason(
    desk_client, resolved, client_factory
):
    due = timezone.localdate() + timedelta(days=4)
    reopen(
        desk_client,
        resolved,
        reason="电话回访时反映人表示问题仍未解决",
        send_to="same",
        due_date=due.isoformat(),
    )
    resolved.refresh_from_db()
    assert (resolved.status, resolved.due_date, resolved.reopen_count) == (Status.ASSIGNED, due, 1)
    second_round = resolved.assignments.get(is_active=True)
    assert (second_round.round, second_round.due_date) == (2, due)
    for url in (resolved.get_absolute_url(), resolved.get_tracking_url()):
        page = client_factory().get(url).content.decode()
        assert "电话回访时反映人表示问题仍未解决" in page


def test_a_reopen_for_other_departments_needs_no_due_date(desk_client, resolved):
    reopen(desk_client, resolved, reason="应由交通部门处理", send_to="other", due_date="")
    resolved.refresh_from_db()
    assert resolved.status == Status.REOPENED
    assert not resolved.assignments.filter(is_active=True).exists()


def test_a_moderator_cannot_reopen_without_a_reason_even_in_code(resolved, moderator):
    with pytest.raises(ValidationError):
        resolved.reopen(moderator, "")
    with pytest.raises(ValidationError):
        resolved.reopen(moderator, "理由", due_date=timezone.localdate() - timedelta(days=1))
    resolved.refresh_from_db()
    assert resolved.status == Status.RESOLVED and resolved.reopen_count == 0


@pytest.fixture
def client_factory():
    return Client
