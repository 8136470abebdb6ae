"""The public submit form: bad input gets a clear message and keeps what was typed; photos are
checked by content and stored without metadata; markup never reaches another browser."""

import html
import io
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from feedback.models import Issue, Photo
from feedback.workflow import Status

TYPED = {
    "title": "解放路菜场门口垃圾成堆",
    "body": "解放路菜场东门的垃圾桶每天上午就满了，下午一直没人清运，气味很大。",
    "location": "解放路菜场东门",
    "display_name": "陈女士",
    "contact_phone": "13912345678",
    "contact_email": "chen@example.com",
    "captcha_0": "any-key",
    "captcha_1": "PASSED",
    "website": "",
}


@pytest.fixture
def form_data(category, district):
    return {**TYPED, "category": str(category.pk), "district": str(district.pk)}


def post(client, data, photos=()):
    payload = dict(data)
    if photos:
        payload["photos"] = list(photos)
    return client.post("/wall/new/", payload)


def assert_kept(page, data, except_fields=()):
    """Every value the citizen typed is back in the re-rendered form."""
    for field in ("title", "body", "location", "display_name", "contact_phone", "contact_email"):
        if field not in except_fields:
            assert html.escape(data[field], quote=True) in page or data[field] in page, field
    assert f'value="{data["category"]}" selected' in page
    assert f'value="{data["district"]}" selected' in page


def test_a_good_submission_lands_on_the_thank_you_page_with_the_tracking_link(client, form_data):
    response = post(client, form_data)
    assert response.status_code == 302 and response["Location"] == "/wall/thanks/"
    issue = Issue.objects.get()
    assert (issue.status, issue.title, issue.contact_email) == (
        Status.SUBMITTED,
        TYPED["title"],
        "chen@example.com",
    )
    thanks = client.get("/wall/thanks/").content.decode()
    assert issue.get_tracking_url() in thanks


def test_the_thank_you_page_does_not_call_the_link_the_only_way_back(english_client, form_data):
    post(english_client, form_data)
    thanks = english_client.get("/wall/thanks/").content.decode()
    assert "only way" not in thanks
    assert 'href="/track/"' in thanks  # the look-up by case number is the other way


def test_a_new_issue_is_absent_from_the_wall(client, form_data):
    post(client, form_data)
    assert TYPED["title"] not in client.get("/wall/").content.decode()


