"""Results bulletins: drafted automatically once a period has ended (once, whatever the number of
runs), with the figures of the drafting moment frozen; published through the editorial workflow;
never changed by later data, edits or threshold changes; rendered in a constant number of
queries; listed on the index (live ones only) with the calendar of the next ones."""

from datetime import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from feedback.workflow import Status
from home.drafting import draft_bulletins
from home.models import BulletinPage

from .conftest import DRAFTED_AT, NOVEMBER, aware

pytestmark = pytest.mark.django_db


def draft(kinds=("month",), when=DRAFTED_AT):
    with time_machine.travel(when, tick=False):
        return draft_bulletins(kinds=list(kinds))


def publish(page, editor, chief_editor):
    """Editor submits, chief editor approves: the workflow the site uses."""
    workflow = page.get_workflow()
    workflow.start(page, editor)
    page.refresh_from_db()
    task_state = page.current_workflow_task_state
    task_state.task.specific.on_action(task_state, chief_editor, "approve")
    page.refresh_from_db()
    return page


def figures_section(client, page):
    html = client.get(page.url).content.decode()
    start = html.index('<div class="bulletin-figures">')
    return html[start : html.index('</div>\n<section class="bulletin-threads">', start)]


def test_a_drafted_bulletin_holds_the_known_figures_and_lists(november_issues, department_a):
    [(page, created)] = draft()
    assert created and not page.live
    assert page.slug == "2026-11" and page.period_kind == "month"
    figures = page.frozen
    [unit] = figures.units
    assert (unit.id, unit.received, unit.answered) == (department_a.pk, 7, 7)
    assert str(unit.resolution_rate) == "85.7%"
    assert figures.lists["praised"]["reply_rate"] == [unit]
    assert figures.lists["named"]["reply_rate"] == []
    assert figures.lists["too_few"]["reporter_satisfaction"] == [unit]  # no verdict yet
    assert sorted(figures.thread_ids) == sorted(i.pk for i in november_issues[:6])
    assert "7" in page.summary and "85.7%" in page.summary


def test_drafting_twice_makes_one_bulletin(november_issues):
    draft()
    [(_page, created)] = draft()
    assert not created
    call_command("draft_bulletins", "--kind", "month", stdout=StringIO())
    assert BulletinPage.objects.count() == 1


def test_nothing_is_drafted_before_the_period_and_its_delay_have_passed(bulletin_settings):
    assert draft(when=aware(2026, 11, 30, 23, 59)) != []  # October's bulletin is due
    assert BulletinPage.objects.filter(slug="2026-11").count() == 0
    bulletin_settings.cutoff_delay_hours = 24
    bulletin_settings.save()
    draft(when=aware(2026, 12, 1, 12))
    assert not BulletinPage.objects.filter(slug="2026-11").exists()
    draft(when=aware(2026, 12, 2, 0, 1))
    assert BulletinPage.objects.filter(slug="2026-11").exists()


def test_only_the_kinds_the_settings_enable_are_drafted(bulletin_settings):
    with time_machine.travel(aware(2027, 1, 1, 1), tick=False):
        slugs = sorted(page.slug for page, _created in draft_bulletins())
    assert slugs == ["2026-12", "2026-q4"]  # weekly bulletins are off by default


def test_a_draft_is_not_public(client, index, november_issues):
    [(page, _created)] = draft()
    assert client.get(page.url).status_code == 404
    assert "2026年11月" not in client.get(index.url).content.decode()
    assert client.get(page.url + "pdf/").status_code == 404


def test_the_workflow_publishes_only_on_the_chief_editors_approval(
    client, november_issues, editor, chief_editor, moderator
):
    [(page, _created)] = draft()
    assert page.get_workflow().name == "编辑部审核"
    assert page.permissions_for_user(editor).can_edit()
    assert not page.permissions_for_user(editor).can_publish()
    assert not page.permissions_for_user(moderator).can_publish()
    assert not page.permissions_for_user(moderator).can_edit()
    assert page.permissions_for_user(chief_editor).can_publish()
    page.get_workflow().start(page, editor)
    page.refresh_from_db()
    task_state = page.current_workflow_task_state
    assert not task_state.task.specific.get_actions(page, editor)
    assert not page.live
    task_state.task.specific.on_action(task_state, chief_editor, "approve")
    page.refresh_from_db()
    assert page.live
    assert client.get(page.url).status_code == 200


