"""The calendar entry each booking e-mail carries: one event per booking, updated by
every change and removed by every cancellation, whoever cancels."""

from django.core import mail
from django.utils import translation
from icalendar import Calendar

from usines.accounts.models import Role, User
from usines.bookings.services import Contact, book_visit, cancel_booking, change_party_size
from usines.bookings.slots import cancel_slot, withdraw_participation
from usines.bookings.tasks import send_booking_confirmed
from usines.bookings.tickets import CalendarMethod, ticket_ics


def calendar_of(message) -> tuple[Calendar, str]:
    """The message's calendar attachment, parsed, and its MIME type."""
    found = [item for item in message.attachments if item[0].endswith(".ics")]
    assert len(found) == 1, f"{len(found)} calendar files in {message.subject!r}"
    filename, content, mimetype = found[0]
    return Calendar.from_ical(content), mimetype


def event_of(calendar: Calendar):
    (event,) = calendar.walk("VEVENT")
    return event


def book(slot, email="ana@example.org"):
    return book_visit(slot.pk, 2, Contact("Ana Lopez", email, "74300", "en")).booking


def test_the_confirmation_invites_the_visitor_to_add_the_visit(slot, deliver_emails):
    with deliver_emails.capture():
        booking = book(slot)
    (message,) = deliver_emails()

    calendar, mimetype = calendar_of(message)
    event = event_of(calendar)
    assert mimetype.startswith("text/calendar") and "method=REQUEST" in mimetype
    assert calendar["METHOD"] == "REQUEST"
    assert event["SEQUENCE"] == 0
    assert event["STATUS"] == "CONFIRMED"
    assert str(event["UID"]).startswith(f"booking-{booking.pk}-")
    assert str(event["ATTENDEE"]) == "mailto:ana@example.org"
    assert event["ATTENDEE"].params["PARTSTAT"] == "ACCEPTED"
    assert str(event["ORGANIZER"]).startswith("mailto:")
    assert event.decoded("DTSTART") == slot.starts_at


def test_each_change_updates_the_same_entry_with_a_higher_sequence(slot, deliver_emails):
    booking = book(slot)
    with deliver_emails.capture():
        change_party_size(booking.token, 3)
    first = deliver_emails()[-1]
    with deliver_emails.capture():
        change_party_size(booking.token, 1)
    second = deliver_emails()[-1]

    confirmed = event_of(Calendar.from_ical(ticket_ics(booking)))
    updates = [calendar_of(message)[0] for message in (first, second)]
    assert [calendar["METHOD"] for calendar in updates] == ["REQUEST", "REQUEST"]
    events = [event_of(calendar) for calendar in updates]
    assert [event["SEQUENCE"] for event in events] == [1, 2]
    assert {str(event["UID"]) for event in events} == {str(confirmed["UID"])}
    assert "1 place" in str(events[1]["DESCRIPTION"])


def test_a_cancellation_by_the_visitor_cancels_the_entry(slot, deliver_emails):
    booking = book(slot)
    change_party_size(booking.token, 3)
    with deliver_emails.capture():
        cancel_booking(booking.token)
    message = deliver_emails()[-1]

    calendar, mimetype = calendar_of(message)
    event = event_of(calendar)
    assert "method=CANCEL" in mimetype
    assert calendar["METHOD"] == "CANCEL"
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == 2
    assert str(event["UID"]).startswith(f"booking-{booking.pk}-")


def test_a_slot_cancelled_by_the_host_cancels_every_visitors_entry(slot, deliver_emails):
    first, second = book(slot, "ana@example.org"), book(slot, "bob@example.org")
    with deliver_emails.capture():
        cancel_slot(slot, "The line is down for repairs.")
    outbox = deliver_emails()

    # Each address gets its confirmation, then the cancellation (the later one wins).
    cancellations = {message.to[0]: calendar_of(message)[0] for message in outbox}
    assert set(cancellations) == {"ana@example.org", "bob@example.org"}
    for booking in (first, second):
        calendar = cancellations[booking.email]
        assert calendar["METHOD"] == "CANCEL"
        assert event_of(calendar)["STATUS"] == "CANCELLED"
        assert event_of(calendar)["SEQUENCE"] == 1
        assert str(event_of(calendar)["UID"]).startswith(f"booking-{booking.pk}-")


def test_a_withdrawn_participation_cancels_the_visitors_entries(slot, deliver_emails):
    booking = book(slot)
    host = User.objects.create_user("hote@example.org", "hote@example.org", "pw", role=Role.HOST)
    with deliver_emails.capture():
        withdraw_participation(slot.visit.participation, host, "We have to close that day.")
    outbox = deliver_emails()

    # The confirmation, then the cancellation.
    message = [message for message in outbox if message.to == [booking.email]][-1]
    calendar, _mimetype = calendar_of(message)
    assert calendar["METHOD"] == "CANCEL"
    assert event_of(calendar)["STATUS"] == "CANCELLED"


def test_a_confirmation_sent_after_the_cancellation_does_not_bring_the_visit_back(slot):
    booking = book(slot)
    cancel_booking(booking.token)

    send_booking_confirmed.call(booking.token)

    calendar, _mimetype = calendar_of(mail.outbox[-1])
    assert calendar["METHOD"] == "CANCEL"
    assert event_of(calendar)["STATUS"] == "CANCELLED"


def test_the_entry_says_where_to_meet_and_how_to_get_there(slot):
    slot.visit.meeting_point = "Gate 3, north car park"
    slot.visit.save()
    booking = book(slot)

    with translation.override("en"):
        event = event_of(Calendar.from_ical(ticket_ics(booking, CalendarMethod.REQUEST)))

    description = str(event["DESCRIPTION"])
    assert "Meeting point: Gate 3, north car park" in description
    assert "https://www.openstreetmap.org/directions?to=46.06000%2C6.57000" in description
    assert "1 rue de l'Industrie, 74300 Cluses" in str(event["LOCATION"])


def test_the_file_downloaded_from_the_booking_page_is_published_not_an_invitation(client, slot):
    booking = book(slot)

    calendar = Calendar.from_ical(client.get(f"/reservation/{booking.token}/visite.ics").content)

    assert calendar["METHOD"] == "PUBLISH"
    assert "ATTENDEE" not in event_of(calendar)
    assert event_of(calendar)["SEQUENCE"] == 0
