"""The legal pages every French public body's site carries, as page types with the structure
the law asks for, so that staff fill in fields rather than rewrite a model text:

* the accessibility statement (model of the RGAA 4.1, art. 47 of law 2005-102),
* the legal notice (« mentions légales », LCEN art. 6),
* the personal data page (RGPD art. 13 and 14).

The fixed, regulatory wording (voies de recours, droits, CNIL) lives in the templates.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import ProcessingBlock
from home.view_restrictions import KeptViewRestrictionsMixin

LEGAL_RICH_TEXT = ["bold", "italic", "link", "ol", "ul", "h3"]


class LegalPage(KeptViewRestrictionsMixin, Page):
    """Common ground of the legal pages: under the home page, no children; the footer links
    them and the main menu never lists them (home.templatetags.navigation)."""

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    footer_order = 0

    class Meta:
        abstract = True


class ComplianceStatus(models.TextChoices):
    FULL = "full", _("totalement conforme")
    PARTIAL = "partial", _("partiellement conforme")
    NONE = "none", _("non conforme")


class AccessibilityStatementPage(LegalPage):
    """« Déclaration d'accessibilité », following the RGAA 4.1 model."""

    entity_name = models.CharField(
        _("organisme"), max_length=150, help_text=_("Qui s'engage : « Le Département des … »")
    )
    compliance_status = models.CharField(
        _("état de conformité"),
        max_length=10,
        choices=ComplianceStatus.choices,
        default=ComplianceStatus.NONE,
        help_text=_(
            "Totalement conforme : 100 % des critères ; partiellement : au moins 50 % ; "
            "non conforme : moins de 50 % ou pas d'audit. Repris dans le pied de chaque page."
        ),
    )
    compliance_rate = models.DecimalField(
        _("taux de conformité (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    audit_date = models.DateField(_("date de l'audit"), null=True, blank=True)
    audit_by = models.CharField(_("audit réalisé par"), max_length=255, blank=True)
    audited_pages = models.TextField(
        _("échantillon de pages auditées"), blank=True, help_text=_("Une page par ligne.")
    )
    technologies = models.CharField(
        _("technologies utilisées"), max_length=255, default="HTML5, CSS, JavaScript, SVG"
    )
    test_environment = models.TextField(
        _("agents utilisateurs et technologies d'assistance"),
        blank=True,
        help_text=_("Par exemple « NVDA 2024.4 et Firefox 128 ». Une combinaison par ligne."),
    )
    tools = models.CharField(_("outils d'évaluation"), max_length=255, blank=True)
    non_compliances = RichTextField(
        _("contenus non accessibles : non-conformités"), features=LEGAL_RICH_TEXT, blank=True
    )
    disproportionate_burden = RichTextField(
        _("dérogations pour charge disproportionnée"), features=LEGAL_RICH_TEXT, blank=True
    )
    exempt_contents = RichTextField(
        _("contenus non soumis à l'obligation d'accessibilité"),
        features=LEGAL_RICH_TEXT,
        blank=True,
    )
    statement_date = models.DateField(_("déclaration établie le"))
    improvement_plan_url = models.URLField(
        _("schéma pluriannuel de mise en accessibilité (adresse)"), blank=True
    )
    contact_email = models.EmailField(_("courriel du contact accessibilité"), blank=True)
    contact_form_url = models.URLField(_("formulaire de contact (adresse)"), blank=True)
    contact_address = models.TextField(_("adresse postale du contact"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("entity_name"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("compliance_status"), FieldPanel("compliance_rate")]),
                FieldRowPanel([FieldPanel("audit_date"), FieldPanel("audit_by")]),
            ],
            heading=_("État de conformité"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("non_compliances"),
                FieldPanel("disproportionate_burden"),
                FieldPanel("exempt_contents"),
            ],
            heading=_("Contenus non accessibles"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("statement_date"),
                FieldPanel("technologies"),
                FieldPanel("test_environment"),
                FieldPanel("tools"),
                FieldPanel("audited_pages"),
                FieldPanel("improvement_plan_url"),
            ],
            heading=_("Établissement de cette déclaration"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_email"),
                FieldPanel("contact_form_url"),
                FieldPanel("contact_address"),
            ],
            heading=_("Retour d'information et contact"),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("non_compliances")]
    template = "home/legal/accessibility_statement_page.html"
    footer_order = 3

    class Meta:
        verbose_name = _("déclaration d'accessibilité")
        verbose_name_plural = _("déclarations d'accessibilité")

    def clean(self):
        super().clean()
        rate = self.compliance_rate
        errors = {}
        if self.compliance_status != ComplianceStatus.NONE:
            if rate is None:
                errors["compliance_rate"] = _("Indiquez le taux de conformité mesuré par l'audit.")
            if self.audit_date is None:
                errors["audit_date"] = _("Indiquez la date de l'audit.")
        if rate is not None and "compliance_rate" not in errors:
            expected = (
                ComplianceStatus.FULL
                if rate >= 100
                else ComplianceStatus.PARTIAL
                if rate >= 50
                else ComplianceStatus.NONE
            )
            if expected != self.compliance_status:
                errors["compliance_status"] = _(
                    "Avec un taux de %(rate)s %%, le site est « %(expected)s »."
                ) % {"rate": rate, "expected": expected.label}
        if errors:
            raise ValidationError(errors)

    @property
    def compliance_rate_display(self):
        """« 78,5 » rather than « 78,50 »."""
        if self.compliance_rate is None:
            return ""
        return f"{self.compliance_rate.normalize():f}".replace(".", ",")

    @property
    def audited_page_list(self):
        return [line.strip() for line in self.audited_pages.splitlines() if line.strip()]

    @property
    def test_environment_list(self):
        return [line.strip() for line in self.test_environment.splitlines() if line.strip()]


class LegalNoticePage(LegalPage):
    """« Mentions légales »: who publishes the site, who answers for it, who hosts it."""

    publisher_name = models.CharField(_("éditeur"), max_length=255)
    publisher_address = models.TextField(_("adresse de l'éditeur"))
    publisher_phone = models.CharField(_("téléphone de l'éditeur"), max_length=30, blank=True)
    publisher_email = models.EmailField(_("courriel de l'éditeur"), blank=True)
    publisher_siret = models.CharField(_("SIRET"), max_length=20, blank=True)
    publication_director = models.CharField(
        _("directeur ou directrice de la publication"), max_length=150
    )
    publication_director_role = models.CharField(
        _("qualité"), max_length=255, blank=True, help_text=_("Par exemple « Président du … »")
    )
    host_name = models.CharField(_("hébergeur"), max_length=255)
    host_address = models.TextField(_("adresse de l'hébergeur"))
    host_phone = models.CharField(_("téléphone de l'hébergeur"), max_length=30, blank=True)
    intellectual_property = RichTextField(
        _("propriété intellectuelle et crédits"), features=LEGAL_RICH_TEXT, blank=True
    )
    links_policy = RichTextField(_("liens vers le site"), features=LEGAL_RICH_TEXT, blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("publisher_name"),
                FieldPanel("publisher_address"),
                FieldRowPanel(
                    [
                        FieldPanel("publisher_phone"),
                        FieldPanel("publisher_email"),
                        FieldPanel("publisher_siret"),
                    ]
                ),
            ],
            heading=_("Éditeur"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("publication_director"), FieldPanel("publication_director_role")]
                )
            ],
            heading=_("Directeur ou directrice de la publication"),
        ),
        MultiFieldPanel(
            [FieldPanel("host_name"), FieldPanel("host_address"), FieldPanel("host_phone")],
            heading=_("Hébergeur"),
        ),
        FieldPanel("intellectual_property"),
        FieldPanel("links_policy"),
    ]
    template = "home/legal/legal_notice_page.html"
    footer_order = 1

    class Meta:
        verbose_name = _("mentions légales")
        verbose_name_plural = _("mentions légales")


