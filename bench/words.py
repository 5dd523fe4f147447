"""Word lists and sentence templates for generated commentary.

Plain data: `generate.py` composes titles, paragraphs, quotes and notes from it.
Names of people and publications are invented.
"""

CATEGORIES = [
    "Foreign Policy", "Security", "Trade & Economy", "Energy & Climate", "European Politics",
    "Development", "Migration", "Technology & Cyber", "Global Health", "International Law",
    "Regional Studies", "Democracy & Governance",
]

TAGS = [
    # places
    "Russia", "Ukraine", "China", "India", "Brazil", "Turkey", "Iran", "Japan", "South Africa",
    "Nigeria", "Mexico", "Indonesia", "Germany", "France", "Poland", "United States", "Canada",
    "Australia", "Egypt", "Saudi Arabia", "Kazakhstan", "Vietnam", "Argentina", "Ethiopia",
    "Arctic", "Sahel", "Western Balkans", "South Caucasus", "Indo-Pacific", "Latin America",
    "Middle East", "Central Asia", "Southeast Asia", "East Africa", "Baltic Sea", "Black Sea",
    "Mediterranean", "Pacific Islands",
    # subjects
    "Sanctions", "Trade", "Energy", "Climate", "Critical Minerals", "Food Security", "Debt",
    "Elections", "NATO", "European Union", "United Nations", "WTO", "Arms Control",
    "Nuclear Policy", "Cybersecurity", "Artificial Intelligence", "Semiconductors", "Shipping",
    "Maritime Security", "Migration", "Refugees", "Human Rights", "Rule of Law", "Corruption",
    "Public Health", "Pandemics", "Water", "Agriculture", "Development Finance", "Aid",
    "Peacekeeping", "Diplomacy", "Multilateralism", "Supply Chains", "Export Controls",
    "Infrastructure", "Digital Trade", "Disinformation", "Democracy", "Geopolitics",
    "Alliances", "Mediation",
]

AUTHOR_NAMES = [
    "Amara Okafor", "Lukas Brenner", "Sofia Marchetti", "Daniel Osei", "Hana Takeda",
    "Mateo Alvarez", "Ingrid Solberg", "Rahul Menon", "Claire Dubois", "Yusuf Demir",
    "Elena Petrova", "Kwame Mensah", "Laura Jimenez", "Tobias Lindqvist", "Mei Lin Zhou",
    "Oliver Grant", "Fatima Haddad", "Piotr Nowak", "Aisha Bello", "Jonas Weber",
    "Camila Rocha", "Samuel Adeyemi", "Nora Fischer", "Arjun Kapoor", "Isabel Moreau",
    "Viktor Horvath", "Leila Karimi", "Thomas Whitfield", "Ana Costa", "Henrik Dahl",
]

POSITIONS = [
    "Senior Fellow", "Research Fellow", "Associate Researcher", "Director of Studies",
    "Visiting Scholar", "Professor of International Relations", "Lecturer in Political Economy",
    "Doctoral Researcher", "Programme Lead", "Non-resident Fellow",
]

INSTITUTIONS = [
    "the Meridian Centre for Global Affairs", "the Halden School of Government",
    "the Institute for Maritime Studies", "the Aldbridge Law Faculty",
    "the Centre for Energy Transitions", "the Northfield Policy Lab",
    "the Observatory on Migration and Mobility", "the Carrow Institute of Economics",
]

SPECIALISMS = [
    "energy security and economic statecraft", "maritime law and the politics of the sea",
    "trade agreements and their enforcement", "arms control and nuclear diplomacy",
    "migration governance", "the political economy of development finance",
    "European integration", "digital trade and technology standards",
    "global health governance", "elections and democratic resilience",
    "climate negotiations", "the foreign policies of middle powers",
]

PUBLISHERS = [
    "Aldbridge University Press", "Harrowgate & Finch", "Northfield Academic",
    "Calder House", "Penwick Books", "Meridian Centre Publications",
]

REGIONS = [
    "the Sahel", "Central Asia", "the Western Balkans", "the South Caucasus", "the Horn of Africa",
    "the Baltic states", "Southeast Asia", "the Andes", "the Gulf", "the Eastern Mediterranean",
    "the Indo-Pacific", "the Arctic", "West Africa", "the Caribbean", "the Black Sea region",
    "the Mekong basin", "North Africa", "the Pacific Islands", "Central Europe", "the Southern Cone",
]

ACTORS = [  # each takes a singular verb
    "the European Union", "the African Union", "ASEAN", "NATO", "the G20", "the World Trade Organization",
    "the International Monetary Fund", "the UN Security Council", "Mercosur", "the Gulf Cooperation Council",
    "the World Bank", "the OSCE", "the Arctic Council", "the Council of Europe", "the European Commission",
    "the Asian Development Bank", "the Organization of American States", "the International Energy Agency",
    "the Economic Community of West African States", "the Treasury",
]

