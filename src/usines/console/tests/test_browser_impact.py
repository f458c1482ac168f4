"""In a browser: the organiser's impact figure moves as visitors answer."""

import pytest

from usines.accounts.models import Role, User
from usines.editions.models import Audience
from usines.surveys import services
from usines.surveys.models import Moment, SurveyAudience
from usines.testsupport import EditionDayFactory, SlotFactory, log_in, new_page

pytestmark = pytest.mark.browser

PUBLIC = SurveyAudience.PUBLIC


def respond(slot, moment: str, choice: str, numbers: range) -> None:
    """Visitors answer the reference question at the slot's exit code, one device each."""
    questionnaire = services.current_questionnaire(slot.day.edition, PUBLIC, moment)
    for number in numbers:
        link = services.Link(PUBLIC, moment, slot=slot, respondent_key=f"{moment}-{number}")
        services.submit_response(questionnaire, link, {"recommend_industry": choice})


def test_the_organisers_impact_figure_moves_when_visitors_answer(live_server, browser):
    slot = SlotFactory(day=EditionDayFactory(audience=Audience.PUBLIC), capacity=50)
    respond(slot, Moment.BEFORE, "probably_not", range(10))
    respond(slot, Moment.AFTER, "certainly", range(9))
    User.objects.create_user("orga@example.org", "orga@example.org", "pw", role=Role.ORGANISER)
    page = log_in(new_page(browser), live_server.url, "orga@example.org", "pw")

    page.goto(live_server.url + "/organisation/impact/")
    public = page.locator("table:has(#impact-audiences-caption) tbody tr").first
    assert public.locator("td").count() == 1  # nine answers after: too few to show
    assert page.locator("dl#impact-headline").count() == 0

    respond(slot, Moment.AFTER, "certainly", range(9, 10))
    page.reload()

    assert public.locator("td").nth(1).inner_text() == "10"  # answers after
    headline = page.locator("dl#impact-headline")
    assert headline.count() == 1
    assert "+100" in headline.inner_text()  # "certainly": none before, all ten after
