"""Each language shows its own interface, on the public pages and the staff screens.

A visitor who keeps the default, simplified Chinese, sees no English word of the interface (a
string the code forgot to mark for translation shows in English whatever the catalogue holds),
and one who chose English sees no Chinese one. What people wrote (titles, replies, department
names, user names and e-mail addresses) is data and stays as written in both; so do product
names and formats (JPEG, CSV, Atom, Elasticsearch…).
"""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from feedback.models import Category, Department, District, Issue, IssueEvent, Message
from feedback.workflow import Status
from reporting.desk import current_week
from reporting.periods import Period
from search.models import SynonymGroup
from search.views import EXAMPLES

from .staff.staff_desk import desk_url, grant_admin_access

LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_.'’-]*[A-Za-z0-9]")
CJK_RUN = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef“”‘’…·—]+")
CJK = re.compile(r"[\u3400-\u9fff]")
# Addresses, the placeholders a script fills in (the department chooser's count) and ISO weeks
# (2026-W48: the TV desk's week, written the same in both languages).
ADDRESSES = re.compile(r"\S+@\S+|https?://\S+|(?<![\w/])/[\w./?=&%-]*|%\(\w+\)s|\b\d{4}-W\d{2}\b")
# The same in both languages: formats, products, the language switch, the figures' formula.
NAMES = {
    "JPEG",
    "PNG",
    "WebP",
    "MB",
    "CSV",
    "JSON",
    "XLSX",
    "Atom",
    "Cookie",
    "Elasticsearch",
    "ELASTICSEARCH_URL",
    "PostgreSQL",
    "percentile_cont",
    "Excel",
    "PERCENTILE.INC",
    "Asia",
    "Shanghai",
    "English",
}
# Chinese that an English page shows on purpose: the switch back, example queries (searches
# run on what citizens wrote, in Chinese), and the TV programme's name (行风视线, a proper name).
CHINESE_ON_PURPOSE = {"简体中文", "行风视线", *EXAMPLES}
# What the visits below type: data too.
QUERIES = ("路灯", "火星基地")
REPLY = "已电话联系反映人（13700001111）。"


class ShownText(HTMLParser):
    """The text a reader meets in `root` (the page, or the staff screen's main content): text
    nodes and the attributes that are read out or shown (labels, placeholders, alt texts, the
    texts scripts show)."""

    SHOWN_ATTRIBUTES = {
        "placeholder",
        "aria-label",
        "title",
        "alt",
        "label",
        "data-template",
        "data-none",
        "data-heading",
        "data-copied-label",
        "data-failed-label",
        "data-copy-text",
    }

    def __init__(self, root):
        super().__init__(convert_charrefs=True)
        self.root, self.inside, self.skipped, self.texts = root, 0, 0, []

    def handle_starttag(self, tag, attrs):
        if tag == self.root:
            self.inside += 1
        if tag in {"script", "style", "template"}:
            self.skipped += 1
        if self.inside and not self.skipped:
            self.texts += [
                value for name, value in attrs if name in self.SHOWN_ATTRIBUTES and value
            ]

    def handle_endtag(self, tag):
        if tag == self.root:
            self.inside -= 1
        if tag in {"script", "style", "template"}:
            self.skipped -= 1

    def handle_data(self, data):
        if self.inside and not self.skipped and data.strip():
            self.texts.append(data.strip())


def shown_text(page, root):
    parser = ShownText(root)
    parser.feed(page)
    return parser.texts


def written_by_people():
    """Every text of the data the pages show, longest first."""
    values = set()
    sources = {
        Issue: [
            "title",
            "body",
            "location",
            "display_name",
            "submitted_title",
            "submitted_body",
            "submitted_location",
            "submitted_display_name",
            "rejection_note",
        ],
        Message: ["body", "submitted_body"],
        Department: ["name", "short_name"],
        Category: ["name"],
        District: ["name"],
        IssueEvent: ["note"],
    }
    for model, fields in sources.items():
        for row in model.objects.values_list(*fields):
            values.update(value for value in row if value)
    values.update(QUERIES)
    values.add(REPLY.replace("13700001111", "137****1111"))
    values.update(str(group) for group in SynonymGroup.objects.all())
    for user in get_user_model().objects.all():
        values.update(value for value in (user.username, user.get_full_name(), user.email) if value)
    return sorted(values, key=len, reverse=True)


def english_words(text, data):
    for value in data:
        text = text.replace(value, " ")
    return [word for word in LATIN_WORD.findall(ADDRESSES.sub(" ", text)) if word not in NAMES]


def chinese_words(text, data):
    for value in data:
        text = text.replace(value, " ")
    return [
        run
        for run in CJK_RUN.findall(text)
        if CJK.search(run)
        and run not in CHINESE_ON_PURPOSE
        and not any(run in value for value in data)
    ]


@pytest.fixture
def city(make_issue, walk_issue, issue_in, moderator, staff_a):
    """Issues in every state a page shows, one with personal data masked on publication."""
    grant_admin_access(moderators=[moderator], clerks=[staff_a])
    SynonymGroup.objects.create(terms="扰民, 噪音, 吵闹", note="噪音类诉求")
    masked = walk_issue(make_issue(body="楼道灯不亮，请联系我13912345678。"), Status.ASSIGNED)
    return {
        "submitted": make_issue(),
        "published": issue_in(Status.PUBLISHED),
        "assigned": masked,
        "answered": issue_in(Status.ANSWERED),
        "resolved": issue_in(Status.RESOLVED),
        "reopened": issue_in(Status.REOPENED),
        "closed": issue_in(Status.CLOSED),
        "rejected": issue_in(Status.REJECTED),
        "merged": issue_in(Status.MERGED),
    }


