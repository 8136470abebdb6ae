"""The moderation queue: new posts, follow-ups and satisfaction comments, oldest first."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.text import clean_plain_text
from feedback import permissions
from feedback.models import Issue, IssueEvent, Message
from feedback.privacy import mask_text
from polls.models import PollComment

from .base import StaffView


class ModerationQueueView(StaffView):
    """Oldest first: new posts, issues waiting for a department (also handed back by one, with
    its reason), then follow-ups and comments waiting for a moderator."""

    template_name = "staff/moderation_queue.html"
    page_title = gettext_lazy("Moderation queue")

    def dispatch(self, request, *args, **kwargs):
        permissions.require_moderator(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["issues"] = Issue.objects.awaiting_moderation().select_related(
            "category", "district"
        )[:200]
        context["awaiting_assignment"] = (
            Issue.objects.awaiting_assignment()
            .select_related("category", "district")
            .prefetch_related(
                Prefetch(
                    "events",
                    queryset=IssueEvent.objects.filter(action=IssueEvent.Action.HANDED_BACK),
                    to_attr="hand_backs",
                )
            )[:200]
        )
        context["follow_ups"] = Message.objects.awaiting_moderation().select_related("issue")[:200]
        context["poll_comments"] = [
            (comment, mask_text(comment.submitted_body))
            for comment in PollComment.objects.awaiting_moderation()[:200]
        ]
        return context

    def post(self, request, *args, **kwargs):
        """Approve (with the possibly edited, masked text) or reject one poll comment."""
        comment = get_object_or_404(PollComment, pk=request.POST.get("comment"))
        try:
            if request.POST.get("action") == "approve_comment":
                comment.approve(request.user, clean_plain_text(request.POST.get("body", "")))
                messages.success(request, _("Comment published."))
            else:
                comment.reject(request.user)
                messages.success(request, _("Comment not published."))
        except ValidationError as error:
            messages.error(request, "; ".join(error.messages))
        return redirect("echowall_admin:queue")
