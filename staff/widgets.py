"""Widgets of the staff forms: ISO date inputs and the department chooser."""

from django import forms
from django.utils import timezone

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
        return super().get_context(
            name, value, {**(attrs or {}), "min": timezone.localdate().isoformat()}
        )


class DepartmentChooser(forms.CheckboxSelectMultiple):
    """Plain checkboxes, plus (with JavaScript) a box that narrows them by name or short name
    as one types; chosen departments always stay visible. See js/department-chooser.js."""

    template_name = "staff/widgets/department_chooser.html"

    class Media:
        js = ["js/department-chooser.js"]

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        department = getattr(value, "instance", None)
        if department is not None:
            words = [department.name, department.short_name]
            option["attrs"]["data-search"] = " ".join(word for word in words if word)
        return option
