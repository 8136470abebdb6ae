"""Personal data masking on real-looking citizens' texts, and the private log of what was masked."""

import pytest

from feedback.models import Redaction
from feedback.privacy import find_personal_data, is_valid_resident_id, mask_text
from feedback.workflow import Status

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def resident_id(first17):
    """Complete 17 digits with their GB 11643 check character (computed here, independently)."""
    remainder = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11
    return first17 + "10X98765432"[remainder]


VALID_ID = resident_id("33010219900307123")  # Hangzhou, born 1990-03-07
VALID_ID_X = next(
    number for number in (resident_id(f"3306821985111{n:04d}") for n in range(200))
    if number.endswith("X")
)
INVALID_ID = VALID_ID[:-1] + ("0" if VALID_ID[-1] != "0" else "1")


def kinds(text):
    return [(f.kind, f.text) for f in find_personal_data(text)]


def test_the_test_ids_really_are_valid_and_invalid():
    assert is_valid_resident_id(VALID_ID) and is_valid_resident_id(VALID_ID_X)
    assert not is_valid_resident_id(INVALID_ID)


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        ("我的手机13812345678，白天都在", "mobile", "13812345678"),
        ("电话：138-1234-5678 找王师傅", "mobile", "138-1234-5678"),
        ("请打+86 138 1234 5678联系我", "mobile", "+86 138 1234 5678"),
        ("联系电话15957112345。", "mobile", "15957112345"),
        ("物业电话0571-87654321一直没人接", "landline", "0571-87654321"),
        ("打(0571)87654321也行", "landline", "(0571)87654321"),
        ("北京总部010-12345678转人工", "landline", "010-12345678"),
        ("座机 0579-85123456-801 分机", "landline", "0579-85123456-801"),
        (f"身份证号{VALID_ID}，户籍在本市", "id_number", VALID_ID),
        (f"身份证{VALID_ID_X}", "id_number", VALID_ID_X),
        (f"身份证{VALID_ID_X.lower()}", "id_number", VALID_ID_X.lower()),
        ("有事发邮件到 wang.ming@163.com 谢谢", "email", "wang.ming@163.com"),
        ("邮箱zhang_san+wall@example.com.cn", "email", "zhang_san+wall@example.com.cn"),
        ("车牌浙A12345的车天天占消防通道", "plate", "浙A12345"),
        ("新能源车浙A·D12345停在人行道上", "plate", "浙A·D12345"),
        ("新能源浙AD12345", "plate", "浙AD12345"),
        ("挂车浙B1234挂乱停", "plate", "浙B1234挂"),
        ("外地车沪C88888也在", "plate", "沪C88888"),
    ],
)
def test_personal_data_is_found(text, kind, found):
    assert kinds(text) == [(kind, found)]
    assert found not in mask_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "订单号：4200001234567890，快递一直没到",
        "订单编号202611271234567890",
        "2026年11月27日上午，2026-11-27 08:30",
        "停车费涨到每小时12元，月卡380.50元，总价12800元",
        "5号楼2单元301室楼道灯坏了",
        "坐3路公交，在K101路站台等了40分钟",
        "打了12345热线，也打了110和96345",
        "小区有1380户、5678人",
        f"这串数字{INVALID_ID}不是有效的身份证号",
        "邮编322000，门牌号88号",
        "面积是138.5平方米",
    ],
)
def test_ordinary_numbers_are_not_flagged(text):
    assert find_personal_data(text) == []
    assert mask_text(text) == text


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812345678", "138****5678"),
        ("138-1234-5678", "138-****-5678"),
        ("+86 138 1234 5678", "+86 138 **** 5678"),
        ("0571-87654321", "0571-******21"),
        ("(0571)87654321", "(0571)******21"),
        ("010-12345678", "010-******78"),
        ("wang.ming@163.com", "w***@163.com"),
        ("浙A12345", "浙A***45"),
        ("浙A·D12345", "浙A*****45"),
    ],
)
def test_masks_keep_only_what_identifies_nobody(value, masked):
    assert mask_text(value) == masked


def test_a_resident_id_keeps_only_region_prefix_and_last_four():
    masked = mask_text(VALID_ID)
    assert masked == VALID_ID[:3] + "*" * 11 + VALID_ID[-4:]
    assert len(masked) == 18


def test_an_id_number_is_not_also_reported_as_a_phone():
    text = f"身份证{VALID_ID}电话13812345678"
    assert [f.kind for f in find_personal_data(text)] == ["id_number", "mobile"]


