"""Every anonymous write has a rate limit, and going over it says "try again later" plainly:
HTTP 429 with Retry-After, the same page, the message, and what was typed still in the form.
Follow-ups count per tracking link and per network; "me too" per network and issue (fresh cookie
jars do not help); new posts per network; public votes keep their own hourly limit. A resent
follow-up (the same text again) is stored once.
"""

import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from feedback.models import Issue, Message
from feedback.workflow import Status
from polls.models import PollVote

TRY_LATER = re.compile(r"Please try again in about \d+ (minutes?|hours?)\.")


def browser(address="10.1.1.1"):
    """A fresh browser (new cookie jar) in English, from `address`."""
    client = Client(REMOTE_ADDR=address)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def rates(settings):
    def set_rates(**rates):
        settings.ECHOWALL = {
            **settings.ECHOWALL,
            "RATE_LIMITS": {**settings.ECHOWALL["RATE_LIMITS"], **rates},
        }

    return set_rates


def assert_try_later(response):
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert TRY_LATER.search(response.content.decode())


# --- follow-ups --------------------------------------------------------------------------------


def follow_up(client, issue, body):
    return client.post(issue.get_tracking_url(), {"body": body, "website": ""})


def test_follow_ups_beyond_the_limit_of_a_link_wait_and_keep_the_text(issue_in):
    issue = issue_in(Status.ASSIGNED)
    reporter = browser()
    for number in range(10):
        assert follow_up(reporter, issue, f"第{number}次补充：路灯还是不亮").status_code == 302
    refused = follow_up(reporter, issue, "第十一次补充：晚上更黑了")
    assert_try_later(refused)
    page = refused.content.decode()
    assert "Many follow-ups were sent in a short time." in page
    assert "第十一次补充：晚上更黑了</textarea>" in page
    assert refused["Cache-Control"] == "private, no-store"  # still the private tracking page
    assert issue.messages.count() == 10
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert follow_up(reporter, issue, "第十一次补充：晚上更黑了").status_code == 302
    assert issue.messages.count() == 11


def test_follow_ups_also_count_per_network_across_links(issue_in, rates):
    rates(follow_up_address="3/h")
    first, second = issue_in(Status.ASSIGNED), issue_in(Status.ASSIGNED)
    reporter = browser("10.2.2.2")
    for number in range(3):
        assert follow_up(reporter, first, f"补充{number}").status_code == 302
    assert_try_later(follow_up(reporter, second, "另一件事的补充"))
    assert follow_up(browser("10.3.3.3"), second, "另一件事的补充").status_code == 302


def test_a_resent_follow_up_is_stored_once(issue_in):
    issue = issue_in(Status.ASSIGNED)
    reporter = browser()
    first = follow_up(reporter, issue, "补充：东门那盏也坏了")
    resent = follow_up(reporter, issue, "补充：东门那盏也坏了")
    assert first.status_code == resent.status_code == 302
    assert "Your follow-up was received" in reporter.get(issue.get_tracking_url()).content.decode()
    assert list(issue.messages.values_list("body", flat=True)) == ["补充：东门那盏也坏了"]


def test_the_same_follow_up_text_later_is_a_new_follow_up(issue_in):
    issue = issue_in(Status.ASSIGNED)
    follow_up(browser(), issue, "还是没修好")
    with time_machine.travel(timezone.now() + timedelta(hours=1, minutes=1)):
        follow_up(browser(), issue, "还是没修好")
    assert issue.messages.filter(kind=Message.Kind.FOLLOW_UP).count() == 2


# --- "me too" ------------------------------------------------------------------------------------


def me_too(client, issue):
    return client.post(f"/wall/{issue.pk}/support/")


def test_fresh_cookie_jars_on_one_network_count_only_a_few_me_too(published_issue):
    answers = [me_too(browser("10.4.4.4"), published_issue) for _ in range(20)]
    published_issue.refresh_from_db()
    assert published_issue.support_count == 5
    assert [a.status_code for a in answers] == [302] * 5 + [429] * 15
    refused = answers[-1]
    assert_try_later(refused)
    assert "Many “me too” came from your network for this issue already." in (
        refused.content.decode()
    )
    assert published_issue.title in refused.content.decode()  # the thread itself, not a bare error
    # Another network still counts.
    assert me_too(browser("10.5.5.5"), published_issue).status_code == 302
    published_issue.refresh_from_db()
    assert published_issue.support_count == 6


def test_clicking_again_in_the_same_browser_uses_none_of_the_allowance(published_issue):
    reader = browser("10.6.6.6")
    for _ in range(10):
        me_too(reader, published_issue)
    for _ in range(4):
        assert me_too(browser("10.6.6.6"), published_issue).status_code == 302
    published_issue.refresh_from_db()
    assert published_issue.support_count == 5


def test_me_too_also_counts_per_network_across_issues(issue_in, rates):
    rates(support_address="3/h")
    issues = [issue_in(Status.PUBLISHED) for _ in range(4)]
    answers = [me_too(browser("10.7.7.7"), issue).status_code for issue in issues]
    assert answers == [302, 302, 302, 429]
    assert sum(Issue.objects.values_list("support_count", flat=True)) == 3


# --- new posts -------------------------------------------------------------------------------------


def test_new_posts_beyond_the_limit_wait_and_keep_what_was_typed(category, district, rates):
    rates(submit="2/h")
    citizen = browser("10.8.8.8")
    data = {
        "title": "幸福路路灯坏了",
        "body": "幸福路12号门口的路灯坏了一个多月。",
        "location": "幸福路12号",
        "category": str(category.pk),
        "district": str(district.pk),
        "display_name": "",
        "contact_phone": "13812345678",
        "contact_email": "",
        "captcha_0": "key",
        "captcha_1": "PASSED",
        "website": "",
    }
    assert citizen.post("/wall/new/", data).status_code == 302
    assert citizen.post("/wall/new/", {**data, "captcha_1": "WRONG"}).status_code == 200
    refused = citizen.post("/wall/new/", data)
    assert_try_later(refused)
    page = refused.content.decode()
    assert "Many posts came from your network in a short time." in page
    assert (
        'value="幸福路路灯坏了"' in page and "幸福路12号门口的路灯坏了一个多月。</textarea>" in page
    )
    assert f'value="{category.pk}" selected' in page
    assert Issue.objects.count() == 1


# --- public votes -----------------------------------------------------------------------------------


def test_a_vote_over_the_hourly_limit_waits_and_keeps_the_comment(issue_in, settings):
    settings.ECHOWALL = {**settings.ECHOWALL, "POLL_PUBLIC_VOTES_PER_HOUR": 1}
    resolved = issue_in(Status.RESOLVED)
    url = f"/wall/{resolved.pk}/poll/"
    assert browser("10.9.9.1").post(url, {"choice": "satisfied"}).status_code == 302
    refused = browser("10.9.9.1").post(
        url,
        {
            "choice": "dissatisfied",
            "comment": "路灯修好又坏了",
            "captcha_0": "k",
            "captcha_1": "PASSED",
        },
    )
    assert_try_later(refused)
    page = refused.content.decode()
    assert "Many votes came from your network in the last hour." in page
    assert "路灯修好又坏了</textarea>" in page
    assert re.search(r'value="dissatisfied"[^>]*checked', page)
    assert PollVote.objects.count() == 1
