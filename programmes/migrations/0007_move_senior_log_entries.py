"""The follow-up's history written before it had its own table sits in Wagtail's general
ModelLogEntry table, labelled with the seniors' names and shown to anyone holding the model
permission (superusers too). Move it to SeniorLogEntry with numbered labels, tied to the
senior's edition (their data, which could repeat a title, is dropped); an entry whose senior no longer exists has no edition to be seen by, so it
is deleted (its label is the name of a person whose record is gone)."""

from django.db import migrations

SENIOR_LABEL = "Senior suivi n° %(pk)s"
CONTACT_LABEL = "Contact n° %(pk)s du senior suivi n° %(senior)s"
FIELDS = ("action", "timestamp", "uuid", "user_id", "revision_id", "content_changed")


def move_entries(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    SeniorLogEntry = apps.get_model("programmes", "SeniorLogEntry")
    FollowedSenior = apps.get_model("programmes", "FollowedSenior")
    SeniorContact = apps.get_model("programmes", "SeniorContact")

    types = {
        ct.model: ct
        for ct in ContentType.objects.filter(
            app_label="programmes", model__in=["followedsenior", "seniorcontact"]
        )
    }
    senior_editions = dict(FollowedSenior.objects.values_list("pk", "edition_id"))
    contacts = {
        pk: (senior_id, senior_editions.get(senior_id))
        for pk, senior_id in SeniorContact.objects.values_list("pk", "senior_id")
    }
    for model, content_type in types.items():
        entries = ModelLogEntry.objects.filter(content_type=content_type)
        moved = []
        for entry in entries.iterator():
            try:
                pk = int(entry.object_id)
            except ValueError:
                continue
            if model == "followedsenior":
                edition_id = senior_editions.get(pk)
                label = SENIOR_LABEL % {"pk": pk}
            else:
                senior_id, edition_id = contacts.get(pk, (None, None))
                label = CONTACT_LABEL % {"pk": pk, "senior": senior_id or "?"}
            if edition_id is None:
                continue
            moved.append(
                SeniorLogEntry(
                    content_type=content_type,
                    object_id=entry.object_id,
                    edition_id=edition_id,
                    label=label,
                    deleted=entry.deleted,
                    data={},  # what Wagtail stores there for a model is never needed here
                    **{name: getattr(entry, name) for name in FIELDS},
                )
            )
        SeniorLogEntry.objects.bulk_create(moved, batch_size=500)
        entries.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0006_senior_log_entry"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(move_entries, migrations.RunPython.noop)]
