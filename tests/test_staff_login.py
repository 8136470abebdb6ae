"""Staff log-in through Wagtail's admin form is throttled (django-axes): after five wrong passwords
for one account from one address, even the right password is refused for fifteen minutes with a
page that says so (HTTP 429), and the lock-out is logged. Other addresses and accounts are not
affected, and log-ins made from code (the test client, a shell) still work."""

import logging
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


@pytest.fixture
def clerk():
    return get_user_model().objects.create_user("clerk", password="right-password", is_staff=True)


def staff_browser(address="198.51.100.7"):
    client = Client(REMOTE_ADDR=address)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def sign_in(client, password, username="clerk"):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


def test_thirty_wrong_passwords_then_the_right_one_is_refused_with_a_message(clerk, caplog):
    browser = staff_browser()
    with caplog.at_level(logging.WARNING, logger="axes"):
        answers = [sign_in(browser, f"guess-{n}").status_code for n in range(30)]
    assert answers[:4] == [200] * 4  # the login form again, "wrong password"
    assert set(answers[4:]) == {429}
    right = sign_in(browser, "right-password")
    assert right.status_code == 429
    page = right.content.decode()
    assert "Too many wrong passwords for this account from your network" in page
    assert "15 minutes" in page
    assert int(right["Retry-After"]) == 15 * 60
    assert "_auth_user_id" not in browser.session
    assert any("Locking out" in record.getMessage() for record in caplog.records)


def test_the_right_password_works_again_after_the_cool_off(clerk):
    browser = staff_browser()
    for n in range(5):
        sign_in(browser, f"guess-{n}")
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        answer = sign_in(browser, "right-password")
        assert answer.status_code == 302 and answer["Location"] == "/admin/"


def test_a_lock_out_binds_the_account_to_the_guessing_address_only(clerk):
    guesser = staff_browser("198.51.100.7")
    for n in range(6):
        sign_in(guesser, f"guess-{n}")
    assert sign_in(staff_browser("203.0.113.20"), "right-password").status_code == 302


def test_fewer_wrong_passwords_than_the_limit_never_lock_anyone_out(clerk):
    browser = staff_browser()
    for n in range(4):
        sign_in(browser, f"guess-{n}")
    assert sign_in(browser, "right-password").status_code == 302
    # A success starts the count again.
    for n in range(4):
        sign_in(browser, f"guess-{n}")
    assert sign_in(browser, "right-password").status_code == 302


def test_log_ins_from_code_are_not_throttled(clerk):
    assert Client().login(username="clerk", password="right-password")


def test_a_wrong_password_says_so_in_a_plain_sentence(clerk):
    page = sign_in(staff_browser(), "guess").content.decode()
    assert "The username or password is wrong. Please try again." in page
    assert "Your username and password didn" not in page  # Wagtail's, with the field's name
