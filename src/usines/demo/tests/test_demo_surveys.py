"""The demo edition comes with survey answers for the impact figures: visitors and
classes before and after, hosts' feedback, and minds that move a little."""

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from usines.demo.generate import delete_demo_editions, generate_demo
from usines.surveys.models import Answer, Moment, Response, SurveyAudience

pytestmark = pytest.mark.django_db


def _share_certainly(moment: str) -> float:
    answers = Answer.objects.filter(
        question__key="recommend_industry",
        response__moment=moment,
        response__audience=SurveyAudience.PUBLIC,
    ).aggregate(all=Count("pk"), yes=Count("pk", filter=Q(choices__key="certainly")))
    return answers["yes"] / answers["all"]


def test_the_demo_has_answers_before_and_after_for_every_audience():
    call_command("load_reference", verbosity=0)
    report = generate_demo(factories=40, bookings=1500, seed=7)
    responses = Response.objects.filter(edition=report.edition)

    counts = dict(
        responses.values_list("audience", "moment")
        .annotate(n=Count("pk"))
        .values_list("audience", "n")
    )
    assert set(counts) == {SurveyAudience.PUBLIC, SurveyAudience.PUPILS, SurveyAudience.HOSTS}
    assert responses.filter(audience="pupils").exclude(class_level="").exists()
    assert responses.filter(booking__isnull=False, moment=Moment.BEFORE).exists()
    assert _share_certainly(Moment.AFTER) > _share_certainly(Moment.BEFORE)

    delete_demo_editions()
    assert not Response.objects.exists()
