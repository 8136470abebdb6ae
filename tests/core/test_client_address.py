"""The client's address, for rate limits and vote hashes, comes from what our own proxies saw:
behind `CLIENT_ADDRESS_HEADER=HTTP_X_FORWARDED_FOR` the entry the nearest trusted proxy appended
(counted from the right, `CLIENT_ADDRESS_PROXIES` of them), never what the client wrote further
left. IPv6 clients count per /64, the block one household or phone holds."""

import pytest
from django.test import Client, RequestFactory

from core.browser import address_key, client_address, client_network, keyed_hash
from feedback.workflow import Status
from wall.views import polls as poll_views


@pytest.fixture
def behind_proxies(settings):
    def configure(header="HTTP_X_FORWARDED_FOR", proxies=1):
        settings.ECHOWALL = {
            **settings.ECHOWALL,
            "CLIENT_ADDRESS_HEADER": header,
            "CLIENT_ADDRESS_PROXIES": proxies,
        }

    return configure


def request_from(remote="192.0.2.10", **headers):
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


def test_without_a_proxy_the_connection_address_counts(settings):
    assert settings.ECHOWALL["CLIENT_ADDRESS_HEADER"] == ""
    assert client_address(request_from(HTTP_X_FORWARDED_FOR="6.6.6.6")) == "192.0.2.10"


def test_the_entry_our_proxy_added_counts_not_what_the_client_wrote(behind_proxies):
    behind_proxies()
    spoofed = request_from(HTTP_X_FORWARDED_FOR="6.6.6.6, 7.7.7.7, 203.0.113.9")
    assert client_address(spoofed) == "203.0.113.9"


def test_with_two_trusted_proxies_the_second_entry_from_the_right_counts(behind_proxies):
    behind_proxies(proxies=2)
    request = request_from(HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9, 10.0.0.2")
    assert client_address(request) == "203.0.113.9"


def test_a_single_address_header_works_as_before(behind_proxies):
    behind_proxies(header="HTTP_X_REAL_IP")
    assert client_address(request_from(HTTP_X_REAL_IP="203.0.113.7")) == "203.0.113.7"


def test_a_header_that_is_not_an_address_falls_back_to_the_connection(behind_proxies):
    behind_proxies()
    assert client_address(request_from(HTTP_X_FORWARDED_FOR="<script>, unknown")) == "192.0.2.10"
    assert client_address(request_from()) == "192.0.2.10"


def test_ipv6_clients_count_per_64_block():
    first = request_from("2001:db8:1:2:aaaa::1")
    same_block = request_from("2001:db8:1:2:bbbb::9")
    other_block = request_from("2001:db8:1:3::1")
    assert client_network(first) == "2001:db8:1:2::/64"
    assert address_key(first) == address_key(same_block) != address_key(other_block)
    assert client_network(request_from("::ffff:203.0.113.5")) == "203.0.113.5"


def test_ipv4_keys_are_the_ones_already_stored_with_votes():
    assert address_key(request_from("203.0.113.5")) == keyed_hash("203.0.113.5", "poll-address")


def test_the_helpers_stay_importable_from_the_poll_views():
    assert poll_views.address_key is address_key
    assert poll_views.client_address is client_address


def test_spoofed_forwarded_entries_do_not_multiply_me_too(behind_proxies, published_issue):
    behind_proxies()
    for number in range(20):
        Client().post(
            f"/wall/{published_issue.pk}/support/",
            HTTP_X_FORWARDED_FOR=f"10.0.{number}.1, 203.0.113.50",
            REMOTE_ADDR="10.0.0.2",
        )
    published_issue.refresh_from_db()
    assert published_issue.support_count == 5


def test_spoofed_forwarded_entries_do_not_escape_the_vote_limit(behind_proxies, issue_in, settings):
    behind_proxies()
    settings.ECHOWALL = {**settings.ECHOWALL, "POLL_PUBLIC_VOTES_PER_HOUR": 2}
    resolved = issue_in(Status.RESOLVED)
    answers = [
        Client()
        .post(
            f"/wall/{resolved.pk}/poll/",
            {"choice": "satisfied", "captcha_0": "k", "captcha_1": "PASSED"},
            HTTP_X_FORWARDED_FOR=f"10.1.{number}.1, 203.0.113.60",
            REMOTE_ADDR="10.0.0.2",
        )
        .status_code
        for number in range(4)
    ]
    assert answers == [302, 302, 429, 429]
