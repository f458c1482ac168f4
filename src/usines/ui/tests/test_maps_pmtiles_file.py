"""The PMTiles basemap served by byte ranges, as the PMTiles reader asks for it."""

import pytest

from usines.accounts.models import Role, User
from usines.ui.ranges import UNSATISFIABLE, ByteRange, requested_range
from usines.ui.tests.test_maps_basemap import pmtiles_file

pytestmark = pytest.mark.django_db
URL = "/carte/fond.pmtiles"


@pytest.fixture
def basemap(settings, tmp_path):
    settings.MAP_BASEMAP = "pmtiles"
    settings.MAP_PMTILES_PATH = pmtiles_file(tmp_path / "france.pmtiles")
    return settings.MAP_PMTILES_PATH.read_bytes()


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_range_request_answers_206_with_exactly_those_bytes(client, basemap):
    response = client.get(URL, headers={"Range": "bytes=0-126"})

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 0-126/{len(basemap)}"
    assert response["Content-Length"] == "127"
    assert response["Accept-Ranges"] == "bytes"
    assert body(response) == basemap[:127]


def test_the_reader_can_ask_for_any_part_of_the_file(client, basemap):
    middle = client.get(URL, headers={"Range": "bytes=200-299"})
    tail = client.get(URL, headers={"Range": "bytes=-16"})
    rest = client.get(URL, headers={"Range": "bytes=1000-"})

    assert body(middle) == basemap[200:300]
    assert body(tail) == basemap[-16:]
    assert body(rest) == basemap[1000:]
    assert rest["Content-Range"] == f"bytes 1000-{len(basemap) - 1}/{len(basemap)}"


def test_a_range_past_the_end_answers_416_with_the_size(client, basemap):
    response = client.get(URL, headers={"Range": f"bytes={len(basemap)}-"})

    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(basemap)}"


def test_without_a_range_the_whole_file_comes_with_an_etag(client, basemap):
    response = client.get(URL)

    assert response.status_code == 200
    assert body(response) == basemap
    assert response["Accept-Ranges"] == "bytes" and response["ETag"]
    assert client.get(URL, headers={"If-None-Match": response["ETag"]}).status_code == 304


def test_a_range_of_another_version_of_the_file_gets_the_whole_new_file(client, basemap):
    response = client.get(URL, headers={"Range": "bytes=0-9", "If-Range": '"old"'})

    assert response.status_code == 200 and body(response) == basemap


def test_the_basemap_is_cached_by_browsers_even_for_a_logged_in_organiser(client, basemap):
    client.force_login(User.objects.create_user("o@e.org", "o@e.org", "pw", role=Role.ORGANISER))

    response = client.get(URL, headers={"Range": "bytes=0-9"})

    assert response.status_code == 206
    assert response["Cache-Control"].startswith("public")


def test_there_is_no_basemap_file_unless_the_pmtiles_basemap_is_chosen(client, basemap, settings):
    settings.MAP_BASEMAP = "osm"
    assert client.get(URL).status_code == 404
    settings.MAP_BASEMAP = "pmtiles"
    settings.MAP_PMTILES_PATH = settings.MAP_PMTILES_PATH.with_name("missing.pmtiles")
    assert client.get(URL).status_code == 404
    assert client.post(URL).status_code == 405


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("", None),
        ("bytes=0-99", ByteRange(0, 99)),
        ("bytes=10-", ByteRange(10, 999)),
        ("bytes=-100", ByteRange(900, 999)),
        ("bytes=-5000", ByteRange(0, 999)),
        ("bytes=900-5000", ByteRange(900, 999)),
        ("bytes=1000-1001", UNSATISFIABLE),
        ("bytes=-0", UNSATISFIABLE),
        ("bytes=5-1", None),
        ("bytes=0-1,5-6", None),
        ("items=0-1", None),
        ("bytes=-", None),
    ],
)
def test_a_range_header_reads_as_one_part_of_a_1000_byte_file(header, expected):
    assert requested_range(header, 1000) == expected
