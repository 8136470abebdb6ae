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
