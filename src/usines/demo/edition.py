"""The demo edition itself: the next one ahead, its two days, its phases and targets."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from usines.editions.models import (
    Audience,
    Edition,
    EditionDay,
    Phase,
    PhaseKind,
    Target,
    TargetMetric,
)


def next_edition_dates(today: date) -> tuple[date, date]:
    """The Friday (schools) and Saturday (public) of the third week of March ahead."""
    year = today.year if today < date(today.year, 2, 1) else today.year + 1
    first_march = date(year, 3, 1)
    first_friday = first_march + timedelta(days=(4 - first_march.weekday()) % 7)
    friday = first_friday + timedelta(weeks=2)
    return friday, friday + timedelta(days=1)


def create_edition(today: date, slug_prefix: str) -> Edition:
    """A published edition whose school bookings opened a month ago and public ones a
    week ago, with every phase of its calendar."""
    friday, saturday = next_edition_dates(today)
    edition = Edition.objects.create(
        name=f"Journées Usines Ouvertes {friday.year}",
        slug=f"{slug_prefix}{friday.year}",
        year=friday.year,
        tagline="Vendredi pour les classes, samedi pour tous : poussez les portes des usines "
        "près de chez vous. (Données de démonstration fictives.)",
        tagline_en="Friday for school classes, Saturday for everyone: step inside the factories "
        "near you. (Fictitious demonstration data.)",
        is_published=True,
        target_factories=400,
    )
    now = timezone.now()
    tz = timezone.get_current_timezone()
    close = time(18, 0)
    EditionDay.objects.bulk_create(
        [
            EditionDay(
                edition=edition,
                date=friday,
                audience=Audience.SCHOOL,
                bookings_open_at=now - timedelta(days=30),
                bookings_close_at=datetime.combine(friday - timedelta(days=2), close, tz),
            ),
            EditionDay(
                edition=edition,
                date=saturday,
                audience=Audience.PUBLIC,
                bookings_open_at=now - timedelta(days=7),
                bookings_close_at=datetime.combine(saturday - timedelta(days=1), close, tz),
            ),
        ]
    )
    # Registration and both audiences' bookings are open today (the demo's hosts,
    # teachers and visitors can try everything); the event and closing follow.
    Phase.objects.bulk_create(
        [
            Phase(edition=edition, kind=PhaseKind.REGISTRATION,
                  starts_on=today - timedelta(days=120), ends_on=friday - timedelta(days=40)),
            Phase(edition=edition, kind=PhaseKind.SCHOOL_BOOKINGS,
                  starts_on=today - timedelta(days=30), ends_on=friday - timedelta(days=2)),
            Phase(edition=edition, kind=PhaseKind.PUBLIC_BOOKINGS,
                  starts_on=today - timedelta(days=7), ends_on=saturday - timedelta(days=1)),
            Phase(edition=edition, kind=PhaseKind.EVENT, starts_on=friday, ends_on=saturday),
            Phase(edition=edition, kind=PhaseKind.CLOSING, starts_on=saturday + timedelta(days=1),
                  ends_on=saturday + timedelta(days=30)),
        ]
    )  # fmt: skip
    return edition


def create_targets(edition: Edition, factories: int) -> None:
    """National targets in proportion to the factories: 400 visitors and 12 classes each."""
    Target.objects.bulk_create(
        [
            Target(edition=edition, metric=TargetMetric.VISITORS, value=factories * 400),
            Target(edition=edition, metric=TargetMetric.CLASSES, value=factories * 12),
        ]
    )
