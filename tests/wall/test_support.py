""" "Me too": one per browser without an account, only on public threads, only by a real POST."""

import pytest
from django.test import Client

from core.browser import COOKIE_NAME
from feedback.models import SupportVote
from feedback.workflow import Status


def support_url(issue):
    return f"/wall/{issue.pk}/support/"


def test_me_too_counts_once_per_browser(client, published_issue):
    first = client.post(support_url(published_issue))
    assert first.status_code == 302 and first["Location"] == published_issue.get_absolute_url()
    client.post(support_url(published_issue))
    published_issue.refresh_from_db()
    assert published_issue.support_count == 1
    assert SupportVote.objects.filter(issue=published_issue).count() == 1


def test_another_browser_counts_again(client, published_issue):
    client.post(support_url(published_issue))
    Client().post(support_url(published_issue))
    published_issue.refresh_from_db()
    assert published_issue.support_count == 2


def test_the_browser_id_is_stored_only_as_a_keyed_hash(client, published_issue):
    client.post(support_url(published_issue))
    cookie = client.cookies[COOKIE_NAME].value
    vote = SupportVote.objects.get()
    assert len(vote.browser_key) == 64
    assert cookie.split(":")[0] not in vote.browser_key


def test_a_forged_cookie_is_ignored(client, published_issue):
    client.post(support_url(published_issue))
    client.cookies[COOKIE_NAME] = "forged-value"
    client.post(support_url(published_issue))  # a new browser id, not the forged one
    assert not SupportVote.objects.filter(browser_key__contains="forged").exists()


def test_the_button_shows_the_count_and_is_disabled_after_voting(client, published_issue):
    client.post(support_url(published_issue))
    page = client.get(published_issue.get_absolute_url()).content.decode()
    assert (
        "disabled" in page.split('action="' + support_url(published_issue))[1].split("</form>")[0]
    )
    assert "(1)" in page


@pytest.mark.parametrize("state", [Status.SUBMITTED, Status.REJECTED, "hidden"])
def test_me_too_on_an_unpublished_issue_is_404(client, issue_in, moderator, state):
    if state == "hidden":
        issue = issue_in(Status.PUBLISHED)
        issue.hide(moderator, "隐私")
    else:
        issue = issue_in(state)
    assert client.post(support_url(issue)).status_code == 404
    issue.refresh_from_db()
    assert issue.support_count == 0 and not SupportVote.objects.exists()


def test_me_too_only_by_post(client, published_issue):
    assert client.get(support_url(published_issue)).status_code == 405
    published_issue.refresh_from_db()
    assert published_issue.support_count == 0


def test_me_too_without_a_csrf_token_is_refused(published_issue):
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(support_url(published_issue)).status_code == 403
    published_issue.refresh_from_db()
    assert published_issue.support_count == 0


def test_me_too_with_the_page_csrf_token_is_counted(published_issue):
    browser = Client(enforce_csrf_checks=True)
    browser.get(published_issue.get_absolute_url())
    token = browser.cookies["csrftoken"].value
    response = browser.post(support_url(published_issue), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    published_issue.refresh_from_db()
    assert published_issue.support_count == 1
