"""Forms of the staff screens. Text is cleaned like citizens' text: staff input is escaped too.

Every text field says who will read it: the public, the reporter alone, or staff alone.
"""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.conf import setting
from core.text import cleaned_text
from feedback.models import Department
from feedback.privacy import mask_text, official_findings
from feedback.workflow import REASONS_NEEDING_EXPLANATION, RejectionReason

from .widgets import ISO_DATE, DepartmentChooser, FutureDateInput


def default_due_date():
    return timezone.localdate() + timedelta(days=setting("DEFAULT_DUE_DAYS"))


class FutureDateField(forms.DateField):
    """A due date: today or later (checked here too), read as the ISO date browsers send."""

    widget = FutureDateInput
    input_formats = [ISO_DATE]

    def validate(self, value):
        super().validate(value)
        if value is not None and value < timezone.localdate():
            raise forms.ValidationError(_("The due date must be today or later."))


class PublicTextForm(forms.Form):
    """The text the public will see; prefilled with every detected piece of personal data masked."""

    title = forms.CharField(label=_("Title"), strip=False)
    body = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 10}), strip=False
    )
    location = forms.CharField(label=_("Location"), required=False, strip=False)
    display_name = forms.CharField(
        label=_("Public name of the reporter"),
        required=False,
        strip=False,
        help_text=_("Shown as “Reported by”; empty shows “Anonymous”."),
    )

    def clean_title(self):
        return cleaned_text(self.cleaned_data["title"], 200, _("the title"), multiline=False)

    def clean_body(self):
        return cleaned_text(
            self.cleaned_data["body"], setting("BODY_MAX_LENGTH"), _("the description")
        )

    def clean_location(self):
        return cleaned_text(
            self.cleaned_data["location"], 200, _("the location"), multiline=False, required=False
        )

    def clean_display_name(self):
        return cleaned_text(
            self.cleaned_data["display_name"],
            setting("NAME_MAX_LENGTH"),
            _("the name"),
            multiline=False,
            required=False,
        )


class RejectForm(forms.Form):
    # No reason chosen at first: one click cannot reject.
    reason = forms.ChoiceField(
        label=_("Reason"), choices=[("", _("Choose a reason…")), *RejectionReason.choices]
    )
    note = forms.CharField(
        label=_("Explanation for the reporter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Not public: shown to the reporter alone, on their tracking page."),
    )

    def clean_note(self):
        return cleaned_text(self.cleaned_data["note"], 1000, _("the explanation"), required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") in REASONS_NEEDING_EXPLANATION and not cleaned.get("note"):
            self.add_error(
                "note", _("Explain to the reporter why: “Other” says nothing by itself.")
            )
        return cleaned


class AssignForm(forms.Form):
    departments = forms.ModelMultipleChoiceField(
        label=_("Responsible departments"),
        queryset=Department.objects.filter(is_active=True),
        widget=DepartmentChooser,
    )
    due_date = FutureDateField(label=_("Due date"), initial=default_due_date)


class AddDepartmentForm(forms.Form):
    """A department added to an issue being handled; the others keep it."""

    department = forms.ModelChoiceField(
        label=_("Department to add"),
        queryset=Department.objects.filter(is_active=True),
        empty_label=_("Choose a department…"),
    )
    due_date = FutureDateField(label=_("Its due date"), required=False)


class HandBackForm(forms.Form):
    """A department's "not ours": the issue goes back to the moderators with the reason."""

    reason = forms.CharField(
        label=_("Why is it not your department's?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For the moderators, who assign it again (not public). Name the right "
            "department if you know it."
        ),
    )

    def clean_reason(self):
        return cleaned_text(self.cleaned_data["reason"], 1000, _("the reason"))


class ReopenForm(forms.Form):
    """Reopening a resolved issue: a public reason, and where it goes next."""

    SAME, OTHER = "same", "other"

    reason = forms.CharField(
        label=_("Reason for reopening (public)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The reporter and the public timeline show it."),
    )
    send_to = forms.ChoiceField(label=_("Send it"), widget=forms.RadioSelect, initial=SAME)
    due_date = FutureDateField(
        label=_("New due date"),
        initial=default_due_date,
        required=False,
        help_text=_("For the departments, when it goes back to them."),
    )

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        names = "、".join(str(department) for department in departments)
        self.fields["send_to"].choices = [
            (
                self.SAME,
                _("Back to the same departments: %(names)s") % {"names": names}
                if names
                else _("Back to the same departments"),
            ),
            (self.OTHER, _("To other departments (assign it next)")),
        ]

    def clean_reason(self):
        return cleaned_text(self.cleaned_data["reason"], 1000, _("the reason"))

    def clean(self):
        data = super().clean()
        if (
            data.get("send_to") == self.SAME
            and not data.get("due_date")
            and "due_date" not in self.errors
        ):
            self.add_error("due_date", _("Give the new due date."))
        return data

    @property
    def goes_back(self):
        return self.cleaned_data["send_to"] == self.SAME


class TextForm(forms.Form):
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 5}), strip=False)

    def clean_body(self):
        return cleaned_text(self.cleaned_data["body"], setting("BODY_MAX_LENGTH"), _("the text"))


