"""The TV programme's consent (行风视线) in a real browser, on a phone and a desktop: the box on the
submit form starts unticked, a citizen ticks it (by its label, as a thumb would) and the stored
issue carries the consent and its time; from the private tracking page the reporter withdraws it
with a form that passes the CSRF check (the site's Origin)."""

import pytest

from feedback.models import Issue

from .helpers import fill_submit_form

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_citizen_ticks_the_tv_consent_box_and_withdraws_it_later(page, city):
    page.goto("/wall/new/")
    box = page.locator("#id_tv_contact_consent")
    assert not box.is_checked()
    fill_submit_form(
        page, city, "幸福路公交站牌被撞歪", "幸福路公交站的站牌被车撞歪了，存在安全隐患。"
    )
    page.locator("label[for=id_tv_contact_consent]").click()
    assert box.is_checked()
    page.click("form.submit-form button[type=submit]")
    page.wait_for_url("**/wall/thanks/")

    issue = Issue.objects.get()
    assert issue.tv_contact_consent and issue.tv_consent_at is not None

    page.goto(issue.get_tracking_url())
    section = page.locator("#tv-consent")
    assert section.get_attribute("data-consent") == "yes"
    section.locator("button[type=submit]").click()
    page.locator("#tv-consent[data-consent=no]").wait_for()
    issue.refresh_from_db()
    assert (issue.tv_contact_consent, issue.tv_consent_at) == (False, None)
