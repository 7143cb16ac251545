"""The words of history questions, as data: what to ignore, what is the same word, and what is related.

Stems come from the Snowball English stemmer (inflections: visited/visits → visit). On top of it:

* ``IRREGULAR`` — irregular forms the stemmer leaves alone (began → begin, met → meet).
* ``SAME`` — derivations and true synonyms folded into one term on both sides, index and question
  (invasion → invade, USSR/Soviet/Russian → soviet, start/outbreak → begin).
* ``RELATED`` — looser kin a question's word may also match, at a lower weight (attack ~ invade,
  go ~ visit, army ~ troops). They expand the question only; the index keeps its own words.
* ``PHRASES`` — two-word expressions read as one term (pull back → withdraw, united states → usa).

None of this names an event of a particular pack: it is general vocabulary of political and military
history, so that it serves any group's documents.
"""

from __future__ import annotations

# Words that say what kind of question it is, or join words, rather than what it is about.
STOPWORDS = frozenset("""
a an the and or but nor of in on at to for by with from into onto upon about as than then so
is are was were be been being am do does did done doing has have had having will would shall should
can could may might must
i me my we our you your he him his she her it its they them their this that these those there here
what when where which who whom whose why how whether if
happen happened happens happening occur occurred take place took
tell please know show find give list explain describe
year years date dates day time exactly approximately roughly
any some all each every much many more most very also just only even still yet ever
s t d c
""".split())

IRREGULAR = {
    "began": "begin", "begun": "begin", "went": "go", "gone": "go", "met": "meet", "spoke": "speak",
    "spoken": "speak", "said": "say", "told": "tell", "withdrew": "withdraw", "withdrawn": "withdraw",
    "fought": "fight", "drew": "draw", "drawn": "draw", "chose": "choose", "chosen": "choose",
    "took": "take", "taken": "take", "gave": "give", "given": "give", "led": "lead", "fell": "fall",
    "fallen": "fall", "sent": "send", "made": "make", "won": "win", "lost": "lose", "held": "hold",
    "brought": "bring", "rose": "rise", "risen": "rise", "thought": "think", "knew": "know",
    "known": "know", "came": "come", "ran": "run", "wrote": "write", "written": "write",
    "became": "become", "struck": "strike", "broke": "break", "broken": "break", "saw": "see",
    "seen": "see", "sought": "seek", "caught": "catch", "fled": "flee", "shot": "shoot",
    "built": "build", "sold": "sell", "paid": "pay", "kept": "keep", "meant": "mean", "overran": "overrun",
    "hid": "hide", "hidden": "hide", "forbade": "forbid", "arose": "arise", "bore": "bear", "born": "bear",
}

# Folded into one term: (the term, the stems or words that become it). Stems are Snowball stems
# after the doubled final consonant is dropped (boycott and boycotting both stem to "boycot").
SAME: dict[str, tuple[str, ...]] = {
    "begin": ("begin", "start", "outbreak", "commenc", "onset"),
    "end": ("end", "finish", "conclud", "conclus"),
    "invad": ("invad", "invas", "incurs"),
    "occupi": ("occupi", "occup"),
    "divid": ("divid", "partit", "split"),
    "unifi": ("unifi", "unif", "reunifi", "reunif"),
    "form": ("form", "format"),
    "found": ("found", "foundat"),
    "creat": ("creat", "creation"),
    "organiz": ("organiz", "organis"),
    "kil": ("kil", "die", "death", "dead", "casualti", "fatal", "perish"),
    "met": ("meet", "met"),
    "agre": ("agre", "agreement"),
    "decid": ("decid", "decis"),
    "order": ("order", "instruct", "command", "direct"),
    "help": ("help", "aid", "assist"),
    "condemn": ("condemn", "denounc", "censur"),
    "withdraw": ("withdraw", "retreat", "evacu"),
    "conquer": ("conquer", "conquest", "captur", "seiz", "overrun"),
    "interven": ("interven", "intervent"),
    "expand": ("expand", "expans"),
    "revolt": ("revolt", "revolut", "upris", "rebellion", "rebel"),
    "say": ("say", "tell", "claim"),
    "border": ("border", "frontier", "boundari", "borderlin"),
    "soldier": ("soldier", "troop"),
    "choos": ("choos", "pick", "select"),
    "bomb": ("bomb", "abomb"),
    "communis": ("communis", "communism", "communist"),
    "kmt": ("kmt", "kuomintang", "nationalist"),
    "soviet": ("soviet", "ussr", "russia", "russian"),
    "usa": ("usa", "us", "america", "american"),
    "china": ("china", "chines", "prc"),
    "korea": ("korea", "korean"),
    "japan": ("japan", "japanes"),
    "un": ("un",),
    "beij": ("beij", "peke", "peking"),
    "number": ("number", "no", "nr", "num"),
    "perimet": ("perimet",),
    "declassifi": ("declassifi",),
}

