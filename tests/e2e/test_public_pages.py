"""The public pages as a visitor sees them, on a phone and a desktop.

- Text limits: the description box stops at the server's limit and counts the characters as
  one types; a description of exactly the limit is accepted (nothing is refused after sending).
"""

import pytest

from core.conf import setting
from feedback.models import Issue

from .helpers import fill_submit_form

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_description_box_counts_and_stops_at_the_limit_the_server_accepts(page, city):
    limit = setting("BODY_MAX_LENGTH")
    page.goto("/wall/new/")
    counter = page.locator("#id_body-counter")
    assert counter.inner_text().startswith("0") and str(limit) in counter.inner_text()
    fill_submit_form(page, city, "路灯不亮", "路" * (limit - 5))
    page.locator("#id_body").press_sequentially("灯坏了好几天了")  # 7 characters, 5 fit
    assert len(page.locator("#id_body").input_value()) == limit
    assert counter.inner_text().startswith(f"{limit}")
    assert "near-limit" in counter.get_attribute("class")
    page.click("form.submit-form button[type=submit]")
    page.wait_for_url("**/wall/thanks/")
    assert len(Issue.objects.get().body) == limit
