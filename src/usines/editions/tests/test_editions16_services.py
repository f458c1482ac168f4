"""Setting an edition up: its days, phases and targets, the calendar they make, and the
copy that prepares next year's."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from usines.editions import services
from usines.editions.calendar import Calendar, edition_calendar
from usines.editions.exceptions import DayInUse, EditionError, EditionExists
from usines.editions.models import Audience, Edition, Phase, PhaseKind, Target, TargetMetric
from usines.testsupport import EditionDayFactory, EditionFactory, RegionFactory, SlotFactory

pytestmark = pytest.mark.django_db
PARIS = timezone.get_current_timezone()


def moment(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), PARIS)


def settings(**changes) -> services.EditionSettings:
    fields = {
        "name": "Journées Usines Ouvertes 2027",
        "year": 2027,
        "tagline": "",
        "tagline_en": "",
        "is_published": False,
        "max_party_size": 6,
        "max_class_size": 40,
        "max_places_per_email_per_slot": 6,
        "max_bookings_per_email_per_day": 3,
    }
    return services.EditionSettings(**{**fields, **changes})


FRIDAY, SATURDAY = date(2027, 3, 19), date(2027, 3, 20)


def two_days() -> list[services.DaySettings]:
    return [
        services.DaySettings(FRIDAY, Audience.SCHOOL, moment(date(2027, 1, 11), 9),
                             moment(FRIDAY - timedelta(days=2), 18)),
        services.DaySettings(SATURDAY, Audience.PUBLIC, moment(date(2027, 2, 15), 9),
                             moment(SATURDAY - timedelta(days=1), 18)),
    ]  # fmt: skip


def test_a_new_edition_gets_phases_that_follow_its_days():
    edition = services.create_edition(settings(), two_days())

    phases = {phase.kind: (phase.starts_on, phase.ends_on) for phase in edition.phases.all()}
    assert edition.slug == "journees-usines-ouvertes-2027"
    assert [day.date for day in edition.days.all()] == [FRIDAY, SATURDAY]
    assert phases[PhaseKind.REGISTRATION] == (timezone.localdate(), FRIDAY - timedelta(days=1))
    assert phases[PhaseKind.SCHOOL_BOOKINGS] == (date(2027, 1, 11), date(2027, 3, 17))
    assert phases[PhaseKind.PUBLIC_BOOKINGS] == (date(2027, 2, 15), date(2027, 3, 19))
    assert phases[PhaseKind.EVENT] == (FRIDAY, SATURDAY)
    assert phases[PhaseKind.CLOSING][0] == SATURDAY + timedelta(days=1)


def test_two_days_on_one_date_are_refused():
    days = two_days()
    with pytest.raises(EditionError):
        services.create_edition(settings(), [days[0], days[0]])
    assert not Edition.objects.exists()


def test_a_day_with_slots_is_neither_removed_nor_moved():
    slot = SlotFactory()
    day = slot.day
    keep = services.DaySettings(day.date, day.audience, day.bookings_open_at,
                                day.bookings_close_at, day=day)  # fmt: skip
    moved = services.DaySettings(day.date + timedelta(days=1), day.audience,
                                 day.bookings_open_at, day.bookings_close_at, day=day)  # fmt: skip

    with pytest.raises(DayInUse):
        services.update_edition(day.edition, settings(), [], removed=[day])
    with pytest.raises(DayInUse):
        services.update_edition(day.edition, settings(), [moved])
    later = day.bookings_close_at - timedelta(hours=1)
    services.update_edition(day.edition, settings(name="Renamed"), [
        services.DaySettings(keep.date, keep.audience, keep.bookings_open_at, later, day=day)
    ])  # fmt: skip
    day.refresh_from_db()
    assert (day.edition.name, day.bookings_close_at) == ("Renamed", later)


def test_phases_are_set_changed_and_removed():
    edition = EditionFactory(phases=[PhaseKind.EVENT])
    today = timezone.localdate()

    services.set_phases(
        edition,
        {PhaseKind.REGISTRATION: (today, today + timedelta(days=9)), PhaseKind.EVENT: None},
    )

    assert list(edition.phases.values_list("kind", "starts_on", "ends_on")) == [
        (PhaseKind.REGISTRATION, today, today + timedelta(days=9))
    ]
    with pytest.raises(EditionError):
        services.set_phases(edition, {PhaseKind.CLOSING: (today, today - timedelta(days=1))})


def test_targets_are_set_per_region_and_the_national_factories_one_is_the_editions():
    edition = EditionFactory()
    region = RegionFactory()

    services.set_targets(edition, {(None, TargetMetric.FACTORIES): 450,
                                   (region.pk, TargetMetric.VISITORS): 9000})  # fmt: skip
    services.set_targets(edition, {(region.pk, TargetMetric.VISITORS): None})

    assert list(Target.objects.values_list("region_id", "metric", "value")) == [
        (None, TargetMetric.FACTORIES, 450)
    ]
    edition.refresh_from_db()
    assert edition.target_factories == 450


@pytest.mark.parametrize(
    ("day", "next_year"),
    [
        (date(2027, 3, 19), date(2028, 3, 17)),  # Friday of week 11 → Friday of week 11
        (date(2026, 3, 20), date(2027, 3, 26)),  # 2026 has 53 weeks: 53 weeks later
        (date(2026, 12, 31), date(2027, 12, 30)),  # week 53 of 2026 → week 52 of 2027
    ],
)
def test_next_year_keeps_the_weekday_and_the_iso_week(day, next_year):
    assert services.next_year_date(day) == next_year


def test_preparing_next_edition_copies_it_a_year_later_as_a_draft():
    edition = EditionFactory(name="Journées Usines Ouvertes 2026", year=2026, tagline="Entrez !",
                             tagline_en="Come in!", max_party_size=5, phases=[])  # fmt: skip
    friday = date(2026, 3, 20)
    EditionDayFactory(edition=edition, date=friday, audience=Audience.SCHOOL,
                      bookings_open_at=moment(date(2026, 1, 12), 9),
                      bookings_close_at=moment(date(2026, 3, 18), 18))  # fmt: skip
    EditionDayFactory(edition=edition, date=friday + timedelta(days=1),
                      bookings_open_at=moment(date(2026, 2, 16), 9),
                      bookings_close_at=moment(friday, 18))  # fmt: skip
    Phase.objects.create(edition=edition, kind=PhaseKind.REGISTRATION,
                         starts_on=date(2025, 10, 1), ends_on=date(2026, 2, 1))  # fmt: skip
    Phase.objects.create(edition=edition, kind=PhaseKind.PUBLIC_BOOKINGS,
                         starts_on=date(2026, 2, 16), ends_on=date(2026, 3, 20))  # fmt: skip
    region = RegionFactory()
    Target.objects.create(edition=edition, metric=TargetMetric.CLASSES, value=120)
    Target.objects.create(edition=edition, region=region, metric=TargetMetric.VISITORS, value=800)

    copy = services.prepare_next_edition(edition)

    shift = timedelta(weeks=53)  # Friday of week 12: 20 March 2026 → 26 March 2027
    assert (copy.name, copy.year, copy.is_published) == ("Journées Usines Ouvertes 2027", 2027,
                                                        False)  # fmt: skip
    assert (copy.tagline, copy.tagline_en, copy.max_party_size) == ("Entrez !", "Come in!", 5)
    assert [
        (day.date, day.date.weekday(), day.audience,
         timezone.localtime(day.bookings_open_at), timezone.localtime(day.bookings_close_at))
        for day in copy.days.all()
    ] == [
        (date(2027, 3, 26), 4, Audience.SCHOOL, moment(date(2027, 1, 18), 9),
         moment(date(2027, 3, 24), 18)),
        (date(2027, 3, 27), 5, Audience.PUBLIC, moment(date(2027, 2, 22), 9),
         moment(date(2027, 3, 26), 18)),
    ]  # fmt: skip
    assert sorted(copy.phases.values_list("kind", "starts_on", "ends_on")) == [
        (PhaseKind.PUBLIC_BOOKINGS, date(2026, 2, 16) + shift, date(2026, 3, 20) + shift),
        (PhaseKind.REGISTRATION, date(2025, 10, 1) + shift, date(2026, 2, 1) + shift),
    ]
    assert set(copy.targets.values_list("region_id", "metric", "value")) == {
        (None, TargetMetric.CLASSES, 120),
        (region.pk, TargetMetric.VISITORS, 800),
    }
    assert edition.days.count() == 2 and edition.phases.count() == 2  # the original stays


def test_next_year_is_prepared_once():
    edition = EditionFactory(year=2026)
    services.prepare_next_edition(edition)

    with pytest.raises(EditionExists) as error:
        services.prepare_next_edition(edition)
    assert error.value.edition.year == 2027


def test_the_calendar_cuts_every_opening_at_the_closing_phase():
    edition = EditionFactory()
    today = timezone.localdate()
    services.set_phases(
        edition, {PhaseKind.CLOSING: (today + timedelta(days=5), today + timedelta(days=9))}
    )

    calendar = edition_calendar(edition)

    assert calendar.window(PhaseKind.PUBLIC_BOOKINGS).last_day == today + timedelta(days=4)
    assert calendar.is_open(PhaseKind.REGISTRATION, timezone.now())
    assert not calendar.is_open(PhaseKind.REGISTRATION, timezone.now() + timedelta(days=6))


def test_an_edition_without_phases_opens_nothing():
    day = EditionDayFactory(edition__phases=[])

    calendar = Calendar.of([])
    assert calendar.booking_window(day) is None
    assert not calendar.is_open(PhaseKind.REGISTRATION, timezone.now())
    assert not edition_calendar(day.edition).day_opening(day, timezone.now()).is_open