TOPICS = [
    "sanctions", "energy security", "critical minerals", "food security", "maritime law",
    "debt restructuring", "climate finance", "arms control", "migration policy", "trade agreements",
    "cyber norms", "public health", "election integrity", "water diplomacy", "supply chains",
    "export controls", "peacekeeping", "nuclear diplomacy", "development aid", "digital trade",
    "port investment", "grain exports", "refugee protection", "fisheries management",
]

ADJECTIVES = [
    "quiet", "uneven", "overlooked", "fragile", "contested", "unfinished", "costly", "durable",
    "hidden", "new", "long", "awkward", "reluctant", "limited", "growing", "unexpected",
]

NOUNS = [
    "bargain", "consensus", "leverage", "transition", "dilemma", "compromise", "test",
    "retreat", "rivalry", "partnership", "gamble", "paradox", "reckoning", "opening",
]

TITLE_TEMPLATES = [
    "The {adj} {noun} over {topic} in {region}",
    "Why {actor} keeps returning to {topic}",
    "What {topic} can and cannot do in {region}",
    "{Topic} after the summit: a {adj} {noun}",
    "{Region}'s {adj} {noun}",
    "Rethinking {topic} for a divided world",
    "{Actor} and the politics of {topic}",
    "Three lessons from {region} on {topic}",
    "The case for patience on {topic}",
    "Is {topic} the new front line in {region}?",
    "Beyond the headlines: {topic} in {region}",
    "How {actor} learned to live with {topic}",
]

HEADINGS = [
    "What has changed", "Why it matters", "The view from {region}", "A harder question",
    "Where the numbers mislead", "Three options", "What comes next", "The limits of {topic}",
    "Lessons from {year}", "Who pays", "An unfinished agenda", "The institutional gap",
]

SENTENCES = [
    "The debate about {topic} in {region} has moved faster than the institutions meant to manage it.",
    "{Actor} has spent the past {n} years trying to reconcile {topic} with {topic2}, with mixed results.",
    "Few observers expected {actor} to take the lead on {topic}, yet that is what happened in {year}.",
    "Trade through {region} rose by {pct} per cent between {year} and {year2}, while investment stalled.",
    "What matters is less the formal agreement than the habits of cooperation that grow around it.",
    "Critics argue that {topic} has become a substitute for strategy rather than an instrument of it.",
    "The record since {year} suggests a more modest conclusion.",
    "Officials in {region} describe the arrangement as temporary, but temporary measures have a way of lasting.",
    "This is not the first time that {actor} has faced such a choice, and the last attempt is instructive.",
    "The costs of {topic} fall unevenly, and those who bear most of them are rarely consulted.",
    "A closer look at the figures tells a different story.",
    "None of this means that {topic} has failed; it means that expectations were set too high.",
    "Governments that promised quick results on {topic} now find themselves explaining delays.",
    "The lesson from {region} is that legitimacy, once lost, is expensive to rebuild.",
    "In private, negotiators concede that the deadline of {year2} was never realistic.",
    "Much depends on whether {actor} can hold its members together when the costs become visible.",
    "Investors have noticed, and capital has begun to move accordingly.",
    "There is a tendency to treat {topic} as a technical matter, but every technical choice has political consequences.",
    "For smaller states, the question is not whether to engage but on what terms.",
    "The {adj} {noun} between {actor} and its partners is unlikely to survive another crisis unchanged.",
    "Public opinion in {region} has shifted, though less dramatically than the polling headlines suggest.",
    "Enforcement, not design, is where most such schemes succeed or fail.",
    "It would be a mistake to read too much into a single vote.",
    "Yet the underlying trend has held for more than a decade.",
    "Those who follow {topic} closely will recognise the pattern.",
    "The answer lies partly in domestic politics and partly in the calendar.",
    "A more candid approach would start from what {actor} can realistically deliver.",
    "Nobody in {region} believes that the status quo can hold indefinitely.",
    "Research by the Centre over the past {n} years points in the same direction.",
    "The most important decisions, in other words, are still ahead.",
    "Such arrangements work best when they are boring, predictable and enforced.",
    "That distinction is easy to lose in the noise of a summit communiqué.",
]

QUOTE_SENTENCES = [
    "The mistake is to judge a policy by whether its target has given in, because very few ever do.",
    "What looks like paralysis from the outside is often a negotiation that has not yet found its price.",
    "Institutions rarely collapse in a single moment; they are hollowed out by a series of exceptions.",
    "A rule that is enforced only against the weak is not a rule but a preference.",
    "The cheapest time to build trust is before it is needed.",
    "Every delay has a constituency, and that constituency is usually better organised than its critics.",
]

