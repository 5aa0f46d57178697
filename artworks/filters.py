import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from artworks.models import Artist, Artwork, MediationSession, Placement, PlacementStatus
from artworks.selectors import next_month_bounds
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
    free_next_month = django_filters.BooleanFilter(
        label=_("Libre le mois prochain"), method="filter_free_next_month"
    )

    class Meta:
        model = Artwork
        fields = ["series", "artists", "public_display_allowed", "free_next_month"]

    def filter_free_next_month(self, queryset, name, value):
        if value is None:
            return queryset
        free = Artwork.objects.free_between(*next_month_bounds())
        if value:
            return queryset.filter(pk__in=free.values("pk"))
        return queryset.exclude(pk__in=free.values("pk"))


#: the venue manager's horizon: installations and removals of the next 14 days
CONFIRM_DAYS = 14
CONFIRMATION_CHOICES = [
    ("a-venir", _("Installation ou retrait dans les 14 jours, ou en retard")),
    ("en-retard", _("Installation non confirmée après le début")),
]


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
    confirmation = django_filters.ChoiceFilter(
        choices=CONFIRMATION_CHOICES, label=_("À confirmer"), method="filter_confirmation"
    )

    class Meta:
        model = Placement
        fields = ["period", "status", "venue", "commune", "sst", "series", "confirmation"]

    def filter_period(self, queryset, name, value):
        today = timezone.localdate()
        return {
            "en-cours-et-a-venir": queryset.filter(end_date__gte=today),
            "en-cours": queryset.filter(start_date__lte=today, end_date__gte=today),
            "a-venir": queryset.filter(start_date__gt=today),
            "passes": queryset.filter(end_date__lt=today),
        }.get(value, queryset)

    def filter_confirmation(self, queryset, name, value):
        """The dashboard's queues, by the queryset methods they come from."""
        if value == "a-venir":
            return queryset.needing_confirmation(days=CONFIRM_DAYS)
        if value == "en-retard":
            return queryset.unconfirmed()
        return queryset


class MediationSessionFilterSet(VenueChoicesFilterSetMixin, WagtailFilterSet):
    venue = django_filters.ModelChoiceFilter(
        field_name="placement__venue",
        queryset=Venue.objects.all(),
        label=_("Lieu"),
        empty_label=_("Tous les lieux"),
    )
    starts_at = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)
    to_log = django_filters.BooleanFilter(label=_("Fréquentation à saisir"), method="filter_to_log")

    class Meta:
        model = MediationSession
        fields = ["venue", "audience", "led_by", "starts_at", "to_log"]

    def filter_to_log(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.to_log() if value else queryset.logged_or_upcoming()
