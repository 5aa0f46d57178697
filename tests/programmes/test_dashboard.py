"""The admin home panel: staff compare this month with last year; a manager sees their list."""

import pytest
from django.urls import reverse

from programmes.dashboard import AttendancePanel
from programmes.models import AttendanceRecord
from tests.programmes import factories as f
from tests.programmes.participation import past_session

pytestmark = pytest.mark.django_db


def record(programme, venue, start, total, title):
    occurrence = f.event(programme, title, start=start, venue=venue).occurrences.get()
    return AttendanceRecord.objects.create(occurrence=occurrence, total=total)


def test_staff_see_reach_this_month_against_the_same_month_last_year(programme_staff, venue_a):
    programme = f.programme("Giga Séniors")
    record(programme, venue_a, f.paris(2030, 3, 5, 14), 20, "Mars 2030 a")
    record(programme, venue_a, f.paris(2030, 3, 19, 14), 22, "Mars 2030 b")
    record(programme, venue_a, f.paris(2030, 2, 26, 14), 99, "Février 2030")
    record(programme, venue_a, f.paris(2029, 3, 12, 14), 31, "Mars 2029")
    f.event(programme, "Non saisie", start=f.paris(2030, 3, 10, 14), venue=venue_a)
    panel = AttendancePanel(programme_staff, now=f.paris(2030, 3, 25, 9))
    context = panel.get_context_data()
    assert context["this_month"] == {"people": 42, "sessions": 2}
    assert context["last_year"] == {"people": 31, "sessions": 1}
    assert context["waiting"] == 1
    html = panel.render_html({})
    assert '<strong class="reach-this-month">42</strong>' in html
    assert '<strong class="reach-last-year">31</strong>' in html


def test_a_venue_manager_sees_their_own_sessions_on_the_admin_home(
    client, manager_a, venue_a, venue_b
):
    programme = f.programme("Giga Séniors")
    past_session(programme, venue_a, title="Atelier chez A")
    past_session(programme, venue_b, title="Atelier chez B")
    client.force_login(manager_a)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    panel = html.split('id="attendance-panel"', 1)[1].split("</section>", 1)[0]
    assert '<strong class="waiting">1</strong>' in panel
    assert "Atelier chez A" in panel and "Atelier chez B" not in panel


def test_a_venue_manager_with_no_session_to_log_reads_so(client, manager_a, venue_b):
    past_session(f.programme("Giga Séniors"), venue_b, title="Atelier chez B")
    client.force_login(manager_a)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    panel = html.split('id="attendance-panel"', 1)[1].split("</section>", 1)[0]
    assert "Aucune séance en attente de fréquentation." in panel
    assert "Atelier chez B" not in panel


def test_a_venue_manager_s_session_list_is_bounded_with_fixed_queries(
    django_assert_num_queries, manager_a, venue_a
):
    programme = f.programme("Giga Séniors")
    for days in range(2, 4):
        past_session(programme, venue_a, days_ago=days)
    AttendancePanel(manager_a).render_html({})  # warms the user's permission cache
    with django_assert_num_queries(2):  # the count and the first rows
        AttendancePanel(manager_a).render_html({})
    for days in range(4, 16):
        past_session(programme, venue_a, days_ago=days)
    with django_assert_num_queries(2):
        html = AttendancePanel(manager_a).render_html({})
    assert html.count("<li>") == 10 and "Et 4 autres." in html
