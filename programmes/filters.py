import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from places.models import Commune
from programmes.models import Edition, Occurrence, OccurrenceStatus, ProgrammePage


class EditionFilterSet(WagtailFilterSet):
    programme = django_filters.ModelChoiceFilter(
        queryset=ProgrammePage.objects.order_by("title"),
        label=_("Programme"),
        empty_label=_("Tous les programmes"),
    )

    class Meta:
        model = Edition
        fields = ["programme"]


class OccurrenceFilterSet(WagtailFilterSet):
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
    status = django_filters.ChoiceFilter(choices=OccurrenceStatus.choices, label=_("Statut"))
    start = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget())
    changed_by_hand = django_filters.BooleanFilter(label=_("Modifiée à la main"))

    class Meta:
        model = Occurrence
        fields = ["programme", "edition", "commune", "status", "start", "changed_by_hand"]
