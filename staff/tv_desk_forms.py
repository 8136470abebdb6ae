"""The TV desk's forms (行风视线): pin or exclude a thread, mark a department to be questioned,
revoke a decision. They only read what was typed; whether the decision may be taken (a public
thread, a desk user) is `reporting.desk_decisions`' business.

A thread is named the way an editor has it at hand: its public number (`123`, `#123`, the public
address `…/wall/123/`) or the case number the reporter quotes (`20261202-0007`, typed any way
`feedback.case_numbers` accepts).
"""

import re
import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import cleaned_text
from feedback.case_numbers import normalise_case_number
from feedback.models import Department, Issue

NOTE_LENGTH = 500
# "123", "#123", "No. 123", or a public address ending in /wall/123/ (a case number is longer).
THREAD_NUMBER = re.compile(r"^(?:#|no\.?\s*)?(\d{1,8})$", re.IGNORECASE)
THREAD_ADDRESS = re.compile(r"/wall/(\d{1,12})/?(?:[?#].*)?$")


def _compact(text):
    return unicodedata.normalize("NFKC", text or "").strip()


def _thread_number(compact):
    match = THREAD_NUMBER.match(compact) or THREAD_ADDRESS.search(compact)
    return int(match[1]) if match else None


def looks_like_a_thread(text):
    compact = _compact(text)
    return _thread_number(compact) is not None or bool(normalise_case_number(compact))


def find_thread(text):
    """The issue `text` names (thread number, public address or case number), or None."""
    compact = _compact(text)
    number = _thread_number(compact)
    if number is not None:
        return Issue.objects.filter(pk=number).first()
    case_number = normalise_case_number(compact)
    return Issue.objects.filter(case_number=case_number).first() if case_number else None


def note_field():
    return forms.CharField(
        label=_("Note for the editors"),
        required=False,
        # The length is `clean_note`'s to check (on the cleaned text, with a clear message).
        widget=forms.TextInput(attrs={"maxlength": NOTE_LENGTH, "size": 40}),
    )


def clean_note(value):
    return cleaned_text(value, NOTE_LENGTH, _("the note"), multiline=False, required=False)


class ThreadDecisionForm(forms.Form):
    """Pin or exclude one thread for the week, with a note for the other editors."""

    thread = forms.CharField(
        label=_("Thread"),
        max_length=200,
        help_text=_("Its number on the wall (as in /wall/123/) or its case number."),
    )
    note = note_field()

    def clean_thread(self):
        text = self.cleaned_data["thread"]
        if not looks_like_a_thread(text):
            raise forms.ValidationError(
                _(
                    "Type the thread's number on the wall (e.g. 123) or its case number "
                    "(e.g. 20261202-0007)."
                )
            )
        issue = find_thread(text)
        if issue is None:
            raise forms.ValidationError(_("No thread has this number."))
        return issue

    def clean_note(self):
        return clean_note(self.cleaned_data["note"])


class QuestionForm(forms.Form):
    """Mark a department to be questioned on air this week."""

    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.filter(is_active=True),
        empty_label=_("Choose a department"),
        error_messages={"invalid_choice": _("Choose one of the departments listed.")},
    )
    note = note_field()

    def clean_note(self):
        return clean_note(self.cleaned_data["note"])


class RevokeForm(forms.Form):
    decision = forms.IntegerField(min_value=1)
