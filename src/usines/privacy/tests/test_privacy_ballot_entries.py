"""The retention purge clears ballot entrants' names, addresses and postcodes and
keeps what the fairness figures read (choices, places, draw positions)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from usines.ballots.models import BallotEntry
from usines.ballots.services import Entrant, create_ballot, enter_ballot
from usines.privacy.services import purge_personal_data

pytestmark = pytest.mark.django_db


def test_the_purge_anonymises_the_entries_of_a_past_edition_s_ballots(slot):
    now = timezone.now()
    ballot = create_ballot(
        slot.day.edition, "public", now - timedelta(hours=1), now + timedelta(days=1),
        visit=slot.visit,
    )  # fmt: skip
    entry, _created = enter_ballot(
        ballot, Entrant("Alice Martin", "alice@example.org", "74300", "fr"), [slot.pk], 3
    )

    assert purge_personal_data(now=now).ballot_entries == 0  # the edition is not past yet
    log = purge_personal_data(now=now + timedelta(days=900))

    entry.refresh_from_db()
    assert log.ballot_entries == 1
    assert (entry.name, entry.email, entry.postcode) == ("", "", "")
    assert entry.party_size == 3 and list(entry.choices.values_list("slot_id", flat=True)) == [
        slot.pk
    ]
    assert purge_personal_data(now=now + timedelta(days=900)).ballot_entries == 0
    assert not BallotEntry.objects.filter(email="alice@example.org").exists()
