"""The public agenda (CalendarPage) and its feeds' filters: what the visitor asks (communes,
venues, programme, public, theme, period), read into ``home.agenda.AgendaFilters`` for every
source — programmes' dates and « Un mois, une œuvre » mediation sessions alike."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django import forms
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from home import fragments
from home.agenda import Agenda, AgendaFilters
from home.templatetags.french import date_fr
from places.models import Commune, Venue
from programmes.models import Audience, Theme

# The window of every feed (issue #16, a response of bounded size): from FEED_PAST_DAYS ago
# (calendars keep their own history) to FEED_FUTURE_DAYS ahead, at most FEED_MAX_ITEMS dates,
# the earliest first. Said in each feed's X-WR-CALDESC and in the README.
FEED_PAST_DAYS = 90
FEED_FUTURE_DAYS = 365
FEED_MAX_ITEMS = 1000

# The parameters a feed understands: the agenda's filters but the period.
FEED_PARAMETERS = ("commune", "lieu", "programme", "theme", "audience")


class Period:
    UPCOMING = ""
    TODAY = "aujourdhui"
    WEEKEND = "week-end"
    MONTH = "mois"
    DATES = "dates"

    CHOICES = [
        (UPCOMING, _("Toutes les dates à venir")),
        (TODAY, _("Aujourd'hui")),
        (WEEKEND, _("Ce week-end")),
        (MONTH, _("Par mois")),
        (DATES, _("Entre deux dates")),
    ]


MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def month_start(day):
    return day.replace(day=1)


def add_months(day, months):
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def local_midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


class AgendaFilterForm(forms.Form):
    """The agenda's filters (GET). Invalid values are explained and left out; the valid ones
    still apply."""

    periode = forms.ChoiceField(
        choices=Period.CHOICES,
        required=False,
        label=_("Quand ?"),
        widget=forms.RadioSelect,
    )
    mois = forms.CharField(required=False, widget=forms.HiddenInput)
    date_from = forms.DateField(
        required=False, label=_("Du"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label=_("Au"), widget=forms.DateInput(attrs={"type": "date"})
    )
    commune = forms.ModelMultipleChoiceField(
        queryset=Commune.objects.only("insee_code", "name").order_by("name"),
        to_field_name="insee_code",
        required=False,
        label=_("Communes"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Commune inconnue : %(value)s.")},
    )
    # A venue's page links to its dates (``?lieu=<code>``, repeatable): kept hidden in the
    # form, shown as an active filter that can be removed.
    lieu = forms.ModelMultipleChoiceField(
        queryset=Venue.objects.only("code", "name").order_by("name"),
        to_field_name="code",
        required=False,
        label=_("Lieux"),
        widget=forms.MultipleHiddenInput,
        error_messages={"invalid_choice": _("Lieu inconnu : %(value)s.")},
    )
    programme = forms.ChoiceField(required=False, label=_("Programme"))
    audience = forms.ModelChoiceField(
        queryset=Audience.objects.all(),
        to_field_name="slug",
        required=False,
        label=_("Public"),
        empty_label=_("Tous les publics"),
        error_messages={"invalid_choice": _("Public inconnu.")},
    )
    theme = forms.ChoiceField(
        choices=[("", _("Tous les thèmes")), *Theme.choices], required=False, label=_("Thème")
    )

    def __init__(self, data=None, agenda=None, now=None):
        super().__init__(data)
        self.agenda = agenda or Agenda()
        self.now = now or timezone.now()
        # Only programmes the public may reach, from every agenda source.
        self.fields["programme"].choices = [("", _("Tous les programmes"))] + [
            (p.slug, p.title) for p in self.agenda.programmes()
        ]
        self.fields["programme"].error_messages["invalid_choice"] = _(
            "Ce programme n'est pas (ou plus) à l'agenda."
        )

    @property
    def today(self):
        return timezone.localtime(self.now).date()

    def clean_mois(self):
        value = self.cleaned_data.get("mois") or ""
        if value and not MONTH_RE.match(value):
            raise forms.ValidationError(_("Mois invalide : écrivez-le AAAA-MM (2026-12)."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("La date de fin précède la date de début."))
        return data

    def valid_data(self):
        """The fields that are valid (an unknown commune does not drop the other filters)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return self.cleaned_data

    # --- the period ---------------------------------------------------------------------

    def month(self):
        """The month shown by the « Par mois » view (the current one by default)."""
        value = self.valid_data().get("mois")
        if value:
            year, month = MONTH_RE.match(value).groups()
            return date(int(year), int(month), 1)
        return month_start(self.today)

    def period(self):
        data = self.valid_data()
        period = data.get("periode") or Period.UPCOMING
        if period == Period.UPCOMING and (data.get("date_from") or data.get("date_to")):
            period = Period.DATES
        return period

    def bounds(self):
        """(start, end) of the period: items that end at or after ``start`` and begin before
        ``end``. Past dates are never listed but with explicit dates."""
        data, today, now = self.valid_data(), self.today, self.now
        period = self.period()
        if period == Period.TODAY:
            return now, local_midnight(today + timedelta(days=1))
        if period == Period.WEEKEND:
            saturday, sunday = self.weekend()
            return max(now, local_midnight(saturday)), local_midnight(sunday + timedelta(days=1))
        if period == Period.MONTH:
            first = self.month()
            return max(now, local_midnight(first)), local_midnight(add_months(first, 1))
        if period == Period.DATES:
            start = local_midnight(data["date_from"]) if data.get("date_from") else now
            end = (
                local_midnight(data["date_to"] + timedelta(days=1)) if data.get("date_to") else None
            )
            return start, end
        return now, None

    def weekend(self):
        """The Saturday and Sunday of this week (the current ones on a week-end)."""
        today = self.today
        saturday = today + timedelta(days=5 - today.weekday())
        if today.weekday() == 6:
            saturday = today - timedelta(days=1)
        return saturday, saturday + timedelta(days=1)

    def period_label(self):
        period = self.period()
        if period == Period.TODAY:
            return _("aujourd'hui")
        if period == Period.WEEKEND:
            saturday, sunday = self.weekend()
            return _("ce week-end (%(days)s)") % {"days": weekend_label(saturday, sunday)}
        if period == Period.MONTH:
            return _("en %(month)s") % {"month": date_format(self.month(), "F Y")}
        if period == Period.DATES:
            data = self.valid_data()
            start, end = data.get("date_from"), data.get("date_to")
            if start and end:
                return _("du %(start)s au %(end)s") % {"start": day_fr(start), "end": day_fr(end)}
            if start:
                return _("à partir du %(start)s") % {"start": day_fr(start)}
            if end:
                return _("jusqu'au %(end)s") % {"end": day_fr(end)}
        return _("à venir")

    # --- what the sources read -------------------------------------------------------------

    def filters(self, with_period=True):
        data = self.valid_data()
        audience = data.get("audience")
        start, end = self.bounds() if with_period else (None, None)
        return AgendaFilters(
            communes=tuple(c.insee_code for c in data.get("commune") or ()),
            venues=tuple(v.code for v in data.get("lieu") or ()),
            programmes=(data["programme"],) if data.get("programme") else (),
            theme=data.get("theme") or "",
            audience_slug=audience.slug if audience else "",
            audience_name=audience.name if audience else "",
            start=start,
            end=end,
        )

    def venues(self):
        """The venues asked (``lieu``), by name."""
        return list(self.valid_data().get("lieu") or ())

    def active_filter_count(self):
        data = self.valid_data()
        return sum(1 for name in FEED_PARAMETERS if data.get(name)) + (
            self.period() != Period.UPCOMING
        )


