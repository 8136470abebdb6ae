"""The TV programme's consent (行风视线): an optional box on the submit form, unticked unless the
citizen ticks it, kept when the form comes back with an error; ticking it stamps the consent and
its time (Open311 posts never carry it: tests/api/test_tv_contact_never_exported.py). On the private tracking page the reporter withdraws it
(or gives it later) with a POST that passes the CSRF check; each change is a history entry, and
repeating the current choice changes nothing."""

import re

import pytest
from django.test import Client
from wagtail.models import ModelLogEntry

from feedback.models import Issue
from feedback.workflow import Status

BROWSER_ORIGIN = "http://testserver"
BOX = re.compile(r'<input type="checkbox" name="tv_contact_consent"[^>]*>')


@pytest.fixture
def form_data(category, district):
    return {
        "title": "解放路菜场门口垃圾成堆",
        "body": "解放路菜场东门的垃圾桶每天上午就满了，下午一直没人清运，气味很大。",
        "location": "解放路菜场东门",
        "display_name": "陈女士",
        "contact_phone": "13912345678",
        "contact_email": "chen@example.com",
        "category": str(category.pk),
        "district": str(district.pk),
        "captcha_0": "any-key",
        "captcha_1": "PASSED",
        "website": "",
    }


def the_box(page):
    (box,) = BOX.findall(page)
    return box


def consent_entries(issue):
    return list(
        ModelLogEntry.objects.filter(
            object_id=str(issue.pk), action__startswith="feedback.tv_consent"
        ).values_list("action", flat=True)
    )


def test_the_box_is_offered_unticked_with_what_it_means(db, english_client):
    page = english_client.get("/wall/new/").content.decode()
    box = the_box(page)
    assert "checked" not in box and "required" not in box
    assert "The TV programme 行风视线 may contact me about this report" in page
    assert "Only the programme&#x27;s staff see the name and contact you gave" in page
    assert 'aria-describedby="id_tv_contact_consent_helptext"' in box
    assert 'id="id_tv_contact_consent_helptext"' in page


def test_without_the_box_no_consent_is_stored(client, form_data):
    assert client.post("/wall/new/", form_data).status_code == 302
    issue = Issue.objects.get()
    assert (issue.tv_contact_consent, issue.tv_consent_at) == (False, None)


def test_ticking_the_box_stores_the_consent_and_when(client, form_data):
    assert client.post("/wall/new/", {**form_data, "tv_contact_consent": "on"}).status_code == 302
    issue = Issue.objects.get()
    assert issue.tv_contact_consent and issue.tv_consent_at is not None
    assert issue.tv_consent_at >= issue.created_at


@pytest.mark.parametrize("ticked", [True, False])
def test_an_error_keeps_the_box_as_it_was(english_client, form_data, ticked):
    data = {**form_data, "captcha_1": "WRONG"}
    if ticked:
        data["tv_contact_consent"] = "on"
    response = english_client.post("/wall/new/", data)
    assert response.status_code == 200 and not Issue.objects.exists()
    assert ("checked" in the_box(response.content.decode())) is ticked


# --- the tracking page ------------------------------------------------------------------------


@pytest.fixture
def consenting(make_issue):
    return make_issue(tv_contact_consent=True)


def browser_post(browser, issue, consent, origin=BROWSER_ORIGIN):
    """The tracking page's consent form as Chromium sends it (its CSRF token, the site's Origin)."""
    browser.get(issue.get_tracking_url())
    token = browser.cookies["csrftoken"].value
    return browser.post(
        f"/track/{issue.tracking_code}/tv-consent/",
        {"consent": consent, "csrfmiddlewaretoken": token},
        HTTP_ORIGIN=origin,
    )


def test_the_tracking_page_offers_withdrawal_to_a_consenting_reporter(english_client, consenting):
    page = english_client.get(consenting.get_tracking_url()).content.decode()
    assert 'data-consent="yes"' in page
    assert f'action="/track/{consenting.tracking_code}/tv-consent/"' in page
    assert 'name="consent" value="no"' in page and "Withdraw my consent" in page


def test_the_reporter_withdraws_consent_and_it_is_in_the_history(consenting):
    browser = Client(enforce_csrf_checks=True)
    response = browser_post(browser, consenting, "no")
    assert response.status_code == 302
    assert response["Location"] == consenting.get_tracking_url()
    assert response["Cache-Control"] == "private, no-store"
    consenting.refresh_from_db()
    assert (consenting.tv_contact_consent, consenting.tv_consent_at) == (False, None)
    assert consent_entries(consenting) == ["feedback.tv_consent_withdrawn"]
    page = browser.get(consenting.get_tracking_url()).content.decode()
    assert 'data-consent="no"' in page and 'name="consent" value="yes"' in page


def test_the_reporter_may_give_consent_later(make_issue):
    issue = make_issue()
    assert browser_post(Client(enforce_csrf_checks=True), issue, "yes").status_code == 302
    issue.refresh_from_db()
    assert issue.tv_contact_consent and issue.tv_consent_at is not None
    assert consent_entries(issue) == ["feedback.tv_consent_given"]


def test_sending_the_same_choice_twice_changes_nothing(consenting):
    browser = Client(enforce_csrf_checks=True)
    browser_post(browser, consenting, "no")
    browser_post(browser, consenting, "no")
    assert consent_entries(consenting) == ["feedback.tv_consent_withdrawn"]


def test_without_the_csrf_token_the_consent_stays(consenting):
    response = Client(enforce_csrf_checks=True).post(
        f"/track/{consenting.tracking_code}/tv-consent/", {"consent": "no"}
    )
    assert response.status_code == 403
    consenting.refresh_from_db()
    assert consenting.tv_contact_consent and consent_entries(consenting) == []


def test_a_get_or_a_strange_value_changes_nothing(client, consenting):
    url = f"/track/{consenting.tracking_code}/tv-consent/"
    assert client.get(url, {"consent": "no"})["Location"] == consenting.get_tracking_url()
    assert client.post(url, {"consent": "maybe"}).status_code == 302
    consenting.refresh_from_db()
    assert consenting.tv_contact_consent and consent_entries(consenting) == []


def test_an_unknown_code_is_a_404(db, client):
    assert client.post("/track/not-a-code/tv-consent/", {"consent": "no"}).status_code == 404


def test_a_rejected_issue_offers_no_consent_to_give(client, issue_in):
    issue = issue_in(Status.REJECTED)
    page = client.get(issue.get_tracking_url()).content.decode()
    assert "tv-consent" not in page
