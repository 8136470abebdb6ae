"""A citizen's text boxes take no more than the server accepts and say how much is left: each
long box (the description, a follow-up, a poll comment) has maxlength equal to the server's
limit and a counter (js/char-counter.js, read in Chromium by tests/e2e/test_public_pages.py)."""

import re

import pytest

from core.conf import setting
from feedback.workflow import Status

pytestmark = pytest.mark.django_db


def box(page, name):
    """The opening tag of the textarea or input named `name`."""
    match = re.search(rf'<(?:textarea|input)[^>]*name="{name}"[^>]*>', page)
    assert match, name
    return match.group(0)


def test_the_post_form_boxes_stop_at_the_server_limits(client):
    page = client.get("/wall/new/").content.decode()
    assert f'maxlength="{setting("BODY_MAX_LENGTH")}"' in box(page, "body")
    assert "data-counter=" in box(page, "body")
    assert f'maxlength="{setting("TITLE_MAX_LENGTH")}"' in box(page, "title")
    assert f'maxlength="{setting("LOCATION_MAX_LENGTH")}"' in box(page, "location")
    assert f'maxlength="{setting("NAME_MAX_LENGTH")}"' in box(page, "display_name")
    assert "js/char-counter.js" in page


def test_a_changed_limit_changes_the_box(client, settings):
    settings.ECHOWALL = {**settings.ECHOWALL, "BODY_MAX_LENGTH": 1200}
    page = client.get("/wall/new/").content.decode()
    assert 'maxlength="1200"' in box(page, "body")


def test_follow_up_and_poll_comment_boxes_stop_at_the_server_limits(client, issue_in):
    answered = issue_in(Status.ANSWERED)
    follow_up = client.get(answered.get_tracking_url()).content.decode()
    assert f'maxlength="{setting("BODY_MAX_LENGTH")}"' in box(follow_up, "body")
    resolved = issue_in(Status.RESOLVED)
    for url in (resolved.get_tracking_url(), resolved.get_absolute_url()):
        page = client.get(url).content.decode()
        comment = box(page, "comment")
        assert f'maxlength="{setting("POLL_COMMENT_MAX_LENGTH")}"' in comment, url
        assert "data-counter=" in comment
