import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from places.models import SST, Commune, Venue
from places.scoping import VenueChoicesFilterSetMixin
from programmes.models import (
    AttendanceRecord,
    Audience,
    Edition,
    Occurrence,
    OccurrenceStatus,
    ProgrammePage,
)


class EditionFilterSet(WagtailFilterSet):
    programme = django_filters.ModelChoiceFilter(
        queryset=ProgrammePage.objects.order_by("title"),
        label=_("Programme"),
        empty_label=_("Tous les programmes"),
    )

    class Meta:
        model = Edition
        fields = ["programme"]


class AttendanceRecordFilterSet(VenueChoicesFilterSetMixin, WagtailFilterSet):
    """The « Fréquentation » listing: by programme, venue (the user's only) and period. The
    sessions still « à saisir » have no record: they are a filter of « Dates d'événements » and
    the page « Mes séances à saisir »."""

    programme = django_filters.ModelChoiceFilter(
        field_name="occurrence__event__programme",
        queryset=ProgrammePage.objects.order_by("title"),
        label=_("Programme"),
        empty_label=_("Tous les programmes"),
    )
    venue = django_filters.ModelChoiceFilter(
        field_name="occurrence__venue",
        queryset=Venue.objects.order_by("name"),
        label=_("Lieu"),
        empty_label=_("Tous les lieux"),
    )
    period = django_filters.DateFromToRangeFilter(
        field_name="occurrence__start__date", label=_("Période"), widget=DateRangePickerWidget
    )

    class Meta:
        model = AttendanceRecord
        fields = ["programme", "venue", "period"]


class OccurrenceFilterSet(VenueChoicesFilterSetMixin, WagtailFilterSet):
    programme = django_filters.ModelChoiceFilter(
        field_name="event__programme",
        queryset=ProgrammePage.objects.order_by("title"),
        label=_("Programme"),
        empty_label=_("Tous les programmes"),
    )
    edition = django_filters.ModelChoiceFilter(
        field_name="event__edition",
        queryset=Edition.objects.all(),
        label=_("Édition"),
        empty_label=_("Toutes les éditions"),
    )
    commune = django_filters.ModelChoiceFilter(
        queryset=Commune.objects.all(), label=_("Commune"), empty_label=_("Toutes les communes")
    )
    # The weekly digest and a venue's admin page link here, one venue's sessions to log.
    venue = django_filters.ModelChoiceFilter(
        queryset=Venue.objects.all(), label=_("Lieu"), empty_label=_("Tous les lieux")
    )
    status = django_filters.ChoiceFilter(choices=OccurrenceStatus.choices, label=_("Statut"))
    start = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget())
    changed_by_hand = django_filters.BooleanFilter(label=_("Modifiée à la main"))
    awaiting_attendance = django_filters.BooleanFilter(
        label=_("Fréquentation à saisir"),
        method="filter_awaiting_attendance",
        help_text=_("Oui : les séances passées, tenues, sans fréquentation enregistrée."),
    )

    class Meta:
        model = Occurrence
        fields = [
            "programme",
            "edition",
            "commune",
            "venue",
            "status",
            "start",
            "changed_by_hand",
            "awaiting_attendance",
        ]

    def filter_awaiting_attendance(self, queryset, name, value):
        if value is None:
            return queryset
        awaiting = Occurrence.objects.awaiting_attendance().values("pk")
        return queryset.filter(pk__in=awaiting) if value else queryset.exclude(pk__in=awaiting)


class ReachReportFilterSet(WagtailFilterSet):
    """Filters of the reach report; `group_by` picks the table's rows."""

    group_by = django_filters.ChoiceFilter(
        label=_("Regrouper par"),
        method="keep",
        empty_label=None,
        null_label=None,
        choices=[
            ("programme", _("Programme")),
            ("edition", _("Édition")),
            ("commune", _("Commune")),
            ("sst", _("SST")),
            ("venue", _("Lieu")),
            ("audience", _("Public")),
            ("month", _("Mois")),
        ],
    )
    period = django_filters.DateFromToRangeFilter(
        field_name="occurrence__start__date", label=_("Période"), widget=DateRangePickerWidget
    )
    programme = django_filters.ModelChoiceFilter(
        field_name="occurrence__event__programme",
        queryset=ProgrammePage.objects.order_by("title"),
        label=_("Programme"),
    )
    edition = django_filters.ModelChoiceFilter(
        field_name="occurrence__event__edition",
        queryset=Edition.objects.order_by("-start_date"),
        label=_("Édition"),
    )
    commune = django_filters.ModelChoiceFilter(
        queryset=Commune.objects.order_by("name"), label=_("Commune"), method="in_commune"
    )
    sst = django_filters.ModelChoiceFilter(
        queryset=SST.objects.order_by("name"), label=_("SST"), method="in_sst"
    )
    venue = django_filters.ModelChoiceFilter(
        field_name="occurrence__venue", queryset=Venue.objects.order_by("name"), label=_("Lieu")
    )
    audience = django_filters.ModelChoiceFilter(
        field_name="occurrence__event__audience",
        queryset=Audience.objects.order_by("name"),
        label=_("Public"),
    )

    class Meta:
        model = AttendanceRecord
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.request is not None:
            from places.scoping import managed_venues

            self.filters["venue"].queryset = managed_venues(self.request.user).order_by("name")

    def keep(self, queryset, name, value):
        return queryset

    def in_commune(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            Q(occurrence__commune=value)
            | Q(occurrence__commune__isnull=True, occurrence__venue__commune=value)
        )

    def in_sst(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            Q(occurrence__commune__sst=value)
            | Q(occurrence__commune__isnull=True, occurrence__venue__commune__sst=value)
        )


class TargetReportFilterSet(WagtailFilterSet):
    programme = django_filters.ModelChoiceFilter(
        queryset=ProgrammePage.objects.order_by("title"), label=_("Programme")
    )

    class Meta:
        model = Edition
        fields = ["programme"]
