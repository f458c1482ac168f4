"""The form a respondent fills in, built from a questionnaire's questions: one field
per question, named by its key, with a message per question saying what to fix."""

from django import forms
from django.utils.translation import gettext_lazy as _

from usines.reference.validators import no_control_characters
from usines.surveys.models import Question, QuestionKind, Questionnaire

TEXT_LENGTH = 500


class ShortTextField(forms.CharField):
    """A few words, typed on a phone: line breaks and tabs become plain spaces before
    the other control characters are refused."""

    def to_python(self, value):
        value = super().to_python(value)
        return " ".join(value.replace("\t", " ").splitlines()).strip() if value else value


def _field(question: Question) -> forms.Field:
    label = question.local_text
    required = question.required
    if question.kind == QuestionKind.SCALE:
        return forms.TypedChoiceField(
            label=label,
            required=required,
            coerce=int,
            choices=[(n, str(n)) for n in range(question.scale_min, question.scale_max + 1)],
            widget=forms.RadioSelect,
            error_messages={
                "required": _("Choose a number on the scale."),
                "invalid_choice": _("Choose a number on the scale."),
            },
        )
    if question.kind == QuestionKind.TEXT:
        return ShortTextField(
            label=label,
            required=required,
            max_length=TEXT_LENGTH,
            validators=[no_control_characters],
            widget=forms.Textarea(attrs={"rows": 3}),
            error_messages={
                "required": _("Write a few words."),
                "max_length": _("Keep it under %(limit_value)d characters."),
            },
        )
    choices = [(choice.key, choice.local_label) for choice in question.choices.all()]
    if question.kind == QuestionKind.MULTIPLE:
        return forms.MultipleChoiceField(
            label=label,
            required=required,
            choices=choices,
            widget=forms.CheckboxSelectMultiple,
            error_messages={
                "required": _("Tick at least one answer."),
                "invalid_choice": _("Tick answers from the list."),
            },
        )
    return forms.ChoiceField(
        label=label,
        required=required,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose one answer."),
            "invalid_choice": _("Choose an answer from the list."),
        },
    )


class ResponseForm(forms.Form):
    """Answers to `questionnaire`; `cleaned_data` is keyed by question key."""

    def __init__(self, *args, questionnaire: Questionnaire, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        self.questions = list(questionnaire.questions.prefetch_related("choices"))
        for question in self.questions:
            self.fields[question.key] = _field(question)
            self.fields[question.key].kind = question.kind
