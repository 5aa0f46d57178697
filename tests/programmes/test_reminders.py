"""Reminders: one email per session N days past without attendance; a weekly digest; twice
run, nothing sent twice."""

import pytest
from django.core import mail

from programmes import reminders
from programmes.models import AttendanceRecord, SentReminder
from programmes.tasks import send_attendance_digest, send_attendance_reminders
from tests.factories import UserFactory
from tests.programmes import factories as f
from tests.programmes.participation import past_session

pytestmark = pytest.mark.django_db


def test_one_email_per_session_n_days_past_and_never_twice(settings, manager_a, venue_a, venue_b):
    settings.ATTENDANCE_REMINDER_DAYS = 3
    programme = f.programme("Giga Séniors")
    due = past_session(programme, venue_a, days_ago=5, title="Atelier ancien")
    past_session(programme, venue_a, days_ago=1, title="Atelier d'hier")
    logged = past_session(programme, venue_a, days_ago=6, title="Atelier saisi")
    AttendanceRecord.objects.create(occurrence=logged, total=8)
    past_session(programme, venue_b, days_ago=5, title="Atelier sans responsable")

    assert send_attendance_reminders.apply().get() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [manager_a.email]
    assert "Atelier ancien" in message.subject
    assert f"/frequentation/seance/{due.pk}/" in message.body

    assert send_attendance_reminders.apply().get() == 0
    assert len(mail.outbox) == 1
    assert SentReminder.objects.count() == 1


def test_a_failed_send_is_retried_next_run(settings, manager_a, venue_a, monkeypatch):
    past_session(f.programme("Giga Séniors"), venue_a, days_ago=5)

    def broken(*args, **kwargs):
        raise ConnectionError("smtp down")

    monkeypatch.setattr(reminders, "send_mail", broken)
    with pytest.raises(ConnectionError):
        reminders.send_session_reminders()
    assert not SentReminder.objects.exists()
    monkeypatch.undo()
    assert reminders.send_session_reminders() == 1


def test_the_weekly_digest_goes_once_to_programme_staff(programme_staff, moderator, venue_a):
    UserFactory(username="equipe.deux", groups=["Équipe programmes"])
    programme = f.programme("Giga Séniors")
    past_session(programme, venue_a, days_ago=2, title="En attente")
    done = past_session(programme, venue_a, days_ago=3, title="Saisie")
    AttendanceRecord.objects.create(occurrence=done, total=17)

    assert send_attendance_digest.apply().get() == 2
    assert {m.to[0] for m in mail.outbox} == {"equipe@exemple.fr", "equipe.deux@exemple.fr"}
    assert "17 personnes touchées en 1 séances" in mail.outbox[0].body
    assert "Pôle social A : 1" in mail.outbox[0].body
    assert send_attendance_digest.apply().get() == 0
    assert len(mail.outbox) == 2


def test_the_reminder_and_the_digest_read_word_for_word(settings, manager_a, programme_staff,
                                                         venue_a):  # fmt: skip
    settings.WAGTAILADMIN_BASE_URL = "https://admin.exemple.fr"
    from django.utils import timezone

    title = "L'atelier « mémoire » & co"
    due = past_session(f.programme("Giga Séniors"), venue_a, days_ago=5, title=title)
    assert reminders.send_session_reminders() == 1
    local = timezone.localtime(due.start)
    [message] = mail.outbox
    assert message.subject == f"Fréquentation à saisir : {title} ({local:%d/%m/%Y})"
    assert message.body == (
        f"Bonjour,\n\nLa séance « {title} » du {local:%d/%m/%Y à %H:%M} à Pôle social A n'a "
        "pas encore de fréquentation saisie.\nSaisissez le nombre de personnes présentes "
        f"(jamais de nom) :\nhttps://admin.exemple.fr/admin/frequentation/seance/{due.pk}/\n\n"
        "Institut des Hauts-de-Seine"
    )

    mail.outbox.clear()
    assert reminders.send_weekly_digest() == 1
    [digest] = mail.outbox
    week = timezone.localtime().isocalendar()[1]
    assert digest.subject == f"Fréquentation : récapitulatif de la semaine {week}"
    listing = "https://admin.exemple.fr/admin/snippets/programmes/occurrence/"
    assert digest.body == (
        "Bonjour,\n\nCes 7 derniers jours : 0 personnes touchées en 0 séances saisies.\n"
        "Séances passées en attente de fréquentation : 1.\n"
        f"Les voir toutes : {listing}?awaiting_attendance=true\n"
        f"  - Pôle social A : 1 — {listing}?awaiting_attendance=true&venue={venue_a.pk}\n\n"
        "Rapport de fréquentation : https://admin.exemple.fr/admin/rapports/frequentation/"
    )
