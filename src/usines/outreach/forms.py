"""The prospect input shared by the organisers' and the relays' pages: one prospect
typed in, a CSV file to preview, prospects carried over to the next edition."""

from django import forms
from django.utils.translation import gettext_lazy as _
from stdnum.fr import siret as siret_number

from usines.accounts.models import User
from usines.editions.models import Edition
from usines.outreach.models import Network, Prospect
from usines.outreach.prospects import owners_for
from usines.reference.geo import find_commune
from usines.reference.models import NafCode, sector_of_division

MAX_FILE_BYTES = 1024 * 1024


class ProspectForm(forms.ModelForm):
    """A prospect of `edition`, in `territory` (department codes; None: anywhere), of one of
    `networks`, owned by one of that network's relays or an organiser."""

    postcode = forms.CharField(label=_("Postcode"), max_length=5)
    commune_name = forms.CharField(label=_("Commune"), max_length=120)
    naf_code = forms.CharField(
        label=_("NAF code"), max_length=6, help_text=_("As on its SIRENE record, e.g. 25.62B.")
    )

    class Meta:
        model = Prospect
        fields = ["network", "company", "site_name", "siret", "postcode", "commune_name",
                  "naf_code", "headcount_band", "contact_name", "contact_email",
                  "contact_phone", "owner", "follow_up_on"]  # fmt: skip
        widgets = {"follow_up_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, edition: Edition, networks, territory=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition, self.territory = edition, territory
        self.fields["network"].queryset = networks
        self.fields["network"].empty_label = None
        if len(networks) == 1:
            self.fields["network"].widget = forms.HiddenInput()
            self.fields["network"].initial = networks[0].pk
        self.fields["owner"].queryset = owners_for_any(networks)
        self.fields["owner"].label_from_instance = lambda user: (
            f"{user.get_full_name() or user.email} ({user.get_role_display()})"
        )

    def clean_siret(self) -> str:
        number = siret_number.compact(self.cleaned_data["siret"] or "")
        if number and not siret_number.is_valid(number):
            raise forms.ValidationError(_("A SIRET has 14 digits and a valid key; check it."))
        if number and Prospect.objects.filter(edition=self.edition, siret=number).exists():
            raise forms.ValidationError(_("This SIRET is already a prospect of this edition."))
        return number

    def clean_naf_code(self) -> NafCode:
        naf = NafCode.objects.filter(code=self.cleaned_data["naf_code"].strip().upper()).first()
        if naf is None:
            raise forms.ValidationError(_("Unknown NAF code: write it as 25.62B."))
        return naf

    def clean(self):
        data = super().clean()
        if data.get("postcode") and data.get("commune_name"):
            commune = find_commune(data["commune_name"], data["postcode"])
            if commune is None:
                self.add_error(
                    "commune_name",
                    _("No commune “%(text)s” has the postcode %(postcode)s.")
                    % {"text": data["commune_name"], "postcode": data["postcode"]},
                )
            elif self.territory is not None and commune.department_id not in self.territory:
                self.add_error("commune_name", _("This commune is outside your territory."))
            else:
                self.instance.commune = commune
        owner, network = data.get("owner"), data.get("network")
        if owner and network and not owners_for(network).filter(pk=owner.pk).exists():
            self.add_error("owner", _("Choose a relay of this network or an organiser."))
        return data

    def save(self, commit: bool = True) -> Prospect:
        self.instance.edition = self.edition
        self.instance.sector = sector_of_division(self.cleaned_data["naf_code"].division_id)
        return super().save(commit)


def owners_for_any(networks):
    """Who may own a prospect of one of `networks` (the form checks the network chosen)."""
    owners = None
    for network in networks:
        owners = owners_for(network) if owners is None else owners | owners_for(network)
    return owners.distinct() if owners is not None else User.objects.none()


class ProspectFileForm(forms.Form):
    network = forms.ModelChoiceField(
        label=_("Partner network"), queryset=Network.objects.none(), empty_label=None
    )
    file = forms.FileField(
        label=_("Prospects (CSV)"),
        help_text=_(
            "Separated by “;”, with the columns entreprise, site, siret, code_commune, "
            "code_naf, tranche_effectif, contact, email, telephone, responsable (the owner's "
            "e-mail; empty: you) and relance (the follow-up date). Nothing is written before "
            "you confirm."
        ),
    )

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks
        if len(networks) == 1:
            self.fields["network"].widget = forms.HiddenInput()
            self.fields["network"].initial = networks[0].pk

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB: split it."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(
                _("This file is not UTF-8 text: save it as “CSV UTF-8” and send it again.")
            ) from error


class CarryOverForm(forms.Form):
    prospects = forms.ModelMultipleChoiceField(
        label=_("Prospects"), queryset=Prospect.objects.none(), widget=forms.MultipleHiddenInput
    )

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prospects"].queryset = scope
        self.fields["prospects"].error_messages["required"] = _("Tick the prospects to carry over.")
