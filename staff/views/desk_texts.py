"""The desk's actions on public text: moderating follow-ups, and moderators' corrections
(edit, withdraw) of published follow-ups, official replies, satisfaction comments and the
public notes of a resolution or a reopening. Every action goes through the model methods,
which check permissions again on the server."""

from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from core.text import cleaned_text
from feedback.models import IssueEvent, Message
from polls.models import PollComment

from ..forms import PublicMessageForm, WithdrawForm


class PublicTextActions:
    """Mixed into `IssueDeskView` (which provides `self.issue`)."""

    def do_publish_follow_up(self, request):
        message = get_object_or_404(
            Message, pk=request.POST.get("message"), issue=self.issue, kind=Message.Kind.FOLLOW_UP
        )
        form = PublicMessageForm(request.POST)
        if not form.is_valid():
            return {f"follow_up_{message.pk}": form}
        message.publish(request.user, form.cleaned_data["body"])
        messages.success(request, _("Follow-up published."))

    def do_reject_follow_up(self, request):
        message = get_object_or_404(
            Message, pk=request.POST.get("message"), issue=self.issue, kind=Message.Kind.FOLLOW_UP
        )
        note = cleaned_text(request.POST.get("note", ""), 1000, _("the reason"), required=False)
        message.reject(request.user, note)
        messages.success(request, _("Follow-up not published."))

    # --- published messages and satisfaction comments: edit or withdraw (moderators) --------

    def _published_text(self, request):
        """The public text the POST names: a satisfaction comment, a public event note (a
        resolution note, a reopen reason) or a published follow-up or reply."""
        if request.POST.get("event"):
            event = get_object_or_404(IssueEvent, pk=request.POST["event"], issue=self.issue)
            return event, f"event_{event.pk}"
        if request.POST.get("comment"):
            comment = get_object_or_404(
                PollComment, pk=request.POST["comment"], vote__poll__issue=self.issue
            )
            return comment, f"comment_{comment.pk}"
        message = get_object_or_404(
            Message,
            pk=request.POST.get("message"),
            issue=self.issue,
            kind__in=[Message.Kind.FOLLOW_UP, Message.Kind.REPLY],
        )
        return message, f"message_{message.pk}"

    def do_edit_message(self, request):
        item, name = self._published_text(request)
        form = PublicMessageForm(request.POST)
        if not form.is_valid():
            return {name: form}
        item.edit_public_text(request.user, form.cleaned_data["body"])
        messages.success(request, _("The public text was updated."))

    def do_withdraw_message(self, request):
        item, _name = self._published_text(request)
        form = WithdrawForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Say why the message is withdrawn."))
            return None
        item.withdraw(request.user, form.cleaned_data["reason"])
        messages.success(request, _("Withdrawn from every public page."))