# Kin a question's term also looks for, at the weight given (the term itself always counts 1.0).
RELATED: dict[str, dict[str, float]] = {
    "invad": {"attack": 0.8, "offens": 0.6, "conquer": 0.5},
    "attack": {"invad": 0.8, "offens": 0.7, "bomb": 0.4},
    "offens": {"invad": 0.7, "attack": 0.7},
    "visit": {"trip": 0.8, "travel": 0.8, "go": 0.7, "journey": 0.8},
    "go": {"visit": 0.7, "travel": 0.7},
    "travel": {"visit": 0.8, "go": 0.6},
    "trip": {"visit": 0.8, "travel": 0.7},
    "met": {"talk": 0.6, "summit": 0.7, "confer": 0.6, "discuss": 0.5, "visit": 0.4},
    "talk": {"discuss": 0.8, "met": 0.6},
    "discuss": {"talk": 0.8, "met": 0.5},
    "form": {"establish": 0.8, "found": 0.8, "creat": 0.7, "organiz": 0.6, "set": 0.4},
    "found": {"establish": 0.8, "form": 0.8, "creat": 0.7},
    "establish": {"form": 0.7, "found": 0.7, "organiz": 0.7, "creat": 0.6, "build": 0.5},
    "creat": {"establish": 0.7, "form": 0.7, "found": 0.6},
    "organiz": {"establish": 0.7, "form": 0.6},
    "agre": {"accept": 0.7, "approv": 0.7, "consent": 0.7},
    "accept": {"agre": 0.7, "approv": 0.6},
    "approv": {"agre": 0.6, "accept": 0.6},
    "help": {"support": 0.8, "back": 0.5, "financ": 0.5, "arm": 0.4},
    "support": {"help": 0.8, "back": 0.6, "endors": 0.6},
    "soldier": {"armi": 0.7, "forc": 0.7, "militari": 0.6, "unit": 0.5, "veteran": 0.5},
    "armi": {"soldier": 0.7, "forc": 0.7, "troop": 0.7, "militari": 0.6},
    "forc": {"soldier": 0.7, "armi": 0.7, "militari": 0.6},
    "militari": {"armi": 0.6, "soldier": 0.6, "forc": 0.6},
    "fight": {"battl": 0.8, "clash": 0.8, "conflict": 0.6, "skirmish": 0.8, "hostil": 0.7, "combat": 0.8,
              "incid": 0.5, "war": 0.5},
    "clash": {"fight": 0.8, "incid": 0.6, "skirmish": 0.8, "battl": 0.7, "hostil": 0.6},
    "battl": {"fight": 0.8, "clash": 0.7},
    "conflict": {"war": 0.6, "fight": 0.6, "hostil": 0.6},
    "war": {"conflict": 0.5, "hostil": 0.5},
    "messag": {"telegram": 0.8, "cabl": 0.7, "letter": 0.7, "note": 0.5, "communiqu": 0.8},
    "telegram": {"messag": 0.8, "cabl": 0.8},
    "document": {"paper": 0.7, "record": 0.6, "archiv": 0.6, "file": 0.5},
    "paper": {"document": 0.7, "archiv": 0.5},
    "archiv": {"document": 0.6, "paper": 0.6, "record": 0.5},
    "releas": {"declassifi": 0.7, "publish": 0.6, "avail": 0.6, "open": 0.4, "disclos": 0.6},
    "declassifi": {"releas": 0.7, "avail": 0.6, "publish": 0.5, "open": 0.4},
    "publish": {"releas": 0.6, "avail": 0.5},
    "open": {"avail": 0.5, "releas": 0.4, "declassifi": 0.4},
    "speech": {"speak": 0.8, "address": 0.7, "talk": 0.4, "outlin": 0.4},
    "speak": {"speech": 0.8, "say": 0.6},
    "say": {"speak": 0.5, "call": 0.4, "state": 0.3},
    "call": {"say": 0.5, "name": 0.5},
    "plan": {"prepar": 0.7, "plot": 0.7, "intend": 0.5},
    "prepar": {"plan": 0.7, "readi": 0.5},
    "withdraw": {"pull": 0.6, "leav": 0.4},
    "conquer": {"invad": 0.5, "take": 0.5, "control": 0.5, "overrun": 0.8},
    "take": {"conquer": 0.5, "control": 0.5, "seiz": 0.6},
    "control": {"rule": 0.8, "conquer": 0.5, "take": 0.4, "power": 0.5},
    "rule": {"control": 0.8, "govern": 0.5, "power": 0.5},
    "power": {"control": 0.6, "rule": 0.6},
    "leader": {"head": 0.6, "chief": 0.6, "ruler": 0.7, "premier": 0.6, "presid": 0.5, "chairman": 0.6},
    "lead": {"leader": 0.7, "head": 0.5, "command": 0.5},
    "govern": {"administr": 0.6, "regim": 0.7, "state": 0.4},
    "administr": {"govern": 0.6},
    "regim": {"govern": 0.7},
    "communis": {"marxist": 0.7, "red": 0.4},
    "marxist": {"communis": 0.7},
    "un": {"council": 0.6, "nation": 0.3},
    "council": {"un": 0.5},
    "allianc": {"alli": 0.8, "collus": 0.6, "cooper": 0.6, "pact": 0.6, "treati": 0.5},
    "alli": {"allianc": 0.8, "collus": 0.5, "cooper": 0.5},
    "cooper": {"collus": 0.7, "collabor": 0.8, "allianc": 0.5, "togeth": 0.4},
    "collabor": {"collus": 0.7, "cooper": 0.8},
    "collus": {"cooper": 0.7, "collabor": 0.7, "conspir": 0.7},
    "atom": {"bomb": 0.6, "nuclear": 0.8},
    "nuclear": {"atom": 0.8, "bomb": 0.6},
    "bomb": {"atom": 0.5},
    "kil": {"victim": 0.6, "massacr": 0.6, "lost": 0.3},
    "defens": {"defend": 0.9, "protect": 0.6, "secur": 0.5},
    "defend": {"defens": 0.9, "protect": 0.6},
    "protect": {"defend": 0.6, "defens": 0.6, "shelter": 0.6, "safe": 0.5, "haven": 0.5},
    "shelter": {"haven": 0.7, "protect": 0.6, "safe": 0.5},
    "boycot": {"absent": 0.5, "walkout": 0.6},
    "return": {"back": 0.5, "come": 0.4},
    "divid": {"divis": 0.7, "separ": 0.6, "line": 0.3, "border": 0.3},
    "divis": {"divid": 0.6},
    "separ": {"divid": 0.6},
    "unifi": {"unit": 0.5},
    "kmt": {"chiang": 0.6},
    "soviet": {"moscow": 0.4, "stalin": 0.3, "red": 0.3},
    "usa": {"washington": 0.4},
    "china": {"beij": 0.4, "pla": 0.3},
    "korea": {"peninsula": 0.4},
    "condemn": {"resolut": 0.5},
    "end": {"armistic": 0.6, "ceasefir": 0.6, "surrend": 0.5},
    "surrend": {"capitul": 0.8, "end": 0.4},
    "independ": {"liber": 0.6, "freedom": 0.6},
    "liber": {"independ": 0.6, "freed": 0.7},
    "map": {"chart": 0.6},
    "line": {"border": 0.5, "parallel": 0.4},
    "parallel": {"line": 0.4},
    "perimet": {"line": 0.5, "defens": 0.4},
    "idea": {"plan": 0.5, "propos": 0.5},
    "intellig": {"spi": 0.6},
    "polici": {"doctrin": 0.7, "strategi": 0.6},
    "contain": {"polici": 0.3},
    "veteran": {"former": 0.5, "soldier": 0.5},
}

# Two words read as one term.
PHRASES: dict[tuple[str, str], str] = {
    ("united", "states"): "usa", ("united", "nations"): "un", ("soviet", "union"): "soviet",
    ("pull", "back"): "withdraw", ("pulled", "back"): "withdraw", ("fall", "back"): "withdraw",
    ("fell", "back"): "withdraw", ("set", "up"): "establish", ("took", "over"): "take",
    ("take", "over"): "take", ("taken", "over"): "take", ("red", "army"): "soviet",
    ("atomic", "bomb"): "bomb", ("a", "bomb"): "bomb", ("nuclear", "bomb"): "bomb",
    ("world", "war"): "worldwar", ("cold", "war"): "coldwar",
}

# Number words, so "Number One" finds "No. 1".
NUMBERS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20", "thirty": "30", "forty": "40",
    "fifty": "50", "hundred": "100", "thousand": "1000", "million": "1000000",
}
