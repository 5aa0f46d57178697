"""The resources staff exchange as spreadsheets, by name: each app registers its own from
`<app>/resources.py` (found by SpreadsheetsConfig.ready), and the admin, the commands and the
background jobs look them up here.

The engine knows no rule of the site: an app whose records are reachable by some users only
(a venue manager's venues) registers its resource with a `row_scope` (the RowScope protocol
below), and the engine asks it which rows a user may see and write."""

from dataclasses import dataclass
from typing import Any, Protocol

from django.utils.translation import gettext_lazy as _


class RowScope(Protocol):
    """Which records of a resource a user may reach, beyond the model permissions: each record
    belongs to an owner (e.g. a venue); a user reaches every record (`sees_all`) or those of
    the owners `owner_pks` lists. Given by the app that owns the rule (places.scoping)."""

    #: shown after the resource's name by `import_data --list`
    description: str

    def sees_all(self, user) -> bool:
        """The user reaches every record, whatever its owner."""

    def visible(self, queryset, user):
        """What the user may see (and export) of `queryset`."""

    def owner_of(self, instance) -> Any:
        """The owner of a (possibly unsaved) record, None if it has none yet."""

    def owner_pks(self, user):
        """The primary keys of the owners whose records the user may write."""

    def refusal(self, owner) -> str:
        """The message for a row whose record (or its new owner) the user may not write."""


@dataclass(frozen=True)
class RegisteredResource:
    name: str
    resource_class: type
    model: type
    row_scope: RowScope | None = None
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
        user)`, e.g. personal data seen only by the staff assigned to it), else the registered
        row scope (a venue manager's venues)."""
        if user is None:
            return queryset
        if self.restricted:
            return self.resource_class.scope_for_user(queryset, user)
        if self.row_scope is not None:
            return self.row_scope.visible(queryset, user)
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


def register(name, resource_class, *, row_scope=None, label=""):
    """Register `resource_class` under `name`; `row_scope` (a RowScope) narrows the records each
    user may see and write."""
    model = resource_class._meta.model
    entry = RegisteredResource(name, resource_class, model, row_scope, label)
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


def sees_all_rows(user):
    """Whether `user` reaches every record of every registered resource's scope (true when
    no resource is scoped): such a user may be allowed to see the others' import jobs."""
    scopes = {id(e.row_scope): e.row_scope for e in _registry.values() if e.row_scope is not None}
    return all(scope.sees_all(user) for scope in scopes.values())
