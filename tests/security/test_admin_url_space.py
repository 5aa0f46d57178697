"""The whole admin URL space, generated from the URL resolver: every pattern under /admin/ —
Wagtail's own included — is requested as every role, with the records each role must not see.

For each pattern, generic rules (below) fill its parameters:
- a parameter naming a record (pk, object_id, image_id…) gets, for each role, a record that role
  must not see when there is one (another venue's record for a venue manager, a senior of an
  edition nobody here is assigned to, another user's import or export job); the answer must be
  403/404 or a redirect (to the login page or the dashboard), with no identifying string of
  that record in the body, JSON or CSV;
- a pattern without a record is requested as each role: no server error, and no identifying
  string of any record the role must not see (listings, choosers, reports and their CSV);
- anonymous visitors are refused everywhere, except the public pages listed in ANONYMOUS_OPEN.

A pattern whose parameters no rule knows makes its test fail: cover it with a rule, or list it
in ALLOW_LIST with the reason it may stay unchecked. The rows are built once per module and
every request is made by the first test that needs the results; each test then reads its rows.
"""

import functools
import json
import time
from dataclasses import dataclass, field
from datetime import timedelta
from html import escape

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

ROLES = ("anonyme", "responsable_a", "equipe", "moderation", "admin")

#: Patterns anyone may open without logging in, and why.
ANONYMOUS_OPEN = {
    "wagtailadmin_login": "la page de connexion",
    "wagtailadmin_logout": "la déconnexion (sans effet pour un visiteur anonyme)",
    "wagtailadmin_password_reset": "la demande de réinitialisation du mot de passe",
    "wagtailadmin_password_reset_done": "la confirmation de la demande",
    "wagtailadmin_password_reset_confirm": "le lien reçu par courriel (jeton vérifié)",
    "wagtailadmin_password_reset_complete": "la fin de la réinitialisation",
    "wagtailadmin_javascript_catalog": "les traductions de l'interface (aucune donnée)",
    "wagtailadmin_sprite": "les icônes de l'interface (aucune donnée)",
}

#: Patterns no generic rule checks, each with the reason it may stay so. Empty is best.
ALLOW_LIST = {
    "wagtailadmin_error_test": "/admin/failwhale/ : page de Wagtail qui lève une erreur exprès "
    "(test de la page 500), sans aucune donnée",
}

#: What listings and choosers are searched for: part of venue B's name (and of its event's
#: title), never an identifying string itself, since a page may repeat the query.
SEARCH_TERM = "Quarante"


# --- the URL space -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AdminPattern:
    route: str
    name: str | None  # namespaced, e.g. "wagtailsnippets_places_venue:edit"
    params: tuple
    view: object

    @property
    def key(self):
        return self.name or self.route

    @property
    def namespace(self):
        return self.name.rpartition(":")[0] if self.name and ":" in self.name else ""


def _params(pattern):
    inner = pattern.pattern
    if hasattr(inner, "converters"):  # RoutePattern
        return tuple(inner.converters)
    return tuple(inner.regex.groupindex)  # RegexPattern


def _walk(patterns, prefix="", namespace="", params=()):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(
                pattern.url_patterns, prefix + str(pattern.pattern), ns, params + _params(pattern)
            )
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield AdminPattern(
                prefix + str(pattern.pattern), name, params + _params(pattern), pattern.callback
            )


@functools.cache
def admin_patterns():
    seen, found = set(), []
    for pattern in _walk(get_resolver().url_patterns):
        if pattern.route.startswith("admin/") and (pattern.key, pattern.params) not in seen:
            seen.add((pattern.key, pattern.params))
            found.append(pattern)
    return found


def pattern_id(pattern):
    return f"{pattern.key}[{','.join(pattern.params)}]" if pattern.params else pattern.key


# --- the records -------------------------------------------------------------------------------


@dataclass
class Secret:
    """A record some roles must not see, and the strings that identify it."""

    kind: str
    obj: object
    strings: tuple
    hidden_from: tuple

    def variants(self):
        for text in sorted(self.strings, key=len, reverse=True):
            forms = {text, escape(text), json.dumps(text)[1:-1], json.dumps(escape(text))[1:-1]}
            yield text, sorted(forms, key=len, reverse=True)


