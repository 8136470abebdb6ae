"""并单 on the issue desk: merging a report into an earlier public thread and undoing it.

The desk offers a place for panels other apps provide, through the Wagtail hook
`DESK_PANELS_HOOK` (staff imports no such app: the search app registers "likely duplicates"
there). Each function registered is called with a `DeskPanelContext` and returns a component
with `render_html(parent_context)`, or None. Merge forms a panel shows come from
`DeskPanelContext.merge_form(thread)` and post back here, to `do_merge`; a thread found by hand
is merged by its number or case number (`do_merge_by_number`); a merge is undone from either
side (`do_unmerge`). The model methods (`feedback.models.merging`) check the rules and the
moderator's role again on the server; their refusals come back on the form, the reason kept.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from feedback.models import Issue, IssueMerge
from feedback.workflow import MERGEABLE

from ..merge_forms import MergeByNumberForm, MergeForm, UnmergeForm, merge_prefix, unmerge_prefix

DESK_PANELS_HOOK = "echowall_issue_desk_panels"


@dataclass
class DeskPanelContext:
    """What a desk panel is given: the request, the issue, whether this account may merge it
    now, and the forms of the last POST that came back invalid."""

    request: object
    issue: Issue
    may_merge: bool
    forms: dict = field(default_factory=dict)

    @property
    def action_url(self):
        return reverse("echowall_admin:issue", args=[self.issue.pk])

    def merge_form(self, thread):
        """The form merging the issue into `thread`: POST it with action=merge and into=<id>."""
        return self.forms.get(f"merge_{thread.pk}") or MergeForm(prefix=merge_prefix(thread.pk))


class MergeActions:
    """Mixed into `IssueDeskView` (which provides `self.issue` and `self.issue_url()`)."""

    def merge_context(self, forms, is_moderator):
        if not is_moderator:
            return {"desk_panels": self.desk_panels(forms, may_merge=False)}
        issue = self.issue
        merges = list(
            IssueMerge.objects.filter(undone_at__isnull=True)
            .filter(Q(issue=issue) | Q(into=issue))
            .select_related("issue", "into", "merged_by")
            .order_by("merged_at", "pk")
        )
        own = next((m for m in merges if m.issue_id == issue.pk), None)
        group = [m for m in merges if m.into_id == issue.pk]
        may_merge = issue.status in MERGEABLE
        return {
            "merged_as": own and self._undo_offer(own, forms),
            "merge_group": [self._undo_offer(merge, forms) for merge in group],
            "may_merge": may_merge,
            "merge_by_number_form": forms.get("merge_by_number")
            or MergeByNumberForm(prefix="merge-number"),
            "desk_panels": self.desk_panels(forms, may_merge=may_merge),
        }

    @staticmethod
    def _undo_offer(merge, forms):
        form = forms.get(f"unmerge_{merge.issue_id}") or UnmergeForm(
            prefix=unmerge_prefix(merge.issue_id)
        )
        return {"merge": merge, "form": form}

    def desk_panels(self, forms, may_merge):
        """The HTML of every panel registered under DESK_PANELS_HOOK, in hook order."""
        context = DeskPanelContext(self.request, self.issue, may_merge, forms)
        rendered = []
        for provide in hooks.get_hooks(DESK_PANELS_HOOK):
            panel = provide(context)
            if panel is not None:
                rendered.append(panel.render_html({"request": self.request}))
        return rendered

    # --- actions: each returns {form_name: invalid_form} or None ---------------------------

    def _merge(self, request, name, form, target):
        """Merge into `target`; a refusal of the model goes back on the form, reason kept."""
        try:
            self.issue.merge_into(
                request.user,
                target,
                form.cleaned_data["reason"],
                allow_other_district=form.cleaned_data["allow_other_district"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return {name: form}
        messages.success(
            request,
            _("Merged into thread #%(pk)s: its reporter now follows that thread.")
            % {"pk": target.pk},
        )
        return None

    def do_merge(self, request):
        target_pk = request.POST.get("into", "")
        target = Issue.objects.filter(pk=int(target_pk)).first() if target_pk.isdigit() else None
        if target is None:
            messages.error(request, _("Not done: that thread no longer exists."))
            return None
        name = f"merge_{target.pk}"
        form = MergeForm(request.POST, prefix=merge_prefix(target.pk))
        if not form.is_valid():
            return {name: form}
        return self._merge(request, name, form, target)

    def do_merge_by_number(self, request):
        form = MergeByNumberForm(request.POST, prefix="merge-number")
        if not form.is_valid():
            return {"merge_by_number": form}
        return self._merge(request, "merge_by_number", form, form.target)

    def do_unmerge(self, request):
        report_pk = request.POST.get("report", "")
        in_group = Q(pk=self.issue.pk) | Q(merged_into=self.issue)
        report = (
            Issue.objects.filter(in_group, pk=int(report_pk)).first()
            if report_pk.isdigit()
            else None
        )
        if report is None:
            messages.error(request, _("Not done: that report is not merged with this thread."))
            return None
        name = f"unmerge_{report.pk}"
        form = UnmergeForm(request.POST, prefix=unmerge_prefix(report.pk))
        if not form.is_valid():
            return {name: form}
        try:
            report.unmerge(request.user, form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
            return {name: form}
        messages.success(
            request, _("Merge undone: report #%(pk)s is its own thread again.") % {"pk": report.pk}
        )
        return None
