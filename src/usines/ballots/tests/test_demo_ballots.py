"""The demo has a ballot drawn (with its log) and one taking entries."""

import pytest
from django.core.management import call_command

from usines.ballots.models import Ballot, BallotStatus
from usines.demo.generate import generate_demo

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_drawn_ballot_and_an_open_one():
    call_command("load_reference", verbosity=0)
    generate_demo(factories=30, bookings=300)
    drawn = Ballot.objects.get(status=BallotStatus.DRAWN)
    assert drawn.entries.filter(booking__isnull=False).exists()
    assert len(drawn.log["lines"]) == drawn.entries.count() == 80
    assert Ballot.objects.filter(status=BallotStatus.OPEN).count() == 1