REAL_LOOKING_BODY = (
    f"我住5号楼，2026年11月3日起楼下浙A·D12345天天堵消防通道。我叫王明，身份证{VALID_ID}，"
    "手机138-1234-5678，物业电话0571-87654321，邮箱wang.ming@163.com。"
    "打过12345热线，订单号4200001234567890的投诉也没回音。"
)


def test_publishing_masked_text_shows_the_mask_and_keeps_the_original_private(
    make_issue, moderator, client
):
    issue = make_issue(
        title="浙A·D12345长期占用消防通道", body=REAL_LOOKING_BODY,
        location="幸福小区5号楼 电话13812345678",
    )
    masked_title = mask_text(issue.submitted_title)
    masked_body = mask_text(issue.submitted_body)
    masked_location = mask_text(issue.submitted_location)

    issue.publish(moderator, masked_title, masked_body, masked_location)

    page = client.get(issue.get_absolute_url()).content.decode()
    wall = client.get("/wall/").content.decode()
    for original in (VALID_ID, "138-1234-5678", "0571-87654321", "wang.ming@163.com",
                     "浙A·D12345", "13812345678"):
        assert original not in page
        assert original not in wall
    for mask in ("138-****-5678", "0571-******21", "w***@163.com", "浙A*****45",
                 VALID_ID[:3] + "*" * 11 + VALID_ID[-4:], "138****5678"):
        assert mask in page
    # Ordinary numbers are left alone.
    assert "12345热线" in page and "4200001234567890" in page and "5号楼" in page

    issue.refresh_from_db()
    assert issue.submitted_body == REAL_LOOKING_BODY
    assert issue.body == masked_body
    logged = set(issue.redactions.values_list("field", "kind", "original", "replacement"))
    assert logged == {
        ("title", "plate", "浙A·D12345", "浙A*****45"),
        ("body", "plate", "浙A·D12345", "浙A*****45"),
        ("body", "id_number", VALID_ID, VALID_ID[:3] + "*" * 11 + VALID_ID[-4:]),
        ("body", "mobile", "138-1234-5678", "138-****-5678"),
        ("body", "landline", "0571-87654321", "0571-******21"),
        ("body", "email", "wang.ming@163.com", "w***@163.com"),
        ("location", "mobile", "13812345678", "138****5678"),
    }
    assert set(issue.redactions.values_list("moderator", flat=True)) == {moderator.pk}


def test_publishing_without_an_edited_text_masks_everything_detected(make_issue, moderator, client):
    issue = make_issue(body="联系我13812345678，邮箱wang.ming@163.com")
    issue.publish(moderator)
    page = client.get(issue.get_absolute_url()).content.decode()
    assert "138****5678" in page and "w***@163.com" in page
    assert "13812345678" not in page and "wang.ming@163.com" not in page
    assert set(issue.redactions.values_list("kind", flat=True)) == {"mobile", "email"}


def test_publishing_text_the_moderator_left_unmasked_logs_no_redaction(make_issue, moderator):
    issue = make_issue(body="联系我13812345678")
    issue.publish(moderator, issue.submitted_title, issue.submitted_body, issue.submitted_location)
    assert not Redaction.objects.exists()


def test_a_missed_mask_can_be_fixed_later_and_is_logged(make_issue, moderator, client):
    issue = make_issue(body="有问题请打13812345678")
    issue.publish(moderator, issue.submitted_title, issue.submitted_body, issue.submitted_location)
    assert "13812345678" in client.get(issue.get_absolute_url()).content.decode()

    issue.edit_public_text(moderator, issue.title, mask_text(issue.body), issue.location)

    page = client.get(issue.get_absolute_url()).content.decode()
    assert "13812345678" not in page and "138****5678" in page
    assert issue.redactions.get().original == "13812345678"
    assert issue.events.filter(action="edited", is_public=False).exists()


def test_a_follow_up_is_masked_when_published(issue_in, moderator, client):
    issue = issue_in(Status.ASSIGNED)
    client.post(issue.get_tracking_url(), {"body": "新号码15957112345", "website": ""})
    follow_up = issue.messages.get(kind="follow_up")

    follow_up.publish(moderator, mask_text(follow_up.submitted_body))

    page = client.get(issue.get_absolute_url()).content.decode()
    assert "159****2345" in page and "15957112345" not in page
    redaction = Redaction.objects.get(message=follow_up)
    assert (redaction.field, redaction.kind, redaction.original) == (
        "follow_up", "mobile", "15957112345"
    )
