"""The admin's thread chooser offers public threads only: its list and search never show a
submitted, rejected or hidden thread, and choosing one by a crafted id answers 404."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from feedback.workflow import Status
from home.models import TypicalCasePage

pytestmark = pytest.mark.django_db


def modal(client, name, **query):
    """The chooser modal's HTML (Wagtail answers modal steps as JSON)."""
    response = client.get(reverse(f"issue_chooser:{name}"), query)
    assert response.status_code == 200
    return response.json()["html"] if name == "choose" else response.content.decode()


@pytest.fixture
def threads(make_issue, issue_in, moderator):
    hidden = issue_in(Status.ANSWERED, title="已被隐藏的诉求标题")
    hidden.hide(moderator, "涉及隐私")
    return {
        "public": issue_in(Status.ANSWERED, title="公开的路灯诉求"),
        "submitted": make_issue(title="尚未审核的诉求标题"),
        "rejected": issue_in(Status.REJECTED, title="已被驳回的诉求标题"),
        "hidden": hidden,
    }


def test_the_chooser_lists_and_finds_public_threads_only(client, superuser, threads):
    client.force_login(superuser)
    listing = modal(client, "choose")
    assert "公开的路灯诉求" in listing
    for title in ("尚未审核的诉求标题", "已被驳回的诉求标题", "已被隐藏的诉求标题"):
        assert title not in listing
    found = modal(client, "choose_results", q="诉求标题")
    assert "诉求标题" not in found.replace("公开的路灯诉求", "")
    assert "公开的路灯诉求" in modal(client, "choose_results", q="路灯")


def test_choosing_a_thread_that_is_not_public_answers_404(client, superuser, threads):
    client.force_login(superuser)
    chosen = client.get(reverse("issue_chooser:chosen", args=[threads["public"].pk]))
    assert chosen.status_code == 200 and chosen.json()["result"]["title"] == "公开的路灯诉求"
    for name in ("submitted", "rejected", "hidden"):
        assert (
            client.get(reverse("issue_chooser:chosen", args=[threads[name].pk])).status_code == 404
        )


def test_the_chooser_shows_no_case_number(client, superuser, threads):
    client.force_login(superuser)
    listing = modal(client, "choose")
    assert threads["public"].case_number not in listing


def case_form(issue):
    return nested_form_data(
        {
            "title": "电梯协调到位",
            "slug": "lift",
            "kind": "praise",
            "case_date": "2026-11-20",
            "problem": rich_text("<p>问题</p>"),
            "handling": rich_text("<p>过程</p>"),
            "result": rich_text("<p>结果</p>"),
            "comment": rich_text("<p>点评</p>"),
            "threads": inline_formset([{"issue": issue.pk}]),
            "extra": streamfield([]),
        }
    )


def add_case(client, case_index, issue):
    url = reverse("wagtailadmin_pages:add", args=["home", "typicalcasepage", case_index.pk])
    return client.post(url, {**case_form(issue), "action-publish": "1"})


def test_the_case_editor_saves_a_public_thread_and_refuses_a_hidden_one(
    client, superuser, threads, case_index
):
    client.force_login(superuser)
    refused = add_case(client, case_index, threads["hidden"])
    assert refused.status_code == 200 and not TypicalCasePage.objects.exists()
    saved = add_case(client, case_index, threads["public"])
    assert saved.status_code == 302
    case = TypicalCasePage.objects.get()
    assert case.live and [t.issue_id for t in case.threads.all()] == [threads["public"].pk]
