"""A visitor's copy of their data names their next edition list entry, and deleting
their data from My bookings takes their address off the list."""

import pytest

from usines.bookings.models import Booking, WaitlistEntry
from usines.bookings.services import Contact, book_visit
from usines.mailinglist.models import Source, Subscription
from usines.mailinglist.services import request_subscription
from usines.privacy import copies, services
from usines.testsupport import SlotFactory

pytestmark = pytest.mark.django_db


def test_the_copy_and_the_deletion_cover_the_next_edition_list():
    booking = book_visit(SlotFactory(), 1, Contact("Anne Martin", "anne@example.org")).booking
    request_subscription("anne@example.org", "fr", Source.BOOKING)
    bookings = Booking.objects.filter(pk=booking.pk)
    entries = WaitlistEntry.objects.none()

    copy = copies.visitor_copy(bookings, entries, email="anne@example.org")
    assert copy["next_edition_list"]["email"] == "anne@example.org"

    deletion = services.delete_visitor_data(bookings, entries, email="anne@example.org")

    assert deletion.news_subscription is True
    assert not Subscription.objects.filter(email="anne@example.org").exists()


def test_a_single_booking_s_deletion_leaves_the_list_to_the_address_owner():
    booking = book_visit(SlotFactory(), 1, Contact("Anne Martin", "anne@example.org")).booking
    request_subscription("anne@example.org", "fr", Source.BOOKING)

    deletion = services.delete_visitor_data(
        Booking.objects.filter(pk=booking.pk), WaitlistEntry.objects.none()
    )

    assert deletion.news_subscription is False
    assert Subscription.objects.filter(email="anne@example.org").exists()
