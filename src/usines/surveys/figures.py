"""The impact figures of an edition: how many answered, what they answered before and
after the visit, and how the answer to the reference question moved, by audience,
by the share of girls of a class, by school level, by sector and by region.

Each table is one grouped query over the responses, whatever their number (the
responses carry their edition, audience, moment and level; the site is reached
through the response's participation, slot or booking, whichever it kept), then
the statistics of `stats.py` on the counts. A group with fewer than
`SURVEY_MIN_CELL` answers before or after shows no figure, and neither does its
complement (`stats.suppressed_any`).

Gender: a response names no one, and neither a booking nor a response records the
visitor's gender; for pupils the only figure is their class's share of girls, so
the pupils' answers are grouped by the class they came with.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, CharField, Count, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan, LessThan
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from usines.bookings.models import Booking, BookingStatus
from usines.editions.models import Audience, Edition
from usines.reference.models import Region, Sector
from usines.schools.models import ClassGroup, Level
from usines.surveys import stats
from usines.surveys.models import Moment, Question, QuestionKind, Response, SurveyAudience

REFERENCE_QUESTION = "recommend_industry"
CERTAINLY = "certainly"
VISITORS = (SurveyAudience.PUBLIC, SurveyAudience.PUPILS)
MOMENTS = (Moment.BEFORE, Moment.AFTER)

# A response reaches its site through whichever link it kept.
_SITE_PATHS = (
    "participation__site__",
    "slot__visit__participation__site__",
    "booking__slot__visit__participation__site__",
)


def _site(field: str) -> Coalesce:
    return Coalesce(*(F(path + field) for path in _SITE_PATHS), output_field=CharField())


_CLASS = "booking__class_group__"


class GirlsShare:
    """Bands of a class's share of girls, the only gender figure a pupil's answer has."""

    FEW = "few"
    MIXED = "mixed"
    MANY = "many"
    LABELS = {
        FEW: gettext_lazy("Classes with fewer than a third of girls"),
        MIXED: gettext_lazy("Classes with a third to two thirds of girls"),
        MANY: gettext_lazy("Classes with more than two thirds of girls"),
    }


GIRLS_BAND = Case(
    When(**{f"{_CLASS}isnull": True}, then=Value(None)),
    When(LessThan(F(f"{_CLASS}girls") * 3, F(f"{_CLASS}pupils")), then=Value(GirlsShare.FEW)),
    When(
        GreaterThan(F(f"{_CLASS}girls") * 3, F(f"{_CLASS}pupils") * 2), then=Value(GirlsShare.MANY)
    ),
    default=Value(GirlsShare.MIXED),
    output_field=CharField(),
)

BREAKDOWNS = {
    "audience": F("audience"),
    "girls": GIRLS_BAND,
    "level": F("class_level"),
    "sector": _site("naf__division__sector"),
    "region": _site("commune__department__region"),
}
# The breakdowns that only make sense for pupils.
PUPILS_ONLY = ("girls", "level")


@dataclass(frozen=True)
class Figure:
    """An estimate in percent (a share) or in points (a net score or a shift)."""

    value: float | None
    low: float | None
    high: float | None
    n: int

    @classmethod
    def of(cls, estimate: stats.Estimate) -> "Figure":
        scaled = [
            None if x is None else 100 * x for x in (estimate.value, estimate.low, estimate.high)
        ]
        return cls(*scaled, estimate.n)


@dataclass(frozen=True)
class ShiftRow:
    """One group's answers to the reference question before and after the visit."""

    label: str
    before: int
    after: int
    hidden: bool
    # Hidden for its own few answers, rather than to protect another group.
    too_few: bool
    certainly_before: Figure
    certainly_after: Figure
    certainly_shift: Figure
    net_before: Figure
    net_after: Figure
    net_shift: Figure
    is_total: bool = False


@dataclass(frozen=True)
class RateRow:
    audience: str
    moment: str
    answers: int
    expected: int  # bookings of the public, pupils of the classes booked

    @property
    def rate(self) -> float | None:
        return round(100 * self.answers / self.expected, 1) if self.expected else None


