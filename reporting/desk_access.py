"""Who may use the TV desk and the staff page of hot topics: media staff (the Wagtail group
"Media staff", 媒体工作人员, made by reporting's data migration) and moderators; only media staff
may see a reporter's contact."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from feedback.permissions import in_group, is_moderator

MEDIA_STAFF_GROUP = "Media staff"


def is_media_staff(user):
    return in_group(user, MEDIA_STAFF_GROUP)


def may_use_desk(user):
    return is_media_staff(user) or is_moderator(user)


def require_desk_user(user):
    if not may_use_desk(user):
        raise PermissionDenied(_("Only media staff and moderators can use the TV desk."))


def require_media_staff(user):
    if not is_media_staff(user):
        raise PermissionDenied(_("Only media staff can see a reporter's contact."))


def require_hot_topics_user(user):
    """The staff page of hot topics (热点): the same people as the TV desk."""
    if not may_use_desk(user):
        raise PermissionDenied(_("Only media staff and moderators can see the hot topics."))
