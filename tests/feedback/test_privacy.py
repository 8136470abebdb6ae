"""Personal data masking on real-looking texts, and the private log of what was masked.

The rule: every piece of personal data a citizen or an official may type is found, whatever the
input method made of it, and nothing else is touched; the same text always gets the same mask,
and masked text is never found again.
"""

import pytest

from feedback.models import Redaction
from feedback.privacy import (
    find_personal_data,
    is_valid_resident_id,
    mask_display_name,
    mask_text,
)
from feedback.workflow import Status

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def resident_id(first17):
    """Complete 17 digits with their GB 11643 check character (computed here, independently)."""
    remainder = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11
    return first17 + "10X98765432"[remainder]


VALID_ID = resident_id("33010219900307123")  # Hangzhou, born 1990-03-07
VALID_ID_X = next(
    number
    for number in (resident_id(f"3306821985111{n:04d}") for n in range(200))
    if number.endswith("X")
)
INVALID_ID = VALID_ID[:-1] + ("0" if VALID_ID[-1] != "0" else "1")


def kinds(text):
    return [(f.kind, f.text) for f in find_personal_data(text)]


def spaced(number):
    """An ID number written 6-8-4, as people copy it from the card."""
    return f"{number[:6]} {number[6:14]} {number[14:]}"


def full_width(text):
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


def test_the_test_ids_really_are_valid_and_invalid():
    assert is_valid_resident_id(VALID_ID) and is_valid_resident_id(VALID_ID_X)
    assert not is_valid_resident_id(INVALID_ID)
    # The example from the issue, as typed by a citizen, has a valid check digit.
    assert resident_id("33048219850312002") == "330482198503120020"


BRIEF_ID = "330482198503120020"
MASKED_ID = VALID_ID[:3] + "*" * 11 + VALID_ID[-4:]

