"""Attendance reminders: one email per session left without attendance N days after it ended,
and a weekly digest for programme staff. A `SentReminder` row (unique kind/key/recipient) is
written before each email, so running the job twice sends nothing twice. The texts are
templates, as artworks' placement reminders: programmes/email/*_subject.txt and *_body.txt."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.template.loader import render_to_string
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


def _render(name, context):
    """Subject and body of the email templated as programmes/email/<name>_*.txt."""
    return tuple(
        render_to_string(f"programmes/email/{name}_{part}.txt", context).strip()
        for part in ("subject", "body")
    )


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
            subject, body = _render(
                "session_reminder",
                {
                    "occurrence": occurrence,
                    "start": timezone.localtime(occurrence.start),
                    "attendance_url": _admin_url("programmes_attendance_log", occurrence.pk),
                },
            )
            key = f"occurrence:{occurrence.pk}"
            sent += _send_once(SentReminder.Kind.SESSION, key, manager.email, subject, body)
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
    subject, body = _render(
        "digest",
        {
            "week": week,
            "reach": reach,
            "waiting_total": sum(r["n"] for r in waiting),
            "awaiting_url": _awaiting_url(),
            "waiting": [
                {"name": r["venue__name"], "n": r["n"], "url": _awaiting_url(r["venue__pk"])}
                for r in waiting[:30]
            ],
            "report_url": _admin_url("programmes_report_reach"),
        },
    )
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
            subject,
            body,
        )
    return sent