@dataclass
class World:
    users: dict
    samples: dict  # model -> a record any role with rights may see
    secrets: list
    by_model: dict = field(default_factory=dict)  # model -> {role: Secret}
    private_names: list = field(default_factory=list)  # files kept out of public media

    def secret_for(self, model, role):
        for klass in type.mro(model):
            if klass in self.by_model and role in self.by_model[klass]:
                return self.by_model[klass][role]
        return None

    def secrets_for(self, role):
        return [secret for secret in self.secrets if role in self.secrets_roles(secret)]

    @staticmethod
    def secrets_roles(secret):
        return secret.hidden_from


def build_world():
    from django.contrib.auth.models import Group
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.log_actions import log
    from wagtail.models import Collection, Page, Site, Task, Workflow

    from artworks import services as artwork_services
    from home.roles import MODERATORS, PROGRAMME_STAFF, VENUE_MANAGERS
    from places.models import SST, Commune, Venue
    from programmes.models import (
        AttendanceRecord,
        Audience,
        FollowedSenior,
        Occurrence,
        Partner,
        PurgeLog,
    )
    from spreadsheets.models import ExportJob, ImportJob
    from tests.artworks.factories import (
        ArtistFactory,
        ArtworkFactory,
        MediationSessionFactory,
        PlacementFactory,
        png_file,
    )
    from tests.factories import UserFactory, VenueFactory
    from tests.programmes import factories as programme_factories

    users = {
        "responsable_a": UserFactory(username="responsable.a", groups=[VENUE_MANAGERS]),
        "equipe": UserFactory(username="equipe", groups=[PROGRAMME_STAFF]),
        "moderation": UserFactory(username="moderatrice", groups=[MODERATORS]),
        "admin": UserFactory(username="super", is_superuser=True, is_staff=True),
    }
    bob = UserFactory(username="bob.autrui", groups=[PROGRAMME_STAFF])

    venue_a = VenueFactory(name="Pole social Alpha", code="pole-alpha")
    venue_a.managers.add(users["responsable_a"])
    venue_b = VenueFactory(name="Maison Zebulon Quarante", code="zebulon-quarante")
    venue_b.managers.add(bob)

    artist = ArtistFactory(name="Artiste Publique")
    placement_a = PlacementFactory(
        venue=venue_a, artwork=ArtworkFactory(title="Paysage A", artists=[artist])
    )
    placement_b = PlacementFactory(venue=venue_b, artwork=ArtworkFactory(title="Paysage B"))
    session_a = MediationSessionFactory(placement=placement_a)
    session_b = MediationSessionFactory(placement=placement_b)
    # The condition photo of B's installation, through the service staff use.
    artwork_services.confirm_installation(
        placement_b, bob, condition_notes="Vitre fêlée", photo=png_file("etat.png")
    )
    placement_b.refresh_from_db()
    photo_b = placement_b.install_photo  # a private file, named at random
    # An image of a work whose rights forbid online display: its file goes to private storage.
    forbidden = ArtworkFactory(title="Oeuvre réservée", public_display_allowed=False)
    forbidden.image = get_image_model().objects.create(
        title="Image réservée", file=png_file("reservee.png")
    )
    forbidden.save()
    forbidden.image.refresh_from_db()
    private_names = [photo_b.name, forbidden.image.file.name]
    log(venue_b, "wagtail.edit", user=bob)
    log(session_b, "wagtail.edit", user=bob)

    programme = programme_factories.programme(title="Sourires Estivaux", slug="sourires")
    start = timezone.now() - timedelta(days=3)
    event_a = programme_factories.event(
        programme, title="Atelier Alpha", start=start, venue=venue_a
    )
    event_b = programme_factories.event(
        programme, title="Atelier Quarante", start=start, venue=venue_b
    )
    occurrence_a, occurrence_b = event_a.occurrences.get(), event_b.occurrences.get()
    attendance_a = AttendanceRecord.objects.create(occurrence=occurrence_a, total=11)
    attendance_b = AttendanceRecord.objects.create(occurrence=occurrence_b, total=17)
    log(attendance_b, "wagtail.edit", user=bob)

    edition = programme_factories.edition(programme, name="Sourires Estivaux 2030")
    edition.assigned_staff.add(bob)
    senior = FollowedSenior.objects.create(
        edition=edition,
        full_name="Huguette Vermandois",
        phone="01 99 00 12 34",
        commune=Commune.objects.get(insee_code="92050"),
        consent_date="2030-06-20",
    )
    log(senior, "wagtail.create", user=bob)

    import_job = ImportJob.objects.create(
        user=bob,
        resource="frequentation",
        file_format="xlsx",
        original_filename="releve-confidentiel-bob.xlsx",
        file=ContentFile(b"PK", name="releve-confidentiel-bob.xlsx"),
    )
    export_job = ExportJob.objects.create(
        user=bob,
        resource="lieux",
        file_format="csv",
        filename="export-confidentiel-bob.csv",
        file=ContentFile(b"code;nom\r\n", name="export-confidentiel-bob.csv"),
    )

    Image, Document = get_image_model(), get_document_model()
    image = Image.objects.create(title="Affiche publique", file=png_file("affiche.png"))
    document = Document.objects.create(
        title="Guide public", file=ContentFile(b"%PDF-1.4", name="guide.pdf")
    )
    home = Site.objects.get(is_default_site=True).root_page
    home.specific.save_revision()

    everyone = ROLES
    manager = ("anonyme", "responsable_a")
    not_superuser = tuple(role for role in ROLES if role != "admin")
    secrets = [
        # « Zebulon » too: listings shorten long labels (a photo titled after its placement).
        Secret("lieu", venue_b, (venue_b.name, venue_b.code, "Zebulon"), manager),
        Secret(
            "placement",
            placement_b,
            (str(placement_b), photo_b.name.rsplit("/", 1)[-1]),
            manager,
        ),
        Secret("mediation", session_b, (str(session_b),), manager),
        Secret("frequentation", attendance_b, (str(attendance_b),), manager),
        Secret("date", occurrence_b, (str(occurrence_b),), manager),
        Secret("senior", senior, (senior.full_name, senior.phone), everyone),
        # Another user's import: superusers hold `spreadsheets.view_all_jobs` (not for seniors).
        Secret("import", import_job, (import_job.original_filename,), not_superuser),
        Secret("export", export_job, (export_job.filename,), everyone),
    ]
    world = World(
        users=users,
        secrets=secrets,
        private_names=private_names,
        samples={
            Venue: venue_a,
            Commune: Commune.objects.get(insee_code="92050"),
            SST: SST.objects.first(),
            placement_a.artwork.__class__: placement_a.artwork,
            artist.__class__: artist,
            placement_a.__class__: placement_a,
            session_a.__class__: session_a,
            AttendanceRecord: attendance_a,
            Occurrence: occurrence_a,
            edition.__class__: edition,
            Audience: Audience.objects.create(name="Familles", slug="familles"),
            Partner: Partner.objects.create(name="CAF des Hauts-de-Seine"),
            PurgeLog: PurgeLog.objects.create(
                edition_name="Sourires 2024",
                edition_end_date="2024-08-31",
                seniors_deleted=3,
                contacts_deleted=4,
            ),
            FollowedSenior: senior,
            ImportJob: import_job,
            ExportJob: export_job,
            Image: image,
            Document: document,
            Page: home,
            Site: Site.objects.get(is_default_site=True),
            Collection: Collection.get_first_root_node(),
            Redirect: Redirect.objects.create(old_path="/ancien", redirect_link="/nouveau"),
            Workflow: Workflow.objects.first(),
            Task: Task.objects.first(),
            bob.__class__: bob,
            Group: Group.objects.get(name=PROGRAMME_STAFF),
        },
    )
    for secret in secrets:
        for role in secret.hidden_from:
            world.by_model.setdefault(type(secret.obj), {})[role] = secret
    return world