class PersonalDataPage(LegalPage):
    """« Données personnelles »: the information the RGPD (art. 13 and 14) owes people."""

    controller_name = models.CharField(_("responsable de traitement"), max_length=255)
    controller_address = models.TextField(_("adresse du responsable de traitement"))
    introduction = models.TextField(_("introduction"), blank=True)
    processings = StreamField(
        [("processing", ProcessingBlock())],
        verbose_name=_("traitements"),
        help_text=_("Un bloc par traitement : finalités, base légale, durée de conservation…"),
    )
    rights_contact = models.TextField(
        _("exercer ses droits"),
        help_text=_("Comment écrire pour exercer ses droits (adresse, formulaire…)."),
    )
    dpo_email = models.EmailField(_("courriel du délégué à la protection des données"))
    dpo_address = models.TextField(_("adresse postale du délégué"), blank=True)
    cookies = RichTextField(_("cookies et mesure d'audience"), features=LEGAL_RICH_TEXT, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        MultiFieldPanel(
            [FieldPanel("controller_name"), FieldPanel("controller_address")],
            heading=_("Responsable de traitement"),
        ),
        FieldPanel("processings"),
        FieldPanel("rights_contact"),
        MultiFieldPanel(
            [FieldPanel("dpo_email"), FieldPanel("dpo_address")],
            heading=_("Délégué à la protection des données (DPO)"),
        ),
        FieldPanel("cookies"),
    ]
    search_fields = Page.search_fields + [index.SearchField("introduction")]
    template = "home/legal/personal_data_page.html"
    footer_order = 2

    class Meta:
        verbose_name = _("page données personnelles")
        verbose_name_plural = _("pages données personnelles")


LEGAL_PAGE_MODELS = (LegalNoticePage, PersonalDataPage, AccessibilityStatementPage)
