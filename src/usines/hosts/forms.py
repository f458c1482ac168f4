"""Forms of the hosts' pages: each says what to fix and keeps what was typed."""

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from stdnum.fr import siret as siret_number

from usines.factories import photos
from usines.factories.exceptions import PhotoRefused
from usines.factories.models import Site, Visit
from usines.factories.services import SiteDetails
from usines.reference.geo import find_commune
from usines.reference.models import HeadcountBand, Job, NafCode
from usines.reference.validators import postcode_validator
from usines.schools.models import Level


class SiteForm(forms.Form):
    """Registering a site: every field checked, with what to fix in words."""

    siret = forms.CharField(
        label=_("SIRET of the site"),
        max_length=20,
        help_text=_("14 digits, on your Kbis or at annuaire-entreprises.data.gouv.fr."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    name = forms.CharField(label=_("Name of the site"), max_length=200)
    company_name = forms.CharField(
        label=_("Company name"),
        max_length=200,
        required=False,
        help_text=_("If different from the site's name."),
    )
    address = forms.CharField(label=_("Street address"), max_length=250)
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=5,
        validators=[postcode_validator],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    commune = forms.CharField(
        label=_("Commune"),
        max_length=120,
        help_text=_("Start typing and pick your commune in the list."),
    )
    naf = forms.CharField(
        label=_("Activity code (NAF)"),
        max_length=250,
        help_text=_("The APE code of the site, e.g. 25.62B; type words to search the list."),
        widget=forms.TextInput(attrs={"list": "naf-codes", "autocomplete": "off"}),
    )
    headcount_band = forms.ChoiceField(
        label=_("Employees on the site"), choices=HeadcountBand.choices
    )
    products = forms.CharField(
        label=_("What you make"),
        max_length=250,
        required=False,
        help_text=_("Words visitors search for: chocolate, aircraft parts, glasses…"),
    )
    summary = forms.CharField(
        label=_("Short description"),
        max_length=200,
        required=False,
        help_text=_("One sentence shown in lists and link previews."),
    )
    description = forms.CharField(
        label=_("Long description"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    latitude = forms.FloatField(
        required=False, widget=forms.HiddenInput, min_value=41, max_value=52
    )
    longitude = forms.FloatField(
        required=False, widget=forms.HiddenInput, min_value=-6, max_value=10
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].widget.attrs.update(
            {
                "list": "commune-suggestions",
                "autocomplete": "off",
                "data-suggest-url": reverse("api:communes"),
            }
        )

    def pin(self) -> tuple[float, float] | None:
        """The pin the host placed, as typed back after an error, if it is a number."""
        try:
            return float(self.data["latitude"]), float(self.data["longitude"])
        except (KeyError, TypeError, ValueError):
            return None

    def clean_siret(self) -> str:
        number = siret_number.compact(self.cleaned_data["siret"])
        if not number.isdigit() or len(number) != 14:
            raise forms.ValidationError(_("A SIRET has 14 digits; check the number."))
        if not siret_number.is_valid(number):
            raise forms.ValidationError(
                _("This SIRET's check key is wrong: one digit is probably mistyped.")
            )
        return number

    def clean_naf(self) -> NafCode:
        text = self.cleaned_data["naf"].strip()
        code = text.split(" ", 1)[0].upper()
        naf = NafCode.objects.filter(code=code).first()
        if naf is None and len(code) == 5 and code[:2].isdigit():
            naf = NafCode.objects.filter(code=f"{code[:2]}.{code[2:]}").first()
        if naf is None:
            raise forms.ValidationError(
                _("Unknown NAF code “%(text)s”: pick one in the list, e.g. 25.62B."),
                params={"text": text},
            )
        return naf

    def clean(self):
        data = super().clean()
        if data.get("commune") and data.get("postcode"):
            commune = find_commune(data["commune"], data["postcode"])
            if commune is None:
                self.add_error(
                    "commune",
                    _("No commune “%(text)s” has the postcode %(postcode)s: pick it in the list.")
                    % {"text": data["commune"], "postcode": data["postcode"]},
                )
            else:
                data["commune_object"] = commune
        return data

    def details(self) -> SiteDetails:
        data = self.cleaned_data
        return SiteDetails(
            siret=data["siret"],
            name=data["name"],
            company_name=data["company_name"],
            address=data["address"],
            postcode=data["postcode"],
            commune=data["commune_object"],
            naf=data["naf"],
            headcount_band=data["headcount_band"],
            products=data["products"],
            summary=data["summary"],
            description=data["description"],
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
        )


class SiteEditForm(forms.ModelForm):
    """What a host may change of a registered site; SIRET and commune go through the
    organisers, who check them."""

    latitude = forms.FloatField(widget=forms.HiddenInput, min_value=-90, max_value=90)
    longitude = forms.FloatField(widget=forms.HiddenInput, min_value=-180, max_value=180)

    class Meta:
        model = Site
        fields = [
            "name",
            "address",
            "headcount_band",
            "products",
            "summary",
            "description",
            "requires_named_visitors",
            "requires_birth_dates",
            "latitude",
            "longitude",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}


class DayMessageForm(forms.Form):
    day = forms.ModelChoiceField(label=_("Day"), queryset=None, empty_label=None)
    subject = forms.CharField(label=_("Subject"), max_length=120)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].queryset = edition.days.all()
        self.fields["day"].label_from_instance = lambda day: (
            f"{day.date:%d/%m/%Y} – {day.get_audience_display()}"
        )


# The visit's fields, in the sections of its page: the form takes exactly these.
VISIT_GROUPS = (
    (
        _("What visitors will see"),
        ("title", "description", "duration_minutes", "minimum_age", "languages", "jobs"),
    ),
    (
        _("Accessibility"),
        (
            "wheelchair_access",
            "step_free",
            "hearing_support",
            "visual_support",
            "standing_minutes",
            "noise_level",
        ),
    ),
    (_("School classes"), ("max_classes_per_slot", "school_levels")),
    (
        _("Rules and practical details"),
        (
            "closed_shoes",
            "no_photos",
            "id_required",
            "ppe_provided",
            "rules",
            "meeting_point",
            "parking",
            "day_contact_name",
            "day_contact_phone",
        ),
    ),
)


class JobChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, job: Job) -> str:
        return str(job.label)


class VisitForm(forms.ModelForm):
    school_levels = forms.MultipleChoiceField(
        label=_("Levels welcomed"),
        choices=Level.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every level."),
    )
    jobs = JobChoiceField(
        label=_("Jobs shown during the visit"),
        queryset=Job.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Visit
        fields = [name for _title, names in VISIT_GROUPS for name in names]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "rules": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "description": _("What visitors will see and who they will meet."),
            "rules": _("Anything else visitors must know or bring."),
        }

    def grouped(self):
        """The fields by section of the page, as VISIT_GROUPS lists them."""
        return [(title, [self[name] for name in names]) for title, names in VISIT_GROUPS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].required = True
        if self.instance.pk:
            self.initial["school_levels"] = [
                code for code in self.instance.school_levels.split(",") if code
            ]
        self.fields["duration_minutes"].widget.attrs.update({"min": 15, "max": 480})
        self.fields["minimum_age"].widget.attrs.update({"min": 0, "max": 18})

    def clean_school_levels(self) -> str:
        return ",".join(self.cleaned_data["school_levels"])


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Photo"),
        help_text=_("JPEG, PNG or WebP, 5 MB at most."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    description = forms.CharField(
        label=_("What it shows"),
        max_length=200,
        help_text=_("Read aloud to blind visitors, e.g. “The assembly line of the pumps”."),
    )

    def clean_image(self):
        upload = self.cleaned_data["image"]
        if upload.size > settings.PHOTO_MAX_BYTES:
            raise forms.ValidationError(
                _("This file weighs %(size)s MB; 5 MB at most.")
                % {"size": round(upload.size / 1024 / 1024, 1)}
            )
        try:
            photos.open_photo(upload.read()).close()
        except PhotoRefused as error:
            raise forms.ValidationError(error.message) from error
        upload.seek(0)
        return upload


class SlotDayForm(forms.Form):
    day = forms.ModelChoiceField(label=_("Day"), queryset=None, empty_label=None)
    first_start = forms.TimeField(
        label=_("First start"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    last_start = forms.TimeField(
        label=_("Last start"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    every_minutes = forms.IntegerField(
        label=_("A start every (minutes)"), min_value=10, max_value=480
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=15, max_value=480
    )
    capacity = forms.IntegerField(label=_("Places per slot"), min_value=1, max_value=500)

    def __init__(self, *args, edition, duration: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].queryset = edition.days.all()
        self.fields["day"].label_from_instance = lambda day: (
            f"{day.date:%d/%m/%Y} – {day.get_audience_display()}"
        )
        self.initial.setdefault("first_start", "09:00")
        self.initial.setdefault("last_start", "16:00")
        self.initial.setdefault("every_minutes", 45)
        self.initial.setdefault("duration_minutes", duration)
        self.initial.setdefault("capacity", 15)


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=500)


class MessageRequiredForm(forms.Form):
    message = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}))


class BookersMessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=120)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 5}))


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Colleague's e-mail"))


class PresenceForm(forms.Form):
    pupils = forms.IntegerField(label=_("Pupils present"), min_value=0, max_value=80)
    girls = forms.IntegerField(label=_("Girls present"), min_value=0, max_value=80)
    adults = forms.IntegerField(label=_("Adults present"), min_value=0, max_value=20)


def changes_of(form: forms.ModelForm) -> dict[str, list[str]]:
    """What a saved form changed, as each field's label with its text before and after
    (lists of choices joined), for the organisers to read side by side."""

    def text(value) -> str:
        if value is None:
            return ""
        if isinstance(value, list | tuple | set) or hasattr(value, "all"):
            items = value.all() if hasattr(value, "all") else value
            return ", ".join(sorted(str(item) for item in items))
        return str(value)

    return {
        str(form.fields[name].label): [
            text(form.initial.get(name)),
            text(form.cleaned_data.get(name)),
        ]
        for name in form.changed_data
    }
