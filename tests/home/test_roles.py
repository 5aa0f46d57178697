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


def test_migrate_gives_back_a_permission_of_the_role_tables():
    """The roles follow the code after each `migrate` (post_migrate), not a data migration."""
    from django.contrib.auth.models import Permission
    from django.core.management import call_command

    staff = Group.objects.get(name=PROGRAMME_STAFF)
    change_edition = Permission.objects.get(
        content_type__app_label="programmes", codename="change_edition"
    )
    staff.permissions.remove(change_edition)
    Group.objects.filter(name=VENUE_MANAGERS).delete()
    assert "programmes.change_edition" not in perms(PROGRAMME_STAFF)

    call_command("migrate", verbosity=0)

    assert "programmes.change_edition" in perms(PROGRAMME_STAFF)  # from programmes/roles.py
    assert {"places.change_venue", "artworks.change_placement"} <= perms(VENUE_MANAGERS)