class InternalNoteForm(TextForm):
    body = forms.CharField(
        label=_("Internal note"),
        widget=forms.Textarea(attrs={"rows": 4}),
        strip=False,
        help_text=_(
            "Internal: seen by moderators and the departments assigned to this issue, "
            "never by the public or the reporter."
        ),
    )


class PublicMessageForm(TextForm):
    """A moderator's text for a follow-up or a correction; prefilled with its data masked."""

    body = forms.CharField(
        label=_("Public text"),
        widget=forms.Textarea(attrs={"rows": 4}),
        strip=False,
        help_text=_("Public: this text appears on the thread page."),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"),
        max_length=500,
        help_text=_("Internal: kept in the issue's history, never shown in public."),
    )

    def clean_reason(self):
        return cleaned_text(self.cleaned_data["reason"], 500, _("the reason"), multiline=False)


class ReviewedPublicTextForm(forms.Form):
    """An official's public text. When it holds personal data, the form comes back once with
    the findings listed and the text masked; the official publishes that, or ticks what must
    stay as written (logged). Whatever is not ticked is masked on the server anyway."""

    text_field = "body"
    original = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)
    keep = forms.MultipleChoiceField(
        label=_("Publish as written (logged)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, service_numbers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.service_numbers = [number for number in service_numbers if number]
        original = self.data.get(self.add_prefix("original"), "") if self.is_bound else ""
        self.in_review = bool(original)
        self.findings = official_findings(original, self.service_numbers)
        if self.findings:
            self.fields["keep"].choices = [
                (finding.text, f"{finding.label}: {finding.text} → {finding.masked}")
                for finding in self.findings
            ]
        else:
            del self.fields["keep"]

    def clean_original(self):
        original = self.cleaned_data["original"]
        return cleaned_text(original, setting("BODY_MAX_LENGTH"), _("the text"), required=False)

    def _clean_public_text(self, value, required):
        limit = setting("BODY_MAX_LENGTH")
        return cleaned_text(value, limit, _("the text"), required=required)

    def needs_review(self):
        """Typed text with personal data that the official has not seen masked yet."""
        typed = self.cleaned_data[self.text_field]
        return not self.in_review and bool(official_findings(typed, self.service_numbers))

    def for_review(self):
        """The same form, bound to the masked text, with the findings to confirm."""
        typed = self.cleaned_data[self.text_field]
        masked = mask_text(typed, official_findings(typed, self.service_numbers))
        data = {self.add_prefix(self.text_field): masked, self.add_prefix("original"): typed}
        return type(self)(data, prefix=self.prefix, service_numbers=self.service_numbers)

    def publication(self):
        """For the model: the text with the ticked findings restored, what to keep, and what
        was first typed."""
        text = self.cleaned_data[self.text_field]
        keep = set(self.cleaned_data.get("keep", ()))
        for finding in self.findings:
            if finding.text in keep:
                text = text.replace(finding.masked, finding.text, 1)
        return {"text": text, "keep": keep, "submitted": self.cleaned_data["original"] or None}


class ReplyForm(ReviewedPublicTextForm):
    body = forms.CharField(
        label=_("Official reply"),
        widget=forms.Textarea(attrs={"rows": 6}),
        strip=False,
        help_text=_(
            "Public: published at once on the thread page, signed with your "
            "department's name. Personal data is masked unless you keep it."
        ),
    )

    field_order = ["body", "keep", "original"]

    def clean_body(self):
        return self._clean_public_text(self.cleaned_data["body"], required=True)


class ResolveForm(ReviewedPublicTextForm):
    text_field = "note"
    note = forms.CharField(
        label=_("Resolution note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        strip=False,
        help_text=_(
            "Public: shown on the thread's public timeline with the resolution. "
            "For staff only, add an internal note instead."
        ),
    )

    def clean_note(self):
        return self._clean_public_text(self.cleaned_data["note"], required=False)

    field_order = ["note", "keep", "original"]
