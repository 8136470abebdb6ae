"""Forms of the satisfaction poll: the reporter's verdict and a reader's public vote."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.conf import setting
from core.text import cleaned_text
from polls.choices import Choice
from wall.forms import HoneypotMixin, TextLimitsMixin, verification_code_field


def comment_limit():
    return setting("POLL_COMMENT_MAX_LENGTH")


class VoteForm(TextLimitsMixin, HoneypotMixin):
    text_limits = {"comment": "POLL_COMMENT_MAX_LENGTH"}
    choice = forms.ChoiceField(
        label=_("Are you satisfied with how this issue was handled?"),
        choices=Choice.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown in public once a moderator has checked it."),
    )

    def clean_comment(self):
        return cleaned_text(
            self.cleaned_data["comment"], comment_limit(), _("the comment"), required=False
        )


class ReporterVerdictForm(VoteForm):
    problem_persists = forms.TypedChoiceField(
        label=_("If you are dissatisfied: is the problem still there?"),
        choices=[
            ("", _("Not applicable")),
            ("yes", _("Yes, send it back to the department")),
            ("no", _("No, but I am not satisfied with how it was handled")),
        ],
        required=False,
        coerce=lambda value: value == "yes",
        empty_value=False,
    )

    def clean(self):
        cleaned = super().clean()
        answered = self.data.get(self.add_prefix("problem_persists"))
        choice = cleaned.get("choice")
        if choice == Choice.DISSATISFIED and not answered:
            self.add_error("problem_persists", _("Tell us whether the problem is still there."))
        elif choice and choice != Choice.DISSATISFIED and answered:
            self.add_error(
                "problem_persists",
                _(
                    "This question is only for “Dissatisfied”: choose “Not applicable”, "
                    "or choose “Dissatisfied” if the problem is still there."
                ),
            )
        return cleaned


class PublicVoteForm(VoteForm):
    """A reader's vote; the captcha is added when the address already voted within the hour."""

    def __init__(self, *args, captcha_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.captcha_required = captcha_required
        if captcha_required:
            self.fields["captcha"] = verification_code_field(
                help_text=_("Your network voted recently: please type the characters shown."),
            )
