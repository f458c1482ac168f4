"""A class booked on a slot, as its host reads it: who the teacher is and how to write."""

import pytest

from usines.accounts.models import Role, User
from usines.schools import services as schools
from usines.testsupport import class_details

pytestmark = pytest.mark.django_db


@pytest.fixture
def host_client(client, school_slot):
    host = User.objects.create_user("h@example.org", "h@example.org", "pw", role=Role.HOST)
    school_slot.visit.participation.site.team.add(host)
    client.force_login(host)
    client.cookies["django_language"] = "en"
    return client


def test_a_teacher_without_a_name_is_shown_by_one_e_mail_link(host_client, school_slot, teacher):
    group = schools.book_class(school_slot.pk, teacher, class_details()).booking.class_group

    page = host_client.get(f"/hote/classe/{group.pk}/").content.decode()

    assert page.count("prof@example.org") == 2  # the link's address and its text, once
    assert 'href="mailto:prof@example.org"' in page


def test_a_named_teacher_is_shown_with_the_e_mail_link(host_client, school_slot, teacher):
    teacher.first_name, teacher.last_name = "Anne", "Moreau"
    teacher.save()
    group = schools.book_class(school_slot.pk, teacher, class_details()).booking.class_group

    page = host_client.get(f"/hote/classe/{group.pk}/").content.decode()

    assert "Anne Moreau · <a" in page and 'href="mailto:prof@example.org"' in page
