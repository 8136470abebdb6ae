"""The reporter's journey in a real browser, on a phone and a desktop: post an issue and keep its
case number (受理编号) with the copy button, give each verdict through the private tracking link
(including "not fixed" which reopens the issue), add a follow-up, and find the issue again with
the case number and the phone number. The tracking page's forms carry the site's Origin (so the
CSRF check passes), while links from it to another site get no Referer with the tracking code.
"""

import re
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from feedback.models import Issue, Message
from feedback.workflow import Status

from .helpers import city_issue, fill_submit_form

pytestmark = pytest.mark.django_db(transaction=True)

CASE_NUMBER = re.compile(r"^\d{8}-\d{4}$")
PHONE = "13812345678"


def resolved_issue(city, **fields):
    """An issue walked to "resolved" through the model methods, as the staff would."""
    issue = city_issue(city, **fields)
    issue.publish(city.moderator)
    issue.assign(city.moderator, [city.housing], timezone.localdate() + timedelta(days=7))
    issue.post_reply(city.housing_staff, city.housing, "已安排维修人员于今日更换灯具。")
    issue.resolve(city.housing_staff, city.housing, "灯具已更换。")
    return issue


def test_a_reporter_posts_an_issue_and_copies_its_case_number_and_link(
    page, city, mailbox, live_site
):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_site.url)
    page.goto("/wall/new/")
    fill_submit_form(
        page,
        city,
        "幸福路公交站牌被撞歪",
        "幸福路公交站的站牌被车撞歪了，存在安全隐患。",
        email="wang@example.org",
    )
    page.click("form.submit-form button[type=submit]")
    page.wait_for_url("**/wall/thanks/")

    issue = Issue.objects.get()
    shown = page.locator("#case-number").inner_text().strip()
    assert CASE_NUMBER.match(shown) and shown == issue.case_number
    tracking_url = live_site.url + issue.get_tracking_url()
    assert page.locator("#tracking-link").inner_text().strip() == tracking_url

    page.locator(".copy-button").click()  # shown by js/copy.js, hidden without JavaScript
    page.locator(".copy-status").filter(has_text=re.compile(r"\S")).wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert issue.case_number in copied and tracking_url in copied

    (confirmation,) = mailbox.to("wang@example.org")
    assert issue.case_number in confirmation["Subject"]
    body = confirmation.get_body().get_content()
    assert issue.case_number in body and tracking_url in body


@pytest.mark.parametrize(
    ("choice", "still_there"),
    [("satisfied", ""), ("basically_satisfied", ""), ("dissatisfied", "no")],
)
def test_the_reporter_gives_a_verdict_from_the_tracking_page(page, city, choice, still_there):
    issue = resolved_issue(city)
    page.goto(issue.get_tracking_url())
    assert page.locator("#case-number").inner_text().strip() == issue.case_number
    verdict = page.locator("form.poll-vote")
    verdict.locator(f"input[name=choice][value={choice}]").check()
    if still_there:
        verdict.locator("select[name=problem_persists]").select_option(still_there)
    with page.expect_request(lambda request: request.method == "POST") as sent:
        verdict.locator("button[type=submit]").click()
    page.wait_for_url(f"**{issue.get_tracking_url()}")
    assert sent.value.header_value("origin") == page.url.split("/track/")[0]
    page.locator(".messages .success").wait_for()
    vote = issue.polls.get().votes.reporter().get()
    assert vote.choice == choice and not vote.problem_persists
    issue.refresh_from_db()
    assert issue.status == Status.RESOLVED


def test_not_fixed_reopens_the_issue_for_its_department(page, city):
    issue = resolved_issue(city)
    page.goto(issue.get_tracking_url())
    verdict = page.locator("form.poll-vote")
    verdict.locator("input[name=choice][value=dissatisfied]").check()
    verdict.locator("select[name=problem_persists]").select_option("yes")
    verdict.locator("textarea[name=comment]").fill("灯还是不亮。")
    verdict.locator("button[type=submit]").click()
    page.wait_for_url(f"**{issue.get_tracking_url()}")
    assert "退回责任单位" in page.locator(".messages .success").inner_text()
    issue.refresh_from_db()
    assert issue.reopen_count == 1 and issue.status == Status.ASSIGNED
    assert [a.department for a in issue.assignments.filter(is_active=True)] == [city.housing]