# text, kind, what is found, the text once masked
MUST_MASK = [
    ("我的手机13812345678，白天都在", "mobile", "13812345678", "我的手机138****5678，白天都在"),
    ("电话：138-1234-5678 找王师傅", "mobile", "138-1234-5678", "电话：138-****-5678 找王师傅"),
    ("请打+86 138 1234 5678联系我", "mobile", "+86 138 1234 5678", "请打+86 138 **** 5678联系我"),
    ("联系电话15957112345。", "mobile", "15957112345", "联系电话159****2345。"),
    # Input methods type full-width digits and hyphens.
    (
        "我的手机１３８１２３４５６７８",
        "mobile",
        "１３８１２３４５６７８",
        "我的手机１３８****５６７８",
    ),
    (
        "电话：１３８－１２３４－５６７８",
        "mobile",
        "１３８－１２３４－５６７８",
        "电话：１３８－****－５６７８",
    ),
    ("手机138.1234.5678", "mobile", "138.1234.5678", "手机138.****.5678"),
    ("手机 138 1234 5678 晚上打", "mobile", "138 1234 5678", "手机 138 **** 5678 晚上打"),
    # Numbers read out in Chinese numerals, with 〇/零 for 0 and 幺 for 1.
    ("电话一三八一二三四五六七八", "mobile", "一三八一二三四五六七八", "电话一三八****五六七八"),
    ("打幺三九〇〇〇〇幺幺幺幺", "mobile", "幺三九〇〇〇〇幺幺幺幺", "打幺三九****幺幺幺幺"),
    ("手机一五九零五七一二三四五", "mobile", "一五九零五七一二三四五", "手机一五九****二三四五"),
    (
        "电话一三八 一二三四 五六七八",
        "mobile",
        "一三八 一二三四 五六七八",
        "电话一三八 **** 五六七八",
    ),
    (
        "物业电话0571-87654321一直没人接",
        "landline",
        "0571-87654321",
        "物业电话0571-******21一直没人接",
    ),
    ("打(0571)87654321也行", "landline", "(0571)87654321", "打(0571)******21也行"),
    ("北京总部010-12345678转人工", "landline", "010-12345678", "北京总部010-******78转人工"),
    ("座机 0579-85123456-801 分机", "landline", "0579-85123456-801", "座机 0579-********-*01 分机"),
    (
        "座机０５７１－８７６５４３２１",
        "landline",
        "０５７１－８７６５４３２１",
        "座机０５７１－******２１",
    ),
    (f"身份证号{VALID_ID}，户籍在本市", "id_number", VALID_ID, f"身份证号{MASKED_ID}，户籍在本市"),
    (
        f"身份证{VALID_ID_X}",
        "id_number",
        VALID_ID_X,
        f"身份证{VALID_ID_X[:3]}{'*' * 11}{VALID_ID_X[-4:]}",
    ),
    (
        f"身份证{VALID_ID_X.lower()}",
        "id_number",
        VALID_ID_X.lower(),
        f"身份证{VALID_ID_X[:3]}{'*' * 11}{VALID_ID_X[-4:].lower()}",
    ),
    (
        f"身份证 {spaced(BRIEF_ID)} 可核实",
        "id_number",
        spaced(BRIEF_ID),
        "身份证 330*** ******** 0020 可核实",
    ),
    (
        f"身份证{full_width(VALID_ID)}",
        "id_number",
        full_width(VALID_ID),
        f"身份证{full_width(VALID_ID[:3])}{'*' * 11}{full_width(VALID_ID[-4:])}",
    ),
    (
        "有事发邮件到 wang.ming@163.com 谢谢",
        "email",
        "wang.ming@163.com",
        "有事发邮件到 w***@163.com 谢谢",
    ),
    (
        "邮箱zhang_san+wall@example.com.cn",
        "email",
        "zhang_san+wall@example.com.cn",
        "邮箱z***@example.com.cn",
    ),
    ("车牌浙A12345的车天天占消防通道", "plate", "浙A12345", "车牌浙A***45的车天天占消防通道"),
    ("新能源车浙A·D12345停在人行道上", "plate", "浙A·D12345", "新能源车浙A*****45停在人行道上"),
    ("新能源浙AD12345", "plate", "浙AD12345", "新能源浙A****45"),
    ("挂车浙B1234挂乱停", "plate", "浙B1234挂", "挂车浙B***4挂乱停"),
    ("外地车沪C88888也在", "plate", "沪C88888", "外地车沪C***88也在"),
    ("车牌浙f12345，天天停", "plate", "浙f12345", "车牌浙f***45，天天停"),
    ("浙ad12345又来了", "plate", "浙ad12345", "浙a****45又来了"),
    ("车牌浙Ａ１２３４５", "plate", "浙Ａ１２３４５", "车牌浙Ａ***４５"),
    # Names where the text announces one: the surname stays, the given name is starred.
    ("我叫张建国，住在城东", "name", "张建国", "我叫张**，住在城东"),
    ("本人王小明反映一个问题", "name", "王小明", "本人王**反映一个问题"),
    ("联系人：李四", "name", "李四", "联系人：李*"),
    ("姓名：欧阳娜娜", "name", "欧阳娜娜", "姓名：欧阳**"),
    ("我叫陈思思。", "name", "陈思思", "我叫陈**。"),
    ("反映人刘德华今年七十岁", "name", "刘德华", "反映人刘**今年七十岁"),
    ("联系人 赵四 在家", "name", "赵四", "联系人 赵* 在家"),
    ("经回访反映人王小明表示满意", "name", "王小明", "经回访反映人王**表示满意"),
    ("投诉人陈建国来电称", "name", "陈建国", "投诉人陈**来电称"),
    ("请转告王小明先生", "name", "王小明", "请转告王**先生"),
    ("感谢李明女士的帮助", "name", "李明", "感谢李*女士的帮助"),
    ("感谢王明先生", "name", "王明", "感谢王*先生"),
    # Rooms: the room goes, the building and unit stay (the department still finds the place).
    ("5幢2单元301室楼道灯坏了", "room", "301", "5幢2单元***室楼道灯坏了"),
    ("我住3号楼1202室", "room", "1202", "我住3号楼****室"),
    ("5号楼2单元301室楼道灯坏了", "room", "301", "5号楼2单元***室楼道灯坏了"),
    ("住在3栋2单元501，楼上漏水", "room", "501", "住在3栋2单元***，楼上漏水"),
    ("B座1203室的空调外机", "room", "1203", "B座****室的空调外机"),
    ("３号楼１２０２室", "room", "１２０２", "３号楼****室"),
]


@pytest.mark.parametrize(("text", "kind", "found", "masked"), MUST_MASK)
def test_personal_data_is_found_and_masked(text, kind, found, masked):
    assert kinds(text) == [(kind, found)]
    assert mask_text(text) == masked