# --- the rules that fill a pattern's parameters ---------------------------------------------------


@dataclass
class Request:
    url: str
    target: object = None  # the record the URL names, if any


class NotCovered(Exception):
    pass


#: parameters that name a record, and the model when the pattern's view set does not tell
RECORD_PARAMS = {
    "pk": None,
    "object_id": None,
    "image_id": "wagtailimages.Image",
    "document_id": "wagtaildocs.Document",
    "doc_id": "wagtaildocs.Document",
    "page_id": "wagtailcore.Page",
    "parent_page_id": "wagtailcore.Page",
    "page_to_move_id": "wagtailcore.Page",
    "page_pk": "wagtailcore.Page",
    "occurrence_pk": "programmes.Occurrence",
    "collection_id": "wagtailcore.Collection",
    "redirect_id": "wagtailredirects.Redirect",
    "workflow_pk": "wagtailcore.Workflow",
    "task_id": "wagtailcore.Task",
}

#: `pk` of patterns outside a model view set: the model by URL namespace (or full name)
PK_MODELS = {
    "wagtailadmin_api:pages": "wagtailcore.Page",
    "wagtailadmin_api:images": "wagtailimages.Image",
    "wagtailadmin_api:documents": "wagtaildocs.Document",
    "wagtailadmin_collections": "wagtailcore.Collection",
    "wagtailadmin_workflows:edit_task": "wagtailcore.Task",
    "wagtailadmin_workflows:enable_task": "wagtailcore.Task",
    "wagtailadmin_workflows:disable_task": "wagtailcore.Task",
    "wagtailadmin_workflows": "wagtailcore.Workflow",
    "wagtailadmin_pages:revisions_compare": "wagtailcore.Page",
    "wagtailsettings": "wagtailcore.Site",
    "spreadsheets:job": "spreadsheets.ImportJob",
    "spreadsheets:confirm": "spreadsheets.ImportJob",
    "spreadsheets:cancel": "spreadsheets.ImportJob",
    "spreadsheets:job_status": "spreadsheets.ImportJob",
    "spreadsheets:rejected": "spreadsheets.ImportJob",
    "spreadsheets:export_job": "spreadsheets.ExportJob",
    "spreadsheets:export_job_status": "spreadsheets.ExportJob",
    "spreadsheets:export_download": "spreadsheets.ExportJob",
}

