"""The staff page of hot topics (热点, /admin/hot-topics/): moderators and media staff only; the
weekly runs to pick from, the chosen run's topics ranked with their figures, trend and marks,
each with its public threads only; a form that queues any period's computation in the
background, refusing bad periods with a clear message and keeping what was typed; the same
number of queries for a small and a large run."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks.signals import task_enqueued

from feedback.models import Issue
from reporting.desk_access import MEDIA_STAFF_GROUP
from reporting.hot_topics_read import period_of
from reporting.models import HotTopicRun
from reporting.periods import Period
from reporting.tasks import compute_period_hot_topics
from tests.staff.staff_desk import grant_admin_access

from .hot_topic_runs import public_threads, store_run

PAGE = "/admin/hot-topics/"
LAST_WEEK = Period.week(timezone.localdate() - timedelta(days=7))
WEEK_BEFORE = LAST_WEEK.previous()


@pytest.fixture
def media_staff(db, django_user_model):
    user = django_user_model.objects.create_user("media", password="pw-media")
    user.groups.add(Group.objects.get(name=MEDIA_STAFF_GROUP))
    return user


@pytest.fixture
def staff_client(english_client, moderator):
    grant_admin_access(moderators=[moderator])
    english_client.force_login(moderator)
    return english_client


@pytest.fixture
def runs(category, district, department_a):
    lamps = public_threads(category, district, ["幸福路路灯不亮", "幸福路路灯坏了", "路灯夜里不亮"])
    noise = public_threads(category, district, ["工地夜间施工噪音", "夜间噪音扰民"])
    hidden = public_threads(category, district, ["被隐藏的路灯帖子"], hidden_at=timezone.now())[0]
    places = {
        "departments": [{"slug": department_a.slug, "name": department_a.name, "count": 3}],
        "districts": [{"slug": district.slug, "name": district.name, "count": 3}],
    }
    latest = store_run(
        LAST_WEEK,
        [
            {
                "issues": [*lamps, hidden],
                "keywords": ["路灯", "不亮"],
                "support": 17,
                "previous_size": 1,
                "growth": 3,
                "overdue": 2,
                "growing": True,
                "recurring": True,
                **places,
            },
            {"issues": noise, "keywords": ["噪音"], "support": 4, "growth": -1, **places},
        ],
    )
    earlier = store_run(WEEK_BEFORE, [{"issues": lamps[:1], "keywords": ["路灯"]}])
    month = store_run(Period.month(LAST_WEEK.first_day), [{"issues": noise[:1]}])
    return {"latest": latest, "earlier": earlier, "month": month, "lamps": lamps, "hidden": hidden}


@pytest.fixture
def queued(settings):
    """The tasks queued (kept by django-tasks' dummy backend, not run); a POST wrapped in
    `committed()` runs its after-commit callbacks, as outside a test's transaction."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    results = []

    def record(sender, task_result, **kwargs):
        results.append(task_result)

    task_enqueued.connect(record)
    yield results
    task_enqueued.disconnect(record)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def html_of(response):
    assert response.status_code == 200
    return response.content.decode()


def refused(response):
    """Wagtail's answer to a refused admin page: back to the dashboard, with its message."""
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def test_moderators_and_media_staff_see_the_page_others_are_refused(
    client, moderator, media_staff, staff_a, runs, queued, committed
):
    grant_admin_access(moderators=[moderator], clerks=[staff_a])
    topic_page = reverse("echowall_hot_topics:topic", args=[runs["latest"].topics.first().pk])
    for user in (moderator, media_staff):
        client.force_login(user)
        assert client.get(PAGE).status_code == 200
        assert client.get(topic_page).status_code == 200
    client.force_login(staff_a)  # department staff: in the admin, not here
    assert refused(client.get(PAGE)) and refused(client.get(topic_page))
    with committed():
        response = client.post(PAGE, {"first_day": "2026-11-01", "last_day": "2026-11-30"})
    assert refused(response)
    assert not queued
    client.logout()
    assert client.get(PAGE)["Location"].startswith(reverse("wagtailadmin_login"))


def test_the_latest_week_is_shown_first_and_any_stored_run_can_be_picked(staff_client, runs):
    page = html_of(staff_client.get(PAGE))
    assert f'data-run="{runs["latest"].pk}"' in page
    for run in ("latest", "earlier", "month"):
        assert f'<option value="{runs[run].pk}"' in page
    with translation.override("en"):
        assert LAST_WEEK.title in page and WEEK_BEFORE.title in page
    page = html_of(staff_client.get(PAGE, {"run": runs["earlier"].pk}))
    assert f'data-run="{runs["earlier"].pk}"' in page and page.count('class="hot-topic"') == 1


def test_a_run_no_longer_stored_falls_back_to_the_latest_week_with_a_message(staff_client, runs):
    page = html_of(staff_client.get(PAGE, {"run": "999999"}))
    assert "no longer stored" in page and f'data-run="{runs["latest"].pk}"' in page


def test_topics_are_ranked_with_their_figures_trend_and_marks(
    staff_client, runs, department_a, district
):
    page = html_of(staff_client.get(PAGE))
    first, second = page.index('data-rank="1"'), page.index('data-rank="2"')
    assert first < second
    lamps = page[first:second]
    assert "幸福路路灯不亮" in lamps and "路灯" in lamps and "不亮" in lamps
    assert "<td data-size>4</td>" in lamps and "<td data-support>17</td>" in lamps
    assert 'data-growth="3">+3 vs 1 in the previous period' in lamps
    assert "<td data-overdue>2</td>" in lamps
    assert f"{department_a.name} (3)" in lamps and f"{district.name} (3)" in lamps
    assert lamps.count("<rect ") == 8 and 'data-trend="0 1 0 2 1 3 2 4"' in lamps
    assert 'data-mark="growing"' in lamps and 'data-mark="recurring"' in lamps
    noise = page[second:]
    assert 'data-growth="-1">-1 vs 0' in noise and "data-mark=" not in noise.split("</tr>")[0]


def test_a_topic_lists_its_public_threads_only_with_links_to_the_desk_and_the_wall(
    staff_client, runs
):
    page = html_of(staff_client.get(PAGE))
    lamp = runs["lamps"][0]
    assert f'href="{lamp.get_absolute_url()}"' in page
    assert f'href="{reverse("echowall_admin:issue", args=[lamp.pk])}"' in page
    assert "被隐藏的路灯帖子" not in page and f'data-issue="{runs["hidden"].pk}"' not in page
    assert "3 public threads" in page


def test_media_staff_get_the_public_links_but_not_the_desk(client, media_staff, runs):
    client.force_login(media_staff)
    page = html_of(client.get(PAGE))
    lamp = runs["lamps"][0]
    assert f'href="{lamp.get_absolute_url()}"' in page and 'class="desk-link"' not in page


def test_the_topic_page_shows_the_topic_and_its_public_threads(staff_client, runs):
    topic = runs["latest"].topics.get(rank=1)
    page = html_of(staff_client.get(reverse("echowall_hot_topics:topic", args=[topic.pk])))
    assert "幸福路路灯坏了" in page and "被隐藏的路灯帖子" not in page
    assert "路灯、不亮" in page and 'data-mark="growing"' in page
    assert staff_client.get(reverse("echowall_hot_topics:topic", args=[999999])).status_code == 404


def test_with_no_run_stored_the_page_says_so_and_offers_the_form(staff_client):
    page = html_of(staff_client.get(PAGE))
    assert "No hot topics have been computed yet" in page and 'name="first_day"' in page


@pytest.mark.parametrize(
    ("first", "last", "message"),
    [
        ("2026-11-30", "2026-11-01", "The last day comes before the first day."),
        ("", "2026-11-30", "This field is required."),
        ("2026-13-01", "2026-11-30", "Enter a valid date."),
        ("2024-01-01", "2026-11-30", "Choose a period of at most a year."),
    ],
)
def test_a_bad_period_is_refused_with_a_clear_message_keeping_what_was_typed(
    staff_client, queued, committed, first, last, message
):
    with committed():
        response = staff_client.post(PAGE, {"first_day": first, "last_day": last})
    page = html_of(response)
    assert message in page
    assert f'value="{first}"' in page if first else 'name="first_day"' in page
    assert f'value="{last}"' in page
    assert not queued


def test_a_period_not_started_is_refused(staff_client):
    tomorrow = timezone.localdate() + timedelta(days=1)
    page = html_of(
        staff_client.post(
            PAGE, {"first_day": tomorrow.isoformat(), "last_day": tomorrow.isoformat()}
        )
    )
    assert "The period has not started yet." in page


def test_a_good_period_is_queued_for_the_worker_and_the_page_says_so(
    staff_client, queued, committed
):
    with committed():
        response = staff_client.post(
            PAGE, {"first_day": "2026-11-01", "last_day": "2026-11-30"}, follow=True
        )
    page = html_of(response)
    assert "are being computed in the background" in page and "2026-11-01" in page
    [result] = queued
    assert result.task.func is compute_period_hot_topics.func
    assert result.args == ["2026-11-01", "2026-11-30"]


def test_the_page_runs_the_same_number_of_queries_for_a_small_and_a_large_run(
    staff_client, category, district
):
    def queries_for(topics, threads_each):
        Issue.objects.all().delete()
        period = Period.week(timezone.localdate() - timedelta(days=7 * topics))
        run = store_run(
            period,
            [
                {
                    "issues": public_threads(
                        category, district, [f"话题{t}第{n}件" for n in range(threads_each)]
                    )
                }
                for t in range(topics)
            ],
        )
        with CaptureQueriesContext(connection) as captured:
            page = html_of(staff_client.get(PAGE, {"run": run.pk}))
        assert page.count('class="hot-topic"') == topics
        return len(captured)

    assert queries_for(2, 1) == queries_for(12, 6)


def test_the_queued_computation_stores_the_run_of_the_named_period(
    staff_client, category, district, committed
):
    pytest.importorskip("reporting.hotspots", reason="the computation (reporting.hotspots)")
    november = Period.month(date(2026, 11, 1))
    public_threads(
        category,
        district,
        ["幸福路路灯不亮", "幸福路路灯坏了", "幸福路路灯夜里不亮"],
        created_at=november.start + timedelta(days=3),
    )
    with committed():
        staff_client.post(PAGE, {"first_day": "2026-11-01", "last_day": "2026-11-30"})
    assert HotTopicRun.objects.filter(kind="month", start=november.start, end=november.end).exists()


@pytest.mark.parametrize(
    ("first", "last", "key"),
    [
        (date(2026, 11, 23), date(2026, 11, 29), "2026-W48"),
        (date(2026, 11, 1), date(2026, 11, 30), "2026-11"),
        (date(2026, 10, 1), date(2026, 12, 31), "2026-Q4"),
        (date(2025, 1, 1), date(2025, 12, 31), "2025"),
        (date(2026, 11, 3), date(2026, 11, 20), "2026-11-03--2026-11-20"),
    ],
)
def test_an_exact_week_month_quarter_or_year_is_computed_as_that_period(first, last, key):
    assert period_of(first, last).key == key


def test_the_admin_menu_offers_the_page_to_moderators_and_media_staff_only(
    client, moderator, media_staff, staff_a
):
    grant_admin_access(moderators=[moderator], clerks=[staff_a])
    for user, shown in ((moderator, True), (media_staff, True), (staff_a, False)):
        client.force_login(user)
        assert (PAGE in client.get(reverse("wagtailadmin_home")).content.decode()) is shown
