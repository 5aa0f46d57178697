"""Attendance reminders: one email per session left without attendance N days after it ended,
and a weekly digest for programme staff. A `SentReminder` row (unique kind/key/recipient) is
written before each email, so running the job twice sends nothing twice."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from home.roles import PROGRAMME_STAFF
from programmes import reports
from programmes.models import AttendanceRecord, Occurrence, SentReminder


def reminder_days():
    return getattr(settings, "ATTENDANCE_REMINDER_DAYS", 3)


def _admin_url(name, *args, query=None):
    base = (getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").rstrip("/")
    suffix = f"?{urlencode(query)}" if query else ""
    return f"{base}{reverse(name, args=args)}{suffix}"


def _awaiting_url(venue_pk=None):
    """The dates-of-events listing filtered on the sessions left without attendance (of one
    venue): where programme staff see them and follow each to its record."""
    query = {"awaiting_attendance": "true"}
    if venue_pk is not None:
        query["venue"] = venue_pk
    return _admin_url("wagtailsnippets_programmes_occurrence:list", query=query)


def _send_once(kind, key, recipient, subject, body):
    """Claim the (kind, key, recipient) row, then send; a failed send frees the claim."""
    try:
        with transaction.atomic():
            claim = SentReminder.objects.create(kind=kind, key=key, recipient=recipient)
    except IntegrityError:
        return False
    try:
        send_mail(subject, body, None, [recipient])
    except Exception:
        claim.delete()
        raise
    return True


def send_session_reminders(now=None):
    """Email each manager of the venue of every session ended more than N days ago without
    attendance; returns the number of emails sent."""
    now = now or timezone.now()
    due = (
        Occurrence.objects.awaiting_attendance(now - timedelta(days=reminder_days()))
        .select_related("event", "venue")
        .prefetch_related("venue__managers")
        .order_by("start")
    )
    sent = 0
    for occurrence in due:
        for manager in occurrence.venue.managers.all():
            if not (manager.is_active and manager.email):
                continue
            local = timezone.localtime(occurrence.start)
            body = (
                f"Bonjour,\n\nLa séance « {occurrence.event.title} » du {local:%d/%m/%Y à %H:%M} "
                f"à {occurrence.venue.name} n'a pas encore de fréquentation saisie.\n"
                f"Saisissez le nombre de personnes présentes (jamais de nom) :\n"
                f"{_admin_url('programmes_attendance_log', occurrence.pk)}\n\n"
                "Institut des Hauts-de-Seine"
            )
            sent += _send_once(
                SentReminder.Kind.SESSION,
                f"occurrence:{occurrence.pk}",
                manager.email,
                f"Fréquentation à saisir : {occurrence.event.title} ({local:%d/%m/%Y})",
                body,
            )
    return sent


def send_weekly_digest(now=None):
    """Monday digest to programme staff: people reached in the last 7 days and the sessions
    waiting for attendance, per venue (each figure one grouped query)."""
    now = now or timezone.now()
    year, week, _day = timezone.localtime(now).isocalendar()
    waiting = list(
        Occurrence.objects.awaiting_attendance(now)
        .order_by()
        .values("venue__pk", "venue__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "venue__name")
    )
    reach = reports.reach_between(
        AttendanceRecord.objects.of_live_events(), now - timedelta(days=7), now
    )
    lines = [
        "Bonjour,",
        "",
        f"Ces 7 derniers jours : {reach['people']} personnes touchées en "
        f"{reach['sessions']} séances saisies.",
        f"Séances passées en attente de fréquentation : {sum(r['n'] for r in waiting)}.",
        f"Les voir toutes : {_awaiting_url()}",
        *(
            f"  - {row['venue__name']} : {row['n']} — {_awaiting_url(row['venue__pk'])}"
            for row in waiting[:30]
        ),
        "",
        f"Rapport de fréquentation : {_admin_url('programmes_report_reach')}",
    ]
    staff = (
        get_user_model()
        .objects.filter(groups__name=PROGRAMME_STAFF, is_active=True)
        .exclude(email="")
    )
    sent = 0
    for user in staff.distinct().order_by("pk"):
        sent += _send_once(
            SentReminder.Kind.DIGEST,
            f"{year}-W{week:02d}",
            user.email,
            f"Fréquentation : récapitulatif de la semaine {week}",
            "\n".join(lines),
        )
    return sent
