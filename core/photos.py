"""Citizens' photos: checked by content, re-encoded for the web, every metadata byte dropped.

`check_photo` reads the header only (format, size in bytes, width × height), so a decompression
bomb (an 80-megapixel PNG of 300 KB) is refused before a single pixel is decoded; `clean_photo`
then decodes at most PHOTO_MAX_PIXELS, JPEGs at a reduced scale.
"""

import io
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from core.conf import setting

ACCEPTED_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
# A backstop for any other Pillow use: refuse outright what is twice as large as ours.
Image.MAX_IMAGE_PIXELS = 40_000_000
_UNREADABLE = (
    UnidentifiedImageError,
    OSError,
    SyntaxError,
    ValueError,
    Image.DecompressionBombError,
)


@dataclass
class CleanPhoto:
    content: ContentFile
    content_type: str
    width: int
    height: int


def _not_an_image(upload):
    return ValidationError(
        _("“%(name)s” is not a JPEG, PNG or WebP image.") % {"name": upload.name}
    )


def _too_many_pixels(upload, width=None, height=None):
    limit = setting("PHOTO_MAX_PIXELS") // 1_000_000
    if width and height:
        return ValidationError(
            _(
                "“%(name)s” is %(width)d × %(height)d pixels; photos may have at most %(limit)d "
                "megapixels."
            )
            % {"name": upload.name, "width": width, "height": height, "limit": limit}
        )
    return ValidationError(
        _("“%(name)s” has too many pixels; photos may have at most %(limit)d megapixels.")
        % {"name": upload.name, "limit": limit}
    )


def _open(data):
    # Pillow warns from MAX_IMAGE_PIXELS up; the pixel count is checked here instead.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        return Image.open(io.BytesIO(data))


def _read(upload):
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def check_photo(upload):
    """Refuse from the header alone: size in bytes, format, width × height. Decodes nothing."""
    limit = setting("MAX_PHOTO_BYTES")
    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is larger than %(mb)d MB.") % {"name": upload.name, "mb": limit // 2**20}
        )
    try:
        with _open(_read(upload)) as probe:
            image_format, (width, height) = probe.format, probe.size
    except Image.DecompressionBombError as error:
        raise _too_many_pixels(upload) from error
    except _UNREADABLE as error:
        raise _not_an_image(upload) from error
    if image_format not in ACCEPTED_FORMATS:
        raise _not_an_image(upload)
    if width * height > setting("PHOTO_MAX_PIXELS"):
        raise _too_many_pixels(upload, width, height)


def clean_photo(upload):
    """Validate one upload and return a re-encoded copy with no EXIF/GPS, or raise ValidationError."""
    check_photo(upload)
    data = _read(upload)
    try:
        with _open(data) as probe:
            image_format = probe.format
            probe.verify()
        image = _open(data)
        # Decode once, already reduced: JPEGs are decoded at the smallest scale that still
        # covers the web size (thumbnail() asks the decoder for it), others at full size.
        max_edge = setting("PHOTO_MAX_EDGE")
        image.thumbnail((max_edge, max_edge))
        image.load()  # thumbnail() leaves a picture already small enough undecoded
    except _UNREADABLE as error:
        raise _not_an_image(upload) from error
    return _reencode(image, image_format)


def _reencode(image, image_format):
    # Apply the camera's rotation before the EXIF block that carries it is dropped (the web size
    # is a square box, so rotating after reducing gives the same picture).
    image = ImageOps.exif_transpose(image)
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
