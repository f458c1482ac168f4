from datetime import timedelta

import pytest
from django.utils import timezone

from usines.bookings.exceptions import OfferNotOpen, PlacesAvailable
from usines.bookings.models import Booking, BookingStatus, WaitlistEntry, WaitlistStatus
from usines.bookings.services import (
    Contact,
    accept_offer,
    book_visit,
    cancel_booking,
    change_party_size,
    expire_due_offers,
    join_waitlist,
    leave_waitlist,
)


def contact(name: str) -> Contact:
    return Contact(name=name, email=f"{name.lower()}@example.org", postcode="74300")


@pytest.fixture
def full_slot(slot):
    for size in (4, 4, 2):
        book_visit(slot.pk, size, contact("Booker"))
    return slot


def state(slot) -> tuple[int, int]:
    slot.refresh_from_db()
    return slot.booked, slot.held


def test_joining_is_refused_while_places_are_left(slot):
    with pytest.raises(PlacesAvailable):
        join_waitlist(slot.pk, 2, contact("Early"))


def test_a_cancellation_offers_the_places_to_the_first_entry_that_fits(full_slot):
    family = join_waitlist(full_slot.pk, 3, contact("Family")).entry
    couple = join_waitlist(full_slot.pk, 2, contact("Couple")).entry
    small = Booking.objects.filter(party_size=2).get()

    cancel_booking(small.token)

    family.refresh_from_db()
    couple.refresh_from_db()
    assert family.status == WaitlistStatus.WAITING  # 3 do not fit in 2 freed places
    assert couple.status == WaitlistStatus.OFFERED
    assert couple.offer_expires_at > timezone.now() + timedelta(hours=23)
    assert state(full_slot) == (10, 2)


def test_accepting_an_offer_confirms_a_booking_of_the_held_places(full_slot):
    couple = join_waitlist(full_slot.pk, 2, contact("Couple")).entry
    cancel_booking(Booking.objects.get(party_size=2).token)

    booking = accept_offer(couple.token)

    assert booking.status == BookingStatus.CONFIRMED
    assert booking.party_size == 2
    assert state(full_slot) == (10, 0)
    with pytest.raises(OfferNotOpen):
        accept_offer(couple.token)


def test_an_expired_offer_passes_to_the_next_entry(full_slot):
    first = join_waitlist(full_slot.pk, 2, contact("First")).entry
    second = join_waitlist(full_slot.pk, 2, contact("Second")).entry
    cancel_booking(Booking.objects.get(party_size=2).token)

    expired = expire_due_offers(now=timezone.now() + timedelta(hours=25))

    first.refresh_from_db()
    second.refresh_from_db()
    assert expired == 1
    assert first.status == WaitlistStatus.EXPIRED
    assert second.status == WaitlistStatus.OFFERED
    assert state(full_slot) == (10, 2)
    with pytest.raises(OfferNotOpen):
        accept_offer(first.token)


def test_an_offer_cannot_be_accepted_after_its_deadline(full_slot):
    couple = join_waitlist(full_slot.pk, 2, contact("Couple")).entry
    cancel_booking(Booking.objects.get(party_size=2).token)

    with pytest.raises(OfferNotOpen):
        accept_offer(couple.token, now=timezone.now() + timedelta(hours=25))


def test_the_offer_deadline_is_configurable(full_slot, settings):
    settings.WAITLIST_OFFER_HOURS = 2
    couple = join_waitlist(full_slot.pk, 2, contact("Couple")).entry
    cancel_booking(Booking.objects.get(party_size=2).token)

    couple.refresh_from_db()
    assert couple.offer_expires_at < timezone.now() + timedelta(hours=2, minutes=1)


def test_fewer_places_on_a_booking_are_offered_to_the_waiting_list(full_slot):
    single = join_waitlist(full_slot.pk, 1, contact("Single")).entry
    booking = Booking.objects.filter(party_size=4).first()

    change_party_size(booking.token, 3)

    single.refresh_from_db()
    assert single.status == WaitlistStatus.OFFERED


def test_leaving_with_an_open_offer_passes_it_on(full_slot):
    first = join_waitlist(full_slot.pk, 2, contact("First")).entry
    second = join_waitlist(full_slot.pk, 2, contact("Second")).entry
    cancel_booking(Booking.objects.get(party_size=2).token)

    leave_waitlist(first.token)

    second.refresh_from_db()
    assert second.status == WaitlistStatus.OFFERED
    assert state(full_slot) == (10, 2)


def test_joining_twice_with_the_same_key_makes_one_entry(full_slot):
    one = join_waitlist(full_slot.pk, 2, contact("Couple"), idempotency_key="waitlist-key-1")
    two = join_waitlist(full_slot.pk, 2, contact("Couple"), idempotency_key="waitlist-key-1")

    assert one.entry.pk == two.entry.pk
    assert WaitlistEntry.objects.count() == 1


def test_the_offer_email_carries_the_confirmation_link(full_slot, deliver_emails):
    couple = join_waitlist(full_slot.pk, 2, contact("Couple")).entry
    with deliver_emails.capture():
        cancel_booking(Booking.objects.get(party_size=2).token)

    outbox = deliver_emails()

    to_couple = [m for m in outbox if m.to == ["couple@example.org"]]
    offers = [m for m in to_couple if m.subject.startswith("Des places se libèrent")]
    assert len(to_couple) == 2  # joined the list, then the offer
    assert len(offers) == 1
    assert couple.token in offers[0].body


def test_the_sweep_command_expires_offers_past_their_deadline(full_slot):
    from django.core.management import call_command

    couple = join_waitlist(full_slot.pk, 2, contact("Couple")).entry
    cancel_booking(Booking.objects.get(party_size=2).token)
    WaitlistEntry.objects.filter(pk=couple.pk).update(
        offer_expires_at=timezone.now() - timedelta(minutes=1)
    )

    call_command("expire_waitlist_offers", verbosity=0)

    couple.refresh_from_db()
    assert couple.status == WaitlistStatus.EXPIRED
    assert state(full_slot) == (8, 0)


def test_the_scheduled_task_expires_the_offer_when_it_runs(full_slot, deliver_emails):
    from django_tasks_db.models import DBTaskResult

    couple = join_waitlist(full_slot.pk, 2, contact("Couple")).entry
    with deliver_emails.capture():
        cancel_booking(Booking.objects.get(party_size=2).token)
    scheduled = DBTaskResult.objects.get(task_path__endswith="expire_waitlist_offer")
    couple.refresh_from_db()
    assert scheduled.run_after == couple.offer_expires_at

    past = timezone.now() - timedelta(minutes=1)
    WaitlistEntry.objects.filter(pk=couple.pk).update(offer_expires_at=past)
    DBTaskResult.objects.filter(pk=scheduled.pk).update(run_after=past)
    with deliver_emails.capture():
        deliver_emails()  # runs the expiry, which queues its own e-mail on commit
    outbox = deliver_emails()

    couple.refresh_from_db()
    assert couple.status == WaitlistStatus.EXPIRED
    assert any("expir" in message.subject for message in outbox)