def day_fr(day):
    """« 1er décembre 2026 », « 2 décembre 2026 »."""
    return date_fr(day, "j F Y")


def weekend_label(saturday, sunday):
    if saturday.month == sunday.month:
        return _("samedi %(sat)s et dimanche %(sun)s") % {
            "sat": date_fr(saturday, "j"),
            "sun": date_fr(sunday, "j F"),
        }
    return _("samedi %(sat)s et dimanche %(sun)s") % {
        "sat": date_fr(saturday, "j F"),
        "sun": date_fr(sunday, "j F"),
    }


def querystring(params, **changes):
    """``params`` (a QueryDict) with ``changes`` applied (None removes a key), URL-encoded."""
    params = params.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if value is not None:
            params.setlist(key, value if isinstance(value, list) else [value])
    return params.urlencode()


def feed_querystring(params):
    """The filters a subscription keeps: communes, programme, theme, public (not the period)."""
    kept = params.copy()
    for key in list(kept.keys()):
        if key not in FEED_PARAMETERS:
            del kept[key]
    return kept


@dataclass
class SubscribeLinks:
    feed_url: str
    webcal_url: str
    google_url: str
    outlook_url: str
    filtered: bool


def subscribe_links(request, params, agenda=None, name=""):
    """The filtered feed's URL and the links that add it to a calendar application."""
    kept = feed_querystring(params)
    programme = kept.get("programme")
    if programme and agenda is not None and agenda.programme(programme):
        kept.pop("programme")
        path = reverse("programmes:programme_ical", args=[programme])
    else:
        path = reverse("programmes:ical")
    query = kept.urlencode()
    https_url = request.build_absolute_uri(path + (f"?{query}" if query else ""))
    webcal_url = re.sub(r"^https?://", "webcal://", https_url)
    return SubscribeLinks(
        feed_url=path + (f"?{query}" if query else ""),
        webcal_url=webcal_url,
        google_url="https://calendar.google.com/calendar/render?" + urlencode({"cid": webcal_url}),
        outlook_url="https://outlook.live.com/calendar/0/addfromweb?"
        + urlencode({"url": https_url, "name": name}),
        filtered=bool(query) or bool(programme),
    )


