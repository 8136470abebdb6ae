"""A live bulletin comes as a PDF with its Chinese text (WeasyPrint, Noto Sans CJK), rendered
when it is published and kept per live revision; drafts have none. Its Atom feed lists live
bulletins only, parsed with a real feed parser, with the PDF as an enclosure once rendered."""

import io

import feedparser
import pytest
import time_machine
from django.core.cache import cache
from PIL import ImageFile
from pypdf import PdfReader

from home.documents import RENDER_LOCK_SECONDS, pdf_name, render_bulletin_pdf, stored_pdf
from home.drafting import draft_bulletins

from .conftest import DRAFTED_AT
from .test_bulletins import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def bulletin(november_issues, editor, chief_editor):
    with time_machine.travel(DRAFTED_AT, tick=False):
        [(page, _created)] = draft_bulletins(kinds=["month"])
    return publish(page, editor, chief_editor)


def test_the_pdf_holds_the_bulletins_chinese_text_in_an_embedded_cjk_font(client, bulletin):
    response = client.get(bulletin.url + "pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    data = b"".join(response.streaming_content)
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "市住建局" in text and "十一月第2号的路灯问题" in text
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("NotoSansCJK" in name.replace("-", "") for name in fonts)


def test_rendering_a_pdf_leaves_the_photo_checks_strict(bulletin):
    """WeasyPrint's import makes Pillow accept truncated images process-wide; not here."""
    render_bulletin_pdf(bulletin)
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_the_stored_pdf_is_served_until_the_page_is_published_again(client, bulletin, chief_editor):
    name = render_bulletin_pdf(bulletin)
    assert stored_pdf(bulletin).name == name
    bulletin.save_revision(user=chief_editor).publish(user=chief_editor)
    bulletin.refresh_from_db()
    assert stored_pdf(bulletin) is None  # a new live revision needs a new PDF


def test_a_second_request_while_the_pdf_is_rendered_is_asked_to_retry(client, bulletin):
    cache.add(f"echowall:pdf:{pdf_name(bulletin)}", True, RENDER_LOCK_SECONDS)
    response = client.get(bulletin.url + "pdf/")
    assert response.status_code == 503 and response["Retry-After"] == "5"


def test_the_feed_lists_live_bulletins_with_their_pdf(client, index, bulletin, november_issues):
    with time_machine.travel(DRAFTED_AT, tick=False):
        draft_bulletins(kinds=["quarter"])  # a draft: not in the feed
    feed = feedparser.parse(client.get(index.url + "feed/").content)
    assert [entry.title for entry in feed.entries] == [bulletin.title]
    [entry] = feed.entries
    assert entry.link.endswith(bulletin.url) and entry.summary == bulletin.summary
    assert entry.enclosures == []
    render_bulletin_pdf(bulletin)
    [entry] = feedparser.parse(client.get(index.url + "feed/").content).entries
    [enclosure] = entry.enclosures
    assert enclosure.type == "application/pdf" and enclosure.href.endswith("/pdf/")
    assert int(enclosure.length) > 10_000
    only_quarterly = feedparser.parse(client.get(index.url + "feed/", {"kind": "quarter"}).content)
    assert only_quarterly.entries == []
