"""The feedback wall's domain models, one module per concern:

- `departments`: Department, Category, District, DepartmentStaff;
- `issues`: Issue and its querysets; its moves through the workflow in `moves` (a mixin);
- `assignments`: Assignment (a department's responsibility, per round);
- `messages`: Message (follow-ups, replies, notes; moderated text, see `feedback.moderated`),
  Photo;
- `history`: IssueEvent (the audit trail), Redaction and `log_redactions`;
- `support`: SupportVote ("me too");
- `merges`: IssueMerge (并单, its audit and undo).

Satisfaction polls are the `polls` app's.
"""

from .assignments import Assignment, AssignmentQuerySet
from .departments import Category, Department, DepartmentStaff, District
from .history import IssueEvent, Redaction, log_redactions
from .issues import CASE_NUMBER_ATTEMPTS, Issue, IssueQuerySet, new_tracking_code
from .merges import IssueMerge
from .messages import Message, MessageQuerySet, Photo, photo_path
from .support import SupportVote

__all__ = [
    "CASE_NUMBER_ATTEMPTS",
    "Assignment",
    "AssignmentQuerySet",
    "Category",
    "Department",
    "DepartmentStaff",
    "District",
    "Issue",
    "IssueEvent",
    "IssueMerge",
    "IssueQuerySet",
    "Message",
    "MessageQuerySet",
    "Photo",
    "Redaction",
    "SupportVote",
    "log_redactions",
    "new_tracking_code",
    "photo_path",
]