def venue_filters(form, params):
    """The venues the agenda is filtered by, each with the query string without it."""
    venues = form.venues()
    return [
        {
            "venue": venue,
            "remove_querystring": querystring(
                params, lieu=[v.code for v in venues if v != venue] or None, page=None
            ),
        }
        for venue in venues
    ]


def agenda_page(results, per_page, page_number):
    """The page asked; an invalid or out-of-range number is a 404, never another page."""
    paginator = Paginator(results, per_page)
    if page_number in (None, ""):
        page_number = 1
    try:
        return paginator.page(page_number)
    except (PageNotAnInteger, EmptyPage) as error:
        raise Http404(_("Cette page de l'agenda n'existe pas.")) from error


def cacheable_query(form, params):
    """Whether the agenda's rendered results may be kept for this query: only known parameters,
    all valid, and a page given by its number."""
    page_number = params.get("page", "")
    return (
        set(params) <= {*form.fields, "page"}
        and (page_number == "" or page_number.isdigit())
        and all(
            len(params.getlist(key)) == 1 for key in params if key != "commune" and key != "lieu"
        )
        and (not form.is_bound or form.is_valid())
    )


def calendar_context(page, request, now=None):
    """Everything the agenda template needs: a fixed number of queries (the programmes of each
    source, the communes and publics of the form, the count, the page's rows, one per source
    on the page)."""
    agenda = Agenda(request)
    form = AgendaFilterForm(request.GET or None, agenda=agenda, now=now)
    params = request.GET
    period = form.period()
    page_querystring = querystring(params, page=None)
    page_number = request.GET.get("page")

    def build():
        page_obj = agenda_page(agenda.results(form.filters()), page.per_page, page_number)
        return render_to_string(
            "programmes/includes/agenda_results.html",
            {
                "request": request,
                "page": page,
                "results": page_obj,
                "page_range": list(
                    page_obj.paginator.get_elided_page_range(
                        page_obj.number, on_each_side=2, on_ends=1
                    )
                ),
                "page_querystring": page_querystring,
                "period_label": form.period_label(),
            },
        )

    if now is None and cacheable_query(form, params):
        # The dates found and their page, rendered, kept under the agenda's tags (declared by
        # the count) and the minute (home.fragments): a key per filter that exists, never per
        # text anyone types.
        results_html = fragments.cached(
            request,
            "agenda_results",
            build,
            page.pk,
            page.latest_revision_id,
            page.per_page,
            page_querystring,
            page_number or "",
            per_minute=True,
        )
    else:
        results_html = build()
    context = {
        "filter_form": form,
        "results_html": results_html,
        "page_querystring": page_querystring,
        "period": period,
        "period_label": form.period_label(),
        "quick_periods": [
            {
                "label": label,
                "querystring": querystring(
                    params,
                    periode=value or None,
                    mois=None,
                    date_from=None,
                    date_to=None,
                    page=None,
                ),
                "current": period == value,
            }
            for value, label in (
                (Period.UPCOMING, _("Toutes les dates à venir")),
                (Period.TODAY, _("Aujourd'hui")),
                (Period.WEEKEND, _("Ce week-end")),
                (Period.MONTH, _("Ce mois-ci")),
            )
        ],
        "active_filter_count": form.active_filter_count(),
        "venue_filters": venue_filters(form, params),
        "subscribe": subscribe_links(request, params, agenda, name=page.title),
    }
    if period == Period.MONTH:
        month = form.month()
        current = month_start(form.today)
        previous = add_months(month, -1)
        following = add_months(month, 1)
        context["month"] = {
            "date": month,
            "previous": previous if previous >= current else None,
            "previous_querystring": querystring(
                params, periode=Period.MONTH, mois=f"{previous:%Y-%m}", page=None
            ),
            "next": following,
            "next_querystring": querystring(
                params, periode=Period.MONTH, mois=f"{following:%Y-%m}", page=None
            ),
        }
    return context