@dataclass(frozen=True)
class ChoiceRow:
    label: str
    before: Figure | None
    after: Figure | None


@dataclass(frozen=True)
class QuestionTable:
    """A single-choice question's answers before and after, for one audience."""

    audience: str
    text: str
    before: int
    after: int
    before_hidden: bool
    after_hidden: bool
    choices: list[ChoiceRow]


def _shift_row(
    label: str, counts: dict, hidden: bool, min_cell: int, is_total: bool = False
) -> ShiftRow:
    before, after = counts.get(Moment.BEFORE, {}), counts.get(Moment.AFTER, {})
    n_before, n_after = sum(before.values()), sum(after.values())
    too_few = min(n_before, n_after) < min_cell
    if hidden or too_few:
        empty = Figure(None, None, None, 0)
        return ShiftRow(label, n_before, n_after, True, too_few, *[empty] * 6, is_total=is_total)
    certainly = (before.get(CERTAINLY, 0), n_before), (after.get(CERTAINLY, 0), n_after)
    return ShiftRow(
        label,
        n_before,
        n_after,
        False,
        False,
        Figure.of(stats.proportion(*certainly[0])),
        Figure.of(stats.proportion(*certainly[1])),
        Figure.of(stats.share_shift(*certainly)),
        Figure.of(stats.net_score(before)),
        Figure.of(stats.net_score(after)),
        Figure.of(stats.net_shift(before, after)),
        is_total,
    )


def shift_rows(counts: dict, labels: Iterable[tuple], min_cell: int) -> list[ShiftRow]:
    """Rows of a breakdown from counts {group: {moment: {choice: n}}}, in the order of
    `labels` ((group, label) pairs; a group without a label last, as "Not known"),
    small groups and their complements hidden, then the total."""
    hidden = stats.suppressed_any(
        [
            {group: sum(c.get(moment, {}).values()) for group, c in counts.items()}
            for moment in MOMENTS
        ],
        min_cell,
    )
    known = dict(labels)
    order = [group for group in known if group in counts]
    order += [group for group in counts if group not in known]
    rows = [
        _shift_row(str(known.get(group, _("Not known"))), counts[group], group in hidden, min_cell)
        for group in order
    ]
    total: dict = defaultdict(lambda: defaultdict(int))
    for by_moment in counts.values():
        for moment, choices in by_moment.items():
            for choice, n in choices.items():
                total[moment][choice] += n
    if rows:
        rows.append(_shift_row(_("Total"), total, False, min_cell, is_total=True))
    return rows


def _labels(by: str) -> list[tuple]:
    """The groups of a breakdown in the order they are shown, with their labels."""
    if by == "audience":
        return [(audience.value, audience.label) for audience in VISITORS]
    if by == "girls":
        return list(GirlsShare.LABELS.items())
    if by == "level":
        return [(level.value, level.label) for level in Level]
    if by == "sector":
        return [(sector.value, sector.label) for sector in Sector]
    return list(Region.objects.values_list("pk", "name"))


