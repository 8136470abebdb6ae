"""Citizens' photos, served through a view that checks who may see them (never from MEDIA_URL)."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from feedback import permissions
from feedback.models import Photo

from ..private import REFERRER_POLICY


def photo(request, issue_pk, photo_pk):
    """A public photo (`Photo.is_public`), or any photo for staff who may see the thread."""
    photo = get_object_or_404(
        Photo.objects.select_related("issue", "message"),
        pk=photo_pk,
        issue_id=issue_pk,
        removed_at__isnull=True,
    )
    if not (photo.is_public or permissions.can_view_contact(request.user, photo.issue)):
        raise Http404
    return _photo_response(photo)


def tracked_photo(request, code, photo_pk):
    photo = get_object_or_404(
        Photo, pk=photo_pk, issue__tracking_code=code, removed_at__isnull=True
    )
    response = _photo_response(photo)
    response["Referrer-Policy"] = REFERRER_POLICY
    return response


def _photo_response(photo):
    response = FileResponse(photo.image.open("rb"), content_type=photo.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
