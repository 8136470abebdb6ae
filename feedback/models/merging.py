"""并单: merging a report into an earlier thread of the same problem, and undoing it (a mixin
of `Issue`).

Both rows are locked in pk order (two moderators merging in opposite directions cannot
deadlock); the later report goes into the earlier thread; groups stay one level deep. "Me too"
of a group counts each browser once, stored on the main thread (`recount_support`); votes never
move, so an unmerge restores both counts exactly.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..signals import issue_merged, issue_unmerged
from ..workflow import MERGEABLE, Status
from .assignments import Assignment
from .history import IssueEvent
from .merges import IssueMerge
from .support import SupportVote


class IssueMerging:
    """`merge_into` / `unmerge` of `Issue` and the group's "me too" count."""

    def _lock_with(self, other):
        """Lock this row and `other`'s in pk order; returns fresh copies {pk: issue}."""
        rows = type(self).objects.select_for_update().filter(pk__in=[self.pk, other.pk])
        return {row.pk: row for row in rows.order_by("pk")}

    def recount_support(self):
        """The group's "me too": distinct browsers over this thread and its merged reports."""
        group = [self.pk, *type(self).objects.filter(merged_into=self).values_list("pk", flat=True)]
        count = SupportVote.objects.filter(issue__in=group).values("browser_key").distinct().count()
        type(self).objects.filter(pk=self.pk).update(support_count=count)
        self.support_count = count
        return count

    def _own_support(self):
        count = SupportVote.objects.filter(issue=self).count()
        type(self).objects.filter(pk=self.pk).update(support_count=count)
        self.support_count = count

    def merge_into(self, by, target, note, allow_other_district=False):
        """Merge this report into `target`, an earlier public thread (moderators only)."""
        permissions.require_moderator(by)
        if not note.strip():
            raise ValidationError(_("Give the reason for the merge."))
        if target.pk == self.pk:
            raise ValidationError(_("A report cannot be merged into itself."))
        with transaction.atomic():
            locked = self._lock_with(target)
            me, main = locked[self.pk], locked[target.pk]
            self._check_merge(me, main, allow_other_district)
            moved = list(type(self).objects.filter(merged_into=me).values_list("pk", flat=True))
            type(self).objects.filter(pk__in=moved).update(merged_into=main)
            IssueMerge.objects.filter(issue__in=moved, into=me, undone_at__isnull=True).update(
                into=main
            )
            ended = list(me.assignments.current().values_list("pk", flat=True))
            Assignment.objects.filter(pk__in=ended).update(is_active=False)
            from_status = me.status  # `_move` refuses a closed, rejected or merged report
            event = self._move(
                Status.MERGED,
                by,
                note=note,
                data={"into": main.pk},
                sources=MERGEABLE,
                merged_at=timezone.now,
            )
            self.merged_into = main
            self.save(update_fields=["merged_into"])
            IssueMerge.objects.create(
                issue=self,
                into=main,
                from_status=from_status,
                merged_by=by if getattr(by, "pk", None) else None,
                note=note,
                ended_assignments=ended,
                moved_reports=moved,
            )
            IssueEvent.record(main, IssueEvent.Action.MERGE_RECEIVED, by, data={"report": self.pk})
            self._own_support()
            main.recount_support()
            target.support_count = main.support_count
            issue_merged.send(sender=type(self), issue=self, into=main, by=by, moved=moved)
        return event

    @staticmethod
    def _check_merge(me, main, allow_other_district):
        if not main.is_public:
            raise ValidationError(_("A report can only be merged into a public thread."))
        if (main.created_at, main.pk) > (me.created_at, me.pk):
            raise ValidationError(_("The later report goes into the earlier thread."))
        if main.district_id != me.district_id and not allow_other_district:
            raise ValidationError(
                _("The thread is in another district: tick “other district” to merge anyway.")
            )

    def unmerge(self, by, note):
        """Undo the open merge: the report gets back its status, assignments and reports."""
        permissions.require_moderator(by)
        if not note.strip():
            raise ValidationError(_("Give the reason for undoing the merge."))
        with transaction.atomic():
            merge = IssueMerge.objects.filter(issue=self, undone_at__isnull=True).last()
            if merge is None:
                raise ValidationError(_("This report is not merged."))
            main = self._lock_with(merge.into)[merge.into_id]
            event = self._move(
                Status(merge.from_status),
                by,
                note=note,
                action=IssueEvent.Action.UNMERGED,
                data={"main": main.pk},
                merged_at=None,
            )
            self.merged_into = None
            self.save(update_fields=["merged_into"])
            Assignment.objects.filter(pk__in=merge.ended_assignments).update(is_active=True)
            type(self).objects.filter(pk__in=merge.moved_reports, merged_into=main).update(
                merged_into=self
            )
            IssueMerge.objects.filter(
                issue__in=merge.moved_reports, into=main, undone_at__isnull=True
            ).update(into=self)
            merge.undone_by = by if getattr(by, "pk", None) else None
            merge.undone_at, merge.undo_note = timezone.now(), note
            merge.save(update_fields=["undone_by", "undone_at", "undo_note"])
            IssueEvent.record(
                main, IssueEvent.Action.UNMERGED, by, data={"report": self.pk}, public=False
            )
            self.recount_support()
            main.recount_support()
            issue_unmerged.send(
                sender=type(self), issue=self, into=main, by=by, moved=merge.moved_reports
            )
        return event
