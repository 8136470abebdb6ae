"""Wagtail 8 autosaves a new page while it is typed; a publish clicked while the first autosave
is still in flight posts to the add URL a second time. It lands on the page just created
instead of failing on its own slug (a 500 seen in the browser on a loaded machine)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.models import TypicalCasePage

pytestmark = pytest.mark.django_db

TITLE = "路灯修复及时"


def publish_form(title=TITLE):
    return nested_form_data(
        {
            "title": title,
            "slug": title,
            "kind": "praise",
            "case_date": timezone.localdate().isoformat(),
            "problem": rich_text("路灯坏了"),
            "handling": rich_text("当天修复"),
            "result": rich_text("已修好"),
            "comment": rich_text("值得肯定"),
            "threads": inline_formset([]),
            "extra": streamfield([]),
            "action-publish": "action-publish",
        }
    )


def autosaved_draft(case_index, owner, age=timedelta(seconds=1)):
    """What the first autosave leaves: a draft page owned by the editor, made moments ago."""
    draft = TypicalCasePage(
        title=TITLE,
        slug=TITLE,
        kind="praise",
        problem="<p>路灯坏了</p>",
        handling="<p>x</p>",
        result="<p>x</p>",
        comment="<p>x</p>",
        live=False,
        owner=owner,
    )
    case_index.add_child(instance=draft)
    revision = draft.save_revision(user=owner)
    created = timezone.now() - age
    TypicalCasePage.objects.filter(pk=draft.pk).update(latest_revision_created_at=created)
    revision.__class__.objects.filter(pk=revision.pk).update(created_at=created)
    return draft


def add_url(case_index):
    return f"/admin/pages/add/home/typicalcasepage/{case_index.pk}/"


def test_a_publish_racing_the_first_autosave_publishes_the_page_just_created(
    client, case_index, chief_editor
):
    draft = autosaved_draft(case_index, chief_editor)
    client.force_login(chief_editor)
    response = client.post(add_url(case_index), publish_form())
    assert response.status_code == 302
    assert TypicalCasePage.objects.filter(title=TITLE).count() == 1
    page = TypicalCasePage.objects.get(pk=draft.pk)
    assert page.live and "已修好" in page.result


def test_an_older_page_with_the_same_slug_still_gets_wagtails_message(
    client, case_index, chief_editor
):
    autosaved_draft(case_index, chief_editor, age=timedelta(minutes=5))
    client.force_login(chief_editor)
    response = client.post(add_url(case_index), publish_form())
    assert response.status_code == 200  # the form again, with the slug error
    assert TypicalCasePage.objects.filter(title=TITLE).count() == 1
    assert not TypicalCasePage.objects.get(title=TITLE).live


def test_an_autosave_committing_during_the_publish_still_ends_in_one_published_page(
    client, case_index, chief_editor, monkeypatch
):
    """The interleaving that gave the 500: Wagtail's form finds the slug free, then the first
    autosave commits the page, then the publish saves. Forced here by letting the competing
    row arrive just before the publish's own save checks the slug."""
    original_full_clean = TypicalCasePage.full_clean
    raced = []

    def autosave_commits_first(page, *args, **kwargs):
        if page.pk is None and not raced:
            raced.append(autosaved_draft(case_index, chief_editor))
        return original_full_clean(page, *args, **kwargs)

    monkeypatch.setattr(TypicalCasePage, "full_clean", autosave_commits_first)
    client.force_login(chief_editor)
    response = client.post(add_url(case_index), publish_form())
    assert raced and response.status_code == 302
    assert TypicalCasePage.objects.filter(title=TITLE).count() == 1
    assert TypicalCasePage.objects.get(pk=raced[0].pk).live
