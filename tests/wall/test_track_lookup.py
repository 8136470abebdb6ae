"""A reporter who lost the tracking link gets it back at /track/ with the case number and the
phone number or e-mail they gave, typed any usual way. A wrong pair gets one answer whether or
not the case exists. One address gets ECHOWALL["TRACKING_LOOKUP_FAILURES_PER_HOUR"] wrong pairs
answered within the hour; the next wrong pair, and every attempt after it, even a right one, is
told to try again later (429). Right pairs never count against the address."""

import re

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from feedback.tracking import normalise_phone

LOOKUP = "/track/"
WRONG_PAIR = "No issue matches this case number together with this phone number or e-mail."
TRY_LATER = "try again in an hour"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # Rate-limit counters live in the cache, which outlives a test's database transaction.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def reported(make_issue):
    return make_issue(contact_phone="138 1234 5678", contact_email="Wang.Li@Example.com")


def without_echo(response, typed_case_number):
    """The page without its CSRF token and without the case number typed back into the form."""
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    return page.replace(f'value="{typed_case_number}"', "")


def look_up(client, case_number, contact, address="203.0.113.7"):
    return client.post(
        LOOKUP, {"case_number": case_number, "contact": contact}, REMOTE_ADDR=address
    )


@pytest.mark.parametrize(
    "typed",
    [
        "13812345678",
        "138-1234-5678",
        "+86 138 1234 5678",
        "0086 13812345678",
        "+86-138-1234-5678",
        "１３８１２３４５６７８",
        " 138.1234.5678 ",
    ],
)
def test_the_right_phone_however_typed_opens_the_tracking_page(english_client, reported, typed):
    response = look_up(english_client, reported.case_number, typed)
    assert response.status_code == 302
    assert response["Location"] == reported.get_tracking_url()


def test_the_right_email_in_any_case_opens_the_tracking_page(english_client, reported):
    response = look_up(english_client, reported.case_number, " wang.li@example.COM ")
    assert response["Location"] == reported.get_tracking_url()


def test_a_typed_case_number_in_full_width_digits_works(english_client, reported):
    typed = reported.case_number.translate(str.maketrans("0123456789-", "０１２３４５６７８９－"))
    assert look_up(english_client, typed, "13812345678")["Location"] == reported.get_tracking_url()


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("0571-87654321", "+86 571 8765 4321"),
        ("0571-87654321", "(0571) 8765-4321"),
        ("+8613812345678", "13812345678"),
    ],
)
def test_landlines_and_country_codes_compare_in_national_form(stored, typed):
    assert normalise_phone(stored) == normalise_phone(typed)


def test_a_wrong_pair_says_so_and_reveals_nothing(english_client, reported):
    wrong_phone = look_up(english_client, reported.case_number, "13900000000")
    no_such_case = look_up(english_client, "19990101-0001", "13900000000")
    for response in (wrong_phone, no_such_case):
        assert response.status_code == 200
        page = response.content.decode()
        assert WRONG_PAIR in page
        assert reported.tracking_code not in page
    assert without_echo(wrong_phone, reported.case_number) == without_echo(
        no_such_case, "19990101-0001"
    )


def test_the_email_of_one_case_does_not_open_another(english_client, make_issue, reported):
    other = make_issue(contact_phone="13700001111", contact_email="")
    response = look_up(english_client, other.case_number, "wang.li@example.com")
    assert WRONG_PAIR in response.content.decode()


def test_a_reporter_who_left_no_email_cannot_be_found_by_an_empty_one(english_client, make_issue):
    issue = make_issue(contact_phone="13700001111", contact_email="")
    response = look_up(english_client, issue.case_number, "@")
    assert WRONG_PAIR in response.content.decode()


def test_after_the_allowed_wrong_pairs_even_the_right_pair_must_wait(
    english_client, reported, settings
):
    settings.ECHOWALL = {**settings.ECHOWALL, "TRACKING_LOOKUP_FAILURES_PER_HOUR": 3}
    for _attempt in range(3):
        assert (
            WRONG_PAIR
            in look_up(english_client, reported.case_number, "13900000000").content.decode()
        )
    refused = look_up(english_client, reported.case_number, "13900000000")
    assert refused.status_code == 429 and TRY_LATER in refused.content.decode()
    right = look_up(english_client, reported.case_number, "13812345678")
    assert right.status_code == 429 and reported.tracking_code not in right.content.decode()
    # Another address is not affected.
    other = look_up(english_client, reported.case_number, "13812345678", address="198.51.100.2")
    assert other.status_code == 302


def test_the_limit_lifts_after_the_hour(english_client, reported, settings):
    settings.ECHOWALL = {**settings.ECHOWALL, "TRACKING_LOOKUP_FAILURES_PER_HOUR": 1}
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _attempt in range(2):
            look_up(english_client, reported.case_number, "13900000000")
        assert look_up(english_client, reported.case_number, "13812345678").status_code == 429
        clock.shift(2 * 60 * 60)
        assert look_up(english_client, reported.case_number, "13812345678").status_code == 302


def test_right_pairs_do_not_count_against_the_address(english_client, reported, settings):
    settings.ECHOWALL = {**settings.ECHOWALL, "TRACKING_LOOKUP_FAILURES_PER_HOUR": 2}
    for _attempt in range(5):
        assert look_up(english_client, reported.case_number, "13812345678").status_code == 302


def test_a_malformed_case_number_is_explained(english_client, reported):
    response = look_up(english_client, "abc", "13812345678")
    assert response.status_code == 200
    assert "A case number looks like 20261202-0007." in response.content.decode()


def test_the_look_up_needs_the_pages_csrf_token(reported):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(LOOKUP, {"case_number": reported.case_number, "contact": "13812345678"})
    assert response.status_code == 403


def test_the_look_up_is_linked_from_the_submit_page_the_footer_and_the_thank_you_page(
    client, category, district
):
    assert f'href="{LOOKUP}"' in client.get("/wall/new/").content.decode()
    assert f'href="{LOOKUP}"' in client.get("/wall/").content.decode()
    client.post(
        "/wall/new/",
        {
            "title": "小区停车难",
            "body": "晚上八点以后小区里没有空车位，车只能停在路边。",
            "category": category.pk,
            "district": district.pk,
            "contact_phone": "13912345678",
            "captcha_0": "any",
            "captcha_1": "PASSED",
            "website": "",
        },
    )
    thanks = client.get("/wall/thanks/").content.decode()
    assert thanks.count(f'href="{LOOKUP}"') == 2  # in the text and in the footer
