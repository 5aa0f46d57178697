"""Public pages: the programme index, programmes, their events and the calendar."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, URLValidator
from django.db import models
from django.http import Http404
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home import fragments
from home.blocks import BaseStreamBlock
from home.cache import children_tag, depends_on, page_tag
from home.routing import ChainRouteMixin
from home.view_restrictions import KeptViewRestrictionsMixin
from programmes.booking import display_phone, tel_uri, validate_french_phone
from programmes.models.reference import Theme
from programmes.public_holidays import holiday_name


class ChildrenFollowLiveMixin:
    """Wagtail serves a live page even when its parent is a draft; here a draft parent takes its
    subtree off the site with it, as it takes it off every listing (home.visibility)."""

    def route(self, request, path_components):
        if path_components and not self.live:
            raise Http404
        return super().route(request, path_components)


class ProgrammeIndexPage(KeptViewRestrictionsMixin, ChildrenFollowLiveMixin, ChainRouteMixin, Page):
    """« Nos programmes »: lists the live programmes."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]
    parent_page_types = ["home.HomePage"]
    # « Un mois, une œuvre » is a page type of the artworks app: add
    # "artworks.ArtworkProgrammePage" here once that model exists (Wagtail's check E002 refuses an
    # unknown model string).
    subpage_types = ["programmes.ProgrammePage", "artworks.ArtworkProgrammePage"]
    max_count = 1

    class Meta:
        verbose_name = _("liste des programmes")
        verbose_name_plural = _("listes des programmes")

    def get_context(self, request, *args, **kwargs):
        from programmes import selectors
        from programmes.showcase import programme_cards

        context = super().get_context(request, *args, **kwargs)

        def build():
            depends_on(children_tag(self))  # home.cache: the programmes it lists
            programmes = list(selectors.live_programmes(self))
            cards = programme_cards(request, programmes)
            # Rendered here, so that a visit read from the cache renders none of its cards.
            html = render_to_string(
                "programmes/includes/programme_cards.html",
                {"programmes": programmes, "cards": cards},
            )
            return {"programmes_html": html}

        # Kept in the cache under its tags: home.fragments.
        context.update(
            fragments.cached(request, "programme_index", build, self.pk, self.latest_revision_id)
        )
        return context


