"""The index follows the public wall: after commit, in bulk, never anything private, and an
engine that is down loses no update (against a real Elasticsearch node)."""

import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page

from feedback.models import Issue, Message
from feedback.workflow import Status
from home.models import HomePage
from polls.models import Poll
from search.analysis import alias_name
from search.documents import CmsPageDocument, IssueThreadDocument
from search.index import indices_behind, process_pending, rebuild
from search.models import PendingIndexUpdate
from search.queries import IssueSearch, PageSearch

from .conftest import closed_port_url

pytestmark = pytest.mark.elasticsearch


def raw(client, pk, kind="issues"):
    """The raw `_source` of a document, or None."""
    client.indices.refresh(index=alias_name(kind))
    found = client.search(index=alias_name(kind), query={"ids": {"values": [pk]}})["hits"]["hits"]
    return found[0]["_source"] if found else None


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a change and its after-commit callbacks (the task runs immediately in tests)."""

    def run(change, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return change(*args, **kwargs)

    return run


def test_submitted_issue_is_not_indexed_and_publication_indexes_it(
    engine, make_issue, moderator, committed
):
    issue = committed(make_issue, title="路灯坏了", body="路灯坏了三天。")
    assert raw(engine, issue.pk) is None
    committed(issue.publish, moderator)
    source = raw(engine, issue.pk)
    assert source["title"] == "路灯坏了"
    assert source["status"] == Status.PUBLISHED
    assert not PendingIndexUpdate.objects.exists()


def test_every_later_change_updates_the_document(
    engine, published_issue, moderator, staff_a, department_a, committed
):
    issue = published_issue
    committed(issue.assign, moderator, [department_a], timezone.localdate() + timedelta(days=5))
    assert raw(engine, issue.pk)["departments"] == [department_a.slug]
    committed(issue.post_reply, staff_a, department_a, "已安排维修，明天修好。")
    source = raw(engine, issue.pk)
    assert source["status"] == Status.ANSWERED and "明天修好" in source["replies"]
    committed(issue.add_support, "browser-key")
    assert raw(engine, issue.pk)["support_count"] == 1
    committed(issue.resolve, staff_a, department_a, "已修好")
    assert raw(engine, issue.pk)["status"] == Status.RESOLVED


def test_hiding_rejecting_and_deleting_remove_the_document(
    engine, issue_in, make_issue, moderator, committed
):
    issue = issue_in(Status.PUBLISHED)
    committed(issue.edit_public_text, moderator, issue.title, issue.body, issue.location)
    assert raw(engine, issue.pk) is not None
    committed(issue.hide, moderator, "重复帖")
    assert raw(engine, issue.pk) is None
    committed(issue.unhide, moderator)
    assert raw(engine, issue.pk) is not None
    committed(Issue.objects.get(pk=issue.pk).delete)
    assert raw(engine, issue.pk) is None
    rejected = committed(make_issue, title="不公开的帖子")
    committed(rejected.reject, moderator, "insufficient", "")
    assert raw(engine, rejected.pk) is None


def test_masking_replaces_the_text_in_the_index(engine, issue_in, moderator, committed):
    issue = issue_in(Status.PUBLISHED, title="张三 13812345678 路灯坏了")
    committed(issue.edit_public_text, moderator, "路灯坏了", "路灯坏了，联系人已隐去。", "")
    source = raw(engine, issue.pk)
    assert "13812345678" not in str(source) and "张三" not in str(source)


def test_nothing_private_is_ever_in_the_index(
    engine, make_issue, walk_issue, moderator, staff_a, department_a, committed
):
    issue = make_issue(
        title="王先生13900001111反映小区停车难",
        body="我的邮箱 wang@example.org，电话13900001111",
        contact_phone="13900001111",
        contact_email="wang@example.org",
        location="幸福路3号",
    )
    committed(
        issue.publish, moderator, title="小区停车难", body="小区停车位太少。", location="幸福路"
    )
    committed(
        Message.objects.create,
        issue=issue,
        kind=Message.Kind.NOTE,
        body="内部备注：此人多次投诉",
        submitted_body="内部备注：此人多次投诉",
        moderation=Message.Moderation.PUBLISHED,
    )
    call_command("search_repair")
    engine.indices.refresh(index=alias_name("issues"))
    everything = str(
        [
            hit["_source"]
            for hit in engine.search(index=alias_name("issues"), size=100, query={"match_all": {}})[
                "hits"
            ]["hits"]
        ]
    )
    for secret in (
        "13900001111",
        "wang@example.org",
        "王先生",
        "内部备注",
        issue.tracking_code,
        "幸福路3号",
    ):
        assert secret not in everything
    source = raw(engine, issue.pk)
    assert "contact_phone" not in source and "submitted_title" not in source
    assert source["title"] == "小区停车难"


def test_facet_counts_equal_database_counts(engine, issue_in, other_category, moderator):
    for status in (Status.PUBLISHED, Status.ANSWERED, Status.CLOSED):
        issue_in(status)
    issue_in(Status.PUBLISHED, category=other_category)
    issue_in(Status.REJECTED)
    issue_in(Status.PUBLISHED).hide(moderator, "x")
    call_command("search_repair")
    facets = IssueSearch().facets()
    public = Issue.objects.public()
    assert sum(f.count for f in facets["status"]) == public.count() == 4
    for facet in facets["status"]:
        assert facet.count == public.filter(status=facet.value).count()
    for facet in facets["category"]:
        assert facet.count == public.filter(category__slug=facet.value).count()


def test_rebuild_swaps_the_alias_and_searches_keep_answering(engine, make_issue, walk_issue):
    for n in range(30):
        walk_issue(make_issue(title=f"小区停车难第{n}号", body="车位不够"), Status.PUBLISHED)
    rebuild(IssueThreadDocument)
    before = indices_behind(alias_name("issues"))
    answers, errors, stop = [], [], threading.Event()
    assert len(IssueSearch().search("停车").ranked_ids(100)) == 30  # also warms the synonym cache

    def search_meanwhile():
        # Engine only (the test database is not shared with threads): what readers get back.
        while not stop.is_set():
            try:
                engine_only = IssueSearch(check_database=False)
                answers.append(len(engine_only.search("停车").ranked_ids(100)))
            except Exception as error:  # noqa: BLE001 (any failure is what the test looks for)
                errors.append(error)

    reader = threading.Thread(target=search_meanwhile)
    reader.start()
    try:
        for _round in range(2):
            rebuild(IssueThreadDocument, chunk_size=5)
    finally:
        stop.set()
        reader.join()
    after = indices_behind(alias_name("issues"))
    assert not errors
    assert answers and all(total == 30 for total in answers)
    assert len(after) == 1 and after != before
    assert engine.indices.get(index=f"{alias_name('issues')}-2*").keys() == set(after)


def test_engine_down_loses_no_update_and_repair_converges(
    engine, settings, make_issue, walk_issue, moderator, committed
):
    kept = walk_issue(make_issue(title="电梯坏了"), Status.PUBLISHED)
    call_command("search_repair")
    up_url = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = closed_port_url()  # nothing listens there: the engine is down
    published = committed(walk_issue, make_issue(title="停车难"), Status.PUBLISHED)
    committed(kept.hide, moderator, "重复")
    pending = PendingIndexUpdate.objects.order_by("object_id")
    assert [p.object_id for p in pending] == sorted([kept.pk, published.pk])
    assert all(p.attempts >= 1 and p.last_error for p in pending)
    assert process_pending() == (0, 2)  # still down: the rows stay
    settings.ELASTICSEARCH_URL = up_url
    assert raw(engine, kept.pk) is not None  # the index is stale...
    call_command("search_repair")
    assert raw(engine, kept.pk) is None  # ...until repair converges
    assert raw(engine, published.pk)["title"] == "停车难"
    assert not PendingIndexUpdate.objects.exists()
    # A second repair finds nothing to do.
    call_command("search_repair")
    assert not PendingIndexUpdate.objects.exists()


def test_repair_finds_documents_changed_behind_its_back(engine, issue_in):
    issue = issue_in(Status.PUBLISHED)
    call_command("search_repair")
    Issue.objects.filter(pk=issue.pk).update(title="直接改过的标题")  # no signal sent
    engine.index(index=alias_name("issues"), id=999999, document={"title": "孤儿"}, refresh=True)
    call_command("search_repair")
    assert raw(engine, issue.pk)["title"] == "直接改过的标题"
    assert raw(engine, 999999) is None


def test_cms_pages_are_indexed_and_found(engine, db):
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        home = root.add_child(instance=HomePage(title="民生回音壁首页", slug="echo-home"))
        home.save_revision().publish()
    rebuild(CmsPageDocument)
    source = raw(engine, home.pk, kind="pages")
    assert source["title"] == home.title

    assert PageSearch().results(home.title)[0]["url"] == (home.get_url() or home.url_path)


def test_rebuild_command_reports_throughput(engine, issue_in, capsys):
    issue_in(Status.PUBLISHED)
    call_command("search_rebuild", no_progress=True)
    out = capsys.readouterr().out
    assert "docs/s" in out and "alias swapped" in out
    assert raw(engine, Issue.objects.public().first().pk) is not None


def test_satisfaction_of_the_closed_poll_is_indexed(engine, issue_in):
    issue = issue_in(Status.RESOLVED)
    poll = Poll.objects.get(issue=issue)
    for n, choice in enumerate(["satisfied", "basically_satisfied", "dissatisfied", "satisfied"]):
        poll.record_public_vote(choice, browser_key=f"browser-{n}", address_key=f"address-{n}")
    call_command("search_repair")
    assert raw(engine, issue.pk)["satisfaction"] is None  # still open: no final result yet
    poll.close()
    call_command("search_repair")
    assert raw(engine, issue.pk)["satisfaction"] == 0.75
