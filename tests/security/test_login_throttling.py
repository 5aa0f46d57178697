"""The admin login is throttled: repeated failures lock the username out, in French."""

import pytest
from axes.models import AccessAttempt

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def attempt(client, password):
    return client.post("/admin/login/", {"username": "camille", "password": password})


def test_five_failed_logins_lock_the_account_out_even_with_the_right_password(client, settings):
    settings.AXES_FAILURE_LIMIT = 5
    UserFactory(username="camille", is_staff=True, groups=["Équipe programmes"])
    for _ in range(4):
        assert attempt(client, "mauvais").status_code == 200
    locked = attempt(client, "mauvais")
    assert locked.status_code == 429
    assert "Connexion temporairement bloquée" in locked.content.decode()
    still_locked = attempt(client, "mot-de-passe-test")
    assert still_locked.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username="camille").failures_since_start >= 5


def test_a_successful_login_resets_the_failure_count(client):
    UserFactory(username="camille", groups=["Équipe programmes"])
    for _ in range(3):
        attempt(client, "mauvais")
    response = attempt(client, "mot-de-passe-test")
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="camille").exists()
