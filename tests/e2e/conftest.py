"""Browser tests: Debian's Chromium, driven by Playwright, against the site served by a separate
server process on the test run's own database.

Every test runs twice, on a desktop and on a phone (`page`), and fails when the page does what a
person would notice: a console error (CSP violations included), an uncaught script error, a
dialog, or a 4xx/5xx answer to a page load or a form (`page_guard`; `page_guard.allow(404)` for a
test that expects one). Locally without Chromium these tests skip with the command that installs
it; in CI (CI=true) a missing browser fails them. See tests/e2e/README.md.
"""

import contextlib
import email
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from email import policy
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from .helpers import SERVER_START_TIMEOUT, build_city

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", shutil.which("chromium") or "/usr/bin/chromium")
ARTIFACTS = ROOT / "var" / "e2e"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALL_HINT = "apt-get install -y chromium fonts-noto-cjk"
DEVICES = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    # A mid-range Android phone: small viewport, touch, mobile user agent behaviour.
    "phone": {
        "viewport": {"width": 393, "height": 851},
        "device_scale_factor": 2.75,
        "is_mobile": True,
        "has_touch": True,
    },
}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


# --- the server process ------------------------------------------------------------------------


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _test_database_url():
    """The URL of the database this test run created, for the server process to share."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


@dataclass
class LiveSite:
    url: str
    maildir: Path
    log: Path
    token_file: Path
    process: subprocess.Popen = field(repr=False)

    def start_test(self, name):
        """Tell the server a new test begins: it forgets content type ids and its cache."""
        self.token_file.write_text(f"{name}:{time.monotonic_ns()}")

    def log_tail(self, lines=40):
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def _wait_until_serving(site):
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if site.process.poll() is not None:
            pytest.fail(f"The browser tests' server exited:\n{site.log_tail()}", pytrace=False)
        with contextlib.suppress(OSError), urllib.request.urlopen(f"{site.url}/wall/", timeout=2):
            return
        time.sleep(0.3)
    pytest.fail(f"The browser tests' server did not answer:\n{site.log_tail()}", pytrace=False)


@pytest.fixture(scope="session")
def live_site(django_db_setup, django_db_blocker, tmp_path_factory):
    """The site served by `manage.py runserver` in its own process, on the test database."""
    base = tmp_path_factory.mktemp("e2e-site")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with django_db_blocker.unblock():
        database_url = _test_database_url()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.e2e.server_settings",
        "DATABASE_URL": database_url,
        "ELASTICSEARCH_INDEX_PREFIX": settings.ELASTICSEARCH_INDEX_PREFIX,
        "ECHOWALL_E2E_MAILDIR": str(base / "mail"),
        "ECHOWALL_E2E_MEDIA": str(base / "media"),
        "ECHOWALL_E2E_SITE_URL": url,
        "ECHOWALL_E2E_TOKEN_FILE": str(base / "test-token"),
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    (base / "mail").mkdir()
    log = base / "server.log"
    with log.open("w") as log_file:
        process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "runserver",
                "--noreload",
                "--insecure",
                f"127.0.0.1:{port}",
            ],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    site = LiveSite(
        url=url, maildir=base / "mail", log=log, token_file=base / "test-token", process=process
    )
    try:
        _wait_until_serving(site)
        yield site
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


# --- the browser ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM}; install it with: {INSTALL_HINT}"
        if os.environ.get("CI"):
            pytest.fail(f"CI requires the browser tests. {message}", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - only when Chromium exists

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between browser steps are ordinary synchronous calls. Allowed while browser tests run.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


class PageGuard:
    """Collects what a person would see go wrong; the test fails at the end if anything did."""

    def __init__(self):
        self.found = []
        self.allowed_statuses = set()
        self.expected_failures = set()  # URLs that answered an allowed error status

    @contextlib.contextmanager
    def allow(self, *statuses):
        """Within the block, page loads and forms answering these statuses are expected."""
        self.allowed_statuses.update(statuses)
        try:
            yield
        finally:
            self.allowed_statuses.difference_update(statuses)

    @property
    def problems(self):
        # Chromium also logs an expected error answer as "Failed to load resource".
        return [text for text, url in self.found if url not in self.expected_failures]

    def watch(self, page):
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.found.append((f"script error: {error}", None)))
        page.on("dialog", self._on_dialog)
        page.on("response", self._on_response)

    def _on_console(self, message):
        if message.type == "error":
            url = message.location.get("url")
            self.found.append((f"console error: {message.text} ({url})", url))

    def _on_dialog(self, dialog):
        self.found.append((f"dialog ({dialog.type}): {dialog.message}", None))
        dialog.dismiss()

    def _on_response(self, response):
        request = response.request
        if response.status < 400:
            return
        if response.status in self.allowed_statuses:
            self.expected_failures.add(response.url)
        elif request.is_navigation_request() or request.method != "GET":
            self.found.append((f"HTTP {response.status} for {request.method} {response.url}", None))


@pytest.fixture(params=list(DEVICES), ids=list(DEVICES))
def device(request):
    """'desktop' or 'phone': every browser test runs on both."""
    return request.param


@pytest.fixture
def page_guard():
    return PageGuard()


@pytest.fixture
def page(browser, live_site, device, page_guard, request):
    live_site.start_test(request.node.nodeid)
    context = browser.new_context(
        base_url=live_site.url,
        locale="zh-CN",
        timezone_id=settings.TIME_ZONE,
        **DEVICES[device],
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page_guard.watch(page)
    yield page
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    if failed or page_guard.problems:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(Exception):  # a screenshot is a courtesy; never mask the failure
            page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    if page_guard.problems:
        pytest.fail(
            "The browser saw problems:\n  "
            + "\n  ".join(page_guard.problems)
            + f"\nServer log:\n{live_site.log_tail(15)}",
            pytrace=False,
        )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture
def screenshot(page, device):
    """`screenshot("01-submit")` saves var/e2e/01-submit-<device>.png (for notes and humans)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(name):
        page.screenshot(path=str(ARTIFACTS / f"{name}-{device}.png"), full_page=True)

    return take


# --- e-mail the server sent --------------------------------------------------------------------


class Mailbox:
    """E-mails the server process sent during this test, parsed."""

    def __init__(self, maildir):
        self.maildir = maildir

    def clear(self):
        for path in self.maildir.iterdir():
            path.unlink()

    def messages(self):
        found = []
        for path in sorted(self.maildir.iterdir(), key=lambda p: p.stat().st_mtime):
            # The file backend writes messages one after another, separated by a line of dashes.
            for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                if chunk.strip():
                    found.append(email.message_from_bytes(chunk, policy=policy.default))
        return found

    def to(self, address):
        return [m for m in self.messages() if address in str(m["To"])]


@pytest.fixture
def mailbox(live_site):
    box = Mailbox(live_site.maildir)
    box.clear()
    return box


# --- the city: departments, categories, districts and staff -------------------------------------


@pytest.fixture
def city(transactional_db):
    """Two departments with a clerk each, a moderator, categories and districts (helpers.City)."""
    return build_city()
