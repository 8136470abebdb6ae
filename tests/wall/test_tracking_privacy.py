"""The tracking link is a secret that must never leak to another site, yet the reporter's own
forms on it must pass Django's CSRF check in a real browser. Every page reached through the code
says ``Referrer-Policy: same-origin`` (header and meta) and is never cached: browsers then send a
real ``Origin`` to this site and no ``Referer`` to others. ``no-referrer`` made them send
``Origin: null``, which the CSRF check refuses (the browser suite proves both in Chromium)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from core.photos import clean_photo
from feedback.models import Message
from feedback.workflow import Status

BROWSER_ORIGIN = "http://testserver"


def private_headers(response):
    return response["Referrer-Policy"], response["Cache-Control"]


@pytest.fixture
def resolved(issue_in):
    return issue_in(Status.RESOLVED)


def test_every_page_reached_through_the_code_is_same_origin_and_never_cached(client, resolved):
    code = resolved.tracking_code
    for url in (f"/track/{code}/", f"/track/{code}/poll/", "/track/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert private_headers(response) == ("same-origin", "private, no-store"), url
        assert '<meta name="referrer" content="same-origin">' in response.content.decode(), url


def test_redirects_that_carry_the_code_are_private_too(client, resolved):
    response = client.post(f"/track/{resolved.tracking_code}/", {"body": "路灯又坏了。"})
    assert response.status_code == 302
    assert private_headers(response) == ("same-origin", "private, no-store")


def browser_post(browser, url, data, origin):
    """A POST the way Chromium sends it: the page's CSRF token and an Origin header."""
    browser.get(url)
    token = browser.cookies["csrftoken"].value
    return browser.post(url, {**data, "csrfmiddlewaretoken": token}, HTTP_ORIGIN=origin)


def test_a_follow_up_sent_with_the_sites_origin_is_accepted(resolved):
    browser = Client(enforce_csrf_checks=True)
    response = browser_post(
        browser, resolved.get_tracking_url(), {"body": "路灯晚上还是不亮。"}, BROWSER_ORIGIN
    )
    assert response.status_code == 302
    assert Message.objects.filter(issue=resolved, kind=Message.Kind.FOLLOW_UP).exists()


def test_a_verdict_sent_with_the_sites_origin_is_recorded(resolved):
    browser = Client(enforce_csrf_checks=True)
    url = f"/track/{resolved.tracking_code}/poll/"
    response = browser_post(browser, url, {"choice": "satisfied"}, BROWSER_ORIGIN)
    assert response.status_code == 302
    assert resolved.polls.get().votes.reporter().get().choice == "satisfied"


def test_origin_null_is_what_the_csrf_check_refuses(resolved):
    # Why "no-referrer" broke the reporter's forms: the browser then sends this.
    browser = Client(enforce_csrf_checks=True)
    response = browser_post(browser, resolved.get_tracking_url(), {"body": "补充"}, "null")
    assert response.status_code == 403
    assert not Message.objects.filter(issue=resolved, kind=Message.Kind.FOLLOW_UP).exists()


def test_tracked_photos_keep_the_same_policy(client, make_issue):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "JPEG")
    upload = SimpleUploadedFile("p.jpg", buffer.getvalue(), content_type="image/jpeg")
    issue = make_issue(photos=[clean_photo(upload)])
    photo = issue.photos.get()
    response = client.get(f"/track/{issue.tracking_code}/photos/{photo.pk}/")
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "same-origin"


def test_links_in_citizens_and_departments_text_send_no_referrer(
    client, make_issue, walk_issue, staff_a, department_a
):
    issue = walk_issue(make_issue(body="详见 https://example.org/photos 的照片。"), Status.ASSIGNED)
    issue.post_reply(staff_a, department_a, "处理进度见 https://example.net/progress")
    page = client.get(issue.get_tracking_url()).content.decode()
    for url in ("https://example.org/photos", "https://example.net/progress"):
        assert f'href="{url}" rel="nofollow noopener noreferrer ugc"' in page, url