class ProgrammePage(KeptViewRestrictionsMixin, ChildrenFollowLiveMixin, ChainRouteMixin, Page):
    """A programme (« Toutes culottées », « Sourires d'été »…) and its public presentation."""

    summary = models.TextField(
        _("résumé"), max_length=500, help_text=_("Une ou deux phrases, reprises dans les listes.")
    )
    theme = models.CharField(_("thème"), max_length=30, choices=Theme.choices)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Illustre le programme sur la page d'accueil et dans les partages."),
    )
    audiences = ParentalManyToManyField(
        "programmes.Audience", verbose_name=_("publics visés"), blank=True, related_name="+"
    )
    partners = ParentalManyToManyField(
        "programmes.Partner", verbose_name=_("partenaires"), blank=True, related_name="+"
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("contenu"), blank=True)
    breakdown_school_level = models.BooleanField(_("par niveau scolaire (6e–3e)"), default=False)
    breakdown_gender = models.BooleanField(_("par genre"), default=False)
    breakdown_age_band = models.BooleanField(_("par tranche d'âge (60–74, 75+)"), default=False)
    breakdown_adults_children = models.BooleanField(_("adultes / enfants"), default=False)
    contact_name = models.CharField(_("contact"), max_length=150, blank=True)
    contact_email = models.EmailField(_("courriel du contact"), blank=True)
    contact_phone = models.CharField(_("téléphone du contact"), max_length=30, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("theme")]),
        FieldPanel("image"),
        FieldPanel("audiences"),
        FieldPanel("body"),
        FieldPanel("partners"),
        MultiFieldPanel(
            [
                HelpPanel(
                    _(
                        "Les répartitions demandées lors de la saisie de la fréquentation de "
                        "chaque séance (jamais de nom)."
                    )
                ),
                FieldRowPanel(
                    [FieldPanel("breakdown_school_level"), FieldPanel("breakdown_gender")]
                ),
                FieldRowPanel(
                    [FieldPanel("breakdown_age_band"), FieldPanel("breakdown_adults_children")]
                ),
            ],
            heading=_("Fréquentation : répartitions"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_email"), FieldPanel("contact_phone")],
            heading=_("Contact"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("theme"),
    ]
    parent_page_types = ["programmes.ProgrammeIndexPage"]
    subpage_types = ["programmes.EventPage"]

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    @property
    def attendance_breakdowns(self):
        """The breakdown keys (programmes.models.participation.BREAKDOWNS) asked at logging."""
        return [
            key
            for key in ("school_level", "gender", "age_band", "adults_children")
            if getattr(self, f"breakdown_{key}")
        ]

    def get_context(self, request, *args, **kwargs):
        from programmes import selectors

        context = super().get_context(request, *args, **kwargs)

        def build():
            depends_on(f"programme:{self.pk}")  # home.cache: its events' dates, its reach
            reach, editions = selectors.public_reach(self)
            details = {
                "page": self,
                "upcoming": selectors.upcoming_occurrences_of_programme(self),
                "reach_this_year": reach,
                "editions": editions,
                "partner_list": list(self.partners.all()),
            }
            # Rendered here, so that a visit read from the cache renders none of it.
            return {
                "audience_list": list(self.audiences.all()),
                "details_html": render_to_string(
                    "programmes/includes/programme_details.html", details
                ),
            }

        # Kept in the cache under its tags and the minute (the next dates): home.fragments.
        context.update(
            fragments.cached(
                request, "programme", build, self.pk, self.latest_revision_id, per_minute=True
            )
        )
        return context


class Recurrence(models.TextChoices):
    NONE = "none", _("Une seule date")
    WEEKLY = "weekly", _("Chaque semaine (ou toutes les N semaines)")
    DATES = "dates", _("Une liste de dates (une étape par date)")


class EventPage(KeptViewRestrictionsMixin, Page):
    """An event of a programme; its dates (occurrences) are generated from the rule below."""

    programme = models.ForeignKey(
        ProgrammePage,
        verbose_name=_("programme"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text=_("La page parente, gardée ici pour filtrer le calendrier."),
    )
    edition = models.ForeignKey(
        "programmes.Edition",
        verbose_name=_("édition"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    summary = models.TextField(_("description courte"), max_length=500)
    body = StreamField(BaseStreamBlock(), verbose_name=_("contenu"), blank=True)
    audience = models.ForeignKey(
        "programmes.Audience",
        verbose_name=_("public"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    capacity = models.PositiveIntegerField(
        _("capacité"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    is_public = models.BooleanField(
        _("ouvert au public"),
        default=True,
        help_text=_("Décochez pour une séance réservée (une classe, un groupe suivi)."),
    )
    venue = models.ForeignKey(
        "places.Venue",
        verbose_name=_("lieu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    commune = models.ForeignKey(
        "places.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_at = models.DateTimeField(_("début"), null=True, blank=True)
    ends_at = models.DateTimeField(_("fin"), null=True, blank=True)
    recurrence = models.CharField(
        _("répétition"), max_length=10, choices=Recurrence.choices, default=Recurrence.NONE
    )
    interval_weeks = models.PositiveSmallIntegerField(
        _("toutes les … semaines"), default=1, validators=[MinValueValidator(1)]
    )
    repeat_until = models.DateField(_("jusqu'au"), null=True, blank=True)
    skip_public_holidays = models.BooleanField(
        _("Ne pas programmer les jours fériés"),
        default=False,
        help_text=_(
            "Les dates d'une répétition ou d'une liste qui tombent un jour férié (lundi de "
            "Pâques, 14 juillet…) ne sont pas créées. Sinon, le site signale « jour férié » "
            "à côté de la date."
        ),
    )
    booking_url = models.URLField(
        _("lien d'inscription"),
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("Le formulaire en ligne ouvert par le bouton « S'inscrire »."),
    )
    booking_phone = models.CharField(
        _("téléphone d'inscription"),
        max_length=30,
        blank=True,
        validators=[validate_french_phone],
        help_text=_("Par exemple 01 41 37 11 00."),
    )
    booking_email = models.EmailField(_("courriel d'inscription"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("edition"),
                FieldRowPanel([FieldPanel("audience"), FieldPanel("capacity")]),
                FieldPanel("is_public"),
            ],
            heading=_("Public"),
        ),
        MultiFieldPanel(
            [
                HelpPanel(
                    _(
                        "Comment le public s'inscrit ou réserve. Une date complète se signale "
                        "dans le menu « Dates d'événements » (case « Complet ») : le site y "
                        "affiche « Complet » et n'y propose plus l'inscription."
                    )
                ),
                FieldPanel("booking_url"),
                FieldRowPanel([FieldPanel("booking_phone"), FieldPanel("booking_email")]),
            ],
            heading=_("Inscription"),
        ),
        MultiFieldPanel(
            [FieldPanel("venue"), FieldPanel("address"), FieldPanel("commune")],
            heading=_("Lieu (ou étape)"),
        ),
        MultiFieldPanel(
            [
                HelpPanel(
                    _(
                        "Les dates sont calculées à partir de cette règle à chaque "
                        "enregistrement. Une date annulée, déplacée ou annotée à la main "
                        "(menu « Dates d'événements »), ou dont la fréquentation est saisie, "
                        "n'est jamais modifiée ni supprimée par la règle."
                    )
                ),
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldPanel("recurrence"),
                FieldRowPanel([FieldPanel("interval_weeks"), FieldPanel("repeat_until")]),
                FieldPanel("skip_public_holidays"),
                InlinePanel("planned_dates", heading=_("Dates ou étapes"), label=_("date")),
            ],
            heading=_("Dates"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("is_public"),
    ]
    parent_page_types = ["programmes.ProgrammePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")

    def clean(self):
        super().clean()
        errors = {}
        if self.recurrence in (Recurrence.NONE, Recurrence.WEEKLY):
            if not self.starts_at:
                errors["starts_at"] = _("Indiquez le début.")
            if not self.ends_at:
                errors["ends_at"] = _("Indiquez la fin.")
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("La fin précède le début.")
        if self.recurrence == Recurrence.WEEKLY and not self.repeat_until:
            errors["repeat_until"] = _("Indiquez jusqu'à quand l'événement se répète.")
        if (
            self.recurrence == Recurrence.WEEKLY
            and self.repeat_until
            and self.starts_at
            and self.repeat_until < self.starts_at.date()
        ):
            errors["repeat_until"] = _("La fin de la répétition précède le début.")
        if self.recurrence == Recurrence.NONE and self.skip_public_holidays and self.starts_at:
            holiday = holiday_name(self.starts_at)
            if holiday:
                errors["starts_at"] = _(
                    "Cette date est un jour férié (%(holiday)s) : choisissez un autre jour ou "
                    "décochez « Ne pas programmer les jours fériés »."
                ) % {"holiday": holiday}
        if self.booking_phone and "booking_phone" not in errors:
            self.booking_phone = display_phone(self.booking_phone.strip())
        if errors:
            raise ValidationError(errors)

    @property
    def has_booking(self):
        return bool(self.booking_url or self.booking_phone or self.booking_email)

    @property
    def booking_tel_uri(self):
        return tel_uri(self.booking_phone)

    def save(self, *args, **kwargs):
        parent = self.get_parent() if self.path else None
        if parent is not None:
            self.programme_id = parent.pk
        if self.venue_id and not self.commune_id:
            self.commune_id = self.venue.commune_id
        result = super().save(*args, **kwargs)
        # The dates follow the rule where the rule changes (services.sync_occurrences): the
        # admin's create/edit/copy hooks and the page_published receiver (programmes.apps).
        if not self.is_public:
            index.remove_object(self)  # an event made private leaves the search index
        return result

    @classmethod
    def get_indexed_objects(cls):
        """Events reserved to a class or a group are never in the public search index."""
        return super().get_indexed_objects().filter(is_public=True)

    def serve(self, request, *args, **kwargs):
        if not self.is_public and not getattr(request, "is_preview", False):
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_sitemap_urls(self, request=None):
        return super().get_sitemap_urls(request) if self.is_public else []

    def get_context(self, request, *args, **kwargs):
        from programmes import selectors

        context = super().get_context(request, *args, **kwargs)

        def build():
            # home.cache: its dates; its programme's title and contact.
            depends_on(f"event:{self.pk}", page_tag(self.programme_id))
            schedule = selectors.event_schedule(self, request)
            parts = {"page": self, "schedule": schedule, "request": request}
            # Rendered here, so that a visit read from the cache renders none of its dates.
            return {
                "has_occurrences": bool(schedule.listed),
                "jsonld": selectors.event_jsonld(self, schedule.listed, request),
                **{
                    f"{name}_html": render_to_string(
                        f"programmes/includes/event_{name}.html", parts
                    )
                    for name in ("heading", "booking", "places", "dates")
                },
            }

        # Kept in the cache under its tags and the minute (the next dates): home.fragments.
        context.update(
            fragments.cached(
                request, "event", build, self.pk, self.latest_revision_id, per_minute=True
            )
        )
        return context


class EventPlannedDate(Orderable):
    """A date of a « liste de dates » rule: one stop of a bus tour, one session of a cycle."""

    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="planned_dates")
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("heure de début"))
    end_time = models.TimeField(_("heure de fin"))
    venue = models.ForeignKey(
        "places.Venue",
        verbose_name=_("lieu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Laissez vide pour le lieu de l'événement."),
    )
    address = models.CharField(_("adresse de l'étape"), max_length=255, blank=True)
    commune = models.ForeignKey(
        "places.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldRowPanel([FieldPanel("venue"), FieldPanel("address"), FieldPanel("commune")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("date prévue")
        verbose_name_plural = _("dates prévues")

    def clean(self):
        super().clean()
        if self.start_time and self.end_time and self.end_time < self.start_time:
            raise ValidationError({"end_time": _("La fin précède le début.")})


class CalendarPage(KeptViewRestrictionsMixin, Page):
    """« Agenda »: upcoming public dates of every agenda source (programmes' events, « Un mois,
    une œuvre » mediation sessions), with filters (programmes.calendar)."""

    introduction = models.TextField(_("introduction"), blank=True)
    per_page = models.PositiveSmallIntegerField(
        _("dates par page"), default=20, validators=[MinValueValidator(5)]
    )

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("per_page")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("agenda")
        verbose_name_plural = _("agendas")

    def get_context(self, request, *args, **kwargs):
        from programmes.calendar import calendar_context

        context = super().get_context(request, *args, **kwargs)
        context.update(calendar_context(self, request))
        # The form's communes and publics, the same for every visitor: kept in the cache
        # (home.fragments) under the agenda's tag, rather than two queries per request.
        form = context["filter_form"]
        choices = fragments.cached(request, "agenda_choices", lambda: agenda_choices(form))
        form.fields["commune"].widget.choices = choices["communes"]
        form.fields["audience"].widget.choices = choices["audiences"]
        context["filters_html"] = agenda_filters_html(self, request, context)
        return context


def agenda_filters_html(page, request, context):
    """The agenda's filter form, rendered; kept in the cache (home.fragments) per query of
    known, valid filters. It declares no tag: its programmes, communes and publics change with
    any record, so any change refreshes it."""
    from programmes.calendar import cacheable_query

    def build():
        return render_to_string(
            "programmes/includes/agenda_filters.html",
            {
                "request": request,
                "page": page,
                "filter_form": context["filter_form"],
                "active_filter_count": context["active_filter_count"],
            },
        )

    if not cacheable_query(context["filter_form"], request.GET):
        return build()
    return fragments.cached(
        request,
        "agenda_filters",
        build,
        page.pk,
        page.latest_revision_id,
        context["page_querystring"],
    )


def agenda_choices(form):
    """The agenda form's commune and audience choices as plain (value, label) lists, rendered as
    its model choice fields render them."""
    from home.agenda import AGENDA_TAG

    depends_on(AGENDA_TAG)  # home.cache; communes and publics bump « site »

    def plain(field):
        return [(str(value), str(label)) for value, label in form.fields[field].choices]

    return {"communes": plain("commune"), "audiences": plain("audience")}
