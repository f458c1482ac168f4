"""Teachers' forms: the school, finding a visit for a class, the class, its name list."""

import uuid
from datetime import time

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from usines.bookings import consent as consent_texts
from usines.editions.models import Audience, EditionDay
from usines.schools.finder import DEFAULT_RADIUS_KM, RADII_KM
from usines.schools.models import Level, School, Track, validate_uai
from usines.schools.services import ClassDetails, CoachWish


class SchoolForm(forms.Form):
    uai = forms.CharField(
        label=_("Your school: its UAI code or its name"),
        max_length=250,
        help_text=_(
            "Type the name and pick it in the list, or the UAI code: 7 digits and a letter, "
            "e.g. 0740003B."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "list": "school-suggestions", "data-suggest-url": ""}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["uai"].widget.attrs["data-suggest-url"] = reverse("api:schools")

    name = forms.CharField(
        label=_("School name"),
        max_length=200,
        required=False,
        help_text=_("Only if the code is not in the national directory yet."),
    )
    city = forms.CharField(label=_("Commune"), max_length=100, required=False)

    def clean_uai(self) -> str:
        """The code itself, or the code a suggestion starts with ("0740003B – Lycée …")."""
        code = self.cleaned_data["uai"].strip().split(" ", 1)[0].upper()
        validate_uai(code)
        return code

    def clean(self):
        data = super().clean()
        uai = data.get("uai")
        if uai and not School.objects.filter(pk=uai).exists() and not data.get("name"):
            self.add_error(
                "name",
                _("This code is not in the national directory: write the school's name."),
            )
        return data

    def school(self) -> School:
        data = self.cleaned_data
        school = School.objects.filter(pk=data["uai"]).first()
        if school is None:
            school = School.objects.create(uai=data["uai"], name=data["name"], city=data["city"])
        return school


class ClassSearchForm(forms.Form):
    """What a teacher asks to find a visit: the class's size (and level), how far from
    the school, which day."""

    pupils = forms.IntegerField(label=_("Number of pupils"), min_value=1, max_value=60)
    adults = forms.IntegerField(
        label=_("Accompanying adults"), min_value=1, max_value=10, initial=2
    )
    level = forms.ChoiceField(
        label=_("Level"),
        choices=[("", _("Any level"))] + Level.choices,
        required=False,
        help_text=_("Only the visits that welcome this level and age."),
    )
    radius = forms.TypedChoiceField(
        label=_("Distance from the school"),
        choices=[(radius, _("%(km)s km") % {"km": radius}) for radius in RADII_KM],
        coerce=int,
        initial=DEFAULT_RADIUS_KM,
    )
    day = forms.ModelChoiceField(
        label=_("Day"),
        queryset=EditionDay.objects.none(),
        required=False,
        empty_label=_("Any school day"),
    )

    def __init__(self, *args, edition=None, limit: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit = limit
        self.fields["day"].queryset = EditionDay.objects.filter(
            edition=edition, audience=Audience.SCHOOL
        ).order_by("date")

    def clean(self):
        data = super().clean()
        pupils, adults = data.get("pupils"), data.get("adults")
        if (
            self.limit
            and pupils is not None
            and adults is not None
            and pupils + adults > self.limit
        ):
            self.add_error(
                "pupils",
                _("A class counts %(limit)s persons at most, adults included.")
                % {"limit": self.limit},
            )
        return data

    @property
    def persons(self) -> int:
        return self.cleaned_data["pupils"] + self.cleaned_data["adults"]


COACH_FIELDS = ("coach_seats", "leave_after")


class ClassForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    track = forms.ChoiceField(label=_("Track"), choices=Track.choices)
    pupils = forms.IntegerField(label=_("Number of pupils"), min_value=1, max_value=60)
    girls = forms.IntegerField(label=_("Of whom girls"), min_value=0, max_value=60)
    adults = forms.IntegerField(
        label=_("Accompanying adults"), min_value=1, max_value=10, initial=2
    )
    special_needs = forms.CharField(
        label=_("Special needs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wheelchair, hearing or visual support… (no names)."),
    )
    note_to_host = forms.CharField(
        label=_("A note to the host"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    coach = forms.BooleanField(
        label=_("We need a coach"),
        required=False,
        widget=forms.CheckboxInput(attrs={"aria-controls": "coach-details"}),
    )
    coach_seats = forms.IntegerField(
        label=_("Seats in the coach"),
        required=False,
        min_value=1,
        max_value=59,
        help_text=_("Pupils and adults travelling; empty: the whole class (59 at most)."),
    )
    leave_after = forms.TimeField(
        label=_("Earliest departure from the school"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("The organisers set the pick-up time from the visit's start and the route."),
    )
    consent = forms.BooleanField(
        label=consent_texts.TEXTS[consent_texts.CLASS],
        error_messages={"required": _("Tick the box to accept how the class's data are used.")},
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, limit: int, starts_at: time | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit = limit
        self.starts_at = starts_at
        self.initial.setdefault("idempotency_key", uuid.uuid4().hex)

    def class_fields(self) -> list:
        """The visible fields about the class; the coach's are shown apart."""
        apart = ("coach", "consent", *COACH_FIELDS)
        return [field for field in self.visible_fields() if field.name not in apart]

    def coach_fields(self) -> list:
        return [self[name] for name in COACH_FIELDS]

    def clean(self):
        data = super().clean()
        pupils, girls, adults = data.get("pupils"), data.get("girls"), data.get("adults")
        if pupils is not None and girls is not None and girls > pupils:
            self.add_error("girls", _("There cannot be more girls than pupils."))
        if pupils is not None and adults is not None and pupils + adults > self.limit:
            self.add_error(
                "pupils",
                _("A class counts %(limit)s persons at most, adults included.")
                % {"limit": self.limit},
            )
        if data.get("coach"):
            self._clean_coach(data, pupils + adults if pupils and adults else None)
        else:
            # No coach asked for: whatever the hidden coach fields hold is ignored.
            for name in COACH_FIELDS:
                self.errors.pop(name, None)
                data.pop(name, None)
        return data

    def _clean_coach(self, data: dict, persons: int | None) -> None:
        seats = data.get("coach_seats")
        if not seats and "coach_seats" not in self.errors:
            if persons is not None and persons <= 59:
                data["coach_seats"] = persons
            elif persons is not None:
                self.add_error("coach_seats", _("Say how many seats the coach needs (59 at most)."))
        elif seats and persons is not None and seats > persons:
            self.add_error(
                "coach_seats",
                _("The class counts %(persons)s persons: the coach needs no more seats.")
                % {"persons": persons},
            )
        leave_after = data.get("leave_after")
        if leave_after and self.starts_at and leave_after >= self.starts_at:
            self.add_error(
                "leave_after",
                _("The visit starts at %(time)s: the class must leave the school before.")
                % {"time": self.starts_at.strftime("%H:%M")},
            )

    def coach_wish(self) -> CoachWish | None:
        data = self.cleaned_data
        if not data.get("coach"):
            return None
        return CoachWish(seats=data["coach_seats"], leave_after=data.get("leave_after"))

    def details(self) -> ClassDetails:
        data = self.cleaned_data
        return ClassDetails(
            level=data["level"],
            track=data["track"],
            pupils=data["pupils"],
            girls=data["girls"],
            adults=data["adults"],
            special_needs=data["special_needs"],
            note_to_host=data["note_to_host"],
        )


class ClassListForm(forms.Form):
    names = forms.CharField(
        label=_("Names, one person a line"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Pupils and adults. Deleted automatically the day after the visit."),
    )


class ColleagueForm(forms.Form):
    email = forms.EmailField(
        label=_("A colleague's e-mail"),
        help_text=_("They receive a link to join your school and book for its classes."),
    )
