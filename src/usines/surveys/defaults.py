"""The questionnaires every edition starts with, as data, and the service that gives
them to an edition that has none.

The keys of questions and choices are the figures' vocabulary: `recommend_industry`
with `certainly`, `probably`, `probably_not`, `certainly_not` is the reference
question, asked before and after, to the public and to pupils, every year. A question
asked before and after has the same key at both moments, so the two compare.
"""

from django.db import transaction

from usines.editions.models import Edition
from usines.surveys.models import Choice, Moment, Question, QuestionKind, Questionnaire
from usines.surveys.models import SurveyAudience as Aud

# (key, French, English) for each choice.
RECOMMEND = (
    ("certainly", "Oui, certainement", "Yes, certainly"),
    ("probably", "Oui, probablement", "Yes, probably"),
    ("probably_not", "Non, probablement pas", "No, probably not"),
    ("certainly_not", "Non, certainement pas", "No, certainly not"),
)
JOB_FAMILIES = (
    ("operator", "Opérateur ou opératrice de production", "Production operator"),
    ("machinist", "Usineur, conducteur de machine à commande numérique", "Machinist, CNC operator"),
    ("welder", "Soudeur, chaudronnier", "Welder, boilermaker"),
    ("maintenance", "Technicien ou technicienne de maintenance", "Maintenance technician"),
    ("automation", "Automatisme et robotique", "Automation and robotics"),
    ("quality", "Qualité", "Quality"),
    ("logistics", "Logistique", "Logistics"),
    ("engineer", "Ingénieur, bureau d'études", "Engineer, design office"),
)
NEAR_HOME = (
    ("yes", "Oui", "Yes"),
    ("already_knew", "Non, je la connaissais déjà", "No, I already knew it"),
    ("no", "Non", "No"),
)
INTEREST = (
    ("yes", "Oui, ça m'intéresse", "Yes, I'm interested"),
    ("maybe", "Peut-être", "Maybe"),
    ("not_really", "Pas vraiment", "Not really"),
    ("no", "Non", "No"),
)
OPEN_AGAIN = (
    ("yes", "Oui", "Yes"),
    ("maybe", "Peut-être", "Maybe"),
    ("no", "Non", "No"),
)
RECRUITMENT = (
    (
        "yes",
        "Oui : candidatures, stagiaires ou apprentis en vue",
        "Yes: applicants, interns or apprentices in sight",
    ),
    ("not_yet", "Pas encore, mais des contacts sont pris", "Not yet, but contacts were made"),
    ("no", "Non", "No"),
)


def _french(text: str) -> str:
    """French typography: the typographic apostrophe, a non-breaking space before the
    high punctuation."""
    text = text.replace("'", "\u2019")
    for mark in "?:;!":
        text = text.replace(f" {mark}", f"\u00a0{mark}")
    return text


def _q(key, kind, text, text_en, choices=(), required=True):
    return {
        "key": key,
        "kind": kind,
        "text": _french(text),
        "text_en": text_en,
        "choices": [(k, _french(label), label_en) for k, label, label_en in choices],
        "required": required,
    }


S, M, SC, T = QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.SCALE, QuestionKind.TEXT

_PUBLIC_COMMON = [
    _q(
        "recommend_industry",
        S,
        "Recommanderiez-vous à un proche de travailler dans l'industrie ?",
        "Would you recommend to someone close to you to work in industry?",
        RECOMMEND,
    ),
    _q(
        "jobs_known",
        M,
        "Parmi ces métiers de l'industrie, lesquels sauriez-vous décrire ?",
        "Which of these jobs in industry could you describe?",
        JOB_FAMILIES,
        required=False,
    ),
    _q(
        "image_industry",
        SC,
        "Quelle image avez-vous de l'industrie ? (1 : très mauvaise, 5 : très bonne)",
        "What is your image of industry? (1: very poor, 5: very good)",
    ),
]
_PUPILS_COMMON = [
    _q(
        "recommend_industry",
        S,
        "Conseillerais-tu à un copain, une copine ou quelqu'un de ta famille"
        " de travailler dans l'industrie ?",
        "Would you tell a friend or someone in your family to work in industry?",
        RECOMMEND,
    ),
    _q(
        "jobs_known",
        M,
        "Parmi ces métiers, lesquels pourrais-tu expliquer à un ami ?",
        "Which of these jobs could you explain to a friend?",
        JOB_FAMILIES,
        required=False,
    ),
    _q(
        "interest_industry_job",
        S,
        "Est-ce que tu te verrais faire un métier ou une formation dans l'industrie plus tard ?",
        "Could you see yourself doing a job or a training in industry later?",
        INTEREST,
    ),
]

