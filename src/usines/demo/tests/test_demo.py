"""The demo edition `make demo` serves: realistic enough for every role's pages."""

import pytest
from django.core.management import call_command
from django.db.models import Q, Sum
from django.utils import timezone

from usines.bookings.models import Booking, BookingStatus, WaitlistEntry
from usines.editions.calendar import edition_calendar
from usines.editions.models import Edition, PhaseKind
from usines.factories.models import ParticipationStatus, Slot
from usines.mailinglist.models import Subscription, SubscriptionStatus
from usines.outreach.models import Prospect, ProspectStatus
from usines.reports.figures import Figures

pytestmark = pytest.mark.django_db


def test_the_demo_edition_is_a_whole_edition_in_progress():
    call_command("load_reference", verbosity=0)

    call_command("generate_demo", factories=40, bookings=1500, verbosity=0)

    edition = Edition.objects.get(is_published=True)
    assert set(edition.phases.values_list("kind", flat=True)) == set(PhaseKind.values)
    calendar, now = edition_calendar(edition), timezone.now()
    assert calendar.is_open(PhaseKind.REGISTRATION, now)
    assert all(calendar.day_opening(day, now).is_open for day in edition.days.all())
    published = edition.participations.filter(status=ParticipationStatus.PUBLISHED)
    assert published.count() >= 30
    booking_days = {
        timezone.localtime(moment).date()
        for moment in Booking.objects.values_list("created_at", flat=True)
    }
    assert len(booking_days) > 5  # booked since the days opened, not all today
    assert Prospect.objects.filter(
        status=ProspectStatus.REGISTERED, participation__in=published
    ).exists()  # some factories came through a partner network
    figures = Figures.of(edition)  # kept by the command, read as is
    board, curve = figures.dashboard(), figures.goal_curve()
    assert board.total.booked == sum(booking.party_size for booking in Booking.objects.all())
    assert curve.places[-1] == board.total.booked
    assert curve.places_target and curve.classes_target
    assert curve.previous_name and curve.previous[-1] > 0  # last year's curve to compare with
    statuses = set(Subscription.objects.values_list("status", flat=True))
    assert statuses == set(SubscriptionStatus.values)  # the next edition's list, every state
    confirmed = Sum("bookings__party_size", filter=Q(bookings__status=BookingStatus.CONFIRMED))
    for slot in Slot.objects.annotate(confirmed=confirmed):
        assert slot.booked == (slot.confirmed or 0) + slot.held  # counters match the rows


def test_a_reset_rebuilds_the_same_demo_edition():
    call_command("load_reference", verbosity=0)
    call_command("generate_demo", factories=20, bookings=500, verbosity=0)
    first = Booking.objects.count(), WaitlistEntry.objects.count(), Slot.objects.count()

    call_command("generate_demo", factories=20, bookings=500, reset=True, verbosity=0)

    assert Edition.objects.count() == 2  # this year's and last year's
    assert (Booking.objects.count(), WaitlistEntry.objects.count(), Slot.objects.count()) == first
