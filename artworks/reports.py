"""« Un mois, une œuvre » report: per venue, works shown, placements, mediation sessions and
their attendance — one grouped query on placements (each mediation session belongs to one
placement, so its attendance is summed once). Counts come from artworks.MediationSession;
event attendance is reported by programmes.reports (see programmes/participation.py)."""

from django.db.models import Count, Sum

from artworks.models import Placement


def works_and_mediation(placements):
    return (
        placements.active()
        .order_by()
        .values("venue__name", "venue__commune__name")
        .annotate(
            works=Count("artwork", distinct=True),
            placements=Count("pk", distinct=True),
            sessions=Count("mediation_sessions", distinct=True),
            attendance=Sum("mediation_sessions__attendance_total"),
        )
        .order_by("venue__commune__name", "venue__name")
    )


def placements_for(user):
    return Placement.objects.for_user(user)
