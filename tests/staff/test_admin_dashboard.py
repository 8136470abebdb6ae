"""The admin dashboard shows staff nothing in English that our catalogue cannot translate: the
site summary ("1 Page", "0 Images", "0 Documents", which Wagtail leaves untranslated and which
tell moderators and departments nothing) is gone."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["moderator", "superuser"])
def test_the_dashboard_shows_no_untranslated_site_summary(client, request, who):
    client.force_login(request.getfixturevalue(who))
    page = client.get("/admin/").content.decode()
    for english in ("1 Page", "Images", "Documents", "created in"):
        assert english not in page, english
