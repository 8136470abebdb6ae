"""Personal data in public text: detection, masking, and the log of what was masked.

Detected: Chinese mobile numbers (also in full-width digits, with dots or spaces, or read out in
Chinese numerals 一三八…, 〇/零 for 0, 幺 for 1), landlines, 18-digit resident ID numbers
(checksum-verified, also spaced 6-8-4), e-mail addresses, car plates (any letter case), room
numbers (5幢2单元301室: the room is masked, the building and unit stay) and personal names where
the text announces one (see `privacy_names`). Left alone: order numbers, amounts, dates,
times, bus lines, hotlines, street numbers (幸福路12号), counts, IDs with a wrong checksum.

Detection runs on a folded copy of the text (full-width characters made half-width), character
for character, so positions are the same in both; masks replace characters of the original.
Masking is deterministic, and masked text is never detected again. Citizens' and departments'
text is offered masked to the person who vets it; the original stays private, and each mask
that reaches the public is logged (`feedback.models.history.log_redactions`).
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .privacy_names import find_names, surname_length

PROVINCE_ABBREVIATIONS = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"

# Full-width ASCII (U+FF01-FF5E) and the ideographic space, one character for one.
_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: " ", 0x30FB: "·"}
# Phone numbers read out in Chinese numerals: 幺 is 1, 〇 and 零 are 0.
_CHINESE_DIGITS = str.maketrans("〇零幺一二三四五六七八九", "001123456789")

_ID_NUMBER = re.compile(
    r"(?<![0-9A-Za-z])([1-9]\d{5}[ -]?(?:19|20)\d{2}[ -]?(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
    r"[ -]?\d{3}[0-9Xx])(?![0-9A-Za-z])"
)
_MOBILE = re.compile(r"(?<![0-9])((?:\+?86[-\s]?)?1[3-9]\d(?:[-\s.]?\d{4}){2})(?![0-9])")
_LANDLINE = re.compile(
    r"(?<![0-9])((?:\(0\d{2,3}\)|0\d{2,3})[-\s]?[1-9]\d{6,7}(?:-\d{1,4})?)(?![0-9])"
)
_EMAIL = re.compile(r"([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})")
_PLATE_CHAR = "A-HJ-NP-Za-hj-np-z0-9"
_PLATE = re.compile(
    rf"([{PROVINCE_ABBREVIATIONS}][A-HJ-NP-Za-hj-np-z][·\s]?"
    rf"(?:[{_PLATE_CHAR}]{{5,6}}|[{_PLATE_CHAR}]{{4}}[挂学警港澳]))(?![A-Za-z0-9])"
)
# A room: 3-4 digits before 室, or right after the building or unit (3号楼1202, 2单元301),
# unless a unit of measure or a count follows (大楼1200平方米, 3栋1000元).
_ROOM = re.compile(
    r"(?<![0-9])([0-9]{3,4})(?=室)"
    r"|(?:单元|幢|栋|楼|座)-?([0-9]{3,4})"
    r"(?![0-9]|[-:./元米个人户号路次天年月日辆台位块平分秒周岁斤件条层度])"
)

KIND_LABELS = {
    "mobile": _("mobile number"),
    "landline": _("landline number"),
    "id_number": _("resident ID number"),
    "email": _("e-mail address"),
    "plate": _("car plate"),
    "room": _("room number"),
    "name": _("personal name"),
}

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"


def is_valid_resident_id(number):
    """GB 11643 checksum of an 18-digit resident identity number (separators ignored)."""
    number = number.replace(" ", "").replace("-", "")
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARS[total % 11] == number[17].upper()


def folded(text):
    """`text` with full-width characters made half-width; same length, same positions."""
    return (text or "").translate(_FOLD)


def digits_of(value):
    """The digits of a number as written in any of the accepted ways (for comparisons)."""
    return "".join(ch for ch in folded(value).translate(_CHINESE_DIGITS) if ch.isdigit())


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    text: str

    @property
    def masked(self):
        return mask_value(self.kind, self.text)

    @property
    def label(self):
        return KIND_LABELS.get(self.kind, self.kind)


def _hide(value, view, keep_start, keep_end):
    """Star the alphanumeric characters of `value` (as seen in `view`) but the first and last few."""
    positions = [i for i, ch in enumerate(view) if ch.isalnum()]
    hidden = set(positions[keep_start : len(positions) - keep_end])
    return "".join("*" if i in hidden else ch for i, ch in enumerate(value))


def mask_value(kind, value):
    """The public form of one piece of personal data; deterministic."""
    view = folded(value)
    if kind == "mobile":
        view = view.translate(_CHINESE_DIGITS)
        digit_count = sum(ch.isdigit() for ch in view)
        return _hide(value, view, digit_count - 8, 4)  # keep 86 and the 3-digit prefix
    if kind == "landline":
        area_code_length = 3 if view.lstrip("(")[1] in "12" else 4  # 010, 02x are short
        return _hide(value, view, area_code_length, 2)
    if kind == "id_number":
        return _hide(value, view, 3, 4)
    if kind == "email":
        return f"{value[:1]}***{value[view.index('@') :]}"
    if kind == "plate":
        return value[:2] + "*" * (len(value) - 4) + value[-2:]
    if kind == "name":
        keep = surname_length(value)
        return value[:keep] + "*" * (len(value) - keep)
    return "*" * len(value)


def _number_findings(text, view):
    spoken = view.translate(_CHINESE_DIGITS)
    for kind, pattern, source in (
        ("id_number", _ID_NUMBER, view),
        ("email", _EMAIL, view),
        ("mobile", _MOBILE, spoken),
        ("landline", _LANDLINE, view),
        ("plate", _PLATE, view),
    ):
        for match in pattern.finditer(source):
            start, end = match.span(1)
            if kind == "id_number" and not is_valid_resident_id(match.group(1)):
                continue
            if kind == "plate" and sum(ch.isdigit() for ch in match.group(1)) < 3:
                continue  # a serial has at most two letters: 云Server is no plate
            yield Finding(kind, start, end, text[start:end])
    for match in _ROOM.finditer(view):
        group = 1 if match.group(1) else 2
        start, end = match.span(group)
        yield Finding("room", start, end, text[start:end])


def find_personal_data(text, whole_field_is_name=False):
    """All findings in `text`, earliest first, without overlaps (earlier kinds win).

    `whole_field_is_name` is for the reporter's public name: a full name there is masked
    even without a cue word (张伟 → 张*).
    """
    text = text or ""
    view = folded(text)
    findings, taken = [], set()
    candidates = list(_number_findings(text, view)) + [
        Finding("name", start, end, text[start:end])
        for start, end in find_names(view, whole_field=whole_field_is_name)
    ]
    for finding in candidates:
        span = range(finding.start, finding.end)
        if taken.intersection(span):
            continue
        taken.update(span)
        findings.append(finding)
    return sorted(findings, key=lambda f: f.start)


def mask_text(text, findings=None, keep=()):
    """`text` with every finding replaced by its mask, except those whose text is in `keep`."""
    text = text or ""
    findings = find_personal_data(text) if findings is None else findings
    pieces, cursor = [], 0
    for finding in findings:
        if finding.text in keep:
            continue
        pieces.append(text[cursor : finding.start])
        pieces.append(finding.masked)
        cursor = finding.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def official_findings(text, service_numbers=()):
    """Personal data in an official's text; the department's own service lines
    (`service_numbers`) are public numbers, not personal data."""
    service_digits = {digits_of(number) for number in service_numbers if digits_of(number)}
    return [
        finding
        for finding in find_personal_data(text)
        if not (
            finding.kind in ("mobile", "landline") and digits_of(finding.text) in service_digits
        )
    ]


def vet_official_text(text, keep=(), service_numbers=()):
    """An official's text for the public: every finding masked but those the official chose to
    keep (`keep`: finding texts). Returns the public text and the findings kept on purpose."""
    findings = official_findings(text, service_numbers)
    kept = [finding for finding in findings if finding.text in keep]
    return mask_text(text, findings, keep={finding.text for finding in kept}), kept


def mask_display_name(value):
    """The reporter's public name with personal data masked (张伟13812345678 → 张*138****5678)."""
    return mask_text(value, find_personal_data(value, whole_field_is_name=True))
