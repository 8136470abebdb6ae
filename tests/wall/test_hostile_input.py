"""Hostile sizes are refused cheaply and with a message: text far over its limit before it is
cleaned, a request body over the cap with a page that names the limits (413), photos by their pixel
count before a pixel is decoded, and nothing costly before the captcha and every other field have
passed. What the person typed comes back whenever the request could be read.

(How fast: `bench/hostile_bench.py` times these against a real server; tests never time.)
"""

import html
import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from feedback.models import Issue, Photo
from feedback.workflow import Status

TYPED = {
    "title": "解放路菜场门口垃圾成堆",
    "body": "解放路菜场东门的垃圾桶每天上午就满了，下午一直没人清运。",
    "location": "解放路菜场东门",
    "display_name": "陈女士",
    "contact_phone": "13912345678",
    "contact_email": "",
    "captcha_0": "any-key",
    "captcha_1": "PASSED",
    "website": "",
}
PASTED_PAGE = "<p>路灯坏了，<b>晚上</b>很黑。</p>\n"


@pytest.fixture
def form_data(category, district):
    return {**TYPED, "category": str(category.pk), "district": str(district.pk)}


def png_header_only(width, height):
    """A PNG whose header claims `width` × `height` but whose pixels cannot be decoded."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def png(width, height, mode="1"):
    buffer = io.BytesIO()
    Image.new(mode, (width, height)).save(buffer, "PNG")
    return buffer.getvalue()


def upload(name, data, content_type="image/png"):
    return SimpleUploadedFile(name, data, content_type)


# --- text ------------------------------------------------------------------------------------


def test_a_pasted_page_far_over_the_limit_is_refused_before_cleaning_and_kept(
    english_client, form_data
):
    body = PASTED_PAGE * 1000  # 29,000 characters of markup for a 3,000-character field
    response = english_client.post("/wall/new/", {**form_data, "body": body})
    assert response.status_code == 200
    page = response.content.decode()
    assert f"the description is {len(body)} characters long; the limit is 3000." in page
    assert html.escape(PASTED_PAGE.strip()) in page  # what was pasted is back in the form
    assert not Issue.objects.exists()


def test_markup_that_cleans_down_to_the_limit_is_accepted(client, form_data):
    # Twice the limit as typed, under it once the markup is gone.
    body = "<b>路灯坏了</b>" * 500
    assert len(body) > 3000
    assert client.post("/wall/new/", {**form_data, "body": body}).status_code == 302
    assert Issue.objects.get().body == "路灯坏了" * 500


def test_an_absurd_phone_number_is_refused_without_cleaning(english_client, form_data):
    response = english_client.post(
        "/wall/new/", {**form_data, "contact_phone": "<b>1</b>" * 10_000}
    )
    assert "Enter a mainland mobile number or a landline with area code." in (
        response.content.decode()
    )
    assert not Issue.objects.exists()


def test_a_follow_up_far_over_the_limit_is_refused_and_kept(english_client, issue_in):
    issue = issue_in(Status.ASSIGNED)
    body = PASTED_PAGE * 1000
    response = english_client.post(issue.get_tracking_url(), {"body": body, "website": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert f"the follow-up is {len(body)} characters long; the limit is 3000." in page
    assert not issue.messages.exists()


# --- request bodies ----------------------------------------------------------------------------


def test_a_four_megabyte_post_gets_a_page_naming_the_limits(english_client, form_data):
    response = english_client.post("/wall/new/", {**form_data, "body": "路" * (4 * 2**20 // 3)})
    assert response.status_code == 413
    page = response.content.decode()
    assert "Too large to send" in page
    assert "a description holds at most 3000 characters" in page
    assert "your browser still holds what you typed" in page
    assert 'href="/wall/new/" data-history-back' in page
    assert not Issue.objects.exists()


def test_a_four_megabyte_follow_up_gets_the_same_page_and_stays_private(english_client, issue_in):
    issue = issue_in(Status.ASSIGNED)
    response = english_client.post(
        issue.get_tracking_url(), {"body": "路" * (4 * 2**20 // 3), "website": ""}
    )
    assert response.status_code == 413
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "same-origin"
    assert not issue.messages.exists()


def test_a_body_over_the_request_cap_is_refused_unread(english_client, form_data, settings):
    settings.ECHOWALL = {**settings.ECHOWALL, "MAX_REQUEST_BYTES": 100_000}
    photo = upload("big.png", png(10, 10) + b"\x00" * 200_000)
    response = english_client.post("/wall/new/", {**form_data, "photos": [photo]})
    assert response.status_code == 413
    assert not Issue.objects.exists()


def test_the_admin_is_not_held_to_the_public_request_cap(client, moderator, settings):
    settings.ECHOWALL = {**settings.ECHOWALL, "MAX_REQUEST_BYTES": 1_000}
    client.force_login(moderator)
    response = client.post("/admin/feedback/queue/", {"comment": "0", "body": "x" * 5_000})
    assert response.status_code != 413


# --- photos -------------------------------------------------------------------------------------


def test_an_80_megapixel_png_is_refused_with_its_size(english_client, form_data):
    bomb = png(8900, 8900)  # 80 MP, a few hundred kilobytes
    response = english_client.post(
        "/wall/new/", {**form_data, "photos": [upload("bomb.png", bomb)]}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "“bomb.png” is 8900 × 8900 pixels; photos may have at most 40 megapixels." in page
    assert not Issue.objects.exists() and not Photo.objects.exists()


def test_the_pixel_count_is_read_from_the_header_before_any_decoding(english_client, form_data):
    # Decoding this file would fail ("not an image"); the refusal names its pixels instead.
    fake = upload("claims.png", png_header_only(8000, 8000))
    page = english_client.post("/wall/new/", {**form_data, "photos": [fake]}).content.decode()
    assert "8000 × 8000 pixels" in page
    assert "is not a JPEG, PNG or WebP image" not in page


def test_a_picture_beyond_pillows_own_limit_is_refused_with_the_same_message(
    english_client, form_data
):
    fake = upload("huge.png", png_header_only(20_000, 20_000))
    page = english_client.post("/wall/new/", {**form_data, "photos": [fake]}).content.decode()
    assert "“huge.png” has too many pixels; photos may have at most 40 megapixels." in page


def test_photos_on_a_follow_up_are_refused_by_pixel_count_too(english_client, issue_in):
    issue = issue_in(Status.ASSIGNED)
    response = english_client.post(
        issue.get_tracking_url(),
        {
            "body": "补充照片",
            "website": "",
            "photos": [upload(f"p{n}.png", png_header_only(8900, 8900)) for n in range(3)],
        },
    )
    page = response.content.decode()
    assert page.count("8900 × 8900 pixels") == 3
    assert "补充照片" in page
    assert not issue.messages.exists()


def test_a_wrong_captcha_is_answered_before_any_photo_is_decoded(english_client, form_data):
    broken = upload("broken.png", png_header_only(100, 100))  # readable header, corrupt pixels
    with_captcha = english_client.post("/wall/new/", {**form_data, "photos": [broken]})
    assert "is not a JPEG, PNG or WebP image" in with_captcha.content.decode()

    broken.seek(0)
    wrong = english_client.post(
        "/wall/new/", {**form_data, "captcha_1": "WRONG", "photos": [broken]}
    ).content.decode()
    assert "Invalid CAPTCHA" in wrong or "captcha" in wrong.lower()
    assert "is not a JPEG, PNG or WebP image" not in wrong  # the photo was never decoded


def test_a_photo_within_the_pixel_limit_is_still_accepted_and_resized(client, form_data):
    photo = upload("wide.png", png(6000, 3000, mode="RGB"))  # 18 MP
    assert client.post("/wall/new/", {**form_data, "photos": [photo]}).status_code == 302
    stored = Photo.objects.get()
    assert (stored.width, stored.height) == (1600, 800)
