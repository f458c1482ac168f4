"""The world the role matrix (test_role_matrix.py) requests every URL in: objects of
host A, of teacher A and of region 84, with the private data only some roles may read.

Site A is published in Cluses (Haute-Savoie, Auvergne-Rhône-Alpes: region 84), in
host A's team: a public slot booked by Zoé Durand, a full slot with Léon Attente
waiting, a school slot where teacher A's class is booked with its name list and a
coach, a photo, an edit the organisers have not seen, a team invitation. Host A's
site C waits for moderation. Site B is host B's. Teacher B teaches at a school of
another region; a teacher of school A waits for its confirmation. A prospect of
region 84 belongs to a network whose only relay canvasses Paris. The regional
organiser is Île-de-France's (region 11).
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from io import BytesIO

from django.contrib.auth.tokens import default_token_generator
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks_db.models import DBTaskResult
from PIL import Image

from usines.accounts.models import Role, User
from usines.accounts.services import confirmation_token
from usines.ballots import drawing as ballot_drawing
from usines.ballots import services as ballots
from usines.ballots.models import Ballot, BallotEntry
from usines.bookings import links
from usines.bookings.models import Booking, BookingAction, WaitlistEntry, WalkIn
from usines.bookings.services import Contact, book_visit, join_waitlist
from usines.editions.models import Audience
from usines.factories import edits
from usines.factories import services as factories
from usines.factories.models import (
    Participation,
    ParticipationEvent,
    ParticipationStatus,
    Site,
    SitePhoto,
    Slot,
    Visit,
)
from usines.mailinglist import services as mailinglist
from usines.mailinglist.models import Source, Subscription
from usines.outreach.models import Contact as ProspectContact
from usines.outreach.models import Network, Prospect, ReferenceCount, ReferenceSource, Relay
from usines.people import services as people
from usines.people.models import Invitation, RoleWithdrawal
from usines.reports.models import Snapshot
from usines.schools import coaches, membership
from usines.schools.models import (
    ClassGroup,
    ClassList,
    CoachPool,
    CoachRequest,
    School,
    SchoolInvitation,
    TeacherSchool,
    uai_check_letter,
)
from usines.schools.services import CoachWish, attach_class_list, book_class
from usines.surveys import links as survey_links
from usines.testsupport import (
    DepartmentFactory,
    EditionDayFactory,
    EditionFactory,
    RegionFactory,
    SiteFactory,
    SlotFactory,
    VisitFactory,
    class_details,
    confirmed_teacher,
    place_commune,
    prospect,
    slot_at,
)

# --- Roles ----------------------------------------------------------------------------

ANONYMOUS = "anonymous"
TOKEN_VISITOR = "token_visitor"  # anonymous, holding the secret links mailed to it
HOST_A = "host_a"
HOST_B = "host_b"
TEACHER_A = "teacher_a"
TEACHER_B = "teacher_b"
# A visitor account just signed up (e-mail not confirmed, no rights) whose address
# host A invited to site A's team and teacher A to school A: it holds both links.
FRESH = "fresh_account"
RELAY_OTHER = "relay_other_territory"
ORGANISER_OTHER = "organiser_other_region"
NATIONAL = "organiser_national"
SUPERUSER = "superuser"

ROLES = (
    ANONYMOUS,
    TOKEN_VISITOR,
    HOST_A,
    HOST_B,
    TEACHER_A,
    TEACHER_B,
    FRESH,
    RELAY_OTHER,
    ORGANISER_OTHER,
    NATIONAL,
    SUPERUSER,
)


# --- The world ------------------------------------------------------------------------


@dataclass
class World:
    """The objects the URLs' parameters name, the logged-in roles' users, the secrets
    of private links (by kind, then parameter) and the private markers (what leaks →
    its text) that only some roles may read."""

    site_a: Site
    public_slot: Slot
    school_slot: Slot
    class_booking: Booking
    pending_participation: Participation
    edit: ParticipationEvent
    photo: SitePhoto
    pool: CoachPool
    coach_request: CoachRequest
    prospect: Prospect
    network: Network
    relay: Relay
    pending_link: TeacherSchool
    users: dict[str, User]
    secrets: dict[str, dict[str, str]]
    markers: dict[str, str] = field(default_factory=dict)
    ballot: Ballot | None = None  # site A's visit, drawn
    open_ballot: Ballot | None = None  # site B's visit, taking entries
    school_ballot: Ballot | None = None  # site B's visit's school slots, taking entries


def _ballots(public_slot: Slot, site_b: Site) -> tuple[Ballot, BallotEntry, Ballot, Ballot]:
    """Site A's visit drawn by lot (one entrant, who won), site B's taking entries from
    the public and from classes."""
    now = timezone.now()
    edition = public_slot.day.edition
    drawn = ballots.create_ballot(
        edition,
        Audience.PUBLIC,
        now - timedelta(hours=1),
        now + timedelta(hours=1),
        visit=public_slot.visit,
    )
    entry, _created = ballots.enter_ballot(
        drawn,
        ballots.Entrant("Ursule Tirage", "ursule.tirage@example.org", "74300"),
        [public_slot.pk],
        1,
    )
    Ballot.objects.filter(pk=drawn.pk).update(closes_at=now - timedelta(seconds=1))
    drawn.refresh_from_db()
    ballot_drawing.start_draw(drawn, "matrix")
    drawn.refresh_from_db()
    open_ballot = ballots.create_ballot(
        edition,
        Audience.PUBLIC,
        now - timedelta(hours=1),
        now + timedelta(days=5),
        visit=site_b.participations.get().visit,
    )
    school_ballot = ballots.create_ballot(
        edition,
        Audience.SCHOOL,
        now - timedelta(hours=1),
        now + timedelta(days=5),
        visit=site_b.participations.get().visit,
    )
    return drawn, entry, open_ballot, school_ballot


def _user(email: str, role: str = Role.VISITOR, **fields) -> User:
    fields.setdefault("email_confirmed_at", timezone.now())
    return User.objects.create_user(email, email, "pw", role=role, **fields)


def _school(digits: str, name: str, commune, **fields) -> School:
    return School.objects.create(
        uai=digits + uai_check_letter(digits),
        name=name,
        commune=commune,
        city=commune.name,
        latitude=commune.latitude,
        longitude=commune.longitude,
        **fields,
    )


def _jpeg() -> BytesIO:
    buffer = BytesIO()
    Image.new("RGB", (64, 48), (120, 120, 120)).save(buffer, "JPEG")
    buffer.seek(0)
    return buffer


def build_world() -> World:
    cluses = place_commune("cluses")
    edition = EditionFactory()
    public_day = EditionDayFactory(edition=edition)
    school_day = EditionDayFactory(
        edition=edition,
        audience=Audience.SCHOOL,
        date=timezone.localdate() + timedelta(days=31),
    )

    # Site A, in Cluses (Haute-Savoie, region 84): a public slot with two bookings
    # and a full one with a waiting list, a school slot with a class.
    public_slot = slot_at(public_day, "cluses", name="Usine A", requires_named_visitors=True)
    visit_a = public_slot.visit
    site_a = visit_a.participation.site
    full_slot = SlotFactory(
        day=public_day,
        visit=visit_a,
        capacity=2,
        starts_at=datetime.combine(public_day.date, time(14), timezone.get_current_timezone()),
    )
    school_slot = SlotFactory(day=school_day, visit=visit_a, capacity=60)
    host_a = _user("hote.a@example.org", Role.HOST)
    site_a.team.add(host_a)
    booking = book_visit(
        public_slot.pk, 3, Contact("Zoé Durand", "zoe.durand@example.org", "74300")
    ).booking
    book_visit(full_slot.pk, 2, Contact("Marc Complet", "marc.complet@example.org", "74300"))
    entry = join_waitlist(
        full_slot.pk, 2, Contact("Léon Attente", "leon.attente@example.org", "74300")
    ).entry
    photo = factories.add_photo(site_a, _jpeg(), "L'atelier")
    # Host A changed the live visit's title: the organisers have not seen it yet.
    edited = "Ancien titre retiré"
    edits.record_public_edit([visit_a.participation], host_a, {"Titre": [edited, visit_a.title]})
    edit = ParticipationEvent.objects.get(participation=visit_a.participation, reviewed_at=None)

    # Site C, also host A's and in region 84, waits for moderation.
    site_c = SiteFactory(commune=cluses, name="Décolletage Secret du Giffre")
    site_c.team.add(host_a)
    pending = VisitFactory(
        participation__site=site_c,
        participation__edition=edition,
        participation__status=ParticipationStatus.SUBMITTED,
        participation__submitted_at=timezone.now(),
    ).participation

    # Site B, another host's, elsewhere.
    site_b = slot_at(public_day, "lyon").visit.participation.site
    host_b = _user("hote.b@example.org", Role.HOST)
    site_b.team.add(host_b)

    # Teacher A's class on site A's school slot, with its name list and a coach.
    school_a = _school(
        "0740003", "Lycée Charles Poncet", cluses, email="ce.0740003b@ac-grenoble.example"
    )
    teacher_a = _user("prof.a@example.org", Role.TEACHER)
    confirmed_teacher(teacher_a, school_a)
    note = "Prévoir la rampe pour Inès"
    class_booking = book_class(
        school_slot.pk,
        teacher_a,
        class_details(special_needs=note, note_to_host=note),
        coach=CoachWish(seats=30),
    ).booking
    group = class_booking.class_group
    names = ["Camille Vasseur"] + [f"Élève {n}" for n in range(1, group.persons)]
    attach_class_list(group, "\n".join(names))
    coaches.propose_coach_pools(Participation.objects.filter(site=site_a), 15)
    coach_request = CoachRequest.objects.get(class_group=group)

    # Teacher B, confirmed at a school of another region.
    paris = DepartmentFactory(
        code="75", name="Paris", region=RegionFactory(code="11", name="Île-de-France")
    )
    lyon = place_commune("lyon")
    school_b = _school("0690001", "Lycée du Parc", lyon)
    teacher_b = _user("prof.b@example.org", Role.TEACHER)
    confirmed_teacher(teacher_b, school_b)

    # A teacher waiting for school A's office (or an organiser of 84) to confirm it.
    waiting_teacher = _user("attente.prof@example.org", Role.TEACHER)
    pending_link = membership.claim_school(waiting_teacher, school_a)

    # The fresh account: signed up, e-mail not confirmed yet, invited by host A to
    # site A's team and by teacher A to school A.
    fresh = _user("nouveau@example.org", email_confirmed_at=None)
    team_invitation = people.invite_host(host_a, site_a, fresh.email)
    colleague_invitation = membership.invite_colleague(teacher_a, fresh.email)
    signing_up = User.objects.create_user(
        "inscription@example.org", "inscription@example.org", "pw", is_active=False
    )

    # A prospect of region 84, and a relay of the same network in Paris only.
    network = Network.objects.create(name="Réseau test")
    item = prospect(
        network,
        "cluses",
        contact_name="Bernard Quintal",
        contact_email="bernard.quintal@giffre.example",
    )
    relay_user = _user("relais.idf@example.org", Role.RELAY, region_id="11")
    relay = Relay.objects.create(user=relay_user, network=network)
    relay.departments.set([paris])
    ballot, ballot_entry, open_ballot, school_ballot = _ballots(public_slot, site_b)

    users = {
        HOST_A: host_a,
        HOST_B: host_b,
        TEACHER_A: teacher_a,
        TEACHER_B: teacher_b,
        FRESH: fresh,
        RELAY_OTHER: relay_user,
        ORGANISER_OTHER: _user("orga.idf@example.org", Role.ORGANISER, region_id="11"),
        NATIONAL: _user("orga.national@example.org", Role.ORGANISER),
        SUPERUSER: User.objects.create_superuser(
            "admin@example.org", "admin@example.org", "pw", email_confirmed_at=timezone.now()
        ),
    }
    subscription = mailinglist.request_subscription(
        "lou.lettre@example.org", "fr", Source.PUBLIC_FORM
    )
    mailinglist.confirm(subscription.token)
    secrets = {
        "booking": {"token": booking.token},
        "mailinglist": {"token": subscription.token},
        "bookings_link": {"token": links.issue_link(booking.email).token},
        "waitlist": {"token": entry.token},
        "sign_up": {"token": confirmation_token(signing_up)},
        "password_reset": {
            "uidb64": urlsafe_base64_encode(force_bytes(fresh.pk)),
            "token": default_token_generator.make_token(fresh),
        },
        "school_office": {"token": pending_link.school_token},
        "team_invitation": {"token": team_invitation.token},
        "colleague_invitation": {"token": colleague_invitation.token},
        "exit_survey": {"token": survey_links.exit_token(public_slot.pk)},
        "class_survey": {"token": survey_links.class_token(class_booking.pk, "before")},
        "ballot_entry": {"token": ballot_entry.token},
    }
    assert all(value for values in secrets.values() for value in values.values())
    world = World(
        site_a=site_a,
        public_slot=public_slot,
        school_slot=school_slot,
        class_booking=class_booking,
        pending_participation=pending,
        edit=edit,
        photo=photo,
        pool=coach_request.pool,
        coach_request=coach_request,
        prospect=item,
        network=network,
        relay=relay,
        pending_link=pending_link,
        users=users,
        secrets=secrets,
        ballot=ballot,
        open_ballot=open_ballot,
        school_ballot=school_ballot,
    )
    # What no one outside the rule's `sees` may read in an answer.
    world.markers = {
        "booker name": "Zoé Durand",
        "booker e-mail": "zoe.durand@example.org",
        "subscriber e-mail": "lou.lettre@example.org",
        "booking token": booking.token,
        "ticket code": booking.checkin_code,
        "waiting-list name": "Léon Attente",
        "waiting-list token": entry.token,
        "class note": note,
        "class list name": "Camille Vasseur",
        "class ticket code": class_booking.checkin_code,
        "class's school": school_a.name,
        "prospect contact": "Bernard Quintal",
        "prospect e-mail": "bernard.quintal@giffre.example",
        "pending site": site_c.name,
        "region 84 figures": f"{site_a.commune.department.region.name};",
        "edited text": edited,
        "pending teacher": waiting_teacher.email,
        "team invitation token": team_invitation.token,
        "colleague invitation token": colleague_invitation.token,
        "school office token": pending_link.school_token,
        "ballot entrant": "Ursule Tirage",
        "ballot entry token": ballot_entry.token,
    }
    return world


def world_state() -> dict[str, list]:
    """What a request may change, table by table."""
    through = Site.team.through
    return {
        "bookings": list(
            Booking.objects.order_by("pk").values_list(
                "pk", "status", "party_size", "checked_in_at"
            )
        ),
        "waiting list": list(WaitlistEntry.objects.order_by("pk").values_list("pk", "status")),
        "slots": list(
            Slot.objects.order_by("pk").values_list("pk", "capacity", "booked", "is_cancelled")
        ),
        "walk-ins": list(WalkIn.objects.order_by("pk").values_list("pk", "count")),
        "help-desk actions": [BookingAction.objects.count()],
        "participations": list(Participation.objects.order_by("pk").values_list("pk", "status")),
        "participation events": list(
            ParticipationEvent.objects.order_by("pk").values_list("pk", "reviewed_at")
        ),
        "sites": list(
            Site.objects.order_by("pk").values_list("pk", "name", "address", "latitude", "summary")
        ),
        "visits": list(Visit.objects.order_by("pk").values_list("pk", "title", "description")),
        "teams": list(through.objects.order_by("pk").values_list("site_id", "user_id")),
        "photos": list(SitePhoto.objects.order_by("pk").values_list("pk", flat=True)),
        "invitations": list(
            Invitation.objects.order_by("pk").values_list("pk", "accepted_at", "expires_at")
        ),
        "roles withdrawn": [RoleWithdrawal.objects.count()],
        "networks": list(Network.objects.order_by("pk").values_list("pk", "name")),
        "relays": list(Relay.objects.order_by("pk").values_list("pk", "user_id", "network_id")),
        "next edition list": list(
            Subscription.objects.order_by("pk").values_list("pk", "status", "requested_at")
        ),
        "teachers' schools": list(
            TeacherSchool.objects.order_by("pk").values_list("pk", "school_id", "confirmed_at")
        ),
        "school invitations": list(
            SchoolInvitation.objects.order_by("pk").values_list("pk", "accepted_at")
        ),
        "schools": [School.objects.count()],
        "classes": list(
            ClassGroup.objects.order_by("pk").values_list("pk", "present_pupils", "present_adults")
        ),
        "class lists": list(ClassList.objects.order_by("pk").values_list("pk", "entries")),
        "coaches": list(CoachPool.objects.order_by("pk").values_list("pk", "accepted_at")),
        "coach requests": list(
            CoachRequest.objects.order_by("pk").values_list("pk", "pool_id", "status")
        ),
        "prospects": list(
            Prospect.objects.order_by("pk").values_list(
                "pk", "edition_id", "status", "owner_id", "follow_up_on"
            )
        ),
        "prospect contacts": [ProspectContact.objects.count()],
        "reference counts": [ReferenceCount.objects.count()],
        "reference sources": [ReferenceSource.objects.count()],
        "snapshots": [Snapshot.objects.count()],
        "users": list(
            User.objects.order_by("pk").values_list(
                "pk", "role", "region_id", "is_active", "email_confirmed_at", "password"
            )
        ),
        "queued tasks": [DBTaskResult.objects.count()],
        "ballots": list(Ballot.objects.order_by("pk").values_list("pk", "status", "public_value")),
        "ballot entries": list(
            BallotEntry.objects.order_by("pk").values_list("pk", "party_size", "updated_at")
        ),
    }
