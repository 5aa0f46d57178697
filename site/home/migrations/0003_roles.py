"""The three roles (Équipe programmes, Modération, Responsables de lieu) and the moderation
workflow: Wagtail's default "Moderators approval" task now belongs to the Modération group."""

from django.db import migrations

from home.roles import MODERATORS, sync_roles


def create_roles(apps, schema_editor):
    sync_roles(apps)
    Group = apps.get_model("auth", "Group")
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
