"""Forms of the organisers' pages about people: who holds which role, invitations."""

from django import forms
from django.utils.translation import gettext_lazy as _
from stdnum.fr import siret as siret_number

from usines.factories.models import Site
from usines.factories.scope import sites_for
from usines.outreach.models import Network
from usines.people.models import InvitedRole
from usines.reference.models import Department, Region


class PeopleFilterForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=InvitedRole.choices, required=False)
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False,
        empty_label=_("All regions"),
    )  # fmt: skip
    network = forms.ModelChoiceField(
        label=_("Partner network (relays)"), queryset=Network.objects.all(), required=False,
        empty_label=_("All networks"),
    )  # fmt: skip
    q = forms.CharField(label=_("Name or e-mail"), required=False, max_length=100)

    def __init__(self, *args, national: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not national:
            del self.fields["region"]


class OrganiserInviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.all(),
        required=False,
        empty_label=_("National (every region)"),
        help_text=_("A regional organiser moderates, follows and invites in its region only."),
    )


class HostInviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    siret = forms.CharField(
        label=_("SIRET of the site"),
        max_length=20,
        help_text=_("The site must already be registered; you reach the sites of your region."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_siret(self) -> Site:
        number = siret_number.compact(self.cleaned_data["siret"])
        site = sites_for(self.user).filter(siret=number).first()
        if site is None:
            raise forms.ValidationError(
                _("No registered site with this SIRET among the sites you reach.")
            )
        return site


class RelayInviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    network = forms.ModelChoiceField(
        label=_("Partner network"), queryset=Network.objects.all(), empty_label=None
    )
    region = forms.ModelChoiceField(
        label=_("A whole region"),
        queryset=Region.objects.all(),
        required=False,
        empty_label=_("No: the departments below"),
    )
    departments = forms.ModelMultipleChoiceField(
        label=_("Or departments"),
        queryset=Department.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, region: Region | None, **kwargs):
        super().__init__(*args, **kwargs)
        if region is not None:
            self.fields["region"].queryset = Region.objects.filter(pk=region.pk)
            self.fields["departments"].queryset = Department.objects.filter(region=region)

    def clean(self):
        data = super().clean()
        if bool(data.get("region")) == bool(data.get("departments")):
            raise forms.ValidationError(
                _("Choose the relay's territory: a whole region, or departments.")
            )
        return data


class NetworkForm(forms.ModelForm):
    class Meta:
        model = Network
        fields = ["name"]
