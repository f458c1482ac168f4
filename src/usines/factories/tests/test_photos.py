"""What a host may upload as a photo: readable images of a sane size, nothing else."""

import struct
import zlib
from io import BytesIO

import pytest
from PIL import Image, ImageFile

from usines.factories.exceptions import PhotoRefused
from usines.factories.photos import PHOTO_MAX_PIXELS, jpeg, open_photo


def _png_header_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header announces width × height pixels (a decompression bomb
    needs only a few kilobytes of zeros once compressed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def _photo(kind: str = "JPEG", size=(800, 600)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, kind)
    return buffer.getvalue()


@pytest.mark.parametrize("side", [13_000, 20_000])
def test_a_photo_announcing_too_many_pixels_is_refused_before_decoding(side):
    assert side * side > PHOTO_MAX_PIXELS
    with pytest.raises(PhotoRefused) as refused:
        open_photo(_png_header_claiming(side, side))
    assert "million" in str(refused.value.message)


@pytest.mark.parametrize("pdf_library_loaded", [False, True])
def test_a_truncated_jpeg_is_refused(pdf_library_loaded, monkeypatch):
    # WeasyPrint switches Pillow to accept truncated files when it is imported.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", pdf_library_loaded)
    data = _photo()
    with pytest.raises(PhotoRefused):
        open_photo(data[: len(data) // 2])


def test_a_file_that_is_not_an_image_is_refused():
    with pytest.raises(PhotoRefused):
        open_photo(b"%PDF-1.4 not a photo")


def test_a_gif_is_refused_with_the_formats_to_send():
    with pytest.raises(PhotoRefused) as refused:
        open_photo(_photo("GIF"))
    assert "JPEG" in str(refused.value.message)


def test_a_good_photo_is_kept_as_a_jpeg_of_bounded_size():
    image = open_photo(_photo("PNG", (3000, 2000)))
    stored = Image.open(BytesIO(jpeg(image, 1600).read()))

    assert stored.format == "JPEG"
    assert max(stored.size) == 1600