def test_the_reporter_adds_a_follow_up(page, city):
    issue = city_issue(city)
    issue.publish(city.moderator)
    page.goto(issue.get_tracking_url())
    follow_up = page.locator("form[enctype='multipart/form-data']")
    follow_up.locator("textarea[name=body]").fill("今晚路过，路灯仍然不亮。")
    with page.expect_request(lambda request: request.method == "POST") as sent:
        follow_up.locator("button[type=submit]").click()
    page.wait_for_url(f"**{issue.get_tracking_url()}")
    assert sent.value.header_value("origin") == page.url.split("/track/")[0]
    assert "今晚路过，路灯仍然不亮。" in page.locator(".timeline").inner_text()
    message = Message.objects.get(issue=issue, kind=Message.Kind.FOLLOW_UP)
    assert message.moderation == Message.Moderation.PENDING


class RefererRecorder(BaseHTTPRequestHandler):
    """Another site: answers every GET and remembers the Referer it was sent."""

    seen = []

    def do_GET(self):  # noqa: N802 (http.server's naming)
        self.seen.append((self.path, self.headers.get("Referer")))
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(b"<!DOCTYPE html><title>elsewhere</title><p>elsewhere</p>")

    def log_message(self, *args):
        pass  # keep the test output quiet


@pytest.fixture
def other_site():
    RefererRecorder.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), RefererRecorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", RefererRecorder.seen
    server.shutdown()
    server.server_close()


def test_links_from_the_tracking_page_never_tell_another_site_the_code(page, city, other_site):
    # Links in citizens' and departments' text also carry rel="noreferrer" (unit-tested in
    # test_tracking_privacy); here only the page's own policy protects the code.
    elsewhere, seen = other_site
    issue = city_issue(city)
    page.goto(issue.get_tracking_url())
    # Images from other sites never load here (the Content-Security-Policy's img-src 'self',
    # tests/e2e/test_abuse.py): a link is what is left that could tell another site the code.
    page.evaluate(
        """(elsewhere) => {
            const link = document.createElement("a");
            link.href = elsewhere + "/plain-link";
            link.textContent = "elsewhere";
            document.body.append(link);
        }""",
        elsewhere,
    )
    page.locator(f"a[href='{elsewhere}/plain-link']").click()
    page.wait_for_url(f"{elsewhere}/plain-link")
    page.locator("text=elsewhere").wait_for()

    visited = dict(seen)
    assert "/plain-link" in visited
    for path, referer in visited.items():
        assert issue.tracking_code not in (referer or ""), path


def test_a_reporter_who_lost_the_link_finds_the_issue_again(page, city):
    issue = city_issue(city, contact_phone=PHONE)
    page.goto("/wall/new/")
    page.locator(".lookup-hint a").click()
    page.wait_for_url("**/track/")
    page.fill("#id_case_number", issue.case_number)
    page.fill("#id_contact", "+86 138-1234-5678")
    page.click("form.lookup-form button[type=submit]")
    page.wait_for_url(f"**{issue.get_tracking_url()}")
    assert page.locator("#case-number").inner_text().strip() == issue.case_number


def test_a_wrong_pair_is_told_so_without_opening_anything(page, city):
    issue = city_issue(city, contact_phone=PHONE)
    page.goto("/track/")
    page.fill("#id_case_number", issue.case_number)
    page.fill("#id_contact", "13900000000")
    page.click("form.lookup-form button[type=submit]")
    page.locator(".lookup-form .error").wait_for()
    assert page.url.endswith("/track/")
    assert issue.tracking_code not in page.content()
