"""Public pages a proxy or CDN may share, and the language link that lets them: a page
with nothing of the visitor's in it is public for a few seconds; anything personal,
a form's token or a signed-in reader keeps it private."""

import pytest
from django.urls import reverse

from usines.accounts.models import Role, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_pages(slot, settings):
    settings.PUBLIC_READ_SECONDS = 10
    site = slot.visit.participation.site
    return [
        reverse("web:home"),
        reverse("web:site", args=[site.pk]),
        reverse("web:home") + "?near=74300&radius=25",
        reverse("web:region", args=[site.commune.department.region.slug]),
    ]


def test_public_pages_may_be_shared_for_a_few_seconds(client, public_pages):
    for path in public_pages:
        response = client.get(path)

        assert response.status_code == 200, path
        assert response["Cache-Control"] == "public, max-age=10", path
        assert {"Accept-Language", "Cookie"} <= {
            name.strip() for name in response["Vary"].split(",")
        }, path
        assert response.has_header("ETag"), path
        assert not response.cookies, path
        assert b"csrfmiddlewaretoken" not in response.content, path


def test_a_page_already_held_answers_not_modified(client, public_pages):
    etag = client.get(public_pages[1])["ETag"]

    again = client.get(public_pages[1], HTTP_IF_NONE_MATCH=etag)

    assert again.status_code == 304
    assert again.content == b""


def test_a_page_with_a_form_token_stays_private(client, slot, public_pages):
    response = client.get(reverse("web:book", args=[slot.pk]))

    assert response.status_code == 200
    assert b"csrfmiddlewaretoken" in response.content
    assert "public" not in response.get("Cache-Control", "")


def test_a_signed_in_reader_gets_pages_no_one_keeps(client, public_pages):
    user = User.objects.create_user("hote@example.org", "hote@example.org", "pw", role=Role.HOST)
    client.force_login(user)

    response = client.get(public_pages[0])

    assert response["Cache-Control"] == "no-store, private"


def test_the_language_link_sets_the_language_and_goes_back(client, public_pages):
    back = public_pages[2]

    response = client.get(reverse("web:switch_language", args=["en"]), {"next": back})

    assert response.status_code == 302
    assert response["Location"] == back
    assert response.cookies["django_language"].value == "en"
    assert response["Cache-Control"] == "no-store, private"
    page = client.get(back)
    assert b'<html lang="en">' in page.content
    assert b">Fran\xc3\xa7ais</a>" in page.content


def test_the_language_link_only_goes_back_to_this_site(client, public_pages):
    switch = reverse("web:switch_language", args=["en"])

    elsewhere = client.get(switch, {"next": "https://example.com/"})
    unknown = client.get(reverse("web:switch_language", args=["de"]))
    posted = client.post(switch)

    assert elsewhere["Location"] == "/"
    assert unknown.status_code == 404
    assert posted.status_code == 405


def test_the_header_switches_language_with_a_link_to_the_same_page(client, public_pages):
    page = client.get(public_pages[2]).content.decode()

    assert (
        '<a href="/langue/en/?next=/%3Fnear%3D74300%26radius%3D25" class="lang-switch" '
        'lang="en" hreflang="en" rel="nofollow">English</a>'
    ) in page
