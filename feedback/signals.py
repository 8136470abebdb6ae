"""Signals other apps listen to (search indexing, notifications) instead of reaching into views."""

from django.dispatch import Signal

# A citizen's new issue, sent inside the submitting transaction: issue.
issue_submitted = Signal()
# A status move committed inside the current transaction: issue, from_status, to_status, by.
issue_status_changed = Signal()
# Public text, messages, visibility or photos changed without a status move: issue.
issue_public_content_changed = Signal()
# A reporter's follow-up was not published, inside the moderating transaction: message.
follow_up_rejected = Signal()
# 并单: a report merged into an earlier thread, or the merge undone (after the status move,
# inside the transaction): issue (the merged report), into (the main thread), by, moved (ids of
# the reports merged into `issue` that went on to `into` with it, and came back at the undo).
issue_merged = Signal()
issue_unmerged = Signal()
