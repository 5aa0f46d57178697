"""« Sourires d'été » follow-up as spreadsheets: the followed seniors and the contacts made with
them. Personal data, so both resources are restricted (`scope_for_user`, `open_to`, read by
`spreadsheets.registry`): only the staff assigned to an edition export or import its rows —
superusers are no exception — and the command line (no user) has every right, as for the other
resources. A row for an edition the user is not assigned to is refused and nothing is written;
its records are never looked up for that user, so the refusal says nothing about them.

Keys: a senior is the edition + full name + consent date (no other stable fact is kept about
a person); a contact is its senior + date + kind + who made it, so a volunteer's sheet
re-imported changes nothing, and a corrected remark updates the contact.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import widgets

from places.models import Commune
from programmes.models import Edition, FollowedSenior, SeniorContact
from programmes.models.seniors import ContactKind
from programmes.resources.editions import EditionWidget
from spreadsheets import registry
from spreadsheets.base import SpreadsheetResource, column
from spreadsheets.keys import KeyLoader
from spreadsheets.widgets import ChoiceWidget, DateWidget, NaturalKeyWidget, TextWidget

EDITION_HEADING = gettext_lazy("Édition")
CONSENT_HEADING = gettext_lazy("Date du consentement")


class AssignedEditionsResource(SpreadsheetResource):
    """Rows reachable only through the editions the user is assigned to."""

    repeat_new_unchanged = True

    @classmethod
    def open_to(cls, user):
        return Edition.objects.assigned_to(user).exists()

    @classmethod
    def scope_for_user(cls, queryset, user):
        raise NotImplementedError

    def get_queryset(self):
        queryset = self.base_queryset()
        return queryset if self.user is None else self.scope_for_user(queryset, self.user)

    def _assigned_edition_ids(self):
        if getattr(self, "_assigned", None) is None:
            self._assigned = set(
                Edition.objects.assigned_to(self.user).values_list("pk", flat=True)
            )
        return self._assigned

    def edition_of(self, instance):
        raise NotImplementedError

    def access_errors(self, instance):
        errors = super().access_errors(instance)
        if errors or self.user is None:
            return errors
        edition = self.edition_of(instance)
        if edition is not None and edition.pk not in self._assigned_edition_ids():
            return {
                self.edition_field: [
                    _(
                        "Vous n'êtes pas affecté·e à l'édition « %(edition)s » : seule l'équipe "
                        "affectée à une édition importe le suivi de ses seniors."
                    )
                    % {"edition": edition.name}
                ]
            }
        return errors


class FollowedSeniorResource(AssignedEditionsResource):
    edition = column("edition", EDITION_HEADING, EditionWidget())
    full_name = column("full_name", gettext_lazy("Nom et prénom"), TextWidget())
    phone = column("phone", gettext_lazy("Téléphone"), TextWidget())
    commune = column(
        "commune",
        gettext_lazy("Code INSEE de la commune"),
        NaturalKeyWidget(
            Commune, "insee_code", gettext_lazy("Aucune commune n'a le code INSEE « %(value)s ».")
        ),
    )
    commune_name = column("commune__name", gettext_lazy("Commune"), TextWidget(), readonly=True)
    consent_date = column("consent_date", CONSENT_HEADING, DateWidget())

    edition_field = "edition"
    example = {
        "edition": "Sourires d'été 2025",
        "full_name": "Jeanne Exemple",
        "phone": "01 23 45 67 89",
        "commune": "92050",
        "commune_name": "Nanterre",
        "consent_date": "20/06/2025",
    }

    class Meta:
        model = FollowedSenior
        fields = ("edition", "full_name", "phone", "commune", "commune_name", "consent_date")
        import_id_fields = ("edition", "full_name", "consent_date")

    @classmethod
    def scope_for_user(cls, queryset, user):
        return queryset.for_user(user)

    def base_queryset(self):
        return FollowedSenior.objects.select_related("edition", "commune").order_by(
            "edition__name", "full_name", "pk"
        )

    def edition_of(self, instance):
        return instance.edition if instance.edition_id else None


class SeniorWidget(widgets.ForeignKeyWidget):
    """A contact's senior: by full name within the edition of the row's « Édition » column
    (and its consent date when two seniors share the name), among the seniors the user may
    see. Written as the full name."""

    def __init__(self, **kwargs):
        self.user = None
        self._lookup = None
        super().__init__(FollowedSenior, field="pk", **kwargs)

    def reset(self):
        self._lookup = None

    def lookup(self):
        if self._lookup is None:
            seniors = FollowedSenior.objects.select_related("edition")
            if self.user is not None:
                seniors = seniors.for_user(self.user)
            self._lookup = KeyLoader(seniors, lambda s: [(s.edition.name, s.full_name)])
        return self._lookup

    def clean(self, value, row=None, **kwargs):
        row = row or {}
        name = TextWidget().clean(value)
        edition = TextWidget().clean(row.get(str(EDITION_HEADING)))
        if not name:
            raise ValueError(_("Indiquez le nom et prénom du senior."))
        if not edition:
            raise ValueError(_("Indiquez aussi l'édition pour retrouver le senior."))
        matches = self.lookup().matches((edition, name))
        try:
            consent = DateWidget().clean(row.get(str(CONSENT_HEADING)))
        except ValueError:
            consent = None
        if consent is not None and len(matches) > 1:
            matches = [senior for senior in matches if senior.consent_date == consent]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise ValueError(
                _(
                    "Plusieurs seniors « %(name)s » sont suivis dans l'édition « %(edition)s » : "
                    "indiquez la date du consentement."
                )
                % {"name": name, "edition": edition}
            )
        raise ValueError(
            _(
                "Aucun senior « %(name)s » n'est suivi dans l'édition « %(edition)s » (ou "
                "cette édition ne vous est pas affectée)."
            )
            % {"name": name, "edition": edition}
        )

    def render(self, value, obj=None, text=True, **kwargs):
        return "" if value is None else TextWidget().render(value.full_name)


class SeniorContactResource(AssignedEditionsResource):
    edition = column("senior__edition__name", EDITION_HEADING, TextWidget(), readonly=True)
    senior = column("senior", gettext_lazy("Nom et prénom"), SeniorWidget())
    consent_date = column("senior__consent_date", CONSENT_HEADING, DateWidget(), readonly=True)
    date = column("date", gettext_lazy("Date"), DateWidget())
    kind = column("kind", gettext_lazy("Type"), ChoiceWidget(ContactKind.choices))
    made_by = column("made_by", gettext_lazy("Par"), TextWidget())
    notes = column("notes", gettext_lazy("Observations"), TextWidget())

    edition_field = "senior"
    example = {
        "edition": "Sourires d'été 2025",
        "senior": "Jeanne Exemple",
        "consent_date": "20/06/2025",
        "date": "03/07/2025",
        "kind": ContactKind.PHONE.label,
        "made_by": "Bénévole de l'association",
        "notes": "Va bien ; souhaite une visite",
    }

    class Meta:
        model = SeniorContact
        fields = ("edition", "senior", "consent_date", "date", "kind", "made_by", "notes")
        import_id_fields = ("senior", "date", "kind", "made_by")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["senior"].widget.user = self.user

    @classmethod
    def scope_for_user(cls, queryset, user):
        return queryset.filter(senior__in=FollowedSenior.objects.for_user(user).values("pk"))

    def base_queryset(self):
        return SeniorContact.objects.select_related("senior__edition").order_by(
            "senior__edition__name", "senior__full_name", "date", "pk"
        )

    def required_columns(self):
        return [self.fields["edition"].column_name, *super().required_columns()]

    def edition_of(self, instance):
        return instance.senior.edition if instance.senior_id else None


registry.register("suivi-seniors", FollowedSeniorResource, label=gettext_lazy("suivi des seniors"))
registry.register(
    "contacts-seniors",
    SeniorContactResource,
    label=gettext_lazy("contacts avec les seniors suivis"),
)