def visit(language, city, moderator, staff_a, superuser, category, district):
    """[(what, html, root)] of the pages people see, in `language`."""

    def client_for(user=None):
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        if user is not None:
            client.force_login(user)
        return client

    public = client_for()
    pages = []

    def get(client, what, path, root="html", **kwargs):
        response = client.get(path, **kwargs)
        assert response.status_code in (200, 404), f"{what}: {response.status_code}"
        pages.append((what, response.content.decode(), root))

    def post(client, what, path, data, root="html", expected=200):
        response = client.post(path, data)
        assert response.status_code == expected, f"{what}: {response.status_code}"
        pages.append((what, response.content.decode(), root))

    get(public, "wall", "/wall/")
    for state in ("answered", "resolved", "reopened", "closed"):
        get(public, f"thread ({state})", city[state].get_absolute_url())
    get(public, "report a problem", "/wall/new/")
    post(public, "report a problem, with errors", "/wall/new/", {"title": "", "body": ""})
    public.post(
        "/wall/new/",
        {
            "title": "公交站牌被撞歪",
            "body": "人民路公交站的站牌被车撞歪了。",
            "category": category.pk,
            "district": district.pk,
            "contact_email": "zhou@example.org",
            "captcha_0": "key",
            "captcha_1": "PASSED",
            "website": "",
        },
    )
    get(public, "thank you", "/wall/thanks/")
    for state in ("submitted", "resolved", "rejected", "reopened", "merged"):
        get(public, f"tracking page ({state})", city[state].get_tracking_url())
    get(public, "look-up", "/track/")
    post(
        public,
        "look-up, no match",
        "/track/",
        {"case_number": city["resolved"].case_number, "contact": "13000000000"},
    )
    post(public, "look-up, not a case number", "/track/", {"case_number": "12", "contact": "x"})
    get(public, "figures", "/figures/")
    get(public, "figures, quarter in progress", f"/figures/?period={Period.current('quarter').key}")
    get(public, "how we measure", "/figures/how-we-measure/")
    get(public, "search", f"/search/?q={QUERIES[0]}")
    get(public, "search, nothing found", f"/search/?q={QUERIES[1]}")
    get(public, "page not found", "/no-such-page/")
    for _attempt in range(6):  # the sixth "me too" from one network on one issue is refused
        response = client_for().post(f"/wall/{city['answered'].pk}/support/")
    assert response.status_code == 429
    pages.append(("me too, over the limit", response.content.decode(), "html"))

    as_moderator = client_for(moderator)
    get(as_moderator, "moderation queue", "/admin/feedback/queue/", "main")
    get(as_moderator, "issues", "/admin/feedback/issues/", "main")
    for state in ("submitted", "published", "assigned", "resolved", "closed", "rejected"):
        get(as_moderator, f"desk ({state})", desk_url(city[state]), "main")
    # The media half's staff pages: the TV desk's last complete week, its contact log, hot
    # topics and the supervisors' list (moderators reach them all).
    get(as_moderator, "TV desk", f"/admin/tv-desk/{current_week().previous().key}/", "main")
    get(as_moderator, "TV desk, contact log", "/admin/tv-desk/contact-log/", "main")
    get(as_moderator, "hot topics", "/admin/hot-topics/", "main")
    get(as_moderator, "escalated issues", "/admin/escalations/", "main")
    as_clerk = client_for(staff_a)
    get(as_clerk, "issues (department)", "/admin/feedback/issues/", "main")
    get(as_clerk, "desk (department, answered)", desk_url(city["answered"]), "main")
    post(
        as_clerk,
        "desk, reply sent back masked",
        desk_url(city["assigned"]),
        {"action": "reply", "body": REPLY},
        "main",
    )
    as_administrator = client_for(superuser)
    for model in ("feedback/department", "search/synonymgroup"):  # the listings' cells
        get(as_administrator, f"{model} list", f"/admin/snippets/{model}/", "tbody")
    return pages


def test_pages_in_chinese_show_no_english_word_of_the_interface(
    city, moderator, staff_a, superuser, category, district
):
    pages = visit("zh-hans", city, moderator, staff_a, superuser, category, district)
    data = written_by_people()
    found = [
        f"  {what}: {text!r}"
        for what, page, root in pages
        for text in shown_text(page, root)
        if english_words(text, data)
    ]
    assert not found, "English on Chinese pages (a missing {% trans %} or gettext?):\n" + "\n".join(
        found
    )


def test_pages_in_english_show_no_chinese_word_of_the_interface(
    city, moderator, staff_a, superuser, category, district
):
    pages = visit("en", city, moderator, staff_a, superuser, category, district)
    data = written_by_people()
    found = [
        f"  {what}: {text!r}"
        for what, page, root in pages
        for text in shown_text(page, root)
        if chinese_words(text, data)
    ]
    assert not found, "Chinese on English pages:\n" + "\n".join(found)


def test_the_desk_names_masked_personal_data_in_the_readers_language(city, moderator):
    client = Client()
    client.force_login(moderator)
    page = client.get(desk_url(city["assigned"])).content.decode()
    assert "问题描述 · 手机号码 → 139****5678" in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(desk_url(city["assigned"])).content.decode()
    assert "Description · mobile number → 139****5678" in page


def test_a_rate_limit_notice_in_chinese_runs_on_without_a_space(published_issue):
    for _attempt in range(6):
        response = Client().post(f"/wall/{published_issue.pk}/support/")
    assert response.status_code == 429
    page = response.content.decode()
    # The limit's window ends at a time that depends on the clock: hours or minutes to wait.
    assert re.search(r"“我也遇到”已经较多。请约\d+(小时|分钟)后再试。", page)
