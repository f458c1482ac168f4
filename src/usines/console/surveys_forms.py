"""What an organiser types to edit a questionnaire: its title, and a question with
its choices (one per line: `key | French label | English label`)."""

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from usines.reference.validators import no_control_characters
from usines.surveys.editing import QuestionFields
from usines.surveys.models import Question, QuestionKind

key_validator = RegexValidator(
    r"^[a-z][a-z0-9_]{0,59}$",
    _("A key is lower-case letters, digits and underscores, starting with a letter."),
)
MAX_CHOICES = 12


class TitleForm(forms.Form):
    title = forms.CharField(label=_("Title in French"), max_length=200)
    title_en = forms.CharField(label=_("Title in English"), max_length=200, required=False)


class QuestionForm(forms.Form):
    key = forms.CharField(
        label=_("Key"),
        max_length=60,
        validators=[key_validator],
        help_text=_(
            "Stays the same from year to year so that figures compare, e.g. recommend_industry."
        ),
    )
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=QuestionKind.choices)
    text = forms.CharField(
        label=_("Question in French"), max_length=300, validators=[no_control_characters]
    )
    text_en = forms.CharField(
        label=_("Question in English"),
        max_length=300,
        required=False,
        validators=[no_control_characters],
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    scale_min = forms.IntegerField(
        label=_("Scale from"), min_value=0, max_value=10, initial=1, required=False
    )
    scale_max = forms.IntegerField(
        label=_("Scale to"), min_value=1, max_value=10, initial=5, required=False
    )
    choices = forms.CharField(
        label=_("Choices, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "key | French label | English label — for a choice question only; keep the keys "
            "of existing choices so that figures compare."
        ),
    )

    def __init__(self, *args, question: Question | None = None, **kwargs):
        if question is not None:
            kwargs.setdefault(
                "initial",
                {
                    "key": question.key,
                    "kind": question.kind,
                    "text": question.text,
                    "text_en": question.text_en,
                    "required": question.required,
                    "scale_min": question.scale_min,
                    "scale_max": question.scale_max,
                    "choices": "\n".join(
                        f"{c.key} | {c.label} | {c.label_en}" for c in question.choices.all()
                    ),
                },
            )
        else:
            kwargs.setdefault("initial", {"required": True})
        super().__init__(*args, **kwargs)
        if question is not None:
            # A question's key is its identity from version to version.
            self.fields["key"].disabled = True

    def clean_choices(self) -> tuple[tuple[str, str, str], ...]:
        lines = [line.strip() for line in self.cleaned_data["choices"].splitlines()]
        choices = []
        for number, line in enumerate((line for line in lines if line), start=1):
            parts = [part.strip() for part in line.split("|")]
            if len(parts) not in (2, 3) or not parts[0] or not parts[1]:
                raise forms.ValidationError(
                    _("Line %(n)s: write key | French label | English label.") % {"n": number}
                )
            try:
                key_validator(parts[0])
                no_control_characters(parts[1])
            except forms.ValidationError as error:
                raise forms.ValidationError(
                    _("Line %(n)s: %(error)s") % {"n": number, "error": error.messages[0]}
                ) from error
            choices.append((parts[0], parts[1][:200], (parts[2] if len(parts) == 3 else "")[:200]))
        keys = [key for key, _label, _label_en in choices]
        if len(set(keys)) != len(keys):
            raise forms.ValidationError(_("Two choices have the same key."))
        if len(choices) > MAX_CHOICES:
            raise forms.ValidationError(_("At most %(n)s choices.") % {"n": MAX_CHOICES})
        return tuple(choices)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if (
            kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
            and len(data.get("choices", ())) < 2
        ):
            self.add_error("choices", _("A choice question needs at least two choices."))
        if kind == QuestionKind.SCALE:
            low, high = data.get("scale_min"), data.get("scale_max")
            if low is not None and high is not None and high <= low:
                self.add_error("scale_max", _("The scale must end above where it starts."))
        return data

    def fields_value(self) -> QuestionFields:
        data = self.cleaned_data
        kind = data["kind"]
        return QuestionFields(
            key=data["key"],
            kind=kind,
            text=data["text"],
            text_en=data["text_en"],
            required=data["required"],
            scale_min=1 if data["scale_min"] is None else data["scale_min"],
            scale_max=5 if data["scale_max"] is None else data["scale_max"],
            choices=data["choices"] if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) else (),
        )
