"""The resources staff exchange as spreadsheets, by name: each app registers its own from
`<app>/resources.py` (found by SpreadsheetsConfig.ready), and the admin, the commands and the
background jobs look them up here."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class RegisteredResource:
    name: str
    resource_class: type
    model: type
    venue_scoped: bool = False
    label: str = ""

    @property
    def verbose_name(self):
        return self.label or self.model._meta.verbose_name_plural

    def resource(self, user=None, **kwargs):
        return self.resource_class(registered=self, user=user, **kwargs)

    @property
    def restricted(self):
        """Personal data: the resource class names who may reach it (`scope_for_user`)."""
        return callable(getattr(self.resource_class, "scope_for_user", None))

    def scope(self, queryset, user):
        """What `user` may reach of `queryset`: everything for the command line (user None);
        else the resource class's own rule when it declares one (`scope_for_user(queryset,
        user)`, e.g. personal data seen only by the staff assigned to it), else the venue
        manager's scope (`places.scoping`) for venue-scoped resources."""
        if user is None:
            return queryset
        if self.restricted:
            return self.resource_class.scope_for_user(queryset, user)
        if self.venue_scoped:
            return queryset.for_user(user)
        return queryset

    def open_to(self, user):
        """Whether `user` may use this resource at all, before model permissions: a restricted
        resource says so with `open_to(user)` (the command line, user None, always may)."""
        if user is None or not self.restricted:
            return True
        return bool(self.resource_class.open_to(user))


_registry: dict[str, RegisteredResource] = {}


class UnknownResource(KeyError):
    def __str__(self):
        return str(_("Ressource inconnue : « %(name)s ».") % {"name": self.args[0]})


def register(name, resource_class, *, venue_scoped=False, label=""):
    model = resource_class._meta.model
    entry = RegisteredResource(name, resource_class, model, venue_scoped, label)
    existing = _registry.get(name)
    if existing is not None and existing.resource_class is not resource_class:
        raise ValueError(f"Spreadsheet resource {name!r} is already registered")
    _registry[name] = entry
    return resource_class


def get(name) -> RegisteredResource:
    try:
        return _registry[name]
    except KeyError:
        raise UnknownResource(name) from None


def for_model(model):
    for entry in _registry.values():
        if entry.model is model:
            return entry
    return None


def all_resources():
    return [_registry[name] for name in sorted(_registry)]
