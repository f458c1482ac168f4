"""The words and figures the fictitious data is drawn from, and the size of its batches."""

from usines.reference.models import HeadcountBand

# Rows per INSERT or UPDATE; also how many slots are drawn at a time for bookings.
BATCH = 5000

# Division -> (weight, words for the factory's name, what the visit shows)
SECTORS = {
    "10": (
        20,
        ["Biscuiterie", "Fromagerie", "Chocolaterie", "Conserverie", "Boulangerie industrielle"],
        "la transformation des matières premières, l'hygiène, le conditionnement",
    ),
    "11": (
        4,
        ["Brasserie", "Distillerie", "Cidrerie"],
        "le brassage, la fermentation, l'embouteillage",
    ),
    "13": (2, ["Tissage", "Filature"], "les métiers à tisser et le contrôle qualité des fils"),
    "14": (2, ["Atelier de confection"], "la coupe, la couture et les finitions"),
    "15": (1, ["Maroquinerie", "Ganterie"], "la coupe du cuir et le piquage à la main"),
    "16": (6, ["Scierie", "Menuiserie industrielle"], "le sciage, le séchage et l'usinage du bois"),
    "17": (1.5, ["Cartonnerie", "Papeterie"], "la fabrication du papier et du carton ondulé"),
    "18": (5, ["Imprimerie"], "les presses offset et numériques, la reliure"),
    "20": (
        3,
        ["Chimie", "Laboratoire cosmétique"],
        "les réacteurs, les salles blanches, la sécurité",
    ),
    "21": (1, ["Laboratoire pharmaceutique"], "la production stérile et le contrôle qualité"),
    "22": (4, ["Plasturgie", "Injection plastique"], "les presses à injecter et l'extrusion"),
    "23": (4, ["Verrerie", "Tuilerie", "Cimenterie"], "les fours, le moulage et la cuisson"),
    "24": (1, ["Aciérie", "Fonderie"], "la coulée du métal et le laminage"),
    "25": (
        15,
        ["Mécanique de précision", "Chaudronnerie", "Décolletage", "Traitement de surface"],
        "l'usinage à commande numérique, la soudure, la métrologie",
    ),
    "26": (2, ["Électronique"], "le montage de cartes électroniques et les tests"),
    "27": (2, ["Équipements électriques"], "le bobinage, l'assemblage et les essais"),
    "28": (
        5,
        ["Machines spéciales", "Robotique industrielle"],
        "la conception et le montage de machines",
    ),
    "29": (2, ["Équipementier automobile"], "les lignes d'assemblage et la robotique"),
    "30": (
        1.5,
        ["Aéronautique", "Chantier naval", "Ferroviaire"],
        "l'assemblage de grands ensembles",
    ),
    "31": (4, ["Fabrique de meubles"], "le ponçage, le vernissage et l'assemblage"),
    "32": (
        5,
        ["Lunetterie", "Fabrique de jouets", "Instruments de musique"],
        "les savoir-faire d'art",
    ),
    "33": (10, ["Maintenance industrielle"], "la réparation et l'installation de machines"),
}
BANDS = [
    (HeadcountBand.FROM_10, 10),
    (HeadcountBand.FROM_20, 20),
    (HeadcountBand.FROM_50, 20),
    (HeadcountBand.FROM_100, 18),
    (HeadcountBand.FROM_200, 7),
    (HeadcountBand.FROM_250, 12),
    (HeadcountBand.FROM_500, 8),
    (HeadcountBand.FROM_1000, 5),
]
SURNAMES = [
    "Aubrac",
    "Bellerive",
    "Castelmaure",
    "Dorval",
    "Estagel",
    "Fontbrune",
    "Granval",
    "Hautefeuille",
    "Isoard",
    "Jaunay",
    "Kerbrat",
    "Lormont",
    "Montcalm",
    "Noirval",
    "Orsenne",
    "Peyrolles",
    "Quenneville",
    "Roquemaure",
    "Saint-Aulaye",
    "Tournemire",
    "Urbanie",
    "Valcourt",
    "Warlincourt",
    "Ygrande",
    "Zonzac",
]
FIRST_NAMES = [
    "Camille",
    "Léa",
    "Hugo",
    "Manon",
    "Lucas",
    "Chloé",
    "Nathan",
    "Inès",
    "Jules",
    "Sarah",
    "Louis",
    "Jade",
    "Adam",
    "Emma",
    "Gabriel",
    "Lina",
    "Arthur",
    "Zoé",
    "Noah",
    "Alice",
]
# The rules a host ticks (shown translated), with what the host adds in its own words.
RULES = [
    ({"closed_shoes": True, "no_photos": True}, ""),
    ({"id_required": True, "ppe_provided": True}, ""),
    ({"closed_shoes": True}, "Cheveux longs attachés."),
    ({"ppe_provided": True}, "Bouchons d'oreille fournis à l'accueil."),
]