def test_oversized_title_is_refused_with_the_limit_and_keeps_the_input(english_client, form_data):
    form_data["title"] = "很" * 61
    response = post(english_client, form_data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "the title is 61 characters long; the limit is 60." in page
    assert_kept(page, form_data)
    assert not Issue.objects.exists()


def test_oversized_body_is_refused_with_the_limit_and_keeps_the_input(english_client, form_data):
    form_data["body"] = "路" * 3001
    response = post(english_client, form_data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "the description is 3001 characters long; the limit is 3000." in page
    assert_kept(page, form_data)
    assert not Issue.objects.exists()


def test_oversized_name_and_location_are_refused(english_client, form_data):
    form_data["display_name"] = "名" * 31
    form_data["location"] = "地" * 101
    page = post(english_client, form_data).content.decode()
    assert "the name is 31 characters long; the limit is 30." in page
    assert "the location is 101 characters long; the limit is 100." in page
    assert_kept(page, form_data)
    assert not Issue.objects.exists()


@pytest.mark.parametrize("body", ["<b></b>", "<p> </p>\u200b\u0007", "<!-- x --><br/>"])
def test_body_that_is_empty_after_cleaning_is_refused(english_client, form_data, body):
    form_data["body"] = body
    response = post(english_client, form_data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "the description contained only markup or control characters" in page
    assert_kept(page, form_data, except_fields=["body"])
    # What was typed comes back, escaped, in the text area (never as live markup).
    assert html.escape(body.replace("\u0007", "")[:6]) in page
    assert not Issue.objects.exists()


def test_missing_title_says_so(english_client, form_data):
    form_data["title"] = "   "
    page = post(english_client, form_data).content.decode()
    assert "Please fill in the title." in page
    assert_kept(page, form_data, except_fields=["title"])


@pytest.mark.parametrize("answer", ["wrong", "", "PASSE", "FAILED"])
def test_wrong_captcha_is_refused_and_keeps_the_input(english_client, form_data, answer):
    form_data["captcha_1"] = answer
    response = post(english_client, form_data)
    assert response.status_code == 200
    page = response.content.decode()
    # Our wording (验证码 in Chinese, as the label says), not the library's (认证码).
    assert "Wrong verification code" in page or "This field is required." in page
    assert "Invalid CAPTCHA" not in page
    assert_kept(page, form_data)
    assert not Issue.objects.exists()


def test_filled_honeypot_is_refused_and_keeps_the_input(english_client, form_data):
    form_data["website"] = "http://spam.example"
    response = post(english_client, form_data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "This submission looks automated." in page
    assert_kept(page, form_data)
    assert not Issue.objects.exists()


def test_a_contact_is_required(english_client, form_data):
    form_data["contact_phone"] = form_data["contact_email"] = ""
    page = post(english_client, form_data).content.decode()
    assert "Leave a phone number or an e-mail address" in page
    assert not Issue.objects.exists()


def test_invalid_phone_is_refused(english_client, form_data):
    form_data["contact_phone"] = "12345"
    page = post(english_client, form_data).content.decode()
    assert "Enter a mainland mobile number or a landline with area code." in page
    assert_kept(page, form_data)


MARKUP_TITLE = "路灯<script>alert(1)</script>坏了"
MARKUP_BODY = (
    "晚上很黑<script>alert(1)</script>\n<img src=x onerror=alert(2)>"
    '<a href="javascript:alert(3)">点我</a> &lt;script&gt;alert(4)&lt;/script&gt; '
    "详见 https://example.org/lu-deng"
)


def test_markup_is_never_rendered_as_markup_after_publication(client, form_data, moderator):
    form_data.update(title=MARKUP_TITLE, body=MARKUP_BODY, location="<i>幸福路</i>")
    assert post(client, form_data).status_code == 302
    issue = Issue.objects.get()
    assert "<" not in issue.title and "<img" not in issue.body and "<a " not in issue.body
    issue.publish(moderator)

    pages = {
        "wall": client.get("/wall/").content.decode(),
        "thread": client.get(issue.get_absolute_url()).content.decode(),
        "home": client.get("/").content.decode(),
        "tracking": client.get(issue.get_tracking_url()).content.decode(),
    }
    for name, page in pages.items():
        assert "<script>alert" not in page, name
        assert "onerror" not in page or "onerror=alert" not in page.replace("&#x27;", ""), name
        assert "<img src=x" not in page, name
        assert "javascript:" not in page, name
        assert "<i>幸福路" not in page, name
    # Escaped text stays readable (its "<" as a look-alike, so that no second cleaning turns it
    # into markup); plain links become safe links.
    assert "＜script&gt;alert(4)＜/script&gt;" in pages["thread"]
    assert (
        'href="https://example.org/lu-deng" rel="nofollow noopener noreferrer ugc"'
        in (pages["thread"])
    )


def test_a_moderator_text_with_markup_is_escaped_too(client, make_issue, moderator):
    issue = make_issue()
    issue.publish(moderator, "标题<b>加粗</b>", "正文<script>alert(1)</script>", "<u>某地</u>")
    for url in ("/wall/", issue.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "<b>加粗</b>" not in page and "<script>alert(1)" not in page
        assert "标题&lt;b&gt;加粗&lt;/b&gt;" in page


# --- photos -------------------------------------------------------------------------------


def jpeg_with_gps(size=(640, 480)):
    image = Image.new("RGB", size, (180, 90, 40))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "FakeCam"
    exif[ExifTags.Base.Model] = "FC-1"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (30.0, 15.0, 12.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (120.0, 10.0, 5.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    data = buffer.getvalue()
    # The fixture itself really carries GPS coordinates.
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    return data


def upload(name, data, content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type)


def test_photo_is_stored_without_exif_or_gps(client, form_data):
    response = post(client, form_data, [upload("IMG_0001.jpg", jpeg_with_gps())])
    assert response.status_code == 302
    photo = Photo.objects.get()
    with photo.image.open("rb") as stored:
        data = stored.read()
    stored_image = Image.open(io.BytesIO(data))
    assert stored_image.format == "JPEG"
    assert dict(stored_image.getexif()) == {}
    assert b"Exif" not in data and b"FakeCam" not in data
    assert (photo.width, photo.height, photo.content_type) == (640, 480, "image/jpeg")


def test_large_photos_are_resized_for_the_web(client, form_data):
    post(client, form_data, [upload("big.jpg", jpeg_with_gps((3200, 1600)))])
    photo = Photo.objects.get()
    assert (photo.width, photo.height) == (1600, 800)


def test_a_text_file_named_jpg_is_refused_by_its_content(english_client, form_data):
    fake = upload("photo.jpg", b"this is not an image at all\n" * 20)
    response = post(english_client, form_data, [fake])
    assert response.status_code == 200
    page = response.content.decode()
    assert "is not a JPEG, PNG or WebP image." in page
    assert_kept(page, form_data)
    assert not Issue.objects.exists() and not Photo.objects.exists()


def test_a_gif_is_refused_even_though_it_is_an_image(english_client, form_data):
    buffer = io.BytesIO()
    Image.new("P", (10, 10)).save(buffer, "GIF")
    page = post(english_client, form_data, [upload("a.jpg", buffer.getvalue())]).content.decode()
    assert "is not a JPEG, PNG or WebP image." in page
    assert not Issue.objects.exists()


def test_more_than_three_photos_are_refused(english_client, form_data):
    photos = [upload(f"p{i}.jpg", jpeg_with_gps((40, 30))) for i in range(4)]
    response = post(english_client, form_data, photos)
    assert response.status_code == 200
    page = response.content.decode()
    assert "At most 3 photos, please." in page
    assert_kept(page, form_data)
    assert not Issue.objects.exists()


def test_three_photos_are_accepted(client, form_data):
    photos = [upload(f"p{i}.jpg", jpeg_with_gps((40, 30))) for i in range(3)]
    assert post(client, form_data, photos).status_code == 302
    assert Photo.objects.count() == 3


def test_a_photo_over_the_size_limit_is_refused(english_client, form_data, settings):
    settings.ECHOWALL = {**settings.ECHOWALL, "MAX_PHOTO_BYTES": 2 * 1024 * 1024}
    # Noise does not compress: a real JPEG of more than 2 MB.
    image = Image.frombytes("RGB", (1400, 1400), _noise(1400 * 1400 * 3))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=100)
    assert buffer.tell() > 2 * 1024 * 1024
    response = post(english_client, form_data, [upload("huge.jpg", buffer.getvalue())])
    assert response.status_code == 200
    page = response.content.decode()
    assert "“huge.jpg” is larger than 2 MB." in page
    assert_kept(page, form_data)
    assert not Issue.objects.exists()


def _noise(length):
    generator = random.Random(7)
    return bytes(generator.getrandbits(8) for _ in range(length))


def test_photos_appear_only_once_the_thread_is_published(client, form_data, moderator):
    post(client, form_data, [upload("p.jpg", jpeg_with_gps((40, 30)))])
    issue = Issue.objects.get()
    photo = issue.photos.get()
    assert client.get(photo.get_absolute_url()).status_code == 404
    # The reporter sees their own photo through the tracking link.
    tracked = client.get(f"{issue.get_tracking_url()}photos/{photo.pk}/")
    assert tracked.status_code == 200
    issue.publish(moderator)
    assert client.get(photo.get_absolute_url()).status_code == 200
    assert photo.get_absolute_url() in client.get(issue.get_absolute_url()).content.decode()


def test_follow_up_with_photo_via_tracking_link_is_pending(client, issue_in):
    issue = issue_in(Status.ASSIGNED)
    response = client.post(
        issue.get_tracking_url(),
        {"body": "补充照片", "website": "", "photos": [upload("f.jpg", jpeg_with_gps((40, 30)))]},
    )
    assert response.status_code == 302
    follow_up = issue.messages.get()
    assert follow_up.moderation == "pending"
    assert follow_up.photos.count() == 1
    assert "补充照片" not in client.get(issue.get_absolute_url()).content.decode()


def test_follow_up_errors_keep_the_text(english_client, issue_in):
    issue = issue_in(Status.ASSIGNED)
    response = english_client.post(issue.get_tracking_url(), {"body": "<b></b>", "website": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "the follow-up contained only markup or control characters" in page
    assert "&lt;b&gt;&lt;/b&gt;" in page
    assert not issue.messages.exists()


def test_honeypot_on_a_follow_up_is_refused_with_a_message(english_client, issue_in):
    issue = issue_in(Status.ASSIGNED)
    response = english_client.post(
        issue.get_tracking_url(), {"body": "补充说明", "website": "http://spam.example"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "This submission looks automated." in page
    assert "补充说明" in page
    assert not issue.messages.exists()
