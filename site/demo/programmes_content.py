"""Texts of the demo programmes, written from the inauguration speech of 6 June 2023."""

SEED_QUOTE_AUTHOR = "Discours d'inauguration du pôle social d'Asnières–Gennevilliers, 6 juin 2023"


def paragraph(html):
    return ("paragraph", html)


def heading(text):
    return ("heading", {"text": text, "level": "h2"})


def quote(text):
    return ("quote", {"text": text, "author": SEED_QUOTE_AUTHOR})


def call_to_action(title, text, button_label, url):
    return (
        "call_to_action",
        {"title": title, "text": text, "page": None, "url": url, "button_label": button_label},
    )


AGENDA_CTA = call_to_action(
    "Les prochaines dates",
    "Retrouvez toutes les dates ouvertes au public dans l'agenda, filtrées par commune.",
    "Voir l'agenda",
    "/agenda/",
)

# slug: (title, theme, audiences, partners, summary, contact name, body)
PROGRAMMES = {
    "toutes-culottees": (
        "Toutes culottées",
        "sante",
        ["collegiennes"],
        [
            "Éducation nationale — collèges d'Asnières et de Gennevilliers",
            "Ville d'Asnières-sur-Seine",
            "Ville de Gennevilliers",
        ],  # fmt: skip
        "Une campagne menée dans les collèges pour parler librement de santé féminine et de "
        "prévention sexuelle avec les collégiennes.",
        "Équipe santé-prévention de l'Institut",
        [
            paragraph(
                "<p>« Toutes culottées » est une campagne de l'Institut des Hauts-de-Seine qui va "
                "à la rencontre des collégiennes, dans leur établissement et sur le temps "
                "scolaire. Des intervenantes formées animent, en petits groupes, des séances "
                "d'échange sur la santé féminine : le corps et ses changements, les règles et la "
                "précarité menstruelle, la contraception, le consentement et la prévention des "
                "infections sexuellement transmissibles.</p>"
            ),
            paragraph(
                "<p>En 2022-2023, la campagne s'est tenue dans l'ensemble des collèges "
                "d'Asnières-sur-Seine et de Gennevilliers et a permis d'aborder ces questions "
                "avec près de 1 800 collégiennes. Chaque séance est préparée avec l'équipe "
                "du collège (infirmière scolaire, CPE, professeurs) et prolongée par une "
                "orientation vers les lieux ressources du territoire, dont les centres de PMI et "
                "le pôle social.</p>"
            ),
            quote(
                "La campagne « Toutes culottées » se sera tenue dans l'ensemble des collèges de "
                "vos deux Villes, permettant d'aborder les questions touchant à la santé "
                "féminine et à la prévention sexuelle avec près de 1 800 collégiennes."
            ),
            paragraph(
                "<p>Aucune donnée nominative n'est recueillie : les chiffres publiés ci-dessous "
                "sont des totaux par édition (nombre de séances et de participantes).</p>"
            ),
        ],
    ),
    "giga-la-vie": (
        "Giga la vie",
        "prevention",
        ["collegiens"],
        ["Éducation nationale — collèges des Hauts-de-Seine"],
        "Le forum de prévention de l'Institut des Hauts-de-Seine pour les collégiens : santé, "
        "écrans, relations, addictions, en ateliers courts et concrets.",
        "Équipe prévention jeunesse",
        [
            paragraph(
                "<p>« Giga la vie » est le forum que l'Institut des Hauts-de-Seine organise pour "
                "les collégiens. Sur une journée, les classes inscrites passent d'un stand à "
                "l'autre : sommeil et usage des écrans, harcèlement et cyberharcèlement, "
                "alimentation et activité physique, prévention des conduites addictives, "
                "relations filles-garçons.</p>"
            ),
            paragraph(
                "<p>Chaque atelier est animé par des professionnels de santé, des associations "
                "de prévention et des agents du Département. Les élèves repartent avec des "
                "contacts utiles et des réponses à des questions qu'ils n'osent pas toujours "
                "poser en classe.</p>"
            ),
            AGENDA_CTA,
        ],
    ),
    "giga-seniors": (
        "Giga Séniors",
        "prevention",
        ["seniors"],
        ["Caisse nationale d'assurance vieillesse (CNAV)", "CCAS de Nanterre"],
        "Le forum et les ateliers de prévention de l'Institut pour les seniors : bien vieillir, "
        "garder du lien, connaître ses droits.",
        "Équipe seniors",
        [
            paragraph(
                "<p>« Giga Séniors » rassemble en une journée les acteurs qui accompagnent les "
                "seniors des Hauts-de-Seine : prévention des chutes, mémoire, nutrition, "
                "usage du numérique, accès aux droits et à la retraite, activités culturelles et "
                "sportives adaptées. Le forum se prolonge toute l'année par des ateliers "
                "réguliers dans les résidences seniors et les CCAS.</p>"
            ),
            paragraph(
                "<p>Ces actions participent à la prévention de l'isolement que certains aînés "
                "peuvent connaître, aux côtés de la campagne « Sourires d'été ».</p>"
            ),
            AGENDA_CTA,
        ],
    ),
    "sourires-dete": (
        "Sourires d'été",
        "isolement",
        ["seniors"],
        ["CCAS de Nanterre", "Associations de bénévoles"],
        "Une campagne estivale contre l'isolement des seniors : bénévoles et agents appellent "
        "et rendent visite aux personnes âgées isolées qui le souhaitent.",
        "Coordination « Sourires d'été »",
        [
            paragraph(
                "<p>Chaque été, quand les proches partent et que la chaleur rend les sorties "
                "difficiles, l'Institut des Hauts-de-Seine mène la campagne « Sourires d'été ». "
                "Des bénévoles et des agents appellent régulièrement les seniors isolés qui ont "
                "accepté d'être suivis, leur rendent visite, et organisent des goûters et des "
                "après-midi conviviaux dans les résidences.</p>"
            ),
            paragraph(
                "<p>Les personnes suivies donnent leur accord au préalable. Leurs coordonnées ne "
                "sont connues que de l'équipe affectée à la campagne et sont supprimées "
                "automatiquement après la fin de l'édition, au terme du délai de conservation.</p>"
            ),
            quote(
                "Les nombreuses actions déployées pour prévenir l'isolement que certains peuvent "
                "connaître, à l'image de la campagne « Sourires d'été »."
            ),
        ],
    ),
    "bus-sante-femmes": (
        "Bus Santé Femmes",
        "sante",
        ["femmes-isolees"],
        ["Caisse primaire d'assurance maladie", "Centres de PMI du Département"],
        "Un bus qui fait étape dans les communes des Hauts-de-Seine pour proposer des services "
        "sanitaires et sociaux aux femmes isolées.",
        "Équipe du Bus Santé Femmes",
        [
            paragraph(
                "<p>Le Bus Santé Femmes va au-devant des femmes isolées, là où elles vivent. À "
                "chaque étape, une équipe de professionnelles propose sans rendez-vous un temps "
                "d'écoute, des dépistages et des conseils de santé, une aide pour ouvrir ou "
                "mettre à jour ses droits, et une orientation vers les services sociaux et "
                "médico-sociaux du Département.</p>"
            ),
            paragraph(
                "<p>La tournée passe par de nombreuses communes du département ; une étape à "
                "Gennevilliers figure au programme. Les femmes qui le souhaitent peuvent ensuite "
                "rejoindre l'École française des femmes.</p>"
            ),
            quote(
                "Le Bus Santé Femmes fait étape dans nos communes des Hauts-de-Seine pour "
                "proposer des services sanitaires et sociaux aux femmes isolées."
            ),
            AGENDA_CTA,
        ],
    ),
    "ecole-francaise-des-femmes": (
        "École française des femmes",
        "insertion",
        ["femmes"],
        ["Ville de Gennevilliers"],
        "Implantée depuis 2012 au cœur du quartier des Agnettes, l'École française des femmes "
        "accompagne les femmes sur le chemin de leur insertion sociale et professionnelle.",
        "Accueil de l'École française des femmes",
        [
            paragraph(
                "<p>Depuis 2012, l'École française des femmes accueille, au cœur du quartier des "
                "Agnettes à Gennevilliers, des femmes qui veulent apprendre ou perfectionner le "
                "français, comprendre les démarches de la vie quotidienne et construire un "
                "projet professionnel.</p>"
            ),
            paragraph(
                "<p>Les cours ont lieu chaque semaine en petits groupes, complétés par des "
                "ateliers sur la santé, la parentalité, le numérique et la recherche d'emploi. "
                "Beaucoup de participantes ont été orientées par le Bus Santé Femmes ou par le "
                "pôle social.</p>"
            ),
            AGENDA_CTA,
        ],
    ),
    "en-route-pour-lautonomie": (
        "En route pour l'autonomie",
        "insertion",
        ["jeunes"],
        ["Pôle social de Villeneuve-la-Garenne"],
        "Des ateliers de pratique artistique et d'accompagnement pour les jeunes suivis par les "
        "pôles sociaux, sur le chemin de l'autonomie.",
        "Équipe jeunesse du pôle social de Villeneuve-la-Garenne",
        [
            paragraph(
                "<p>« En route pour l'autonomie » s'adresse aux jeunes accompagnés par les pôles "
                "sociaux du Département. Le dispositif mêle accompagnement individuel et "
                "pratique culturelle collective, pour reprendre confiance et se projeter.</p>"
            ),
            paragraph(
                "<p>Au pôle social de Villeneuve-la-Garenne, des jeunes ont participé à un "
                "atelier de pratique photographique avec la photographe Véronique Ellena, dont "
                "le travail se concentre sur l'introspection et l'émancipation. Quatre de leurs "
                "photographies ont été présentées lors de l'inauguration du pôle social "
                "d'Asnières–Gennevilliers.</p>"
            ),
        ],
    ),
    "caravane-solidaire": (
        "Caravane solidaire",
        "acces_aux_droits",
        ["personnes-demunies"],
        [
            "Caisse d'allocations familiales des Hauts-de-Seine",
            "Caisse nationale d'assurance vieillesse (CNAV)",
            "Maison départementale des personnes handicapées (MDPH)",
            "Associations partenaires",
        ],
        "Un service des solidarités territoriales mobile qui sillonne les communes, et "
        "particulièrement les quartiers prioritaires, pour aller vers les personnes les plus "
        "démunies.",
        "Coordination de la caravane solidaire",
        [
            paragraph(
                "<p>Depuis l'été 2022, la caravane solidaire sillonne les communes des "
                "Hauts-de-Seine, et tout particulièrement les quartiers prioritaires. Dans une "
                "logique d'« aller vers », les agents vont à la rencontre des personnes les plus "
                "démunies et les plus malmenées par la vie.</p>"
            ),
            paragraph(
                "<p>À chaque étape, travailleurs sociaux, professionnels de la protection "
                "maternelle et infantile, conseillers insertion et emploi, agents de la MDPH et "
                "membres d'associations partenaires sont mobilisés, en lien avec la CAF et la "
                "Caisse nationale d'assurance vieillesse, pour apporter à chacun la solution "
                "adaptée : ouverture de droits, orientation, rendez-vous.</p>"
            ),
            quote(
                "Elle sera d'ailleurs à Gennevilliers dans deux jours, ce jeudi 8 juin, puis à "
                "Asnières le 13 juin."
            ),
            AGENDA_CTA,
        ],
    ),
}

AUDIENCES = [
    ("collegiennes", "Collégiennes"),
    ("collegiens", "Collégiens"),
    ("seniors", "Seniors"),
    ("femmes", "Femmes"),
    ("femmes-isolees", "Femmes isolées"),
    ("jeunes", "Jeunes"),
    ("personnes-demunies", "Personnes les plus démunies"),
    ("tout-public", "Tout public"),
]
