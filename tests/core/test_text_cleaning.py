"""Citizens' text is cleaned to plain text once and for all: cleaning it again changes nothing
(moderators' forms clean the stored text a second time), so encoded markup can never turn into
real markup later; the Atom feed and the suggestion JSON carry that text as text, never as HTML.

Property-style: idempotence is checked over a list of nasty inputs and thousands of strings built
from the pieces of markup, entities and invisible characters that attacks are made of.
"""

import random
import re
from xml.etree import ElementTree

import pytest

from core.text import clean_plain_text
from feedback.models import Issue
from feedback.workflow import Status

ATOM = "{http://www.w3.org/2005/Atom}"
DOUBLE_ENCODED = "&amp;lt;img src=x onerror=alert(1)&amp;gt;"
NASTY = [
    DOUBLE_ENCODED,
    "&amp;amp;lt;script&amp;amp;gt;alert(1)&amp;amp;lt;/script&amp;amp;gt;",
    "&lt;script&gt;alert(4)&lt;/script&gt;",
    "&#60;img src=x onerror=alert(1)&#62;",
    "&#x3c;svg onload=alert(1)&#x3e;",
    "&lt\u200b;img src=x onerror=alert(1)&gt;",
    "<<b></b>img src=x onerror=alert(1)>",
    "&l<b></b>t;img src=x onerror=alert(1)&g<i></i>t;",
    "<scr<script>ipt>alert(1)</script>",
    "<\u200bscript>alert(1)</script>",
    "<!-- <img src=x onerror=alert(1)> -->",
    "<?xml version='1.0'?><a>x</a>",
    "<a href='javascript:alert(1)'>&lt;</a>b>",
    "&ampfoo &amp &lt &gt",
    "AT&T R&D 3 < 5 > 4",
    "e&#x301; &lt;&#x338;a &NotEqualTilde;",
    "&#0;&#x202e;gnp.exe &#xfeff;<i>x</i>",
    "x&#10;&#10;&#10;&#10;y&#13;z\r\n\r\n\r\n",
    "< script>",
    "<\nscript>",
    "＜script＞",
    "\t 路灯坏了 \t",
]
PIECES = [
    "<",
    ">",
    "&",
    "lt;",
    "gt;",
    "amp;",
    "#60;",
    "#x3c;",
    "b",
    "img",
    "/",
    "!",
    "?",
    " ",
    "\n",
    "\r",
    "\u200b",
    "\u202e",
    "\u0301",
    "\u0338",
    "e",
    "路",
    ";",
    "#",
    "x",
    "&#0;",
    "-->",
    "<!--",
    "script",
    "=",
    "'",
    '"',
    "\t",
    "\x0c",
    "\u00a0",
    "&nbsp;",
    "onerror",
    "&amp;lt;",
]
TAG_START = re.compile(r"<[A-Za-z/!?]")


@pytest.fixture
def post_issue(client, category, district):
    """Post through the public form, as a citizen does: the text is cleaned on the way in."""

    def post(title, body):
        response = client.post(
            "/wall/new/",
            {
                "title": title,
                "body": body,
                "category": category.pk,
                "district": district.pk,
                "location": "",
                "display_name": "",
                "contact_phone": "13812345678",
                "contact_email": "",
                "captcha_0": "key",
                "captcha_1": "PASSED",
                "website": "",
            },
        )
        assert response.status_code == 302
        return Issue.objects.latest("pk")

    return post


def generated(count=3000, seed=12):
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(1, 16))) for _ in range(count)]


@pytest.mark.parametrize("multiline", [True, False], ids=["multi-line", "one-line"])
def test_cleaning_twice_gives_what_cleaning_once_gave(multiline):
    unstable = [
        text
        for text in NASTY + generated()
        if clean_plain_text(clean_plain_text(text, multiline), multiline)
        != clean_plain_text(text, multiline)
    ]
    assert unstable == []


def test_cleaned_text_holds_nothing_a_browser_would_read_as_a_tag():
    for text in NASTY + generated():
        cleaned = clean_plain_text(text)
        assert not TAG_START.search(cleaned), (text, cleaned)


def test_double_encoded_markup_stays_text_however_often_it_is_cleaned():
    text = DOUBLE_ENCODED
    for _pass in range(5):
        text = clean_plain_text(text)
        assert "<img" not in text and "&lt;" not in text
    assert text == "＆lt;img src=x onerror=alert(1)＆gt;"  # readable, and inert


def test_ordinary_text_comes_through_untouched():
    for text in [
        "路灯坏了一个多月",
        "温度 < 5 度时水管冻裂",
        "AT&T R&D",
        "价格 3>2",
        "第1页&第2页",
    ]:
        assert clean_plain_text(text) == text


def test_a_moderator_publishing_the_prefilled_text_never_creates_markup(
    client, post_issue, moderator
):
    issue = post_issue(f"路灯 {DOUBLE_ENCODED}", f"晚上很黑 {DOUBLE_ENCODED}")
    client.force_login(moderator)
    desk = f"/admin/feedback/issues/{issue.pk}/"
    # The browser sends back what the form shows: the stored text, cleaned again by the form.
    client.post(
        desk,
        {
            "action": "publish",
            "title": issue.submitted_title,
            "body": issue.submitted_body,
            "location": "",
        },
    )
    issue.refresh_from_db()
    assert issue.status == Status.PUBLISHED
    assert (issue.title, issue.body) == (issue.submitted_title, issue.submitted_body)
    client.post(desk, {"action": "edit", "title": issue.title, "body": issue.body, "location": ""})
    issue.refresh_from_db()
    assert (issue.title, issue.body) == (issue.submitted_title, issue.submitted_body)
    page = client.get(issue.get_absolute_url()).content.decode()
    assert "<img" not in page


def test_the_atom_feed_says_its_summaries_are_text(client, post_issue, moderator):
    issue = post_issue("路灯 <b>坏了</b> 3 < 5", f"晚上很黑 {DOUBLE_ENCODED}\n3 < 5")
    issue.publish(moderator)
    feed = ElementTree.fromstring(client.get("/wall/feed/").content)
    entry = feed.find(f"{ATOM}entry")
    summary, title = entry.find(f"{ATOM}summary"), entry.find(f"{ATOM}title")
    assert summary.get("type") == "text"
    assert title.get("type", "text") == "text"
    assert summary.text == issue.body and title.text == issue.title == "路灯 坏了 3 < 5"
    assert "<img" not in summary.text


def test_the_suggestion_json_carries_plain_titles(client, post_issue, moderator, settings):
    settings.ELASTICSEARCH_URL = ""  # the database search: the same JSON, without a node
    issue = post_issue(f"路灯 {DOUBLE_ENCODED}", "晚上很黑")
    issue.publish(moderator)
    suggestions = client.get("/search/suggest/", {"q": "路灯"}).json()["suggestions"]
    assert [item["title"] for item in suggestions] == [issue.title]
    assert not TAG_START.search(suggestions[0]["title"])
