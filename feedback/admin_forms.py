"""Forms of the staff screens. Text is cleaned like citizens' text: staff input is escaped too."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .forms import cleaned_text
from .models import Department
from .workflow import RejectionReason


def default_due_date():
    return timezone.localdate() + timedelta(days=settings.ECHOWALL["DEFAULT_DUE_DAYS"])


class PublicTextForm(forms.Form):
    """The text the public will see; prefilled with every detected piece of personal data masked."""

    title = forms.CharField(label=_("Title"), strip=False)
    body = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 10}), strip=False)
    location = forms.CharField(label=_("Location"), required=False, strip=False)

    def clean_title(self):
        return cleaned_text(self.cleaned_data["title"], 200, _("the title"), multiline=False)

    def clean_body(self):
        return cleaned_text(self.cleaned_data["body"], settings.ECHOWALL["BODY_MAX_LENGTH"], _("the description"))

    def clean_location(self):
        return cleaned_text(self.cleaned_data["location"], 200, _("the location"), multiline=False, required=False)


class RejectForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=RejectionReason.choices)
    note = forms.CharField(label=_("Explanation for the reporter"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_note(self):
        return cleaned_text(self.cleaned_data["note"], 1000, _("the explanation"), required=False)


class AssignForm(forms.Form):
    departments = forms.ModelMultipleChoiceField(
        label=_("Responsible departments"), queryset=Department.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
    )
    due_date = forms.DateField(
        label=_("Due date"), initial=default_due_date, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due < timezone.localdate():
            raise forms.ValidationError(_("The due date must be today or later."))
        return due


class TextForm(forms.Form):
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 5}), strip=False)

    def clean_body(self):
        return cleaned_text(self.cleaned_data["body"], settings.ECHOWALL["BODY_MAX_LENGTH"], _("the text"))


class OptionalNoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_note(self):
        return cleaned_text(self.cleaned_data["note"], 2000, _("the note"), required=False)
