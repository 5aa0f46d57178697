"""Address identifiers (slugs) of artists and works: made from the name or title when left
empty, plain ASCII (« Véronique Ellena » → « veronique-ellena »), unique by a -2, -3… suffix."""

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets.slug import SlugInput


def unique_slug(instance, source, field_name="slug"):
    """A free slug for `instance`, from `source`, within the field's maximum length."""
    model = type(instance)
    max_length = model._meta.get_field(field_name).max_length
    base = slugify(source or "")[:max_length].strip("-") or model._meta.model_name
    others = (
        model._default_manager.exclude(pk=instance.pk) if instance.pk else model._default_manager
    )
    candidate, number = base, 1
    while others.filter(**{field_name: candidate}).exists():
        number += 1
        suffix = f"-{number}"
        candidate = base[: max_length - len(suffix)].rstrip("-") + suffix
    return candidate


class SlugFromSourceForm(WagtailAdminModelForm):
    """The slug may be left empty (made from `slug_source` on save) or typed with accents and
    spaces, which are turned into a plain slug rather than refused."""

    slug_source = "name"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("slug")
        if field is None:
            return
        self.fields["slug"] = forms.CharField(
            label=field.label,
            max_length=field.max_length,
            required=False,
            help_text=_(
                "Laissez vide : il sera créé à partir du %(source)s (sans accents). Vous "
                "pouvez le modifier ; il sert dans l'adresse de la page publique."
            )
            % {"source": self._meta.model._meta.get_field(self.slug_source).verbose_name},
            # Filled from the name as it is typed (see artworks.panels.NameToSlugPanel), in ASCII.
            widget=SlugInput(attrs={"data-w-slug-allow-unicode-value": False}),
        )

    def clean_slug(self):
        typed = (self.cleaned_data.get("slug") or "").strip()
        if not typed:
            return ""
        slug = slugify(typed)
        if not slug:
            raise forms.ValidationError(
                _("Un identifiant d'adresse s'écrit avec des lettres, des chiffres et des tirets.")
            )
        model = self._meta.model
        taken = model._default_manager.filter(slug=slug).exclude(pk=self.instance.pk).first()
        if taken is not None:
            raise forms.ValidationError(
                _(
                    "L'identifiant « %(slug)s » est déjà celui de « %(other)s ». Choisissez-en "
                    "un autre, ou laissez le champ vide pour qu'il soit créé automatiquement."
                )
                % {"slug": slug, "other": taken}
            )
        return slug


class ArtworkForm(SlugFromSourceForm):
    slug_source = "title"
