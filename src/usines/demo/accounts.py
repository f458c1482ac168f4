"""The demo log-ins, one per role, created only when the site runs in demo mode."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from usines.accounts.models import Role, User
from usines.factories.models import Site
from usines.outreach.models import Network, Relay
from usines.reference.models import Region
from usines.schools import membership
from usines.schools.models import MembershipProof, School, TeacherSchool

DEMO_PASSWORD = "demo"  # noqa: S105 - printed on purpose, demo mode only


@transaction.atomic
def create_demo_accounts() -> list[tuple[str, str]]:
    """Create or reset the six demo accounts; returns (username, what they are)."""
    if not settings.DEMO_MODE:
        raise ImproperlyConfigured("Demo accounts exist only with USINES_DEMO=1.")
    sites = list(Site.objects.order_by("pk")[:2])
    accounts = [
        ("organisateur", Role.ORGANISER, "national organiser, and superuser of the administration"),
        ("hote", Role.HOST, f"host of {sites[0].name}" if sites else "host"),
        ("hote2", Role.HOST, f"host of {sites[1].name}" if len(sites) > 1 else "host"),
        ("enseignant", Role.TEACHER, "teacher of a demo school's classes"),
        ("enseignant2", Role.TEACHER, "teacher waiting for its school to confirm it"),
        ("relais", Role.RELAY, "partner-network relay (prospects of one region)"),
    ]
    for username, role, _description in accounts:
        user, _ = User.objects.get_or_create(username=username)
        user.role = role
        user.email = f"{username}@example.org"
        # The administration is for superusers only (accounts/adminsite.py).
        user.is_staff = user.is_superuser = role == Role.ORGANISER
        # Confirmed, as after the sign-up link: an invitation to the address works.
        user.email_confirmed_at = user.email_confirmed_at or timezone.now()
        user.set_password(DEMO_PASSWORD)
        user.save()
    for username, site in zip(["hote", "hote2"], sites, strict=False):
        site.team.add(User.objects.get(username=username))
    network = Network.objects.filter(name__endswith="(démo)").order_by("name").first()
    if network is not None and sites:
        relay, _ = Relay.objects.update_or_create(
            user=User.objects.get(username="relais"), defaults={"network": network}
        )
        busiest = (
            Region.objects.annotate(n=Count("departments__communes__prospects"))
            .order_by("-n")
            .first()
        )
        relay.departments.set(busiest.departments.all())
    school = School.objects.filter(name__endswith="(démo)", classes__isnull=False).first()
    if school is not None:
        # The demo teacher is confirmed, as an organiser would after a call.
        TeacherSchool.objects.update_or_create(
            teacher=User.objects.get(username="enseignant"),
            defaults={
                "school": school,
                "confirmed_at": timezone.now(),
                "proof": MembershipProof.ORGANISER,
                "school_token": None,
            },
        )
        # A second teacher of the school waits for its proof: the school's office is
        # e-mailed a confirmation link (printed by the worker), and the organisers
        # see it among the teachers to confirm.
        waiting = User.objects.get(username="enseignant2")
        if not TeacherSchool.objects.filter(teacher=waiting).exists():
            if not school.email:
                school.email = f"ce.{school.uai.lower()}@ac-demo.invalid"
                school.save(update_fields=["email"])
            membership.claim_school(waiting, school)
    return [(username, description) for username, _, description in accounts]
