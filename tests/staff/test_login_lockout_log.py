"""The log of staff log-in failures and lock-outs names the account (an administrator must know
which one to unlock with `axes_reset_username`), never the password, and the client's address
only masked: its network part and a keyed tag that matches repeated attempts."""

import logging

import pytest
from django.conf import settings
from django.test import Client

from core.browser import masked_address

ADDRESS = "203.0.113.45"
WRONG_PASSWORD = "not-the-password-42"


@pytest.fixture
def log_lines(caplog, moderator):
    caplog.set_level(logging.INFO)
    client = Client(REMOTE_ADDR=ADDRESS)
    for _attempt in range(settings.AXES_FAILURE_LIMIT + 1):
        client.post("/admin/login/", {"username": moderator.username, "password": WRONG_PASSWORD})
    return [record.getMessage() for record in caplog.records]


def test_the_lock_out_is_logged_with_the_account_name(log_lines, moderator):
    lock_outs = [line for line in log_lines if "Locking out" in line or "lock-out" in line]
    assert lock_outs
    assert all(moderator.username in line for line in lock_outs)
    assert not any("****" in line for line in lock_outs)


def test_the_log_never_holds_the_password_nor_the_whole_address(log_lines):
    text = "\n".join(log_lines)
    assert WRONG_PASSWORD not in text
    assert ADDRESS not in text
    assert masked_address(ADDRESS) in text
    assert masked_address(ADDRESS).startswith("203.0.*.* #")


def test_masked_addresses_tell_two_addresses_of_one_network_apart():
    first, second = masked_address("203.0.113.45"), masked_address("203.0.7.9")
    assert first != second and first.split(" #")[0] == second.split(" #")[0]
    assert masked_address("2001:db8:1:2::5").startswith("2001:0db8:0001::* #")
