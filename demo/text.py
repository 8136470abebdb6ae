"""Text generators for the demo: citizens' posts and follow-ups, departments' replies, moderators'
and staff members' notes, and fake but well-formed personal data (mobile numbers, resident ID
numbers with a valid checksum, car plates) for the masking step of moderation.

Every generator takes a `random.Random`, so a given seed always builds the same demo.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

from demo.tables import DISPLAY_NAMES, EMAIL_DOMAINS, SURNAMES
from demo.topics import REJECTED_POSTS
from feedback.privacy import is_valid_resident_id

# How a reporter may begin, before the case itself.
OPENERS = (
    "",
    "",
    "",
    "",
    "我是{estate}的住户。",
    "我住在{district}。",
    "反映一个问题：",
    "各位领导好！",
    "向有关部门反映一下，",
)
# Sentences a reporter adds before the closing request.
EXTRAS = (
    "已经向物业和社区反映过多次，一直没有结果。",
    "希望这次不要再拖了。",
    "附近很多居民都有同感，大家在业主群里讨论了很久。",
    "这个问题去年也反映过，当时说会处理，后来不了了之。",
    "打过12345，说会转给相关部门，到现在也没人来看。",
    "周边住了几千户人家，影响面很大。",
    "",
    "",
)
ASKS = (
    "恳请有关部门尽快处理。",
    "希望相关部门能来现场看一看。",
    "请问这件事到底归哪个部门管？",
    "盼复，谢谢！",
    "希望早日解决，谢谢回音壁。",
    "",
)

FOLLOW_UPS_WAITING = (
    "补充一下：今天早上又是这样，情况比发帖时更严重了。",
    "已经过去一个星期了，还没有单位联系我，请问办到哪一步了？",
    "今天又去看了一次，还是老样子，希望尽快处理。",
)
FOLLOW_UPS_THANKS = (
    "谢谢回复！今天路过看到已经处理好了，效率很高，点赞。",
    "收到，感谢{short}的同志，周末还专门来现场看过。",
    "问题已经解决了，谢谢回音壁，谢谢各位工作人员！",
    "处理结果满意，希望以后能保持下去。",
)
FOLLOW_UPS_UNHAPPY = (
    "回复里说已经处理好了，可我今天去看还是老样子。",
    "只是临时处理了一下，没过几天又恢复原样了。",
    "答复写得很好，但实际没有任何变化，希望不要只停留在纸面上。",
)
REOPEN_NOTES_REPORTER = (
    "问题没有解决，又出现了，请继续处理。",
    "整改只维持了几天，现在和原来一样。",
    "答复说已办结，但现场并没有变化。",
)
REOPEN_NOTES_MODERATOR = (
    "电话回访时反映人表示问题仍未解决，退回重新办理。",
    "现场复核发现整改未到位，退回责任单位。",
)
CONTACT_SENTENCES = (
    "我的电话是{mobile}，欢迎随时联系我去现场看。",
    "如需核实，请打我手机{mobile}。",
    "有问题可以联系我：{mobile}（白天都在）。",
)
ID_SENTENCES = (
    "我是{estate}业主，身份证号{id_number}，可以核实。",
    "本人身份证号码：{id_number}，所反映情况保证属实。",
)
PLATE_SENTENCES = (
    "其中一辆车牌号{plate}的汽车天天停在这里。",
    "车牌{plate}的车已经在消防通道上停了一个星期。",
)
NOTES = (
    "已电话联系反映人，约定{weekday}上午现场查看。",
    "反映人此前通过12345反映过同一问题，已并案办理。",
    "现场照片和整改台账已存档备查。",
    "已报分管领导，列入本周督办事项。",
    "涉及其他单位职责的部分已电话协调，拟联合处理。",
    "反映人情绪较激动，答复时注意说明办理进度。",
)
MODERATOR_NOTES = (
    "同类问题近一个月已收到4件，建议列入典型问题分析。",
    "已提醒责任单位注意办理时限。",
    "反映人电话核实身份无误。",
)
RESOLUTION_NOTES = (
    "问题已整改到位，已电话回访反映人。",
    "已按答复内容处理完毕，纳入日常巡查。",
    "经复查，整改措施已落实。",
    "已办结，回访时反映人表示认可。",
    "处理完毕，相关台账已归档。",
)
HIDDEN_REASONS = (
    "反映人申请撤回，暂停公开。",
    "内容涉及他人隐私，暂时隐藏待核实。",
    "相关事项已进入司法程序，暂不公开。",
)
CLOSINGS = (
    "感谢您对我们工作的监督和支持！",
    "感谢您的监督。如有疑问，请拨打{phone}咨询。",
    "欢迎继续监督。",
    "给您带来的不便，敬请谅解。感谢您的理解与支持！",
)
OPENINGS = (
    "您好！您反映的{summary}问题已收悉。",
    "您好，您反映的{summary}问题{we}已收悉，现答复如下：",
    "您好，关于您反映的{summary}问题，{we}高度重视，现答复如下：",
)
CO_ACTIONS = (
    "对涉及{we}职责的部分已督促整改到位。",
    "{we}将在职责范围内加强日常监管，防止问题反弹。",
    "{we}已安排专人配合做好后续工作。",
)
GENERIC_INTERIM = "目前正在抓紧处理，预计{plan}前办结，届时再作答复。"
# Answers after a reopen: a second visit, not the first answer again.
REVISIT_OPENINGS = (
    "您好，针对您再次反映的{summary}问题，{we}于{done}再次到现场复核。",
    "您好，您反映的{summary}问题办结后仍有反复，{we}对此高度重视，于{done}组织了复查。",
)
REVISIT_FINDINGS = (
    "经复核，前期整改后问题有所反弹，情况属实。",
    "经复查，前期处理不够彻底，部分问题仍然存在，我们向您致歉。",
)
REVISIT_ACTIONS = (
    "已责成相关责任人重新整改，并建立长效巡查机制，每周复查一次，{plan}前组织“回头看”。",
    "已于{done}再次组织整改，并安排专人每日巡查，确保问题不再反弹。",
)
REVISIT_INTERIM = "已将此件列为重点督办件，由分管领导牵头，整改情况将在{plan}前再作答复。"

WEEKDAYS = ("周一", "周二", "周三", "周四", "周五")
MOBILE_PREFIXES = (
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "153",
    "157",
    "158",
    "159",
    "177",
    "180",
    "182",
    "183",
    "187",
    "188",
    "189",
    "199",
)
ID_AREAS = ("330781", "330782", "330783", "330784", "330702", "330703")
PLATE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
EMAIL_NAMES = (
    "zhangwei",
    "lihua",
    "wangfang",
    "chenjing",
    "liuyang",
    "zhaolei",
    "sunli",
    "zhoumin",
    "wuhao",
    "xuting",
    "hz.lily",
    "taoyuan",
    "baisha.lao",
    "xiaoming.chen",
    "jiangbin",
)

_OURSELVES = re.compile(r"我(局|大队|公司|中心|办|台)")


def day_label(moment):
    return f"{moment.month}月{moment.day}日"


def we_for(department):
    """How a department says "we" in its replies: 我局, 我公司, 我中心…"""
    name = department.name.split("（")[0]
    for ending, word in (
        ("大队", "我大队"),
        ("公司", "我公司"),
        ("集团", "我公司"),
        ("中心", "我中心"),
        ("办公室", "我办"),
        ("办", "我办"),
        ("台", "我台"),
        ("委", "我委"),
        ("部", "我部"),
    ):
        if name.endswith(ending):
            return word
    return "我局"


def fake_mobile(rng):
    return rng.choice(MOBILE_PREFIXES) + "".join(rng.choice("0123456789") for _ in range(8))


def fake_resident_id(rng):
    """An 18-digit resident ID number for a made-up person, with a valid GB 11643 checksum."""
    year = rng.randint(1950, 2002)
    body = f"{rng.choice(ID_AREAS)}{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    body += f"{rng.randint(0, 999):03d}"
    for check in "0123456789X":
        if is_valid_resident_id(body + check):
            return body + check
    raise AssertionError("no checksum character fits")  # unreachable: one always fits


def fake_plate(rng):
    while True:
        tail = "".join(rng.choice(PLATE_CHARS) for _ in range(5))
        if any(ch.isdigit() for ch in tail):
            return f"浙G·{tail}"


def fake_email(rng):
    return f"{rng.choice(EMAIL_NAMES)}{rng.randint(1, 999)}@{rng.choice(EMAIL_DOMAINS)}"


@dataclass
class Place:
    """Where one issue happens; the same place is used by the post and the answers."""

    district: object  # DistrictRow
    estate: str
    road: str
    road2: str
    building: str
    bus: str

    def context(self):
        return {
            "district": self.district.name,
            "estate": self.estate,
            "road": self.road,
            "road2": self.road2,
            "building": self.building,
            "school": self.district.school,
            "clinic": self.district.clinic,
            "market": self.district.market,
            "bus": self.bus,
        }


def is_village(estate):
    return estate.endswith("村") and not estate.endswith("新村")


def pick_place(rng, district, bus_lines, rural=False):
    """A place in `district`: villages for rural matters, residential compounds otherwise."""
    road, road2 = rng.sample(district.roads, 2)
    estates = [e for e in district.estates if is_village(e) == rural] or list(district.estates)
    return Place(
        district=district,
        estate=rng.choice(estates),
        road=road,
        road2=road2,
        building=f"{rng.randint(1, 28)}幢",
        bus=rng.choice(bus_lines),
    )


def fill(template, context):
    return template.format_map(context)


@dataclass
class Post:
    title: str
    body: str
    location: str
    display_name: str
    contact_phone: str
    contact_email: str


def issue_post(rng, topic, variant, place, when, personal_data=None):
    """A citizen's post on `topic` (its `variant`-th case); `personal_data` is None, "mobile",
    "id_number" or "plate"."""
    context = place.context() | {
        "months": rng.choice(("两", "三", "四", "五", "六")),
        "days": rng.randint(3, 20),
        "hour": rng.choice((7, 8, 9, 10)),
        "done_day": rng.choice(("昨天", "前天", "上周三", "上周五", day_label(when))),
    }
    titles = topic.titles[variant]
    title = fill(rng.choice(titles) if isinstance(titles, tuple) else titles, context)
    body = fill(rng.choice(OPENERS), context) + fill(topic.bodies[variant], context)
    extra, ask = rng.choice(EXTRAS), rng.choice(ASKS)
    if personal_data == "mobile":
        ask = fill(rng.choice(CONTACT_SENTENCES), {"mobile": fake_mobile(rng)}) + ask
    elif personal_data == "id_number":
        ask = fill(rng.choice(ID_SENTENCES), {"id_number": fake_resident_id(rng), **context}) + ask
    elif personal_data == "plate":
        extra = fill(rng.choice(PLATE_SENTENCES), {"plate": fake_plate(rng)}) + extra
    body = "".join(part for part in (body, extra, ask) if part)
    if "{road}" in topic.bodies[variant]:
        location = rng.choice((place.road, f"{place.road}与{place.road2}交叉口"))
    else:
        location = rng.choice((f"{place.estate}{place.building}", place.estate))
    return Post(
        title=title[:60],
        body=body,
        location=location,
        display_name=rng.choice(DISPLAY_NAMES),
        contact_phone=fake_mobile(rng) if rng.random() < 0.75 else "",
        contact_email=fake_email(rng) if rng.random() < 0.3 else "",
    )


def rejected_post(rng, reason, place):
    title, body = rng.choice(REJECTED_POSTS[reason])
    context = place.context()
    if reason == "advertising":
        body += f"联系电话{fake_mobile(rng)}。"
    return Post(
        title=fill(title, context),
        body=fill(body, context),
        location="",
        display_name=rng.choice(DISPLAY_NAMES),
        contact_phone="",
        contact_email="" if rng.random() < 0.8 else fake_email(rng),
    )


def _answer_context(rng, topic, place, department, when, plan_days):
    done = when - timedelta(days=rng.choice((0, 0, 1, 1, 2, 3)))
    plan = when + timedelta(days=plan_days)
    context = place.context() | {
        "done": day_label(done),
        "plan": day_label(plan),
        "we": we_for(department),
        "phone": department.phone,
        "short": department.short_name or department.name,
    }
    context["summary"] = fill(topic.summary, context)
    return context


def _ourselves(text, department):
    return _OURSELVES.sub(we_for(department), text)


def reply_text(rng, topic, variant, place, department, when, final=True, lead=None, revisit=False):
    """An official reply; `final` gives the outcome, otherwise an interim answer with a date;
    `lead` (another department) makes it a supporting department's reply; `revisit` is an
    answer after the issue was reopened."""
    context = _answer_context(rng, topic, place, department, when, rng.randint(7, 40))
    opening = fill(rng.choice(REVISIT_OPENINGS if revisit else OPENINGS), context)
    closing = fill(rng.choice(CLOSINGS), context)
    if revisit:
        outcome = rng.choice(REVISIT_ACTIONS) if final else REVISIT_INTERIM
        middle = rng.choice(REVISIT_FINDINGS) + fill(outcome, context)
    elif lead is not None:
        middle = (
            f"该问题由{lead.short_name or lead.name}牵头办理，{context['we']}积极配合，"
            f"于{context['done']}派员参加了现场联合检查。" + fill(rng.choice(CO_ACTIONS), context)
        )
    else:
        finding = _ourselves(fill(topic.findings[variant], context), department)
        if final:
            outcome = fill(topic.actions[variant], context)
        else:
            outcome = fill(topic.interims.get(variant, GENERIC_INTERIM), context)
        middle = finding + _ourselves(outcome, department)
    return opening + middle + closing


def follow_up_text(rng, mood, department=None, personal_data=False):
    pool = {
        "waiting": FOLLOW_UPS_WAITING,
        "thanks": FOLLOW_UPS_THANKS,
        "unhappy": FOLLOW_UPS_UNHAPPY,
    }[mood]
    text = fill(rng.choice(pool), {"short": department.short_name if department else "相关部门"})
    if personal_data:
        text += fill(rng.choice(CONTACT_SENTENCES), {"mobile": fake_mobile(rng)})
    return text


def note_text(rng, moderator=False):
    return fill(
        rng.choice(MODERATOR_NOTES if moderator else NOTES), {"weekday": rng.choice(WEEKDAYS)}
    )


def reopen_note(rng, by_reporter):
    return rng.choice(REOPEN_NOTES_REPORTER if by_reporter else REOPEN_NOTES_MODERATOR)


def resolution_note(rng):
    return rng.choice(RESOLUTION_NOTES)


def hidden_reason(rng):
    return rng.choice(HIDDEN_REASONS)


def staff_name(rng):
    return rng.choice(SURNAMES)
