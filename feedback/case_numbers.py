"""The case number (受理编号) a reporter quotes on the phone: ``YYYYMMDD-NNNN``.

The date is the day the issue was received, in the city's time zone; ``NNNN`` counts that day's
issues from 0001 in the order they were received (a fifth digit appears after 9999 in one day).
Like a 12345 hotline's number it is easy to read out and to type, and it is not a secret: it
never opens the private tracking page by itself (see `feedback.tracking`).

A leaf module: it knows the format, not the models.
"""

import re
import unicodedata

from django.utils import timezone

SEQUENCE_DIGITS = 4
# What people type: full-width digits, spaces, a missing or different dash, "No." prefixes.
_TYPED = re.compile(r"^\D*(\d{8})\D*(\d{1,6})\D*$")


def day_prefix(moment):
    """``"20261202-"`` for an aware datetime, on the city's calendar."""
    return f"{timezone.localtime(moment):%Y%m%d}-"


def format_case_number(moment, sequence):
    return f"{day_prefix(moment)}{sequence:0{SEQUENCE_DIGITS}d}"


def sequence_of(case_number):
    return int(case_number.rsplit("-", 1)[1])


def normalise_case_number(text):
    """The canonical form of a typed case number, or "" when it cannot be one.

    ``"２０２６１２０２－０００７"``, ``"20261202 7"`` and ``"202612020007"`` all give
    ``"20261202-0007"``.
    """
    compact = unicodedata.normalize("NFKC", text or "").strip()
    match = _TYPED.match(compact)
    if not match or int(match.group(2)) == 0:
        return ""
    day, sequence = match.groups()
    return f"{day}-{int(sequence):0{SEQUENCE_DIGITS}d}"
