"""Finding the reporter's issue for a reporter who lost the private tracking link: the case
number plus the phone or e-mail they left. The headers that keep the link private are the public
face's (`wall.private`).
"""

import hmac
import re
import unicodedata

from .case_numbers import normalise_case_number
from .models import Issue

_NOT_DIGITS = re.compile(r"\D")


def normalise_phone(text):
    """Digits only, in the national form: spaces, dashes, dots, brackets, full-width digits and
    a +86 / 0086 country code make no difference (``+86 138-1234-5678`` is ``13812345678``)."""
    compact = unicodedata.normalize("NFKC", text or "").strip()
    international = compact.startswith("+")
    digits = _NOT_DIGITS.sub("", compact)
    if digits.startswith("0086"):
        digits, international = digits[4:], True
    elif digits.startswith("86") and (international or len(digits) == 13):
        digits, international = digits[2:], True
    if international and digits and not digits.startswith("1"):
        digits = "0" + digits  # a landline's area code loses its 0 after +86
    return digits


def normalise_email(text):
    return unicodedata.normalize("NFKC", text or "").strip().lower()


def _same(left, right):
    return bool(left) and hmac.compare_digest(left.encode(), right.encode())


def matches_contact(issue, contact):
    """Whether `contact` is the phone number or the e-mail address given with `issue`."""
    if "@" in contact:
        return _same(normalise_email(issue.contact_email), normalise_email(contact))
    return _same(normalise_phone(issue.contact_phone), normalise_phone(contact))


def find_reporter_issue(case_number, contact):
    """The issue with this case number when `contact` is its reporter's phone or e-mail, else
    None: the caller cannot tell a wrong pair from a case number that does not exist."""
    number = normalise_case_number(case_number)
    issue = Issue.objects.filter(case_number=number).first() if number else None
    if issue is None or not matches_contact(issue, contact):
        return None
    return issue
