"""The demo edition `make demo` serves: realistic enough for every role's pages."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from usines.bookings.models import Booking
from usines.editions.models import PhaseKind
from usines.factories.models import ParticipationStatus
from usines.outreach.models import Prospect, ProspectStatus
from usines.reports.figures import Figures

pytestmark = pytest.mark.django_db


def test_the_demo_edition_is_a_whole_edition_in_progress():
    call_command("load_reference", verbosity=0)

    call_command("generate_demo", factories=40, bookings=1500, verbosity=0)

    from usines.editions.models import Edition

    edition = Edition.objects.get()
    today = timezone.localdate()
    phases = {phase.kind: phase for phase in edition.phases.all()}
    assert set(phases) == set(PhaseKind.values)
    assert phases[PhaseKind.PUBLIC].starts_on <= today <= phases[PhaseKind.PUBLIC].ends_on
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
