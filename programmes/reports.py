"""The report reads: each table is ONE grouped query (values().annotate()), venue-scoped.

Shared by the admin report views, their CSV/XLSX exports, the dashboard and the benchmark.
"""

from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils.translation import gettext_lazy as _

from home.reports import with_bars  # noqa: F401 (the reports' views and bench ask it here)
from programmes.models import AttendanceRecord, Edition, EditionTarget

# group key -> (label, expression of the group's name on AttendanceRecord)
GROUPINGS = {
    "programme": (_("Programme"), F("occurrence__event__programme__title")),
    "edition": (_("Édition"), F("occurrence__event__edition__name")),
    "commune": (
        _("Commune"),
        Coalesce("occurrence__commune__name", "occurrence__venue__commune__name"),
    ),
    "sst": (
        _("SST"),
        Coalesce("occurrence__commune__sst__name", "occurrence__venue__commune__sst__name"),
    ),
    "venue": (_("Lieu"), F("occurrence__venue__name")),
    "audience": (_("Public"), F("occurrence__event__audience__name")),
    "month": (_("Mois"), TruncMonth("occurrence__start")),
}


def records_for(user):
    """The records a report may count: the user's venues, sessions of published events only."""
    return AttendanceRecord.objects.for_user(user).of_live_events()


def reach(records, group_by="programme"):
    """People reached, sessions and venues per group: one grouped query."""
    _label, expression = GROUPINGS[group_by]
    return (
        records.order_by()
        .values(group=expression)
        .annotate(
            people=Sum("total"),
            sessions=Count("pk"),
            venues=Count("occurrence__venue", distinct=True),
        )
        .order_by("group")
    )


def reach_between(records, start, end):
    """People and sessions in [start, end): one aggregate query (the dashboard's figures)."""
    row = records.filter(occurrence__start__gte=start, occurrence__start__lt=end).aggregate(
        people=Sum("total"), sessions=Count("pk")
    )
    return {"people": row["people"] or 0, "sessions": row["sessions"]}


def target_progress(editions=None):
    """Each edition with its target and reach, listed and covered venues: one query, the
    sums computed by correlated subqueries in the database."""
    editions = editions if editions is not None else Edition.objects.all()
    zero = Value(0, output_field=IntegerField())
    target = (
        EditionTarget.objects.filter(edition=OuterRef("pk"))
        .order_by()
        .values("edition")
        .annotate(n=Sum("people_count"))
        .values("n")
    )
    of_edition = (
        AttendanceRecord.objects.of_live_events()
        .filter(occurrence__event__edition=OuterRef("pk"))
        .order_by()
    )
    reached = of_edition.values("occurrence__event__edition").annotate(n=Sum("total")).values("n")
    covered = (
        of_edition.filter(occurrence__venue__programme_editions=OuterRef("pk"))
        .values("occurrence__event__edition")
        .annotate(n=Count("occurrence__venue", distinct=True))
        .values("n")
    )
    listed = (
        Edition.venues.through.objects.filter(edition=OuterRef("pk"))
        .order_by()
        .values("edition")
        .annotate(n=Count("venue"))
        .values("n")
    )
    return (
        editions.order_by("-start_date", "name")
        .annotate(
            programme_title=F("programme__title"),
            target_people=Coalesce(Subquery(target), zero),
            reached_people=Coalesce(Subquery(reached), zero),
            venues_listed=Coalesce(Subquery(listed), zero),
            venues_covered=Coalesce(Subquery(covered), zero),
        )
        .values(
            "pk",
            "name",
            "programme_title",
            "start_date",
            "end_date",
            "target_people",
            "reached_people",
            "venues_listed",
            "venues_covered",
        )
    )
