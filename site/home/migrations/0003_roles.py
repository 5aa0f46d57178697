"""The three roles (Équipe programmes, Modération, Responsables de lieu) and the moderation
workflow: Wagtail's default "Moderators approval" task now belongs to the Modération group.

Frozen: the groups are created here by name; their permissions are given after every `migrate`
by home.roles.sync_roles_after_migrate (post_migrate), from the tables in each app's roles.py."""

from django.db import migrations

ROLES = ("Équipe programmes", "Modération", "Responsables de lieu")
MODERATORS = "Modération"


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for role in ROLES:
        Group.objects.get_or_create(name=role)
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    moderators = Group.objects.get(name=MODERATORS)
    task = GroupApprovalTask.objects.filter(name="Moderators approval").first()
    if task is not None:
        task.name = "Validation par la Modération"
        task.save(update_fields=["name"])
        task.groups.set([moderators])
    Workflow.objects.filter(name="Moderators approval").update(name="Validation par la Modération")
    # Wagtail's English default groups are replaced by the roles above.
    Group.objects.filter(name__in=["Moderators", "Editors"], user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_create_homepage"),
        ("places", "0002_communes_and_ssts"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
