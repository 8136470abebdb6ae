"""`bin/dev` links point where it serves: PORT ("8001", "0.0.0.0:8001", "[::1]:8001", as runserver
takes it) sets the site's URL for reporters' e-mails, the admin and the printed login hint,
unless SITE_URL is set explicitly; the development server answers to that address.

The settings are read the way `bin/dev` runs its commands: a fresh process with the development
settings and its environment.
"""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(__file__).resolve().parent.parent


def dev_settings(**environ):
    """SITE_URL, WAGTAILADMIN_BASE_URL and ALLOWED_HOSTS of the development settings."""
    env = {key: value for key, value in os.environ.items() if key not in {"PORT", "SITE_URL"}}
    env |= {"DJANGO_SETTINGS_MODULE": "echowall.settings.dev", **environ}
    script = (
        "import json; from django.conf import settings; print(json.dumps("
        "[settings.SITE_URL, settings.WAGTAILADMIN_BASE_URL, settings.ALLOWED_HOSTS]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return result


def site_url_for(**environ):
    result = dev_settings(**environ)
    assert result.returncode == 0, result.stderr
    site_url, admin_base_url, allowed_hosts = json.loads(result.stdout)
    assert admin_base_url == site_url
    return site_url, allowed_hosts


@pytest.mark.parametrize(
    ("port", "url"),
    [
        (None, "http://127.0.0.1:8000"),
        ("8001", "http://127.0.0.1:8001"),
        ("127.0.0.1:8002", "http://127.0.0.1:8002"),
        # Listening everywhere: a browser on this machine opens the loopback address.
        ("0.0.0.0:8003", "http://127.0.0.1:8003"),
        ("0:8004", "http://127.0.0.1:8004"),
        ("[::]:8005", "http://[::1]:8005"),
        ("[::1]:8006", "http://[::1]:8006"),
        ("localhost:8007", "http://localhost:8007"),
    ],
)
def test_links_follow_the_address_bin_dev_serves_on(port, url):
    site_url, _hosts = site_url_for(**({"PORT": port} if port else {}))
    assert site_url == url


def test_an_explicit_site_url_wins_and_is_allowed_as_host():
    site_url, hosts = site_url_for(PORT="0.0.0.0:8010", SITE_URL="http://192.168.1.20:8010")
    assert site_url == "http://192.168.1.20:8010"
    assert "192.168.1.20" in hosts


def test_serving_on_a_named_address_allows_that_host():
    _url, hosts = site_url_for(PORT="192.168.1.30:8011")
    assert "192.168.1.30" in hosts


def test_a_port_runserver_would_refuse_stops_bin_dev_before_anything_runs():
    result = dev_settings(PORT="eighty")
    assert result.returncode != 0
    assert "PORT='eighty': expected runserver's [addr:]port" in result.stderr


def test_reporter_email_links_to_the_port_bin_dev_serves_on(
    make_issue, moderator, django_capture_on_commit_callbacks
):
    site_url, _hosts = site_url_for(PORT="8123")
    issue = make_issue(contact_email="reporter@example.com")
    with override_settings(SITE_URL=site_url), django_capture_on_commit_callbacks(execute=True):
        issue.publish(moderator)
    (message,) = mail.outbox
    assert f"http://127.0.0.1:8123{issue.get_tracking_url()}" in message.body


def test_load_initial_data_prints_the_login_address_bin_dev_serves_on(make_issue):
    site_url, _hosts = site_url_for(PORT="0.0.0.0:8124")
    make_issue()  # an existing site: the demo is not loaded again, the hint still shows
    out = StringIO()
    with override_settings(WAGTAILADMIN_BASE_URL=site_url):
        call_command("load_initial_data", stdout=out)
    assert "Log in at http://127.0.0.1:8124/admin/" in out.getvalue()
