"""The issue desk: one issue with its private details and every action this account may take.

Every action goes through the model methods, which check permissions again on the server.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from feedback import permissions
from feedback.models import Assignment, IssueEvent, Message, Photo
from feedback.privacy import find_personal_data, mask_display_name, mask_text
from feedback.workflow import OPEN_FOR_DEPARTMENT, IllegalTransition, Status
from polls.models import PollComment

from ..forms import (
    AssignForm,
    InternalNoteForm,
    PublicMessageForm,
    PublicTextForm,
    RejectForm,
    ReopenForm,
    ReplyForm,
    ResolveForm,
    WithdrawForm,
)
from .base import StaffView
from .desk_merges import MergeActions
from .desk_texts import PublicTextActions
from .desk_transfers import TransferActions


class IssueDeskView(MergeActions, PublicTextActions, TransferActions, StaffView):
    """One issue with its private details and the actions this account may take."""

    template_name = "staff/issue_desk.html"

    def get_issue(self):
        return get_object_or_404(
            self.scope.select_related("category", "district").prefetch_related(
                Prefetch(
                    "assignments",
                    queryset=Assignment.objects.select_related("department"),
                    to_attr="all_assignments",
                ),
                Prefetch(
                    "messages",
                    queryset=Message.objects.select_related("department", "author", "withdrawn_by"),
                ),
                Prefetch("photos", queryset=Photo.objects.not_removed()),
                Prefetch(
                    "polls__votes__comment",
                    queryset=PollComment.objects.select_related("withdrawn_by"),
                ),
                Prefetch(
                    "events", queryset=IssueEvent.objects.select_related("actor", "withdrawn_by")
                ),
                "redactions",
            ),
            pk=self.kwargs["pk"],
        )

    def get_page_title(self):
        return _("Issue #%(pk)s") % {"pk": self.kwargs["pk"]}

    def get_context_data(self, forms=None, **kwargs):
        context = super().get_context_data(**kwargs)
        issue = self.issue
        user = self.request.user
        department = permissions.department_of(user)
        is_moderator = permissions.is_moderator(user)
        acts_for_department = department is not None and any(
            a.is_active and a.department_id == department.pk for a in issue.all_assignments
        )
        forms = forms or {}
        photos = self._photos_by_message(issue)
        service_numbers = [department.phone] if department else []
        context.update(
            issue=issue,
            is_moderator=is_moderator,
            sees_submitted_text=permissions.can_view_submitted_text(user),
            department=department,
            acts_for_department=acts_for_department,
            findings=self._submitted_findings(issue) if is_moderator else [],
            post_photos=photos.get(None, []),
            public_text_form=forms.get("public_text")
            or PublicTextForm(initial=self._public_text_initial(issue)),
            reject_form=forms.get("reject") or RejectForm(),
            assign_form=forms.get("assign")
            or AssignForm(initial={"departments": self._suggested_departments(issue)}),
            reply_form=forms.get("reply") or ReplyForm(service_numbers=service_numbers),
            resolve_form=forms.get("resolve") or ResolveForm(service_numbers=service_numbers),
            note_form=forms.get("note") or InternalNoteForm(),
            follow_ups_pending=[
                self._offer(
                    message,
                    message.submitted_body,
                    forms.get(f"follow_up_{message.pk}"),
                    photos.get(message.pk),
                )
                for message in issue.messages.all()
                if message.kind == Message.Kind.FOLLOW_UP
                and message.moderation == Message.Moderation.PENDING
            ]
            if is_moderator
            else [],
            messages_on_desk=[
                self._offer(
                    message,
                    message.body,
                    forms.get(f"message_{message.pk}"),
                    photos.get(message.pk),
                )
                for message in issue.messages.all()
                # Department staff see follow-ups once a moderator published them.
                if is_moderator
                or message.kind != Message.Kind.FOLLOW_UP
                or message.moderation == Message.Moderation.PUBLISHED
            ],
            reopen_form=forms.get("reopen")
            or ReopenForm(departments=self._active_departments(issue)),
            public_notes=[
                self._offer(event, event.note, forms.get(f"event_{event.pk}"))
                for event in issue.events.all()
                if event.is_published
            ],
            poll_comments=[
                self._offer(comment, comment.body, forms.get(f"comment_{comment.pk}"))
                for comment in self._published_comments(issue)
            ],
            Status=Status,
            OPEN_FOR_DEPARTMENT=OPEN_FOR_DEPARTMENT,
            **self.transfer_forms(forms, self._active_departments(issue)),
            **self.merge_context(forms, is_moderator),
        )
        return context

    @staticmethod
    def _submitted_findings(issue):
        return (
            find_personal_data(issue.submitted_title)
            + find_personal_data(issue.submitted_body)
            + find_personal_data(issue.submitted_location)
            + find_personal_data(issue.submitted_display_name, whole_field_is_name=True)
        )

    @staticmethod
    def _photos_by_message(issue):
        """The photos grouped by the follow-up they came with (None: the post's own)."""
        grouped = {}
        for photo in issue.photos.all():
            grouped.setdefault(photo.message_id, []).append(photo)
        return grouped

    @staticmethod
    def _offer(item, text, form=None, photos=None):
        """A message or comment with its detected personal data, its photos and a form
        prefilled masked."""
        findings = find_personal_data(text)
        return {
            "item": item,
            "photos": photos or [],
            "findings": findings,
            "form": form or PublicMessageForm(initial={"body": mask_text(text, findings)}),
            "withdraw_form": WithdrawForm(),
        }

    @staticmethod
    def _published_comments(issue):
        comments = [
            getattr(vote, "comment", None)
            for poll in issue.polls.all()
            for vote in poll.votes.all()
        ]
        return [
            c
            for c in comments
            if c is not None and c.moderation == PollComment.Moderation.PUBLISHED
        ]

    def _public_text_initial(self, issue):
        if issue.status == Status.SUBMITTED:
            return {
                "title": mask_text(issue.submitted_title),
                "body": mask_text(issue.submitted_body),
                "location": mask_text(issue.submitted_location),
                "display_name": mask_display_name(issue.submitted_display_name),
            }
        return {
            "title": mask_text(issue.title),
            "body": mask_text(issue.body),
            "location": mask_text(issue.location),
            "display_name": mask_display_name(issue.display_name),
        }

    def _active_departments(self, issue):
        return [a.department for a in issue.all_assignments if a.is_active]

    def _suggested_departments(self, issue):
        return (
            [issue.category.default_department_id] if issue.category.default_department_id else []
        )

    def get(self, request, *args, **kwargs):
        self.issue = self.get_issue()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.issue = self.get_issue()
        action = request.POST.get("action", "")
        handler = getattr(self, f"do_{action}", None)
        if handler is None:
            messages.error(request, _("Unknown action."))
            return redirect(self.issue_url())
        try:
            invalid_forms = handler(request)
        except IllegalTransition as error:  # its own message is for developers, in English
            messages.error(
                request,
                _("Not done: the issue is now “%(status)s”; someone else may have acted on it.")
                % {"status": Status(error.current).label},
            )
            return redirect(self.issue_url())
        except (ValidationError, PermissionDenied) as error:
            messages.error(
                request,
                _("Not done: %(error)s")
                % {"error": "; ".join(getattr(error, "messages", [str(error)]))},
            )
            return redirect(self.issue_url())
        if invalid_forms:
            if not any(getattr(form, "in_review", False) for form in invalid_forms.values()):
                messages.error(request, _("Please correct the errors below."))
            self.issue = self.get_issue()
            return self.render_to_response(self.get_context_data(forms=invalid_forms))
        return redirect(getattr(self, "after_action_url", None) or self.next_url())

    def issue_url(self):
        return reverse("echowall_admin:issue", args=[self.issue.pk])

    def next_url(self):
        """The POSTed `next` when it is a path on this site, else the issue desk."""
        target = self.request.POST.get("next", "")
        if target.startswith("/") and url_has_allowed_host_and_scheme(
            target, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return target
        return self.issue_url()

    # --- actions: each returns {form_name: invalid_form} or None -----------------------------

    def _with_form(self, name, form_class, apply):
        form = form_class(self.request.POST)
        if not form.is_valid():
            return {name: form}
        apply(form.cleaned_data)
        return None

    def do_publish(self, request):
        def apply(data):
            self.issue.publish(request.user, data["title"], data["body"], data["location"])
            messages.success(request, _("Published. Now assign it to the responsible department."))

        return self._with_form("public_text", PublicTextForm, apply)

    def do_edit(self, request):
        def apply(data):
            self.issue.edit_public_text(request.user, data["title"], data["body"], data["location"])
            messages.success(request, _("The public text was updated."))

        return self._with_form("public_text", PublicTextForm, apply)

    def do_reject(self, request):
        def apply(data):
            self.issue.reject(request.user, data["reason"], data["note"])
            messages.success(
                request, _("Rejected; the reporter sees the reason on their tracking page.")
            )

        return self._with_form("reject", RejectForm, apply)

    def do_assign(self, request):
        def apply(data):
            self.issue.assign(request.user, data["departments"], data["due_date"])
            messages.success(request, _("Assigned."))

        return self._with_form("assign", AssignForm, apply)

    def _reviewed(self, request, name, form_class, publish):
        """Publish an official's text, or send it back once masked when it holds personal data."""
        department = permissions.department_of(request.user)
        form = form_class(request.POST, service_numbers=[department.phone] if department else [])
        if not form.is_valid():
            return {name: form}
        if form.needs_review():
            messages.warning(
                request,
                _(
                    "Personal data found and masked below. Check the text, "
                    "tick anything that must stay as written, then confirm."
                ),
            )
            return {name: form.for_review()}
        publish(department, **form.publication())
        return None

    def do_reply(self, request):
        def publish(department, text, keep, submitted):
            self.issue.post_reply(request.user, department, text, keep=keep, submitted=submitted)
            messages.success(request, _("Your official reply is public."))

        return self._reviewed(request, "reply", ReplyForm, publish)

    def do_resolve(self, request):
        def publish(department, text, keep, submitted):
            self.issue.resolve(request.user, department, text, keep=keep, submitted=submitted)
            messages.success(request, _("Marked as resolved."))

        return self._reviewed(request, "resolve", ResolveForm, publish)

    def do_note(self, request):
        def apply(data):
            self.issue.add_note(request.user, data["body"])
            messages.success(request, _("Internal note saved."))

        return self._with_form("note", InternalNoteForm, apply)

    def do_close(self, request):
        self.issue.close(request.user, request.POST.get("note", ""))
        messages.success(request, _("Closed."))

    def do_reopen(self, request):
        form = ReopenForm(request.POST, departments=self._active_departments(self.issue))
        if not form.is_valid():
            return {"reopen": form}
        data = form.cleaned_data
        self.issue.reopen(
            request.user,
            data["reason"],
            reassign=form.goes_back,
            due_date=data["due_date"] if form.goes_back else None,
        )
        if form.goes_back:
            messages.success(request, _("Reopened and sent back to the department."))
        else:
            messages.success(request, _("Reopened: assign it to the right departments."))

    def do_hide(self, request):
        self.issue.hide(request.user, request.POST.get("note", ""))
        messages.success(request, _("Hidden from every public page."))

    def do_unhide(self, request):
        self.issue.unhide(request.user)
        messages.success(request, _("Public again."))

    def do_remove_photo(self, request):
        photo = get_object_or_404(Photo, pk=request.POST.get("photo"), issue=self.issue)
        photo.remove(request.user)
        messages.success(request, _("Photo removed."))
