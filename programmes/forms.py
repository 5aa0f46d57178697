from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from places.models import Commune
from programmes.models import Audience, ProgrammePage, Theme


class CalendarFilterForm(forms.Form):
    """The public calendar's filters (GET): commune, programme, public, theme, dates."""

    commune = forms.ModelChoiceField(
        queryset=Commune.objects.only("insee_code", "name"),
        to_field_name="insee_code",
        required=False,
        label=_("Commune"),
        empty_label=_("Toutes les communes"),
    )
    programme = forms.ModelChoiceField(
        queryset=ProgrammePage.objects.none(),
        to_field_name="slug",
        required=False,
        label=_("Programme"),
        empty_label=_("Tous les programmes"),
    )
    audience = forms.ModelChoiceField(
        queryset=Audience.objects.all(),
        to_field_name="slug",
        required=False,
        label=_("Public"),
        empty_label=_("Tous les publics"),
    )
    theme = forms.ChoiceField(
        choices=[("", _("Tous les thèmes")), *Theme.choices], required=False, label=_("Thème")
    )
    date_from = forms.DateField(
        required=False, label=_("Du"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label=_("Au"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # public() reads the view restrictions: build it per request, not at import time.
        self.fields["programme"].queryset = (
            ProgrammePage.objects.live().public().only("title", "slug").order_by("title")
        )

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("La date de fin précède la date de début."))
        return data

    def filter(self, queryset):
        """Apply the valid filters; without a start date, only dates not yet over are listed."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if data.get("commune"):
            queryset = queryset.filter(commune=data["commune"])
        if data.get("programme"):
            queryset = queryset.filter(event__programme=data["programme"])
        if data.get("audience"):
            queryset = queryset.filter(event__audience=data["audience"])
        if data.get("theme"):
            queryset = queryset.filter(event__programme__theme=data["theme"])
        tz = timezone.get_default_timezone()
        if data.get("date_from"):
            start = timezone.make_aware(datetime.combine(data["date_from"], time.min), tz)
            queryset = queryset.filter(end__gte=start)
        else:
            queryset = queryset.upcoming()
        if data.get("date_to"):
            end = timezone.make_aware(datetime.combine(data["date_to"], time.min), tz)
            queryset = queryset.filter(start__lt=end + timedelta(days=1))
        return queryset


class OccurrenceAdminForm(WagtailAdminModelForm):
    """Editing a date by hand takes it out of the rule's reach (see services.sync_occurrences)."""

    RULE_FIELDS = {"start", "end", "venue", "address", "commune", "status", "note"}

    def save(self, commit=True):
        if "venue" in self.changed_data and "commune" not in self.changed_data:
            venue = self.cleaned_data.get("venue")
            self.instance.commune = venue.commune if venue else self.instance.commune
        if self.instance.pk and self.RULE_FIELDS & set(self.changed_data):
            self.instance.mark_changed_by_hand()
        elif not self.instance.pk:
            import uuid

            self.instance.rule_key = f"m-{uuid.uuid4().hex[:12]}"
            self.instance.changed_by_hand = True
        return super().save(commit=commit)