def test_a_published_bulletin_does_not_change_when_the_data_does(
    client,
    november_issues,
    editor,
    chief_editor,
    moderator,
    bulletin_settings,
    staff_a,
    department_a,
):
    [(page, _created)] = draft()
    page = publish(page, editor, chief_editor)
    before_figures = dict(page.figures)
    before = figures_section(client, page)
    assert "市住建局" in before
    with time_machine.travel(aware(2026, 12, 5, 10), tick=False):
        november_issues[0].reopen(moderator, "没有修好。")
        november_issues[6].resolve(staff_a, department_a, "已修复。")
    bulletin_settings.reply_rate_min = 100
    bulletin_settings.save()
    # An edit of the commentary after publication, published again, keeps the figures.
    page.commentary = "<p>更正说明：第二段的表述有误。</p>"
    page.save_revision(user=chief_editor).publish(user=chief_editor)
    page.refresh_from_db()
    assert page.figures == before_figures
    assert figures_section(client, page) == before


def test_a_bulletin_renders_its_sections_and_the_cut_off(
    client, november_issues, editor, chief_editor
):
    [(page, _created)] = draft()
    page = publish(page, editor, chief_editor)
    html = client.get(page.url).content.decode()
    for section in ("bulletin-totals", "bulletin-units", "bulletin-topics", "bulletin-ranking"):
        assert f'class="{section}"' in html
    assert '<time datetime="2026-12-01T00:07:00+08:00">2026-12-01 00:07</time>' in html
    assert "十一月第2号的路灯问题" in html  # a cited resolved thread
    printable = client.get(page.url + "print/").content.decode()
    assert 'class="bulletin-units"' in printable and "site-header" not in printable


def test_a_hidden_thread_drops_out_of_the_bulletin(
    client, november_issues, editor, chief_editor, moderator
):
    [(page, _created)] = draft()
    page = publish(page, editor, chief_editor)
    november_issues[0].hide(moderator, "含有个人信息。")
    html = client.get(page.url).content.decode()
    assert november_issues[0].title not in html and november_issues[1].title in html


def test_a_bulletin_takes_the_same_number_of_queries_whatever_it_cites(
    client, issue_in, editor, chief_editor
):
    def queries_for(slug):
        page = BulletinPage.objects.get(slug=slug)
        publish(page, editor, chief_editor)
        client.get(page.url)  # warm the site and settings caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page.url).status_code == 200
        return len(queries)

    with time_machine.travel(aware(2026, 10, 5, 10), tick=False):
        issue_in(Status.RESOLVED)
    for day in range(2, 14):
        with time_machine.travel(aware(2026, 11, day, 10), tick=False):
            issue_in(Status.RESOLVED)
    draft(when=DRAFTED_AT)  # October (1 thread) and November (12 threads)
    with time_machine.travel(datetime(2026, 12, 1, 9), tick=False):
        draft_bulletins(period=NOVEMBER.previous())
    assert queries_for("2026-10") == queries_for("2026-11")


def test_the_index_lists_live_bulletins_and_the_next_ones(
    client, index, november_issues, editor, chief_editor
):
    [(page, _created)] = draft()
    publish(page, editor, chief_editor)
    with time_machine.travel(aware(2026, 12, 10, 12), tick=False):
        html = client.get(index.url).content.decode()
        filtered = client.get(index.url, {"kind": "quarter"}).content.decode()
    assert page.title in html and page.title not in filtered
    calendar = html[html.index('class="bulletin-calendar"') : html.index("</section>")]
    assert "2027-01-01 00:00" in calendar  # December's monthly bulletin


def test_only_chief_editors_may_change_the_thresholds(client, index, editor, chief_editor):
    url = f"/admin/settings/home/bulletinsettings/{index.get_site().pk}/"
    client.force_login(chief_editor)
    assert client.get(url).status_code == 200
    client.force_login(editor)
    assert client.get(url).status_code in (302, 403)


def test_weekly_bulletins_are_drafted_when_enabled(bulletin_settings):
    bulletin_settings.draft_weekly = True
    bulletin_settings.save()
    with time_machine.travel(aware(2026, 11, 30, 1), tick=False):  # a Monday
        slugs = [page.slug for page, _created in draft_bulletins(kinds=["week"])]
    assert slugs == ["2026-w48"]
