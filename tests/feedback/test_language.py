"""The interface is in simplified Chinese by default, in English after the language switch."""

import re

from django.utils import translation

CJK = re.compile(r"[\u4e00-\u9fff]")


def interface_text(language, msgid):
    with translation.override(language):
        return translation.gettext(msgid)


def test_the_site_speaks_simplified_chinese_by_default(client, db):
    response = client.get("/wall/new/")
    page = response.content.decode()
    assert '<html lang="zh-hans">' in page
    for msgid in ("Report a problem", "The wall", "Submit"):
        translated = interface_text("zh-hans", msgid)
        assert translated != msgid, f"no zh-hans translation for {msgid!r}"
        assert CJK.search(translated)
        assert translated in page
    assert "Report a problem" not in page


def test_the_wall_is_in_chinese_by_default(client, db):
    page = client.get("/wall/").content.decode()
    assert interface_text("zh-hans", "The wall") in page
    assert ">The wall<" not in page


def test_switching_to_english_shows_english(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/wall/new/"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/wall/new/"
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert "Report a problem" in page and "Verification code" in page
    # And it sticks for the next page.
    assert "The wall" in client.get("/wall/").content.decode()


def test_switching_back_to_chinese(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/wall/"})
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/wall/"})
    page = client.get("/wall/").content.decode()
    assert '<html lang="zh-hans">' in page
    assert interface_text("zh-hans", "The wall") in page