PUBLICATIONS = [
    "Statecraft Quarterly", "The Ledger Review", "Foreign Affairs Monitor", "The Aldbridge Journal",
    "Global Policy Notes", "The Northfield Review", "Harbour & Horizon", "Journal of Applied Diplomacy",
]

QUOTED_PEOPLE = [
    "Felix Aranthe", "Maria Castell", "Jonah Reyes", "Priya Raman", "Gustav Ekholm",
    "Adaeze Nwosu", "Louis Marchand", "Keiko Abe",
]

LIST_ITEMS = [
    "a clear statement of the conditions for lifting the measures",
    "regular, public reporting on {topic}",
    "funding that survives a change of government",
    "a role for {actor} in monitoring compliance",
    "realistic timelines, agreed with those who must implement them",
    "protection for humanitarian trade and civilian needs",
    "early consultation with partners in {region}",
    "an independent review after {n} years",
    "shared data on {topic}, published in open formats",
]

LIST_LEADS = [
    "Three steps would help:", "The evidence points to a few priorities:",
    "Any credible plan would include:", "Several questions remain open:",
]

FOOTNOTES = [
    "Figures are the Centre's own estimates, based on customs and shipping data for {year} to {year2}.",
    "See the annual report of {actor} for {year2}, chapter {n}.",
    "The author took part in two of the consultations described here, in {year} and {year2}.",
    "Interviews with officials in {region} were conducted on condition of anonymity.",
    "Earlier versions of this argument appeared in a working paper published in {year}.",
]

LINK_TEXTS = [
    "the latest figures", "a recent report", "the official statement", "the full text of the agreement",
    "an earlier analysis", "the public consultation",
]

IMAGE_SUBJECTS = [
    ("container-port", "Stacked shipping containers on a quay under gantry cranes at dusk.", "A container terminal at one of the region's busiest ports."),
    ("conference-hall", "Rows of delegates seated at long tables in a large conference hall.", "Delegates during a plenary session."),
    ("wind-farm", "Offshore wind turbines standing in a grey sea under low cloud.", "An offshore wind farm in the North Sea."),
    ("grain-silos", "Tall concrete grain silos beside a railway line in open farmland.", "Grain storage near an export terminal."),
    ("parliament", "The columned facade of a parliament building seen from across a square.", "The parliament building on the morning of the vote."),
    ("border-crossing", "A line of lorries waiting at a border checkpoint on a rural road.", "Freight traffic at a land border crossing."),
    ("patrol-ship", "A grey coast guard vessel moving at speed through choppy water.", "A coast guard patrol in contested waters."),
    ("pipeline", "A steel pipeline running across a snowy plain toward the horizon.", "A gas pipeline on the steppe."),
    ("market-street", "A busy street market with awnings and stalls of fruit and vegetables.", "A market in the capital's old town."),
    ("mine-site", "Terraced open-pit mine with trucks on a winding haul road.", "An open-pit copper mine."),
    ("ballot-box", "A transparent ballot box on a table draped with a flag.", "A polling station on election day."),
    ("river-delta", "Aerial view of a river delta with green fields and branching channels.", "Farmland in a river delta threatened by rising seas."),
    ("data-centre", "Rows of server racks lit by blue lights in a data centre aisle.", "A data centre on the outskirts of the city."),
    ("harbour-cranes", "Tall harbour cranes silhouetted against an orange evening sky.", "Cranes at a newly expanded deep-water port."),
    ("refugee-camp", "Rows of white tents on dry ground with hills in the distance.", "A camp for displaced families near the border."),
    ("solar-park", "Long rows of solar panels on a desert plain under a clear sky.", "A solar park built with foreign investment."),
    ("flags-row", "A row of national flags on poles outside a modern glass building.", "Flags outside the organisation's headquarters."),
    ("cargo-rail", "A long freight train crossing a steel bridge over a wide river.", "A cross-border freight rail link."),
    ("clinic", "A health worker preparing vaccines at a table in a rural clinic.", "A vaccination campaign in a rural district."),
    ("city-skyline", "A city skyline with cranes and new towers reflected in a bay.", "The financial district at the centre of the debate."),
]

IMAGE_CREDITS = [
    ("Meridian Commentary", "https://commentary.example.org/reuse-licensing/"),
    ("Open Harbour Archive", "https://photos.example.org/open-harbour"),
    ("Some Forum", "https://photos.example.org/some-forum"),
    ("Rafael Ortiz", "https://photos.example.net/rafael-ortiz"),
    ("Northfield Photo Desk", ""),
]
