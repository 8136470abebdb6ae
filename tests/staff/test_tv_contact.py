"""A consenting reporter's contact on the TV desk (行风视线): only media staff see it, only when the
reporter consents (now: a withdrawal counts at once) and only for a thread in the week's selection
(picked by a rule or pinned); the look is logged (`ContactView`: who, when, which thread, week,
the network's key) before the page answers, on a private, no-store page. A GET never reveals;
refusals (no consent, not featured, moderators, department staff) show nothing and log nothing.
The log screen lists every look, 50 a page, in a constant number of queries."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.test import RequestFactory

from feedback.workflow import Status
from reporting.desk import build_week, current_week, decide
from reporting.desk_access import MEDIA_STAFF_GROUP
from reporting.desk_contact import reveal_contact
from reporting.desk_week import DeskThread
from reporting.models import ContactView, DeskDecision

from . import tv_desk_pages
from .staff_desk import prefer_english

staff = tv_desk_pages.staff

PHONE, EMAIL, NAME = "13700009999", "consent@example.org", "王先生"


def contact_url(week, issue):
    return f"/admin/tv-desk/{week}/contact/{issue.pk}/"


def shows_contact(response):
    page = response.content.decode()
    return PHONE in page or EMAIL in page


@pytest.fixture
def week(db):
    return current_week().key


@pytest.fixture
def media_user(db, django_user_model):
    user = django_user_model.objects.create_user("tv.chen", password="pw-tv")
    user.groups.add(Group.objects.get(name=MEDIA_STAFF_GROUP))  # reporting's data migration
    prefer_english(user)
    return user


@pytest.fixture
def reported(issue_in):
    """`reported(status, consent)`: an issue from the form with the contact above."""

    def make(status, consent):
        return issue_in(
            status,
            contact_phone=PHONE,
            contact_email=EMAIL,
            display_name=NAME,
            tv_contact_consent=consent,
        )

    return make


@pytest.fixture
def featured(reported, week):
    """Sent back for redoing this week (the rule `reopened`), the reporter consenting."""
    issue = reported(Status.REOPENED, consent=True)
    assert issue.pk in build_week(week).thread_ids()
    return issue


@pytest.fixture
def not_featured(reported, week):
    issue = reported(Status.PUBLISHED, consent=True)
    assert issue.pk not in build_week(week).thread_ids()
    return issue


def test_media_staff_see_a_consenting_featured_reporters_contact_and_the_look_is_logged(
    client, media_user, featured, week
):
    client.force_login(media_user)
    response = client.post(contact_url(week, featured), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    page = response.content.decode()
    assert PHONE in page and EMAIL in page and NAME in page
    assert featured.case_number in page
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    (view,) = ContactView.objects.all()
    assert (view.issue, view.user, view.week) == (featured, media_user, week)
    assert len(view.address_key) >= 16 and "10.1.2.3" not in view.address_key


def test_each_look_is_logged_again(client, media_user, featured, week):
    client.force_login(media_user)
    client.post(contact_url(week, featured))
    client.post(contact_url(week, featured))
    assert ContactView.objects.count() == 2


def test_a_get_shows_the_button_but_never_the_contact(client, media_user, featured, week):
    client.force_login(media_user)
    response = client.get(contact_url(week, featured))
    assert response.status_code == 200 and not shows_contact(response)
    page = response.content.decode()
    assert f'<form method="post" action="{contact_url(week, featured)}">' in page
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert not ContactView.objects.exists()


def test_without_consent_media_staff_are_refused_and_nothing_is_logged(
    client, media_user, reported, week
):
    issue = reported(Status.REOPENED, consent=False)
    assert issue.pk in build_week(week).thread_ids()
    client.force_login(media_user)
    response = client.post(contact_url(week, issue))
    assert response.status_code == 403 and not shows_contact(response)
    assert "The reporter has not agreed to be contacted by the programme." in (
        response.content.decode()
    )
    assert not ContactView.objects.exists()


def test_a_thread_not_featured_that_week_is_refused_and_nothing_is_logged(
    client, media_user, not_featured, week
):
    client.force_login(media_user)
    response = client.post(contact_url(week, not_featured))
    assert response.status_code == 403 and not shows_contact(response)
    assert f"This thread is not featured in {week}" in response.content.decode()
    assert not ContactView.objects.exists()


def test_a_pinned_thread_is_featured(client, media_user, not_featured, week):
    decide(current_week(), DeskDecision.Kind.PIN, media_user, issue=not_featured)
    client.force_login(media_user)
    response = client.post(contact_url(week, not_featured))
    assert response.status_code == 200 and shows_contact(response)
    assert ContactView.objects.filter(issue=not_featured).count() == 1


def test_after_withdrawal_the_contact_is_refused(client, media_user, featured, week):
    client.post(f"/track/{featured.tracking_code}/tv-consent/", {"consent": "no"})
    client.force_login(media_user)
    response = client.post(contact_url(week, featured))
    assert response.status_code == 403 and not shows_contact(response)
    assert not ContactView.objects.exists()


@pytest.mark.parametrize("who", ["moderator", "staff_a"])
def test_moderators_and_department_staff_are_refused_and_nothing_is_logged(
    client, request, staff, featured, week, who
):
    client.force_login(request.getfixturevalue(who))
    for response in (
        client.get(contact_url(week, featured)),
        client.post(contact_url(week, featured)),
    ):
        assert response.status_code == 403 and not shows_contact(response)
        assert "Only media staff can see a reporter&#x27;s contact." in response.content.decode()
    assert not ContactView.objects.exists()


def test_the_service_refuses_anyone_but_media_staff(moderator, featured, week):
    with pytest.raises(PermissionDenied):
        reveal_contact(moderator, featured, week)
    assert not ContactView.objects.exists()


def test_the_service_logs_before_it_answers(media_user, featured, week):
    contact = reveal_contact(media_user, featured, week, "key")
    assert (contact.phone, contact.email, contact.name) == (PHONE, EMAIL, NAME)
    assert ContactView.objects.get().at is not None


@pytest.mark.parametrize(
    "path", ["2099-W01/contact/{pk}", "garbage/contact/{pk}", "{week}/contact/0"]
)
def test_a_bad_week_or_an_unknown_thread_is_a_404(client, media_user, featured, week, path):
    client.force_login(media_user)
    url = "/admin/tv-desk/" + path.format(pk=featured.pk, week=week) + "/"
    assert client.post(url).status_code == 404
    assert not ContactView.objects.exists()


# --- the desk card's contact line (staff/tv_desk/includes/contact.html) -------------------------


def card(user, issue, week, **context):
    request = RequestFactory().get("/admin/tv-desk/")
    request.user = user
    return render_to_string(
        "staff/tv_desk/includes/contact.html", {"issue": issue, "week": week, **context}, request
    )


def test_the_card_offers_media_staff_a_post_button_for_a_consenting_thread(
    media_user, featured, week
):
    html = card(media_user, featured, week)
    assert f'<form method="post" action="{contact_url(week, featured)}">' in html
    assert 'name="csrfmiddlewaretoken"' in html and PHONE not in html


def test_the_card_says_no_consent_and_offers_no_button_otherwise(
    media_user, moderator, reported, featured, week
):
    unconsenting = reported(Status.REOPENED, consent=False)
    assert "<form" not in card(media_user, unconsenting, week)
    assert 'data-consent="no"' in card(media_user, unconsenting, week)
    moderators_card = card(moderator, featured, week)
    assert "<form" not in moderators_card and 'data-consent="yes"' in moderators_card


def test_cards_of_desk_threads_ask_the_database_a_constant_number_of_times(
    media_user, reported, week, settings, django_assert_max_num_queries
):
    settings.ECHOWALL = {**settings.ECHOWALL, "DESK_PER_RULE": 10}
    issues = [reported(Status.REOPENED, consent=n % 2 == 0) for n in range(6)]
    threads = {t.id: t for t in build_week(week).threads}
    assert all(isinstance(threads[issue.pk], DeskThread) for issue in issues)
    request = RequestFactory().get("/admin/tv-desk/")
    request.user = media_user
    with django_assert_max_num_queries(30) as counted:
        html = [
            render_to_string(
                "staff/tv_desk/includes/contact.html",
                {"issue": threads[issue.pk], "week": week},
                request,
            )
            for issue in issues
        ]
    first_card = len(counted.captured_queries)
    assert ["<form" in part for part in html] == [n % 2 == 0 for n in range(6)]
    with django_assert_max_num_queries(0):
        for issue in issues:
            render_to_string(
                "staff/tv_desk/includes/contact.html",
                {"issue": threads[issue.pk], "week": week},
                request,
            )
    assert first_card > 0
    with django_assert_max_num_queries(0):
        card(media_user, threads[issues[0].pk], week, consenting_ids={issues[0].pk})


# --- the log screen ------------------------------------------------------------------------------


LOG_URL = "/admin/tv-desk/contact-log/"


def test_moderators_and_media_staff_see_every_look(
    client, staff, moderator, media_user, featured, week
):
    client.force_login(media_user)
    client.post(contact_url(week, featured))
    for user in (moderator, media_user):
        client.force_login(user)
        response = client.get(LOG_URL)
        assert response.status_code == 200
        page = response.content.decode()
        assert "tv.chen" in page and featured.case_number in page and week in page
        assert not shows_contact(response)


def test_department_staff_cannot_see_the_log(client, staff, staff_a):
    client.force_login(staff_a)
    response = client.get(LOG_URL)
    assert response.status_code == 302  # Wagtail's "no permission": back to the dashboard


def test_the_log_is_paginated_in_a_constant_number_of_queries(
    client, staff, moderator, media_user, featured, week, django_assert_max_num_queries
):
    def look(count):
        ContactView.objects.bulk_create(
            ContactView(issue=featured, user=media_user, week=week) for _n in range(count)
        )

    client.force_login(moderator)
    look(3)
    with django_assert_max_num_queries(40) as few:
        client.get(LOG_URL)
    look(60)
    with django_assert_max_num_queries(len(few.captured_queries)):
        first = client.get(LOG_URL)
    assert first.content.decode().count(f'data-issue="{featured.pk}"') == 50
    second = client.get(LOG_URL, {"p": 2})
    assert second.content.decode().count(f'data-issue="{featured.pk}"') == 13