#: parameters that name no record: the values to try (a missing id answers 404)
MISSING = 999_999


@functools.cache
def _viewset_models():
    from django.core.exceptions import ImproperlyConfigured
    from wagtail.admin.viewsets import viewsets

    models = {}
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        try:
            namespace = viewset.url_namespace
        except ImproperlyConfigured:  # the page view set has no namespace of its own
            continue
        if isinstance(model, str):
            from django.apps import apps

            model = apps.get_model(model)
        if model is not None:
            models[namespace] = model
    return models


def record_model(pattern, param):
    from django.apps import apps

    label = RECORD_PARAMS[param]
    if label is None:
        label = PK_MODELS.get(pattern.name) or PK_MODELS.get(pattern.namespace)
        if label is None:
            model = _viewset_models().get(pattern.namespace)
            if model is None:
                raise NotCovered(f"aucun modèle connu pour « {param} » de {pattern.key}")
            return model
    return apps.get_model(label)


def record_for(world, model, role):
    secret = world.secret_for(model, role)
    if secret is not None:
        return secret.obj
    for klass in type.mro(model):
        if klass in world.samples:
            return world.samples[klass]
    raise NotCovered(f"aucun enregistrement d'exemple pour {model.__name__}")


def _settings_models():
    from wagtail.contrib.settings.registry import registry

    return list(registry)


def _page_type():
    from home.models import StandardPage

    return StandardPage._meta.app_label, StandardPage._meta.model_name


def _scoped_models():
    from places.scoping import VENUE_SCOPED_MODELS
    from programmes.models import FollowedSenior

    return [*VENUE_SCOPED_MODELS, FollowedSenior]


def _bulk_requests(world, role):
    from wagtail.admin.views.bulk_action.registry import bulk_action_registry as registry

    registry._scan_for_bulk_actions()
    for app_label, by_model in registry.actions.items():
        for model_name, actions in by_model.items():
            from django.apps import apps

            model = apps.get_model(app_label, model_name)
            target = record_for(world, model, role)
            for action in actions:
                url = reverse("wagtail_bulk_action", args=[app_label, model_name, action])
                query = f"?id={target.pk}"
                if model_name == "page" or hasattr(target, "get_parent"):
                    query += f"&childOf={target.get_parent().pk if target.depth > 1 else 1}"
                yield Request(url + query, target)


