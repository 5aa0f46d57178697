import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupApprovalTask

from home.roles import MODERATORS, PROGRAMME_STAFF, VENUE_MANAGERS

pytestmark = pytest.mark.django_db


def perms(group_name):
    group = Group.objects.get(name=group_name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_the_three_roles_exist_with_their_permissions():
    assert {"places.access_all_venues", "places.change_venue", "places.add_venue"} <= perms(
        PROGRAMME_STAFF
    )
    assert "places.access_all_venues" in perms(MODERATORS)
    manager = perms(VENUE_MANAGERS)
    assert {"wagtailadmin.access_admin", "places.change_venue", "places.view_venue"} <= manager
    assert "places.access_all_venues" not in manager
    assert "places.add_venue" not in manager


def test_only_moderators_may_publish_pages():
    for name, can_publish in [
        (PROGRAMME_STAFF, False),
        (MODERATORS, True),
        (VENUE_MANAGERS, False),
    ]:
        group = Group.objects.get(name=name)
        codenames = set(group.page_permissions.values_list("permission__codename", flat=True))
        assert ("publish_page" in codenames) is can_publish


def test_the_moderation_task_belongs_to_the_moderation_group():
    task = GroupApprovalTask.objects.get()
    assert list(task.groups.values_list("name", flat=True)) == [MODERATORS]
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