class ImpactFigures:
    """The impact figures of an edition for all of France, or for one region."""

    def __init__(self, edition: Edition, region: Region | None = None):
        self.edition = edition
        self.region = region
        self.min_cell = settings.SURVEY_MIN_CELL

    def responses(self) -> QuerySet[Response]:
        """The visitors' responses before and after the visit, in scope."""
        found = Response.objects.filter(
            edition=self.edition, audience__in=VISITORS, moment__in=MOMENTS
        ).order_by()
        if self.region is not None:
            found = found.alias(site_region=BREAKDOWNS["region"]).filter(site_region=self.region.pk)
        return found

    def _participation_filter(self, prefix: str) -> Q:
        scope = Q(**{f"{prefix}visit__participation__edition": self.edition})
        if self.region is not None:
            region = f"{prefix}visit__participation__site__commune__department__region"
            scope &= Q(**{region: self.region})
        return scope

    def response_rates(self) -> list[RateRow]:
        """Answers before and after by audience, against the public's bookings and the
        pupils of the classes booked (three queries)."""
        answers = dict(
            ((audience, moment), n)
            for audience, moment, n in self.responses()
            .values_list("audience", "moment")
            .annotate(n=Count("pk"))
        )
        confirmed = Q(status=BookingStatus.CONFIRMED) & self._participation_filter("slot__")
        public = Booking.objects.filter(confirmed, slot__audience=Audience.PUBLIC).count()
        pupils = ClassGroup.objects.filter(
            Q(booking__status=BookingStatus.CONFIRMED)
            & self._participation_filter("booking__slot__")
        ).aggregate(pupils=Sum("pupils"))["pupils"]
        expected = {SurveyAudience.PUBLIC: public, SurveyAudience.PUPILS: pupils or 0}
        moments = dict(Moment.choices)
        return [
            RateRow(
                str(audience.label),
                str(moments[moment]),
                answers.get((audience, moment), 0),
                expected[audience],
            )
            for audience in VISITORS
            for moment in MOMENTS
        ]

    def reference_counts(self, by: str, audience: str | None = None) -> dict:
        """{group: {moment: {choice: n}}} of the reference question, grouped by one of
        BREAKDOWNS (one query)."""
        found = self.responses().filter(answers__question__key=REFERENCE_QUESTION)
        if audience is not None:
            found = found.filter(audience=audience)
        rows = found.values_list(BREAKDOWNS[by], "moment", "answers__choices__key")
        counts: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
        for group, moment, choice, n in rows.annotate(n=Count("pk")):
            if choice is not None:
                counts[group or None][moment][choice] += n
        return counts

    def shift(self, by: str) -> list[ShiftRow]:
        """The reference question before and after, by `by` (audience, girls, level,
        sector or region), with the total."""
        audience = SurveyAudience.PUPILS if by in PUPILS_ONLY else None
        return shift_rows(self.reference_counts(by, audience), _labels(by), self.min_cell)

    def distributions(self) -> list[QuestionTable]:
        """Every single-choice question of the visitors' questionnaires, the share of
        each choice before and after, by audience (two queries)."""
        questions = (
            Question.objects.filter(
                questionnaire__edition=self.edition,
                questionnaire__audience__in=VISITORS,
                questionnaire__moment__in=MOMENTS,
                kind=QuestionKind.SINGLE,
            )
            .select_related("questionnaire")
            .prefetch_related("choices")
            .order_by("questionnaire__version", "order", "pk")
        )
        # The newest version's wording, in the order of the questionnaire after the visit.
        wording: dict = {}
        for question in questions:
            key = (question.questionnaire.audience, question.key)
            choices = {choice.key: choice.local_label for choice in question.choices.all()}
            if key in wording:
                choices = {**wording[key][1], **choices}
            wording[key] = (question.local_text, choices)
        counts: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
        rows = (
            self.responses()
            .filter(answers__question__kind=QuestionKind.SINGLE)
            .values_list("audience", "answers__question__key", "moment", "answers__choices__key")
            .annotate(n=Count("pk"))
        )
        for audience, question, moment, choice, n in rows:
            if choice is not None:
                counts[(audience, question)][moment][choice] += n
        audiences = dict(SurveyAudience.choices)
        return [
            self._question_table(str(audiences[key[0]]), text, choices, counts.get(key, {}))
            for key, (text, choices) in wording.items()
        ]

    def _question_table(
        self, audience: str, text: str, choices: dict, counts: dict
    ) -> QuestionTable:
        before, after = counts.get(Moment.BEFORE, {}), counts.get(Moment.AFTER, {})
        n_before, n_after = sum(before.values()), sum(after.values())
        hide_before, hide_after = n_before < self.min_cell, n_after < self.min_cell
        keys = list(choices) + [key for key in {**before, **after} if key not in choices]
        shares_before = stats.distribution(before, keys)
        shares_after = stats.distribution(after, keys)
        return QuestionTable(
            audience,
            text,
            n_before,
            n_after,
            hide_before,
            hide_after,
            [
                ChoiceRow(
                    choices.get(key, key),
                    None if hide_before else Figure.of(shares_before[key]),
                    None if hide_after else Figure.of(shares_after[key]),
                )
                for key in keys
            ],
        )