@pytest.mark.parametrize(("text", "kind", "found", "masked"), MUST_MASK)
def test_masked_text_is_never_detected_again(text, kind, found, masked):
    assert find_personal_data(masked) == []
    assert mask_text(masked) == masked
    assert mask_text(text) == mask_text(text)  # the same text always gets the same mask


MUST_KEEP = [
    "订单号：4200001234567890，快递一直没到",
    "订单编号202611271234567890",
    "订单号４２０００１２３４５６７８９０",
    "快递单号SF1234567890123",
    "2026年11月27日上午，2026-11-27 08:30",
    "2026.11.27 晚上 21:30 还在施工",
    "二〇二六年十一月二十七日",
    "停车费涨到每小时12元，月卡380.50元，总价12800元",
    "罚款200元，押金1,380元",
    "房价13800元/平方米",
    "坐3路公交，在K101路站台等了40分钟",
    "夜班2路和B1路快线都停运了",
    "打了12345热线，也打了110和96345",
    "12315投诉过，95598也报修过",
    "小区有1380户、5678人",
    "共有1202户居民，300多人签名",
    f"这串数字{INVALID_ID}不是有效的身份证号",
    f"这串数字{spaced(INVALID_ID)}也不是",
    "邮编322000，门牌号88号",
    "面积是138.5平方米",
    "大楼1200平方米，3栋1000元，楼2026-11-27建成",
    "幸福路12号，解放北路138号，人民大道1234号",
    "5号楼2单元楼道灯坏了",
    "3号楼前的路灯，2室1厅，住12层",
    "手机尾号5678的那位",
    "体温36.5度，血压138/90",
    "IP地址192.168.1.100打不开",
    "云Server机房，新Macbook，京东12345",
    "三五成群，一五一十地说",
    # Surnames with an honorific, and words that only look like names.
    "王先生反映，张女士也说，李师傅来过",
    "谢谢李先生，刘阿姨和赵大爷",
    "本人认为，本人多次反映",
    "本人于昨日下午，本人向有关部门反映",
    "本人任职于社区，本人方便时再来",
    "本人张某，联系人王经理",
    "联系人不在家，我叫了物业",
    "王家村的周边居民",
    "热心市民，一位家长",
    "业主张贴的通知",
    "物业经理姓王",
    "高中老师",
    "已电话回访反映人。",
    "回访时反映人表示认可",
    # Text someone has masked already.
    "电话138****5678，身份证330***********1234，张**，5幢2单元***室",
]


@pytest.mark.parametrize("text", MUST_KEEP)
def test_ordinary_text_is_left_alone(text):
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


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("张伟13812345678", "张*138****5678"),
        ("张伟", "张*"),
        ("李明华", "李**"),
        ("欧阳娜娜", "欧阳**"),
        (" 王小明", " 王**"),
        ("王先生", "王先生"),
        ("刘阿姨", "刘阿姨"),
        ("热心市民", "热心市民"),
        ("周边居民", "周边居民"),
        ("一位家长", "一位家长"),
        ("业主代表", "业主代表"),
        ("老王", "老王"),
        ("", ""),
    ],
)
def test_a_public_name_that_is_a_full_name_keeps_only_the_surname(value, masked):
    assert mask_display_name(value) == masked
    assert mask_display_name(masked) == masked


def test_a_kept_finding_is_left_as_written():
    text = "请拨打0571-87654321，或联系13812345678"
    assert mask_text(text, keep={"0571-87654321"}) == "请拨打0571-87654321，或联系138****5678"


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
        title="浙A·D12345长期占用消防通道",
        body=REAL_LOOKING_BODY,
        location="幸福小区5号楼 电话13812345678",
    )
    masked_title = mask_text(issue.submitted_title)
    masked_body = mask_text(issue.submitted_body)
    masked_location = mask_text(issue.submitted_location)

    issue.publish(moderator, masked_title, masked_body, masked_location)

    page = client.get(issue.get_absolute_url()).content.decode()
    wall = client.get("/wall/").content.decode()
    for original in (
        VALID_ID,
        "138-1234-5678",
        "0571-87654321",
        "wang.ming@163.com",
        "浙A·D12345",
        "13812345678",
    ):
        assert original not in page
        assert original not in wall
    for mask in (
        "138-****-5678",
        "0571-******21",
        "w***@163.com",
        "浙A*****45",
        VALID_ID[:3] + "*" * 11 + VALID_ID[-4:],
        "138****5678",
    ):
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
        ("body", "name", "王明", "王*"),
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
        "follow_up",
        "mobile",
        "15957112345",
    )
