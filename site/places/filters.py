import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from places.models import SST, Commune, Venue, VenueKind


class CommuneFilterSet(WagtailFilterSet):
    sst = django_filters.ModelChoiceFilter(
        queryset=SST.objects.all(), label=_("SST"), empty_label=_("Tous les SST")
    )

    class Meta:
        model = Commune
        fields = ["sst"]


class VenueFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(choices=VenueKind.choices, label=_("Type de lieu"))
    commune = django_filters.ModelChoiceFilter(
        queryset=Commune.objects.all(), label=_("Commune"), empty_label=_("Toutes les communes")
    )
    sst = django_filters.ModelChoiceFilter(
        field_name="commune__sst",
        queryset=SST.objects.all(),
        label=_("SST"),
        empty_label=_("Tous les SST"),
    )
    is_active = django_filters.BooleanFilter(label=_("Actif"))

    class Meta:
        model = Venue
        fields = ["kind", "commune", "sst", "is_active"]
