"""Citizens' photos: checked by content, re-encoded for the web, every metadata byte dropped."""

import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
# Decompression bombs: refuse anything beyond 40 megapixels before decoding it.
Image.MAX_IMAGE_PIXELS = 40_000_000


@dataclass
class CleanPhoto:
    content: ContentFile
    content_type: str
    width: int
    height: int


def clean_photo(upload):
    """Validate one upload and return a re-encoded copy with no EXIF/GPS, or raise ValidationError."""
    limit = settings.ECHOWALL["MAX_PHOTO_BYTES"]
    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is larger than %(mb)d MB.") % {"name": upload.name, "mb": limit // 2**20}
        )
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("“%(name)s” is not a JPEG, PNG or WebP image.") % {"name": upload.name}
        ) from error
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError(
            _("“%(name)s” is not a JPEG, PNG or WebP image.") % {"name": upload.name}
        )
    return _reencode(image, image_format)


def _reencode(image, image_format):
    # Apply the camera's rotation before the EXIF block that carries it is dropped.
    image = ImageOps.exif_transpose(image)
    max_edge = settings.ECHOWALL["PHOTO_MAX_EDGE"]
    image.thumbnail((max_edge, max_edge))
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    # A fresh image holds pixels only: no EXIF, GPS, XMP, ICC text or comments survive.
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    if image.mode == "P" and image.getpalette():
        clean.putpalette(image.getpalette())
    buffer = io.BytesIO()
    save_options = {"JPEG": {"quality": 85, "optimize": True}, "WEBP": {"quality": 85}}
    clean.save(buffer, format=image_format, **save_options.get(image_format, {}))
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[image_format]
    return CleanPhoto(
        content=ContentFile(buffer.getvalue(), name=f"photo.{extension}"),
        content_type=ACCEPTED_FORMATS[image_format],
        width=clean.width,
        height=clean.height,
    )