def _special_requests(pattern, world, role):
    """Patterns whose parameters are not records: the values to try, or None if not special."""
    name = pattern.name
    if name == "wagtail_bulk_action":
        return list(_bulk_requests(world, role))
    if name == "wagtailsettings:edit":
        requests = []
        for model in _settings_models():
            args = [model._meta.app_label, model._meta.model_name]
            if "pk" in pattern.params:
                args.append(world.samples[_site_model()].pk)
            requests.append(Request(reverse(name, args=args)))
        return requests
    if name == "wagtailsettings:preview_on_edit":
        model = _settings_models()[0]
        site = world.samples[_site_model()]
        return [
            Request(reverse(name, args=[model._meta.app_label, model._meta.model_name, site.pk]))
        ]
    if name == "wagtailadmin_editing_sessions:ping":
        requests = []
        for model in _scoped_models():
            target = record_for(world, model, role)
            args = [model._meta.app_label, model._meta.model_name, str(target.pk), MISSING]
            requests.append(Request(reverse(name, args=args), target))
        return requests
    if name in ("spreadsheets:import", "spreadsheets:export", "spreadsheets:template"):
        from spreadsheets import registry

        query = "?format=csv" if not name.endswith("import") else ""
        return [
            Request(reverse(name, args=[entry.name]) + query) for entry in registry.all_resources()
        ]
    if name == "wagtailadmin_pages:revisions_compare":
        page = world.samples[_page_model()]
        return [Request(reverse(name, args=[page.pk, "earliest", "latest"]), page)]
    if pattern.route == "admin/^.*/$":
        return [Request("/admin/cette-page-n-existe-pas/")]
    if pattern.name == "private_image":
        return [Request(reverse(name, args=[private])) for private in world.private_names]
    if pattern.route == "admin/test404/":
        return [Request("/admin/test404/")]
    return None


def _site_model():
    from wagtail.models import Site

    return Site


def _page_model():
    from wagtail.models import Page

    return Page


def _value(pattern, param, world, role):
    """A value for a parameter that names no record."""
    from wagtail.models import Revision

    fixed = {
        "revision_id": lambda: Revision.objects.first().pk,
        "task_state_id": lambda: MISSING,
        "workflow_state_id": lambda: MISSING,
        "session_id": lambda: MISSING,
        "uploaded_file_id": lambda: MISSING,
        "destination_id": lambda: world.samples[_page_model()].get_parent().pk,
        "filter_spec": lambda: "original",
        "step": lambda: "installation",
        "action_name": lambda: "approve",
        "uidb64": lambda: "MQ",
        "token": lambda: "jeton-invalide",
        "app_name": lambda: "wagtailimages",
        "model_name": lambda: "image" if "tag" in pattern.key else "groupapprovaltask",
        "app_label": lambda: "wagtailcore",
        "content_type_app_name": lambda: _page_type()[0],
        "content_type_model_name": lambda: _page_type()[1],
    }
    if pattern.name == "wagtailadmin_pages:choose_parent":
        fixed["app_label"], fixed["model_name"] = (
            (lambda: _page_type()[0]),
            (lambda: _page_type()[1]),
        )
    if param not in fixed:
        raise NotCovered(f"paramètre « {param} » de {pattern.key} : aucune règle")
    return fixed[param]()


def requests_for(pattern, world, role):
    """The concrete requests that check a pattern for a role."""
    if pattern.key in ALLOW_LIST:
        return []
    special = _special_requests(pattern, world, role)
    if special is not None:
        return special
    kwargs, target = {}, None
    for param in pattern.params:
        if param in RECORD_PARAMS:
            model = record_model(pattern, param)
            record = record_for(world, model, role)
            if target is None or world.secret_for(type(record), role):
                target = record
            kwargs[param] = record.pk if param != "object_id" else str(record.pk)
        else:
            kwargs[param] = _value(pattern, param, world, role)
    if pattern.name is None:
        raise NotCovered(f"motif sans nom {pattern.route} : aucune règle")
    url = reverse(pattern.name, kwargs=kwargs)
    requests = [Request(url, target)]
    if not pattern.params and role != "anonyme":  # refused anyway: the plain URL is enough
        requests += [Request(url + suffix) for suffix in _listing_variants(pattern)]
    return requests


def _listing_variants(pattern):
    """A listing is also read as Wagtail's CSV export and our spreadsheet export, and a chooser
    or a listing's results are searched."""
    view_class = getattr(pattern.view, "view_class", None)
    variants = []
    if view_class is not None and getattr(view_class, "list_export", None):
        variants.append("?export=csv")
    if view_class is not None and getattr(view_class, "spreadsheet_resource", None):
        variants.append("?tableur=csv")
    if pattern.key.endswith(("results", "choose", "resultats")):
        variants.append(f"?q={SEARCH_TERM}")
    return variants


# --- the checks ----------------------------------------------------------------------------------


