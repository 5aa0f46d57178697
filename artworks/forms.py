"""Admin forms: placement (rule checked through services), confirmation, mediation, group move;
and the public works index's filters."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from artworks.models import Artwork, Placement
from home.uploads import SafeImageField
from places.models import SST, Commune, Venue
from places.scoping import limit_venue_choices, sees_all_venues

IMAGE_TYPES = "image/jpeg,image/png,image/webp"


class PlacementForm(WagtailAdminModelForm):
    """Programme staff plan placements; a venue manager may only write notes on their own
    (install and removal are confirmed through the confirmation form)."""

    staff_only_fields = Placement.STAFF_ONLY_FIELDS

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None:
            limit_venue_choices(self, for_user)
            if not sees_all_venues(for_user):
                for name in self.staff_only_fields:
                    if name in self.fields:
                        self.fields[name].disabled = True

    def save(self, commit=True):
        from artworks import services

        instance = super().save(commit=False)
        if commit:
            services.save_placement(instance)
            self._save_m2m()
        return instance


class MediationSessionForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        field = self.fields.get("placement")
        if field is not None and for_user is not None:
            field.queryset = (
                Placement.objects.for_user(for_user)
                .active()
                .select_related("artwork", "venue")
                .order_by("-start_date")
            )


class ConfirmPlacementForm(forms.Form):
    condition_notes = forms.CharField(
        label=_("État de l'œuvre"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Une courte note : bon état, cadre rayé, vitre fêlée…"),
    )
    photo = SafeImageField(
        label=_("Photo (facultative)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_TYPES}),
    )


class ArtworkChoices(forms.ModelMultipleChoiceField):
    """Each work named by title, inventory number and series: the filter box searches them."""

    def label_from_instance(self, obj):
        return f"{obj} — {obj.series}" if obj.series else str(obj)


class MoveGroupForm(forms.Form):
    """« Déplacer un groupe d'œuvres »: several works, one venue, one period, one action. Every
    work is listed (each free one among them); the planning page adds a filter box."""

    artworks = ArtworkChoices(
        label=_("Œuvres"),
        queryset=Artwork.objects.order_by("series", "title"),
        widget=forms.CheckboxSelectMultiple,
    )
    venue = forms.ModelChoiceField(
        label=_("Lieu d'accueil"), queryset=Venue.objects.active().select_related("commune")
    )
    start_date = forms.DateField(
        label=_("Début"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end_date = forms.DateField(
        label=_("Fin (incluse)"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            raise ValidationError(_("La fin doit être le même jour ou après le début."))
        return data


class PlanningFilterForm(forms.Form):
    start = forms.DateField(
        label=_("À partir du mois"),
        required=False,
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
    )
    sst = forms.ModelChoiceField(
        label=_("SST"), queryset=SST.objects.all(), required=False, empty_label=_("Tous les SST")
    )
    commune = forms.ModelChoiceField(
        label=_("Commune"),
        queryset=Commune.objects.all(),
        required=False,
        empty_label=_("Toutes les communes"),
    )
    series = forms.ChoiceField(label=_("Série"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from artworks.filters import series_choices

        self.fields["series"].choices = [("", _("Toutes les séries")), *series_choices()]


class WorkFilterForm(forms.Form):
    """The public works index's filters (GET). Choices come from ``catalogue.work_filter_options``
    so that a visitor is offered only values that match some work."""

    # A text (the name, or the slug of an artist's page link), with a few suggestions: a list
    # of every artist would grow with the collection (issue 16).
    artiste = forms.CharField(
        label=_("Artiste"),
        required=False,
        max_length=100,
        help_text=_(
            "Le nom ou une partie du nom. Suggestions : des artistes exposés en ce moment."
        ),
        widget=forms.TextInput(attrs={"list": "artistes-suggestions", "autocomplete": "off"}),
    )
    serie = forms.ChoiceField(label=_("Série"), required=False)
    technique = forms.ChoiceField(label=_("Technique"), required=False)
    commune = forms.ChoiceField(label=_("Commune (exposée en ce moment)"), required=False)
    exposee = forms.BooleanField(label=_("Exposée en ce moment"), required=False)

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.artist_suggestions = [name for _slug, name in options["artists"]]
        self.fields["serie"].choices = [
            ("", _("Toutes les séries")),
            *((s, s) for s in options["series"]),
        ]
        self.fields["technique"].choices = [
            ("", _("Toutes les techniques")),
            *((t, t) for t in options["techniques"]),
        ]
        self.fields["commune"].choices = [("", _("Toutes les communes")), *options["communes"]]

    def clean_artiste(self):
        from artworks.catalogue import artists_matching

        value = self.cleaned_data["artiste"].strip()
        if value and not artists_matching(value).exists():
            raise forms.ValidationError(
                _(
                    "Sélectionnez un choix valide : aucun artiste de la collection ne "
                    "correspond à « %(value)s »."
                ),
                params={"value": value},
            )
        return value

    def filters(self):
        """The valid filters only: a value no longer offered is reported, the others apply."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "artist": data.get("artiste", ""),
            "series": data.get("serie", ""),
            "technique": data.get("technique", ""),
            "commune": data.get("commune", ""),
            "on_show": bool(data.get("exposee")),
        }
