"""Personal data in citizens' text: detection, masking, and the log of what was masked.

Detected: Chinese mobile numbers, landlines, 18-digit resident ID numbers (checksum-verified),
e-mail addresses and car plates. Moderators are offered the masks; the original stays private.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

PROVINCE_ABBREVIATIONS = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"

_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])([1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx])(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9])((?:\+?86[-\s]?)?1[3-9]\d(?:[-\s]?\d{4}){2})(?![0-9])")
_LANDLINE = re.compile(r"(?<![0-9])((?:\(0\d{2,3}\)|0\d{2,3})[-\s]?[1-9]\d{6,7}(?:-\d{1,4})?)(?![0-9])")
_EMAIL = re.compile(r"([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})")
_PLATE = re.compile(
    rf"([{PROVINCE_ABBREVIATIONS}][A-HJ-NP-Z][·\s]?(?:[A-HJ-NP-Z0-9]{{5,6}}|[A-HJ-NP-Z0-9]{{4}}[挂学警港澳]))(?![A-Za-z0-9])"
)

KIND_LABELS = {
    "mobile": _("mobile number"),
    "landline": _("landline number"),
    "id_number": _("resident ID number"),
    "email": _("e-mail address"),
    "plate": _("car plate"),
}

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"


def is_valid_resident_id(number):
    """GB 11643 checksum of an 18-digit resident identity number."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARS[total % 11] == number[17].upper()


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


def _digits_masked(value, keep_start, keep_end):
    digits = [i for i, ch in enumerate(value) if ch.isalnum()]
    hidden = set(digits[keep_start : len(digits) - keep_end])
    return "".join("*" if i in hidden else ch for i, ch in enumerate(value))


def mask_value(kind, value):
    if kind == "mobile":
        digit_count = sum(ch.isdigit() for ch in value)
        return _digits_masked(value, digit_count - 8, 4)  # keep 86 and the 3-digit prefix
    if kind == "landline":
        area_code_length = 3 if value.lstrip("(")[1] in "12" else 4  # 010, 02x are short
        return _digits_masked(value, area_code_length, 2)
    if kind == "id_number":
        return value[:3] + "*" * 11 + value[-4:]
    if kind == "email":
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@{domain}"
    if kind == "plate":
        return value[:2] + "*" * (len(value) - 4) + value[-2:]
    return "*" * len(value)


def find_personal_data(text):
    """All findings in `text`, earliest first, without overlaps (ID numbers win over phones)."""
    findings = []
    taken = set()
    for kind, pattern in (
        ("id_number", _ID_NUMBER),
        ("email", _EMAIL),
        ("mobile", _MOBILE),
        ("landline", _LANDLINE),
        ("plate", _PLATE),
    ):
        for match in pattern.finditer(text or ""):
            span = range(match.start(1), match.end(1))
            if taken.intersection(span):
                continue
            if kind == "id_number" and not is_valid_resident_id(match.group(1)):
                continue
            taken.update(span)
            findings.append(Finding(kind, match.start(1), match.end(1), match.group(1)))
    return sorted(findings, key=lambda f: f.start)


def mask_text(text, findings=None):
    """`text` with every finding replaced by its mask."""
    findings = find_personal_data(text) if findings is None else findings
    pieces, cursor = [], 0
    for finding in findings:
        pieces.append(text[cursor : finding.start])
        pieces.append(finding.masked)
        cursor = finding.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def log_redactions(issue, moderator, field, original, public, message=None):
    """Record each piece of personal data in `original` that no longer appears in `public`."""
    from .models import Redaction

    redactions = [
        Redaction(
            issue=issue, message=message, field=field, kind=finding.kind,
            original=finding.text, replacement=finding.masked, moderator=moderator,
        )
        for finding in find_personal_data(original)
        if finding.text not in (public or "")
    ]
    Redaction.objects.bulk_create(redactions)
    return redactions
