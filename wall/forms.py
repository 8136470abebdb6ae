"""Public forms. Every text field is cleaned to plain text and checked after cleaning, so that a
post made only of markup is refused with a message instead of being saved empty.

Costly work comes last: text far over its limit is refused before it is cleaned, and photos are
decoded only once every other field, the captcha included, is valid."""

import re

from captcha.fields import CaptchaField
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.conf import setting
from core.photos import check_photo, clean_photo
from core.text import clean_plain_text, cleaned_text
from feedback.case_numbers import normalise_case_number
from feedback.models import Category, District

# Longer than any phone number with spaces and an extension: refused before cleaning.
PHONE_RAW_LIMIT = 40
PHONE_PATTERN = re.compile(r"^(?:\+?86[-\s]?)?(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,4})?)$")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to MAX_PHOTOS uploads, checked from their headers only (format, size, pixel count).

    Returns the uploads; the form decodes them with `decode_photos` once everything else passed.
    """

    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})

    def clean(self, data, initial=None):
        uploads = (
            [item for item in (data or []) if item]
            if isinstance(data, list | tuple)
            else ([data] if data else [])
        )
        limit = setting("MAX_PHOTOS")
        if len(uploads) > limit:
            raise ValidationError(_("At most %(limit)d photos, please.") % {"limit": limit})
        errors = []
        for upload in uploads:
            try:
                check_photo(upload)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return uploads


class PhotosFormMixin(forms.Form):
    """Decodes and re-encodes the photos in `clean()`, only when no other field has an error: a
    post with a wrong captcha or a missing title costs no image decoding (and browsers do not
    resend chosen files with a corrected form anyway)."""

    def clean(self):
        cleaned = super().clean()
        uploads = cleaned.get("photos") or []
        if self.errors or not uploads:
            cleaned["photos"] = []
            return cleaned
        errors, photos = [], []
        for upload in uploads:
            try:
                photos.append(clean_photo(upload))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            self.add_error("photos", errors)
        cleaned["photos"] = photos
        return cleaned


def verification_code_field(**kwargs):
    """The captcha, in our words: django-simple-captcha's own message says 认证码 in Chinese
    while the field is labelled 验证码."""
    return CaptchaField(
        label=_("Verification code"),
        error_messages={"invalid": _("Wrong verification code: type the characters shown.")},
        **kwargs,
    )


def limit_box(field, limit):
    """A box that takes no more than the server accepts (`limit`, characters after cleaning);
    a long text box also counts them as one types (js/char-counter.js)."""
    field.widget.attrs["maxlength"] = limit
    if isinstance(field.widget, forms.Textarea):
        field.widget.attrs["data-counter"] = _("%(used)s of %(limit)s characters")


class TextLimitsMixin(forms.Form):
    """Sets `limit_box` on the fields of `text_limits` ({field: ECHOWALL setting of its limit})."""

    text_limits = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, limit in self.text_limits.items():
            limit_box(self.fields[name], setting(limit))


class HoneypotMixin(forms.Form):
    # Hidden from people by CSS; bots fill every field.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def clean_website(self):
        if self.cleaned_data.get("website"):
            # A form-wide error: the field itself is hidden, so an error beside it is never seen
            # (and browsers' autofill can fill it for a real person).
            self.add_error(None, _("This submission looks automated."))
        return ""


class IssueSubmitForm(TextLimitsMixin, PhotosFormMixin, HoneypotMixin):
    text_limits = {
        "title": "TITLE_MAX_LENGTH",
        "body": "BODY_MAX_LENGTH",
        "location": "LOCATION_MAX_LENGTH",
        "display_name": "NAME_MAX_LENGTH",
    }
    title = forms.CharField(label=_("Title"), strip=False)
    body = forms.CharField(
        label=_("Describe the problem"), widget=forms.Textarea(attrs={"rows": 8}), strip=False
    )
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.all())
    district = forms.ModelChoiceField(label=_("District"), queryset=District.objects.all())
    location = forms.CharField(
        label=_("Where (street, residential compound, landmark)"), required=False
    )
    display_name = forms.CharField(
        label=_("Name shown in public"),
        required=False,
        help_text=_("Leave empty to appear as “Anonymous”."),
    )
    contact_phone = forms.CharField(
        label=_("Phone (private)"),
        required=False,
        help_text=_("Seen only by moderators and the department handling your issue."),
    )
    contact_email = forms.EmailField(
        label=_("E-mail (private)"),
        required=False,
        help_text=_("We send you each step of your issue with your tracking link."),
    )
    photos = PhotosField(
        label=_("Photos"),
        required=False,
        help_text=_("Up to 3 photos, JPEG, PNG or WebP, 8 MB each. Location data is removed."),
    )
    # Optional and unticked: only the citizen gives it (feedback.services.submit_issue stamps it).
    tv_contact_consent = forms.BooleanField(
        label=_("The TV programme 行风视线 may contact me about this report"),
        required=False,
        initial=False,
        widget=forms.CheckboxInput(attrs={"aria-describedby": "id_tv_contact_consent_helptext"}),
        help_text=_(
            "Only the programme's staff see the name and contact you gave, and only if your "
            "issue is featured; you can withdraw this on your tracking page."
        ),
    )
    captcha = verification_code_field()

    field_order = [
        "title",
        "body",
        "category",
        "district",
        "location",
        "display_name",
        "contact_phone",
        "contact_email",
        "photos",
        "tv_contact_consent",
        "captcha",
        "website",
    ]

    def clean_title(self):
        return cleaned_text(
            self.cleaned_data["title"], setting("TITLE_MAX_LENGTH"), _("the title"), multiline=False
        )

    def clean_body(self):
        return cleaned_text(
            self.cleaned_data["body"], setting("BODY_MAX_LENGTH"), _("the description")
        )

    def clean_location(self):
        return cleaned_text(
            self.cleaned_data["location"],
            setting("LOCATION_MAX_LENGTH"),
            _("the location"),
            multiline=False,
            required=False,
        )

    def clean_display_name(self):
        return cleaned_text(
            self.cleaned_data["display_name"],
            setting("NAME_MAX_LENGTH"),
            _("the name"),
            multiline=False,
            required=False,
        )

    def clean_contact_phone(self):
        raw = self.cleaned_data["contact_phone"]
        if len(raw) > PHONE_RAW_LIMIT:
            raise ValidationError(_("Enter a mainland mobile number or a landline with area code."))
        phone = clean_plain_text(raw, multiline=False)
        if phone and not PHONE_PATTERN.match(phone.replace(" ", "")):
            raise ValidationError(_("Enter a mainland mobile number or a landline with area code."))
        return phone

    def clean(self):
        # The contact check first: it is cheap, and an error here spares decoding the photos.
        cleaned = self.cleaned_data
        if (
            not cleaned.get("contact_phone")
            and not cleaned.get("contact_email")
            and not (self.errors.get("contact_phone") or self.errors.get("contact_email"))
        ):
            self.add_error(
                "contact_phone",
                _(
                    "Leave a phone number or an e-mail address so that the department can reach you."
                ),
            )
        return super().clean()


class FollowUpForm(TextLimitsMixin, PhotosFormMixin, HoneypotMixin):
    text_limits = {"body": "BODY_MAX_LENGTH"}
    body = forms.CharField(
        label=_("Add a follow-up"), widget=forms.Textarea(attrs={"rows": 5}), strip=False
    )
    photos = PhotosField(label=_("Photos"), required=False)

    def clean_body(self):
        return cleaned_text(
            self.cleaned_data["body"], setting("BODY_MAX_LENGTH"), _("the follow-up")
        )


class TrackLookupForm(forms.Form):
    """A reporter who lost the tracking link: the case number and the phone or e-mail given."""

    case_number = forms.CharField(
        label=_("Case number"),
        max_length=40,
        help_text=_("On the thank-you page and in our e-mails, e.g. 20261202-0007."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    contact = forms.CharField(
        label=_("Phone number or e-mail"),
        max_length=254,
        help_text=_("The one you gave when you reported the problem."),
    )

    def clean_case_number(self):
        number = normalise_case_number(self.cleaned_data["case_number"])
        if not number:
            raise ValidationError(_("A case number looks like 20261202-0007."))
        return number
