"""并单 in Chromium, on a phone and a desktop: a moderator opens a new post on the desk, sees the
earlier thread of the same problem among the likely duplicates, merges the post into it with a
reason; the main thread's public page then counts the merged report; the moderator undoes the
merge from the post's desk with a reason, and the count is gone.

With ELASTICSEARCH_URL set (CI) the server finds the duplicates through the real node,
otherwise through the database: the same steps must work on both.
"""

from datetime import timedelta

import pytest
from django.conf import settings

from feedback.models import Issue, IssueMerge
from feedback.workflow import Status
from search import index as search_index
from search.documents import DOCUMENTS

from .helpers import city_issue, log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def threads(city):
    main = city_issue(
        city,
        title="幸福小区门口路灯坏了",
        body="幸福路12号小区门口的路灯坏了一个多月，晚上出行很不安全。",
    )
    main.publish(city.moderator)
    Issue.objects.filter(pk=main.pk).update(created_at=main.created_at - timedelta(days=3))
    other = city_issue(city, title="公交车班次太少", body="18路公交要等四十分钟。", location="")
    other.publish(city.moderator)
    post = city_issue(
        city,
        title="幸福路12号路燈不亮",
        body="幸福路12號小區門口的路燈壞了很久，晚上黑漆漆的，老人出門不安全。",
    )
    if settings.ELASTICSEARCH_URL:
        for document in DOCUMENTS.values():
            search_index.rebuild(document)
    return main, other, post


def test_a_moderator_merges_a_new_post_into_its_likely_duplicate_and_undoes_it(page, threads):
    main, other, post = threads
    log_in(page, "moderator")
    page.goto(f"/admin/feedback/issues/{post.pk}/")
    offers = page.locator("#likely-duplicates .likely-duplicate")
    offer = offers.filter(has=page.locator(f"input[name=into][value='{main.pk}']"))
    assert offer.count() == 1
    assert page.locator(f".likely-duplicate[data-thread='{other.pk}']").count() == 0
    offer.locator("textarea").fill("同一处路灯，已有帖子在办理。")
    offer.locator("button[type=submit]").click()
    page.wait_for_selector(f".merged-as[data-into='{main.pk}']")
    assert Issue.objects.get(pk=post.pk).status == Status.MERGED

    page.goto(main.get_absolute_url())
    count = page.locator(".merged-count")
    assert count.count() == 1 and "1" in count.inner_text()

    page.goto(f"/admin/feedback/issues/{post.pk}/")
    undo = page.locator(".merged-as .unmerge-form")
    undo.locator("textarea").fill("不是同一盏路灯。")
    undo.locator("button[type=submit]").click()
    page.wait_for_selector("#likely-duplicates")
    assert page.locator(".merged-as").count() == 0
    assert Issue.objects.get(pk=post.pk).status == Status.SUBMITTED
    assert IssueMerge.objects.get(issue=post).undo_note == "不是同一盏路灯。"
    page.goto(main.get_absolute_url())
    assert page.locator(".merged-count").count() == 0
