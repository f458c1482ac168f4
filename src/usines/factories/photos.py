"""Photos of a site: what is accepted, and how it is stored.

An upload is refused before it is decoded when its header announces more than
PHOTO_MAX_PIXELS (a small PNG can announce 13 000 × 13 000 pixels and cost a gigabyte
once decoded); then it is decoded in full, so that a truncated or corrupt file is
refused too. Accepted photos are re-encoded as JPEG without metadata (at most
PHOTO_MAX_SIDE pixels a side) with a thumbnail.
"""

import warnings
from io import BytesIO

from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from usines.factories.exceptions import PhotoRefused

PHOTO_FORMATS = ("JPEG", "PNG", "WEBP")
PHOTO_MAX_PIXELS = 40_000_000  # a 40-megapixel camera; about 160 MB once decoded
PHOTO_MAX_SIDE = 1600
THUMBNAIL_SIDE = 480

UNREADABLE = _("This file is not a photo we can read: send a JPEG, PNG or WebP image.")


def open_photo(data: bytes) -> Image.Image:
    """The decoded photo; raises PhotoRefused with what to send instead."""
    try:
        image = Image.open(BytesIO(data))
    except Image.DecompressionBombError as error:  # announces far too many pixels
        raise PhotoRefused(
            _("This photo has far too many pixels; send one of at most %(max)s million.")
            % {"max": PHOTO_MAX_PIXELS // 1_000_000}
        ) from error
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        raise PhotoRefused(UNREADABLE) from error
    if image.format not in PHOTO_FORMATS:
        raise PhotoRefused(_("Send a JPEG, PNG or WebP image."))
    width, height = image.size
    if width * height > PHOTO_MAX_PIXELS:
        raise PhotoRefused(
            _("This photo has %(megapixels)s million pixels; send one of at most %(max)s million.")
            % {"megapixels": round(width * height / 1e6), "max": PHOTO_MAX_PIXELS // 1_000_000}
        )
    # WeasyPrint, once imported, lets Pillow load truncated files (a global switch):
    # a photo must be whole, so it is off while the photo loads (sync workers, one
    # request at a time per process).
    tolerant, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombWarning) as error:
        raise PhotoRefused(UNREADABLE) from error
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = tolerant
    return image


def jpeg(image: Image.Image, side: int) -> ContentFile:
    """The photo turned upright, at most `side` pixels a side, as a JPEG without metadata."""
    copy = ImageOps.exif_transpose(image).convert("RGB")
    copy.thumbnail((side, side))
    buffer = BytesIO()
    copy.save(buffer, "JPEG", quality=85, optimize=True)
    return ContentFile(buffer.getvalue(), name="photo.jpg")
