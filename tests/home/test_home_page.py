"""The home page speaks the visitor's language: the editor's Chinese heading and introduction by
default, their English versions after the language switch (the Chinese when none was written).
The demo's default text comes translated (migration 0003), in the page and in its revisions."""

from importlib import import_module

import pytest
from django.apps import apps

from home.models import HomePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    return HomePage.objects.get()


def choose_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})


def hero(client):
    page = client.get("/").content.decode()
    return page[page.index('<section class="hero">') : page.index("</section>")]


def test_the_home_page_is_in_chinese_by_default(client, home):
    text = hero(client)
    assert "<h1>民生回音壁</h1>" in text and "群众反映的民生问题" in text
    assert "Livelihood Feedback Wall" not in text


def test_the_home_page_title_names_the_site_once(client, home):
    assert "<title>民生回音壁</title>" in client.get("/").content.decode()


def test_english_visitors_read_the_heading_and_introduction_in_english(client, home):
    choose_english(client)
    text = hero(client)
    assert "<h1>Livelihood Feedback Wall</h1>" in text
    assert "answered in public by the responsible departments" in text
    assert "群众反映" not in text
    assert "<title>Livelihood Feedback Wall</title>" in client.get("/").content.decode()


def test_what_the_editor_writes_in_english_is_shown_and_published_the_wagtail_way(client, home):
    home.english_title = "Echo Wall of the city"
    home.english_intro = "<p>Tell us what is wrong.</p>"
    home.save_revision().publish()
    choose_english(client)
    text = hero(client)
    assert "<h1>Echo Wall of the city</h1>" in text and "Tell us what is wrong." in text
    page = client.get("/").content.decode()
    assert "<title>Echo Wall of the city · Livelihood Feedback Wall</title>" in page
    revision = HomePage.objects.get().latest_revision.as_object()
    assert revision.english_title == "Echo Wall of the city"


def test_without_an_english_text_english_visitors_see_the_chinese(client, home):
    home.english_title, home.english_intro = "", ""
    home.save_revision().publish()
    choose_english(client)
    text = hero(client)
    assert "<h1>民生回音壁</h1>" in text and "群众反映的民生问题" in text


def test_the_default_text_arrives_translated(home):
    assert home.english_title == "Livelihood Feedback Wall"
    assert home.english_intro.startswith("<p>Problems with public services")


def test_the_migration_translates_revisions_so_the_editor_sees_the_english_too(home):
    migration = import_module("home.migrations.0003_english_heading_and_introduction")
    HomePage.objects.filter(pk=home.pk).update(english_title="", english_intro="")
    home.refresh_from_db()
    revision = home.save_revision()
    assert revision.content["english_title"] == ""
    migration.translate_the_default_home_page(apps, None)
    revision.refresh_from_db()
    assert revision.content["english_title"] == "Livelihood Feedback Wall"
    assert HomePage.objects.get().english_title == "Livelihood Feedback Wall"
