"""A slot's list of bookings, the attendee files and a visit sent back for changes,
as the host reads them."""

from datetime import datetime
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from usines.accounts.models import Role, User
from usines.bookings.services import Contact, book_visit
from usines.factories import services
from usines.factories.models import Participation, ParticipationStatus, Site
from usines.schools import services as schools
from usines.testsupport import SlotFactory, class_details

pytestmark = pytest.mark.django_db


def host_of(site, client) -> User:
    host = User.objects.create_user("h@example.org", "h@example.org", "pw", role=Role.HOST)
    site.team.add(host)
    client.force_login(host)
    client.cookies["django_language"] = "en"
    return host


@pytest.fixture
def slot_page(client):
    """A slot of 100 places at the « Décolletage du Giffre » site, Zoé and Adam booked."""
    slot = SlotFactory(capacity=100, visit__participation__site__name="Décolletage du Giffre")
    host_of(slot.visit.participation.site, client)
    book_visit(slot.pk, 2, Contact("Zoé Durand", "zoe@example.org", "74300"))
    book_visit(slot.pk, 3, Contact("Adam Petit", "adam.petit@example.org", "74300"))
    return slot


# --- A slot's bookings ---------------------------------------------------------------


def test_a_slots_list_shows_e_mail_booking_time_and_a_check_in_link(client, slot_page):
    page = client.get(f"/hote/creneau/{slot_page.pk}/").content.decode()

    assert 'href="mailto:zoe@example.org"' in page
    assert timezone.localtime().strftime("%Y") in page  # the booking's date and time
    site_id = slot_page.visit.participation.site_id
    assert f"/hote/site/{site_id}/accueil/{slot_page.day_id}/?q=Zo%C3%A9%20Durand" in page


@pytest.mark.parametrize("typed", ["zoe", "ZOÉ", "zoe@example"])
def test_a_slots_list_is_searched_by_name_or_e_mail_whatever_the_accents(client, slot_page, typed):
    page = client.get(f"/hote/creneau/{slot_page.pk}/", {"q": typed})

    assert [booking.name for booking in page.context["page"]] == ["Zoé Durand"]


def test_a_long_list_is_paged_with_the_same_queries_whatever_its_length(client, slot_page):
    def queries_for(url, **params) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, params).status_code == 200
        return len(queries)

    url = f"/hote/creneau/{slot_page.pk}/"
    short = queries_for(url)
    for n in range(55):
        book_visit(slot_page.pk, 1, Contact(f"Visiteur {n:02d}", f"v{n}@example.org", "74300"))

    long = queries_for(url)
    first = client.get(url)
    second = client.get(url, {"page": 2})

    assert long == short
    assert len(first.context["page"]) == 50
    assert first.context["page"].paginator.count == 57
    assert len(second.context["page"]) == 7
    assert 'rel="next"' in first.content.decode()


@pytest.fixture
def class_booked(client, school_slot, teacher):
    teacher.first_name, teacher.last_name = "Anne", "Moreau"
    teacher.save()
    host_of(school_slot.visit.participation.site, client)
    booking = schools.book_class(school_slot.pk, teacher, class_details()).booking
    return school_slot, booking


def test_a_class_row_names_its_teacher_and_e_mail(client, class_booked):
    slot, _booking = class_booked

    page = client.get(f"/hote/creneau/{slot.pk}/").content.decode()

    assert "Anne Moreau" in page and 'href="mailto:prof@example.org"' in page


# --- The attendee files ------------------------------------------------------------


def test_files_are_named_after_the_site_and_the_date(client, slot_page):
    site_id = slot_page.visit.participation.site_id
    today = timezone.localdate().isoformat()

    whole = client.get(f"/hote/site/{site_id}/export.xlsx")
    one_day = client.get(f"/hote/site/{site_id}/export.csv", {"day": slot_page.day_id})
    pdf = client.get(f"/hote/site/{site_id}/export.pdf", {"day": slot_page.day_id})

    day = slot_page.day.date.isoformat()
    assert whole["Content-Disposition"] == (
        f'attachment; filename="decolletage-du-giffre-{today}-inscrits.xlsx"'
    )
    assert one_day["Content-Disposition"].endswith(f'"decolletage-du-giffre-{day}-inscrits.csv"')
    assert pdf["Content-Disposition"].endswith(f'"decolletage-du-giffre-{day}-inscrits.pdf"')
    assert Site.objects.get(pk=site_id).siret not in whole["Content-Disposition"]