DEFAULTS = {
    (Aud.PUBLIC, Moment.BEFORE): (
        "Avant votre visite",
        "Before your visit",
        _PUBLIC_COMMON,
    ),
    (Aud.PUBLIC, Moment.AFTER): (
        "Après votre visite",
        "After your visit",
        [
            *_PUBLIC_COMMON,
            _q(
                "discovered_factory_near_home",
                S,
                "Avez-vous découvert une usine près de chez vous ?",
                "Did you discover a factory near your home?",
                NEAR_HOME,
            ),
            _q(
                "satisfaction",
                SC,
                "Avez-vous apprécié la visite ? (1 : pas du tout, 5 : beaucoup)",
                "Did you enjoy the visit? (1: not at all, 5: a lot)",
            ),
            _q(
                "comment",
                T,
                "Un mot sur la visite ?",
                "A word about the visit?",
                required=False,
            ),
        ],
    ),
    (Aud.PUPILS, Moment.BEFORE): (
        "Avant la visite de l'usine",
        "Before the factory visit",
        _PUPILS_COMMON,
    ),
    (Aud.PUPILS, Moment.AFTER): (
        "Après la visite de l'usine",
        "After the factory visit",
        [
            *_PUPILS_COMMON,
            _q(
                "discovered_factory_near_home",
                S,
                "As-tu découvert qu'il y a une usine près de chez toi ?",
                "Did you find out there is a factory near where you live?",
                NEAR_HOME,
            ),
            _q(
                "satisfaction",
                SC,
                "As-tu aimé la visite ? (1 : pas du tout, 5 : beaucoup)",
                "Did you like the visit? (1: not at all, 5: a lot)",
            ),
            _q(
                "comment",
                T,
                "Qu'est-ce qui t'a le plus étonné ?",
                "What surprised you the most?",
                required=False,
            ),
        ],
    ),
    (Aud.HOSTS, Moment.FEEDBACK): (
        "Votre avis d'hôte",
        "Your feedback as a host",
        [
            _q(
                "open_again",
                S,
                "Ouvririez-vous de nouveau vos portes l'an prochain ?",
                "Would you open your doors again next year?",
                OPEN_AGAIN,
            ),
            _q(
                "satisfaction",
                SC,
                "Quelle satisfaction tirez-vous de la journée ? (1 : aucune, 5 : très grande)",
                "How satisfied are you with the day? (1: not at all, 5: very)",
            ),
            _q(
                "helped_recruitment",
                S,
                "La journée a-t-elle aidé vos recrutements ?",
                "Did the day help your recruitment?",
                RECRUITMENT,
            ),
            _q(
                "what_to_change",
                T,
                "Que faudrait-il changer ?",
                "What should change?",
                required=False,
            ),
        ],
    ),
}


def create_questionnaire(
    edition: Edition, audience: str, moment: str, title: str, title_en: str, questions: list
) -> Questionnaire:
    questionnaire = Questionnaire.objects.create(
        edition=edition, audience=audience, moment=moment, title=_french(title), title_en=title_en
    )
    for order, spec in enumerate(questions, start=1):
        question = Question.objects.create(
            questionnaire=questionnaire,
            order=order,
            key=spec["key"],
            kind=spec["kind"],
            text=spec["text"],
            text_en=spec["text_en"],
            required=spec["required"],
        )
        Choice.objects.bulk_create(
            Choice(question=question, order=n, key=key, label=label, label_en=label_en)
            for n, (key, label, label_en) in enumerate(spec["choices"], start=1)
        )
    return questionnaire


def copy_questionnaire(source: Questionnaire, edition: Edition, version: int) -> Questionnaire:
    """A copy of `source` with its questions and choices, as `version` of `edition`'s
    questionnaire for the same audience and moment."""
    questionnaire = Questionnaire.objects.create(
        edition=edition,
        audience=source.audience,
        moment=source.moment,
        version=version,
        title=source.title,
        title_en=source.title_en,
    )
    for question in source.questions.prefetch_related("choices"):
        choices = list(question.choices.all())
        question.pk = None
        question.questionnaire = questionnaire
        question.save()
        for choice in choices:
            choice.pk = None
            choice.question = question
        Choice.objects.bulk_create(choices)
    return questionnaire


def latest_questionnaires(edition: Edition) -> dict[tuple[str, str], Questionnaire]:
    """Each audience and moment's newest version in `edition`."""
    latest = {}
    for questionnaire in Questionnaire.objects.filter(edition=edition).order_by("version"):
        latest[(questionnaire.audience, questionnaire.moment)] = questionnaire
    return latest


def ensure_default_questionnaires(edition: Edition) -> int:
    """Give `edition` a questionnaire for every audience and moment it has none of:
    a copy of the previous edition's latest version when there is one (so that an
    organiser's wording carries over and figures compare year to year), else the
    default one. Returns how many were created. Idempotent: a questionnaire the
    edition already has, edited or not, is left as it is."""
    created = 0
    with transaction.atomic():
        existing = set(
            Questionnaire.objects.filter(edition=edition).values_list("audience", "moment")
        )
        if len(existing) == len(DEFAULTS):
            return 0
        previous = edition.previous()
        earlier = latest_questionnaires(previous) if previous else {}
        for (audience, moment), (title, title_en, questions) in DEFAULTS.items():
            if (audience, moment) in existing:
                continue
            if (audience, moment) in earlier:
                copy_questionnaire(earlier[(audience, moment)], edition, version=1)
            else:
                create_questionnaire(edition, audience, moment, title, title_en, questions)
            created += 1
    return created
