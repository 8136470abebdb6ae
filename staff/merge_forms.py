"""Forms of 并单 on the issue desk: merge into a thread (offered, or typed by its number), undo.

The reason is required and kept for the audit (`IssueMerge`); it is read by staff alone.
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import cleaned_text
from feedback.models import Issue

REASON_LIMIT = 1000
CASE_NUMBER = re.compile(r"^\d{8}-\d{4,}$")
THREAD_NUMBER = re.compile(r"^#?\s*(\d{1,12})$")


def merge_prefix(target_pk):
    return f"merge-{target_pk}"


def unmerge_prefix(report_pk):
    return f"unmerge-{report_pk}"


class MergeForm(forms.Form):
    """Merge this report into the thread offered (its id travels outside the prefix)."""

    reason = forms.CharField(
        label=_("Why is it the same problem?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For the audit of the merge (not public)."),
    )
    allow_other_district = forms.BooleanField(
        label=_("The thread is in another district: merge anyway"), required=False
    )

    def clean_reason(self):
        return cleaned_text(self.cleaned_data["reason"], REASON_LIMIT, _("the reason"))


class MergeByNumberForm(MergeForm):
    """Merge this report into a thread found by hand: its number (#123) or its case number."""

    number = forms.CharField(
        label=_("Thread number or case number"),
        max_length=40,
        help_text=_("The number of the public thread (e.g. 123) or its case number."),
    )
    field_order = ["number", "reason", "allow_other_district"]

    def clean_number(self):
        typed = "".join(self.cleaned_data["number"].split())
        if CASE_NUMBER.match(typed):
            target = Issue.objects.filter(case_number=typed).first()
        elif match := THREAD_NUMBER.match(typed):
            target = Issue.objects.filter(pk=int(match.group(1))).first()
        else:
            raise forms.ValidationError(
                _("Type a thread number (e.g. 123) or a case number (e.g. 20261202-0007).")
            )
        if target is None:
            raise forms.ValidationError(_("No thread has this number or case number."))
        self.target = target
        return typed


class UnmergeForm(forms.Form):
    """Undo the merge of one report of the group (its id travels outside the prefix)."""

    reason = forms.CharField(
        label=_("Why undo the merge?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For the audit of the merge (not public)."),
    )

    def clean_reason(self):
        return cleaned_text(self.cleaned_data["reason"], REASON_LIMIT, _("the reason"))
