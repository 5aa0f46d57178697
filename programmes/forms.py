from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm


class OccurrenceAdminForm(WagtailAdminModelForm):
    """A date added here belongs to an event the user may edit, chosen in the form; editing a
    date by hand takes it out of the rule's reach (see services.sync_occurrences)."""

    RULE_FIELDS = {"start", "end", "venue", "address", "commune", "status", "note"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "event" not in self.fields:
            return
        if self.instance.pk:
            # A date stays with its event: moving it to another would escape both rules.
            del self.fields["event"]
            return
        self.fields["event"].queryset = self.editable_events()
        self.fields["event"].help_text = _(
            "La date s'ajoute à cet événement ; la règle de récurrence ne la modifiera pas."
        )
        self.fields["event"].error_messages["invalid_choice"] = _(
            "Choisissez un événement que vous pouvez modifier."
        )
        if "venue" in self.fields:
            self.fields["venue"].help_text = _(
                "Laissez le lieu, l'adresse et la commune vides pour reprendre ceux de l'événement."
            )

    def editable_events(self):
        from wagtail.permission_policies.pages import PagePermissionPolicy

        from programmes.models import EventPage

        user = getattr(self, "for_user", None)
        if user is None:
            return EventPage.objects.none()
        editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
        return EventPage.objects.filter(pk__in=editable.values("pk"))

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
            event = self.instance.event
            if not (self.instance.venue_id or self.instance.address or self.instance.commune_id):
                # Left empty: the date takes place where the event does.
                self.instance.venue_id = event.venue_id
                self.instance.address = event.address
                self.instance.commune_id = event.commune_id or (
                    event.venue.commune_id if event.venue_id else None
                )
        return super().save(commit=commit)


class AttendanceFieldsMixin:
    """The counts of one session: total, over-capacity confirmation and one field per part of
    each breakdown the programme declares. No free text: never a name."""

    def add_attendance_fields(self, occurrence, record=None):
        from programmes.models.participation import category_label
        from programmes.participation import categories_of, dimensions_of

        self.occurrence = occurrence
        self.breakdowns = []
        existing = record.parts_by_dimension() if record is not None and record.pk else {}
        for dimension in dimensions_of(occurrence):
            names = []
            for category in categories_of(dimension):
                name = f"part__{dimension}__{category}"
                self.fields[name] = forms.IntegerField(
                    label=category_label(dimension, category),
                    required=False,
                    min_value=0,
                    initial=existing.get(dimension, {}).get(category),
                    error_messages={"min_value": _("Un nombre ne peut pas être négatif.")},
                    widget=forms.NumberInput(attrs={"min": 0, "class": "attendance-part"}),
                )
                names.append(name)
            self.breakdowns.append((dimension, names))

    def breakdown_groups(self):
        from programmes.models.participation import breakdown_label

        return [
            {
                "label": breakdown_label(dimension),
                "fields": [self[name] for name in names],
                "errors": self.errors.get(f"breakdown__{dimension}", []),
            }
            for dimension, names in self.breakdowns
        ]

    def cleaned_parts(self):
        parts = {}
        for dimension, names in self.breakdowns:
            for name in names:
                parts[(dimension, name.split("__")[2])] = self.cleaned_data.get(name)
        return parts

    def check_attendance(self, total, confirmed):
        from programmes.participation import validate

        for field, message in validate(
            self.occurrence, total, self.cleaned_parts(), confirmed
        ).items():
            if field in self.fields:
                self.add_error(field, message)
            else:  # a breakdown's sum: shown above its parts
                self._errors.setdefault(field, self.error_class()).append(message)


class AttendanceForm(AttendanceFieldsMixin, forms.Form):
    """One session's counts, in the single form and as a row of the grid."""

    total = forms.IntegerField(
        label=_("Présents"),
        min_value=0,
        error_messages={
            "min_value": _("Le nombre de personnes ne peut pas être négatif."),
            "required": _("Indiquez le nombre de personnes présentes."),
        },
        widget=forms.NumberInput(attrs={"min": 0}),
    )
    over_capacity_confirmed = forms.BooleanField(
        label=_("Je confirme le dépassement de la capacité"), required=False
    )

    def __init__(self, *args, occurrence, record=None, **kwargs):
        if record is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "total": record.total,
                "over_capacity_confirmed": record.over_capacity_confirmed,
            }
        super().__init__(*args, **kwargs)
        self.record = record
        self.add_attendance_fields(occurrence, record)

    def clean(self):
        cleaned = super().clean()
        if "total" in cleaned and not any(k.startswith("part__") for k in self.errors):
            self.check_attendance(cleaned["total"], cleaned.get("over_capacity_confirmed"))
        return cleaned

    def save(self, user):
        from programmes.participation import save_record

        return save_record(
            user,
            self.occurrence,
            self.cleaned_data["total"],
            self.cleaned_parts(),
            self.cleaned_data.get("over_capacity_confirmed", False),
        )


class AttendanceRecordAdminForm(AttendanceFieldsMixin, WagtailAdminModelForm):
    """The snippet's edit form: the same fields and rules as the logging views."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_attendance_fields(self.instance.occurrence, self.instance)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("total") is not None and not any(
            k.startswith("part__") for k in self.errors
        ):
            self.check_attendance(cleaned["total"], cleaned.get("over_capacity_confirmed"))
        return cleaned

    def save(self, commit=True):
        from programmes.participation import save_record

        return save_record(
            self.for_user,
            self.instance.occurrence,
            self.cleaned_data["total"],
            self.cleaned_parts(),
            self.cleaned_data.get("over_capacity_confirmed", False),
            log_change=False,  # the snippet's edit view logs « wagtail.edit » itself
        )
