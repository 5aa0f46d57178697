import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from artworks.models import Artist, Artwork, MediationSession, Placement, PlacementStatus
from places.models import SST, Commune, Venue
from places.scoping import VenueChoicesFilterSetMixin


def series_choices():
    return [
        (s, s)
        for s in Artwork.objects.exclude(series="")
        .order_by("series")
        .values_list("series", flat=True)
        .distinct()
    ]


class ArtworkFilterSet(WagtailFilterSet):
    series = django_filters.ChoiceFilter(choices=series_choices, label=_("Série"))
    artists = django_filters.ModelChoiceFilter(
        queryset=Artist.objects.all(), label=_("Artiste"), empty_label=_("Tous les artistes")
    )
    public_display_allowed = django_filters.BooleanFilter(label=_("Diffusion en ligne autorisée"))

    class Meta:
        model = Artwork
        fields = ["series", "artists", "public_display_allowed"]


PERIODS = [
    ("en-cours-et-a-venir", _("En cours et à venir")),
    ("en-cours", _("En cours")),
    ("a-venir", _("À venir")),
    ("passes", _("Passés")),
]


class PlacementFilterSet(VenueChoicesFilterSetMixin, WagtailFilterSet):
    period = django_filters.ChoiceFilter(
        choices=PERIODS, label=_("Période"), method="filter_period", empty_label=_("Toutes")
    )
    status = django_filters.ChoiceFilter(choices=PlacementStatus.choices, label=_("Statut"))
    venue = django_filters.ModelChoiceFilter(
        queryset=Venue.objects.all(), label=_("Lieu"), empty_label=_("Tous les lieux")
    )
    commune = django_filters.ModelChoiceFilter(
        field_name="venue__commune",
        queryset=Commune.objects.all(),
        label=_("Commune"),
        empty_label=_("Toutes les communes"),
    )
    sst = django_filters.ModelChoiceFilter(
        field_name="venue__commune__sst",
        queryset=SST.objects.all(),
        label=_("SST"),
        empty_label=_("Tous les SST"),
    )
    series = django_filters.ChoiceFilter(
        field_name="artwork__series", choices=series_choices, label=_("Série")
    )

    class Meta:
        model = Placement
        fields = ["period", "status", "venue", "commune", "sst", "series"]

    def filter_period(self, queryset, name, value):
        today = timezone.localdate()
        return {
            "en-cours-et-a-venir": queryset.filter(end_date__gte=today),
            "en-cours": queryset.filter(start_date__lte=today, end_date__gte=today),
            "a-venir": queryset.filter(start_date__gt=today),
            "passes": queryset.filter(end_date__lt=today),
        }.get(value, queryset)


class MediationSessionFilterSet(VenueChoicesFilterSetMixin, WagtailFilterSet):
    venue = django_filters.ModelChoiceFilter(
        field_name="placement__venue",
        queryset=Venue.objects.all(),
        label=_("Lieu"),
        empty_label=_("Tous les lieux"),
    )
    starts_at = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)

    class Meta:
        model = MediationSession
        fields = ["venue", "audience", "led_by", "starts_at"]