@dataclass
class Failure:
    role: str
    url: str
    kind: str  # the kind of record leaked or refused too late; "erreur" for a crash
    detail: str

    def __str__(self):
        return f"{self.role} {self.url} [{self.kind}] {self.detail}"


def _body(response):
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode("utf-8", errors="replace")


def _denied(response):
    if response.status_code in (301, 302):
        location = response["Location"]
        return location.startswith("/admin/login/") or location in ("/admin/", "/admin")
    return response.status_code in (403, 404, 405)


def _leaks(body, secrets):
    """The secrets whose identifying strings appear, the most specific first (a photo titled
    after its placement counts as the photo only)."""
    found = []
    ordered = sorted(secrets, key=lambda s: max(len(text) for text in s.strings), reverse=True)
    for secret in ordered:
        for text, forms in secret.variants():
            hits = [form for form in forms if form in body]
            if hits:
                found.append((secret, text))
                for form in hits:
                    body = body.replace(form, "")
    return found


def check(pattern, request, role, client, world):
    failures = []
    try:
        response = client.get(request.url)
    except Exception as error:  # a crash is a failure, never a pass
        return [Failure(role, request.url, "erreur", repr(error)[:300])]
    if response.status_code >= 500:
        return [Failure(role, request.url, "erreur", f"HTTP {response.status_code}")]
    body = _body(response)
    target_secret = request.target is not None and world.secret_for(type(request.target), role)
    if target_secret and target_secret.obj.pk == request.target.pk and not _denied(response):
        failures.append(
            Failure(
                role,
                request.url,
                target_secret.kind,
                f"HTTP {response.status_code} au lieu d'un refus",
            )
        )
    if role == "anonyme" and pattern.key not in ANONYMOUS_OPEN and not _denied(response):
        failures.append(Failure(role, request.url, "anonyme", f"HTTP {response.status_code}"))
    for secret, text in _leaks(body, world.secrets_for(role)):
        failures.append(Failure(role, request.url, secret.kind, f"« {text} » dans la réponse"))
    return failures


@dataclass
class Results:
    failures: dict  # pattern id -> [Failure]
    not_covered: dict  # pattern id -> reason
    requests: int
    seconds: float


_RESULTS = {}


def _run_all():
    import logging

    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # 404s are expected here
    world = build_world()
    clients = {"anonyme": Client()}
    for role, user in world.users.items():
        clients[role] = Client()
        clients[role].force_login(user)
    failures, not_covered, count = {}, {}, 0
    started = time.monotonic()
    # The superuser last: a GET that changes something must not hide a leak from the others.
    for pattern in admin_patterns():
        key = pattern_id(pattern)
        failures[key] = []
        for role in ROLES:
            try:
                requests = requests_for(pattern, world, role)
            except NotCovered as reason:
                not_covered[key] = str(reason)
                break
            except Exception as error:  # a rule that breaks is a pattern not covered
                not_covered[key] = f"règle en échec : {error!r}"
                break
            for request in requests:
                count += 1
                failures[key] += check(pattern, request, role, clients[role], world)
            if role in world.users:  # the logout pattern (and any other) may end the session
                clients[role].force_login(world.users[role])
    return Results(failures, not_covered, count, time.monotonic() - started)


@pytest.fixture
def results(db):
    if "results" not in _RESULTS:
        _RESULTS["results"] = _run_all()
    return _RESULTS["results"]


PATTERNS = admin_patterns()


@pytest.mark.parametrize("pattern", PATTERNS, ids=[pattern_id(p) for p in PATTERNS])
def test_admin_pattern_holds_for_every_role(results, pattern):
    if pattern.key in ALLOW_LIST:
        pytest.skip(ALLOW_LIST[pattern.key])
    key = pattern_id(pattern)
    assert key not in results.not_covered, (
        f"{results.not_covered[key]} — ajoutez une règle ou une entrée à ALLOW_LIST"
    )
    failures = results.failures[key]
    assert not failures, "\n".join(str(f) for f in failures)


def test_the_whole_admin_url_space_is_covered(results, capsys):
    covered = [p for p in PATTERNS if p.key not in ALLOW_LIST]
    with capsys.disabled():
        print(
            f"\n{len(covered)} motifs d'URL de l'admin vérifiés ({len(ALLOW_LIST)} exemptés), "
            f"{results.requests} requêtes en {results.seconds:.0f} s"
        )
    assert len(covered) > 300
    assert not results.not_covered, results.not_covered