def test_a_site_name_without_latin_letters_still_gives_a_file_name(client, slot_page):
    site = slot_page.visit.participation.site
    Site.objects.filter(pk=site.pk).update(name="工場")

    response = client.get(f"/hote/site/{site.pk}/export.xlsx")

    assert f'filename="site-{site.pk}-' in response["Content-Disposition"]


def test_xlsx_holds_real_dates_and_times(client, slot_page):
    site_id = slot_page.visit.participation.site_id

    sheet = load_workbook(BytesIO(client.get(f"/hote/site/{site_id}/export.xlsx").content)).active
    header = [cell.value for cell in sheet[1]]
    adam = next(row for row in sheet.iter_rows(min_row=2) if row[2].value == "Adam Petit")
    start = adam[header.index("Slot")]
    booked = adam[header.index("Booked at")]

    assert isinstance(start.value, datetime) and start.is_date
    assert start.number_format == "dd/mm/yyyy hh:mm"
    assert start.value == timezone.localtime(slot_page.starts_at).replace(tzinfo=None)
    assert isinstance(booked.value, datetime) and booked.is_date
    assert adam[header.index("Checked in at")].value is None


def test_csv_writes_dates_the_french_way(client, slot_page):
    site_id = slot_page.visit.participation.site_id

    text = client.get(f"/hote/site/{site_id}/export.csv").content.decode("utf-8-sig")

    start = timezone.localtime(slot_page.starts_at).strftime("%d/%m/%Y %H:%M")
    assert text.splitlines()[1].startswith(start + ";")


def test_files_name_the_teacher_of_each_class(client, class_booked):
    slot, booking = class_booked
    site_id = slot.visit.participation.site_id

    sheet = load_workbook(BytesIO(client.get(f"/hote/site/{site_id}/export.xlsx").content)).active
    header = [cell.value for cell in sheet[1]]
    row = [cell.value for cell in sheet[2]]

    assert row[header.index("Name")] == booking.name
    assert row[header.index("Teacher")] == "Anne Moreau"
    assert row[header.index("E-mail")] == "prof@example.org"


# --- A visit sent back for changes -------------------------------------------------


@pytest.fixture
def sent_back(client, slot):
    participation = slot.visit.participation
    Participation.objects.filter(pk=participation.pk).update(status=ParticipationStatus.SUBMITTED)
    organiser = User.objects.create_user(
        "o@example.org", "o@example.org", "pw", role=Role.ORGANISER
    )
    services.request_changes(
        participation, organiser, "Add a photo of the workshop and the meeting point."
    )
    host_of(participation.site, client)
    return participation


def test_the_hosts_home_shows_what_the_organisers_asked(client, sent_back):
    page = client.get("/hote/", {"hote": "1"}).content.decode()

    assert "Changes requested" in page
    assert "Add a photo of the workshop and the meeting point." in page
    assert f'href="/hote/site/{sent_back.site_id}/"' in page and "Make the changes" in page


def test_the_site_page_says_what_to_change_and_to_submit_again(client, sent_back):
    page = client.get(f"/hote/site/{sent_back.site_id}/").content.decode()

    assert "Changes requested" in page
    assert "Add a photo of the workshop and the meeting point." in page
    assert f'action="/hote/site/{sent_back.site_id}/soumettre/"' in page
    assert "Submit again" in page


def test_a_draft_never_sent_back_reads_as_a_draft(client, slot):
    Participation.objects.filter(pk=slot.visit.participation_id).update(
        status=ParticipationStatus.DRAFT
    )
    host_of(slot.visit.participation.site, client)

    page = client.get("/hote/").content.decode()

    assert "Changes requested" not in page and "Draft" in page
