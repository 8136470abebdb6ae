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


ISO_DATE = "%Y-%m-%d"


class IsoDateInput(forms.DateInput):
    """``<input type="date">`` holds ISO dates only (it shows them in the browser's language):
    the localised format (zh-hans: 2026/12/12) would leave it empty."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=ISO_DATE)


class FutureDateInput(IsoDateInput):
    """The date picker greys out the past (today as of rendering, not as of start-up)."""

    def get_context(self, name, value, attrs):
        return super().get_context(name, value, {**(attrs or {}), "min": timezone.localdate().isoformat()})


class FutureDateField(forms.DateField):
    """A due date: today or later (checked here too), read as the ISO date browsers send."""

    widget = FutureDateInput
    input_formats = [ISO_DATE]

    def validate(self, value):
        super().validate(value)
        if value is not None and value < timezone.localdate():
            raise forms.ValidationError(_("The due date must be today or later."))


class DepartmentChooser(forms.CheckboxSelectMultiple):
    """Plain checkboxes, plus (with JavaScript) a box that narrows them by name or short name
    as one types; chosen departments always stay visible. See js/department-chooser.js."""

    template_name = "feedback/admin/widgets/department_chooser.html"

    class Media:
        js = ["js/department-chooser.js"]

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        department = getattr(value, "instance", None)
        if department is not None:
            words = [department.name, department.short_name]
            option["attrs"]["data-search"] = " ".join(word for word in words if word)
        return option


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
        widget=DepartmentChooser,
    )
    due_date = FutureDateField(label=_("Due date"), initial=default_due_date)


class ReopenForm(forms.Form):
    """Reopening a resolved issue: a public reason, and where it goes next."""

    SAME, OTHER = "same", "other"

    reason = forms.CharField(
        label=_("Reason for reopening (public)"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The reporter and the public timeline show it."),
    )
    send_to = forms.ChoiceField(label=_("Send it"), widget=forms.RadioSelect, initial=SAME)
    due_date = FutureDateField(
        label=_("New due date"), initial=default_due_date, required=False,
        help_text=_("For the departments, when it goes back to them."),
    )

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        names = "、".join(str(department) for department in departments)
        self.fields["send_to"].choices = [
            (self.SAME, _("Back to the same departments: %(names)s") % {"names": names}
             if names else _("Back to the same departments")),
            (self.OTHER, _("To other departments (assign it next)")),
        ]

    def clean_reason(self):
        return cleaned_text(self.cleaned_data["reason"], 1000, _("the reason"))

    def clean(self):
        data = super().clean()
        if data.get("send_to") == self.SAME and not data.get("due_date") and "due_date" not in self.errors:
            self.add_error("due_date", _("Give the new due date."))
        return data

    @property
    def goes_back(self):
        return self.cleaned_data["send_to"] == self.SAME


class TextForm(forms.Form):
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 5}), strip=False)

    def clean_body(self):
        return cleaned_text(self.cleaned_data["body"], settings.ECHOWALL["BODY_MAX_LENGTH"], _("the text"))


class OptionalNoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_note(self):
        return cleaned_text(self.cleaned_data["note"], 2000, _("the note"), required=False)
