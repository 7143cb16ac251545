"""Finding the people a text names: the fullest form of each name, the other forms the text uses, and a
role in the text's own words ("Soviet leader Joseph Stalin", "James Bymes (US Secretary of State)").

A run of capitalised words is a person when a title stands before it ("Lt. Col. Rusk"), when it has the
shape of a personal name (two or more name words, none of them a place, a people, an organisation or an
event word), or, for a single word, when it is a form of such a name or acts like a person in the
sentence ("Acheson outlined…", "Khrushchev's memoirs") without being a place. Single words found the last
way are marked for review.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

import gender_guesser.detector

from facts.draft.places import (
    COMMON,
    DEMONYMS,
    DIRECTIONS,
    GEO_WORDS,
    NOT_PERSON_BEFORE,
    ORG_WORDS,
    is_place,
    major_places,
)
from facts.draft.verbs import IRREGULAR_PAST
from facts.text import fold

# Titles, longest first; what they become in a role.
_TITLES = [
    "Lieutenant Colonel", "Lt. Colonel", "Lt. Col.", "Lieutenant General", "Lt. Gen.", "Lt. General", "Major General",
    "Maj. Gen.", "Brigadier General", "Brig. Gen.", "Rear Admiral", "Vice Admiral", "Field Marshal", "Prime Minister",
    "Vice President", "Secretary of State", "Secretary of War", "Secretary of Defense", "Chief Justice",
    "Attorney General", "Foreign Minister", "Lieutenant-Governor", "Lieutenant Governor", "Governor-General",
    "Governor General", "Attorney-General", "Ensign", "Grand Duke", "Crown Prince", "Holy Roman Emperor",
    "Colonel", "Col.", "General", "Gen.", "Lieutenant", "Lt.", "Major", "Maj.", "Captain", "Capt.", "Sergeant", "Sgt.",
    "Corporal", "Cpl.", "Private", "Pvt.", "Admiral", "Adm.", "Commodore", "Commander", "Cmdr.", "Marshal",
    "President", "Pres.", "Premier", "Chancellor", "Senator", "Sen.", "Congressman", "Congresswoman",
    "Representative", "Rep.", "Governor", "Gov.", "Mayor", "Judge", "Justice", "Ambassador", "Secretary", "Minister",
    "Chairman", "King", "Queen", "Emperor", "Empress", "Prince", "Princess", "Duke", "Duchess", "Earl", "Count",
    "Countess", "Baron", "Baroness", "Lord", "Lady", "Sir", "Dame", "Pope", "Cardinal", "Archbishop", "Bishop",
    "Father", "Rev.", "Reverend", "Dr.", "Mr.", "Mrs.", "Ms.", "Miss", "Professor", "Prof.", "Tsar", "Czar",
    "Tsarina", "Kaiser", "Sultan", "Shah", "Caliph", "Pharaoh", "Generalissimo", "Marquis", "Viscount",
    "Grand Vizier", "Vizier", "Pasha", "Dey", "Bey", "Emir", "Sheikh", "Rajah", "Maharaja", "Nawab", "Shogun",
    "Constable", "Sheriff", "Abbot", "Elector", "Dauphin", "Infanta",  # not Dean, Prior: given names too
    "Archpriest", "Archdeacon", "Archduke", "Archduchess", "Margrave", "Landgrave", "Regent", "Khedive", "Imam",
    "Ayatollah", "Rabbi", "Patriarch", "Tsarevich", "Daimyo", "Maharani", "Rani", "Begum", "Nizam", "Peshwa",
    "Voivode", "Hetman", "Friar",
]
# Offices of a department ("Secretary of the Treasury Henry Morgenthau", "Spanish Minister of State Cristino
# Martos"), whose "of" would otherwise end the run of name words at the title.
_DEPARTMENTS = ("State", "War", "Defense", "Defence", "the Treasury", "the Navy", "the Army", "the Interior",
                "Commerce", "Finance", "Justice", "Foreign Affairs", "Marine", "the Colonies", "the Exchequer")
_TITLES += [f"{head} of {dept}" for head in ("Secretary", "Minister", "Under Secretary", "Under-Secretary",
                                              "Assistant Secretary", "Deputy Secretary", "Chancellor")
            for dept in _DEPARTMENTS] + [
    f"{kind} {head}" for kind in ("Foreign", "Home", "Colonial", "War", "Finance", "Interior", "Defense", "Defence")
    for head in ("Secretary", "Minister")] + ["First Lord of the Admiralty"]
_TITLES = sorted(set(_TITLES), key=lambda t: (-len(t), t))  # longest first; ties in a fixed order, not the set's
_TITLE_RX = "|".join(re.escape(t) for t in _TITLES)
_CONNECT = r"(?:de|da|di|du|del|della|van|von|der|den|la|le|bin|ibn|al|el|y|ten|ter|zu|of|no)"  # "Taira no Kiyomori"
# capital letters of the Latin alphabets ("Sudré", "Émile", "Ōuchi", "Łukasz")
_UP = "A-ZÀ-ÖØ-Þ" + "".join(c for c in map(chr, range(0x100, 0x250)) if c.isupper())
_LO = "a-zß-öø-ÿ\u0100-\u017f\u02bb-\u02bf"  # with the ʿayn and hamza of "Abū Saʿīd"
_WORD = (rf"(?:[{_UP}]['’][{_UP}][{_LO}]+|(?<![\w'’])[dl]['’][{_UP}][{_LO}]+"  # O'Neill, d'Albret
         # the Arabic article and its assimilated forms: "Nur ad-Din", "Ibn al-Athir", "al-Mustanjid"
         rf"|(?<![\w'’-])(?:al|ad|ar|as|at|az|an|ash|ath|adh|el|ud|ul|ed|un|ur)-[{_UP}][{_LO}]+(?:-[{_UP}][{_LO}]+)*"
         rf"|[{_UP}][{_LO}]+['’][a-rt-z][{_LO}]*"  # "Nava'i", "Mu'tamin"
         r"|(?<![\w.])U(?=\s+[A-Z][a-z])"  # the Burmese honorific of "U Nu"
         rf"|[{_UP}][{_LO}]+(?:[{_UP}][{_LO}]+)?(?:-[A-Za-z{_UP}][{_LO}]+)*(?![’'][a-rt-z])|[A-Z]\.|[IVX]{{1,4}}\b)")
_NAME_RUN = re.compile(
    rf"(?P<title>(?:(?:{_TITLE_RX})\s+)+)?"
    rf"(?P<name>{_WORD}(?:\s+[\"“][A-Z][a-z]+[\"”])?(?:\s+(?:{_CONNECT}\s+)?{_WORD}(?:\s+[\"“][A-Z][a-z]+[\"”])?)*"
    rf"(?:\s+the\s+[A-Z][a-z]+\b)?(?:,?\s+(?:Jr\.|Sr\.))?)"
)
_ROLE_NOUNS = (r"leader|president|general|colonel|commander|chief|king|queen|emperor|minister|secretary|premier|"
               r"chairman|dictator|ruler|ambassador|envoy|diplomat|officer|admiral|senator|governor|historian|"
               r"writer|author|journalist|reporter|spokesman|advisor|adviser|aide|strategist|scientist|physicist|"
               r"general|marshal|chancellor|director|head|founder|revolutionary|activist|statesman|politician|"
               r"explorer|missionary|priest|bishop|pope|prince|princess|duke|lord|soldier|pilot|captain|judge|"
               r"poet|painter|monk|nun|samurai|warrior|chronicler|merchant|philosopher|scholar|sculptor|architect|"
               r"composer|playwright|novelist|artist|swordsmith|daimyo|shogun|regent|vizier|caliph|sultan|emir|"
               r"chieftain|warlord|consort|courtier|biographer|theologian|emissary|envoy|regent|usurper|pretender|"
               r"page|retainer|vassal|concubine|mistress|tlatoani|khan|raja|rajah|nawab")
_PAREN_ROLE = re.compile(r"^\s*\(([^()]{3,80})\)")
_KIN = (r"(?:son|daughter|father|mother|brother|sister)-in-law|grand(?:son|daughter|father|mother)|"
        r"step(?:son|daughter|father|mother)|son|daughter|wife|husband|brother|sister|mother|father|heir|nephew|"
        r"niece|cousin|widow|successor")
_APPOSITIVE = re.compile(rf"^,\s+((?:the|a|an)\s+[^,;()]{{3,80}}?|(?:{_ROLE_NOUNS}|{_KIN})\s+of\s+[^,;()]{{3,60}}?)"
                         r"(?:,|;|\.|$)")
# "Philip II's daughter, Isabella, …": a kinship noun and a comma before the name give its role
_BEFORE_ROLE = re.compile(rf"(?<![\w-])((?:[A-Z][a-z]+\s+)?(?:{_ROLE_NOUNS}|{_KIN})(?:e?s)?)\s+$")  # "his mother Nandi"
_KIN_BEFORE = re.compile(rf"(?:(?<![\w-])({_KIN})|\b(?:the|a|an|his|her|their|its)\s+(?:[a-z]+\s+)?"
                         rf"((?:{_ROLE_NOUNS}|mayor))),\s+$")
# "governors Tendile and Pitalpitoque": a plural role before two names gives the second its role too
_ROLES_BEFORE_PAIR = re.compile(rf"(?<![\w-])((?:{_ROLE_NOUNS})e?s)\s+[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?,?"
                                r"\s+and\s+$")
# ", an officer leading the guards", ", a mathematician": an appositive whose head noun names what a person is
_PERSON_APPOSITIVE = re.compile(rf"^,\s+(?:a|an|the|his|her|their|[A-Z][\w’'-]*['’]s)\s+(?:[a-z’'-]+\s+){{0,2}}?"
                                rf"(?:{_ROLE_NOUNS}|{_KIN}|mayor|"
                                r"member|[a-z]+(?:ian|ist|ier|eer|man|woman|monk|nun|priest))\b")
_PAST = re.compile(r"^\s+(?:had\s+|also\s+|then\s+|later\s+|never\s+|once\s+|evidently\s+|probably\s+)?"
                   rf"([a-z]+ed|{IRREGULAR_PAST}|was|had|did|says|argues|writes|claims|notes|asks|wants|tells|meets|"
                   r"visits|is|has)\b")
_POSSESSIVE_NOUN = re.compile(r"^[’']s?\s+(?:own\s+)?(?:[a-z]+\s+)?(?:memoirs?|wife|husband|son|daughter|father|"
                              r"descendants|heirs|followers|disciples|teachings|"
                              r"mother|brother|sister|family|death|birth|life|career|reign|rule|idea|plan|"
                              r"policy|government|administration|troops|army|forces|men|speech|letter|"
                              r"failure|decision|order|orders|view|views|words|presidency|cabinet|staff|"
                              r"regime|party|election|successor|predecessor|aide|aides|advisers|advisors|"
                              r"friend|friends|ally|allies|rival|rivals|book|diary|papers|account)\b")


_PASSIVE = re.compile(r"^\s+[a-z]+ed\s+by\b(?!\s+[a-z]+ing\b)")  # "Planes provided by the army": a thing acted on
_WHO = re.compile(r"^,?\s+who\b")
_LED_BY = re.compile(r"(?i)\b(?:led|commanded|headed|advised|opposed|proposed|moved|urged|killed|murdered|assassinated|"
                     r"created|built|designed|invented|written|painted|composed|discovered|"
                     r"appointed|crowned|succeeded|betrayed|deposed|founded|ruled|governed|elected|chosen|adopted|"
                     r"poisoned|executed|ordered|persuaded)\s+by\s+$")
# "Sejong the Great (r. 1418–1450)", "Sir Maurice Russell (d. 1416)": a reign or a life in years is a person's
_LIFE_DATES = re.compile(r"^\s*\((?:(?:r\.|reigned|ruled|b\.|born|d\.|died)\s*(?:c\.\s*)?\d{3,4}"
                         r"|\d{3,4}\s*[-–—]\s*\d{2,4}\))")
# "son of Timur", "the second-born son of Genghis Khan": a kin word says the name after it is a person's
_KIN_OF = re.compile(r"\b(?:(?:grand|step|great-(?:great-)*grand)?(?:son|daughter|father|mother)|brother|sister|wife|"
                     r"husband|widow|nephew|niece|cousin)\s+of\s+$")  # not "successor of" (a realm has them too)
# "Louis dismissed Necker from office", "he married Adelaide": done to someone (a place is told apart later)
_DONE_TO = re.compile(r"\b(?:dismissed|appointed|executed|arrested|murdered|crowned|married|succeeded|exiled|"
                      r"banished|summoned|persuaded|deposed|assassinated|imprisoned|pardoned|knighted|beheaded|"
                      r"poisoned|betrayed|blinded|strangled|hanged|urged|begged|advised|befriended|"
                      r"succeeding|marrying|murdering|deposing)\s+$")
_NAMED = re.compile(r"\b(?:named|called)\s+$")


@dataclass
class PersonFound:
    """One person as the text names them."""

    name: str
    forms: list[str] = field(default_factory=list)  # every form seen, titles stripped
    roles: list[str] = field(default_factory=list)
    titled: bool = False
    titles: set[str] = field(default_factory=set)  # the titles the text gives them ("Sir")
    review: list[str] = field(default_factory=list)
    first_at: int = 0  # index of the sentence that names them first

    @property
    def tokens(self) -> list[str]:
        return [t for t in self.name.split() if not _initial(t)]


@dataclass(frozen=True, slots=True)
class _Mention:
    text: str  # the name, title stripped
    title: str
    at: int  # sentence index
    start: int
    end: int
    role: str
    person_like: bool  # acts like a person: a verb or a personal possessive follows


_PLACE_BEFORE = re.compile(r"(?i)\b(?:at|in|of|from|near|to|toward|towards|into|across|through|via|outside|"
                           r"inside|around|beyond)\s+$")
_DETECTOR = gender_guesser.detector.Detector(case_sensitive=False)


def given_name(word: str) -> bool:
    """Whether ``word`` is a known given name (gender-guesser's list of some 40,000 names of many countries)."""
    if "-" in word:  # "Anne-Marie"
        return all(given_name(part) for part in word.split("-"))
    return word.isalpha() and _DETECTOR.get_gender(word) != "unknown"


def _initial(token: str) -> bool:
    return bool(re.fullmatch(r"[A-Z]\.", token))


def _clean(name: str) -> str:
    return " ".join(name.replace(", Jr.", " Jr.").split()).strip(" ,")


def mentions(sentences: list[str]) -> list[_Mention]:
    """Every run of capitalised words in ``sentences`` that could be a name, with its title and context."""
    out: list[_Mention] = []
    for at, sentence in enumerate(sentences):
        for m in _NAME_RUN.finditer(sentence):
            title = " ".join((m.group("title") or "").split())
            name = _clean(m.group("name"))
            start, end = m.start("name"), m.end("name")
            tokens = name.split()
            inner = _inner_title(tokens)
            if inner and not title:
                # "Spanish King Charles III", "Parliaments of King Charles the Second": the name starts after it
                cut = inner[1]
                start = sentence.index(tokens[cut], start) + len(tokens[cut]) if cut < len(tokens) else end
                title, tokens = inner[0], tokens[cut:]
            # a sentence's first word is capitalised anyway: drop it when it is a common word or a participle
            # ("Choosing Beijing as the capital, …")
            # (but "An Jung-geun" inside a sentence: there "An" is no article)
            while tokens and not title and not (start > 0 and tokens[0] == "An" and len(tokens) > 1) and (
                    tokens[0] in COMMON or tokens[0].rstrip(".") in COMMON or (
                        start == 0 and len(tokens) > 1 and re.fullmatch(r"[A-Z][a-z]+ing", tokens[0])
                        and not given_name(tokens[0]))):
                start = sentence.index(tokens[0], start) + len(tokens[0])
                tokens = tokens[1:]
            while tokens and _initial(tokens[-1]) and len(tokens) > 1:
                tokens = tokens[:-1]  # "U.S." or a sentence-final initial is not part of a name
            while len(tokens) > 1 and _initial(tokens[0]) and sentence[:start].endswith("."):
                start = sentence.index(tokens[1], start + 2)  # the "S." of "U.S. Generals": no initial of a name
                tokens = tokens[1:]
            if not title and len(tokens) > 1 and tokens[0] in _TITLE_SINGULAR:
                # "Generals Ulysses S. Grant and Philip Sheridan": a plural title names the first of them too
                title = _TITLE_SINGULAR[tokens[0]]
                start = sentence.index(tokens[1], start + len(tokens[0]))
                tokens = tokens[1:]
            after_the = bool(re.search(r"\b[Tt]he\s*$", sentence[:start]))
            tail_at = _titled_tail(tokens, after_the=after_the) if not title else None
            if tail_at is not None:
                # "Under-Secretary of State Dean Acheson", "Yugoslav Prime Minister Josip Tito", "the Tennessee
                # Valley Authority David Lilienthal": an office or a body before a given name and a surname
                prefix = " ".join(tokens[:tail_at])
                start = sentence.index(tokens[tail_at], start + len(prefix))
                title = prefix if any(w.split("-")[-1] in _TITLE_PARTS for w in tokens[:tail_at]) else ""
                tokens = tokens[tail_at:]
            if not tokens or all(_initial(t) or re.fullmatch(r"[IVX]+", t) for t in tokens):
                continue
            if tokens[0] in ("of", "the", "Of"):  # the tail of "the Duke of Norfolk" or of "the United States"
                continue
            regnal_of = _regnal_of(tokens)
            if not title and not regnal_of and "of" in tokens[2:] and is_place(
                    " ".join(tokens[tokens.index("of") + 1:])):
                # "James G. Blaine of Maine": a full name and where they come from; the name is the name
                tokens = tokens[: tokens.index("of")]
            if title and "of" in tokens[1:] and not regnal_of and is_place(" ".join(tokens[tokens.index("of") + 1:])):
                title = f"{title} of {' '.join(tokens[tokens.index('of') + 1:])}"  # "Dey Muhammad of Algiers"
                tokens = tokens[: tokens.index("of")]
            name = " ".join(tokens)
            start = sentence.find(tokens[0], start)
            end = start + len(name) if sentence[start:start + len(name)] == name else end
            before, after = sentence[:start], sentence[end:]
            role = _role(before if not title else before[: before.rfind(title)] if title in before else before, after,
                         name)
            if title and not role:
                role = title
            elif title:
                role = f"{role}; {title}" if title.lower() not in role.lower() else role
            out.append(_Mention(name, title, at, start, end, role, _acts_like_a_person(before, after, len(tokens))))
    return out


def _acts_like_a_person(before: str, after: str, words: int) -> bool:
    """A verb, a personal possessive or "who" follows the name, or "named" comes before it."""
    # "The victor, Taira no Kiyomori, became …": a name set off by commas before the subject's verb
    set_off = words > 1 and before.rstrip().endswith(",") and after.startswith(",") and bool(_PAST.match(after[1:]))
    return bool((_PAST.match(after) and not _PASSIVE.match(after)) or _POSSESSIVE_NOUN.match(after)
                or _WHO.match(after) or _NAMED.search(before) or set_off or _KIN_OF.search(before)
                or _LIFE_DATES.match(after)
                or (words > 1 and _LED_BY.search(before)))


# a word that says what someone is ("Jesuit", "Puritan", "Archpriest", "Frenchman"), not part of a thing's name
_DESCRIPTOR = re.compile(r"(?:it|ist|ite|ian|an|man|er|or|ic|ine|ess|priest|monk)$")


def _regnal_of(tokens: list[str]) -> bool:
    """ "Henry IV of France", "James VI of Scotland": a ruler's number and realm, which stay in the name."""
    if "of" not in tokens[2:]:
        return False
    at = tokens.index("of")
    realm = " ".join(tokens[at + 1:])
    return bool(re.fullmatch(r"[IVX]+", tokens[at - 1])) and at + 1 < len(tokens) and is_place(realm)


def _titled_tail(tokens: list[str], *, after_the: bool = False) -> int | None:
    """Where a person's name starts in a run of capitalised words that names an office or a body first: at a
    given name followed by one or two more name words, after a title word or an organisation word, or after
    one descriptive word that follows "the" ("the Jesuit Juan de Mariana")."""
    for k in range(1, len(tokens) - 1):
        tail = tokens[k:]
        epithet = len(tail) == 3 and tail[1] == "the"  # "the Mughal Emperor Akbar the Great"
        if len(tail) > 3 or not tokens[k][:1].isupper() or tokens[k] in _TITLE_PARTS or not given_name(tokens[k]) \
                or any(t in ("of", "the") or t in ORG_WORDS or t in _TITLE_PARTS for t in tail[1:] if not epithet):
            continue
        if any(w.split("-")[-1] in _TITLE_PARTS or w in ORG_WORDS for w in tokens[:k]):
            return k
        if after_the and k == 1 and _DESCRIPTOR.search(tokens[0]) and not given_name(tokens[0]) \
                and tokens[0] not in COMMON:
            return k
    return None


_TITLE_TOKENS = {tuple(t.split()): t for t in sorted(_TITLES, key=len, reverse=True)}


def _inner_title(tokens: list[str]) -> tuple[str, int] | None:
    """A title inside a run of capitalised words, after words that are no name ("Spanish King Charles III"):
    (the title, the index of the name's first token), or None."""
    for i in range(1, len(tokens) - 1):
        for words, title in _TITLE_TOKENS.items():
            n = len(words)
            if tuple(tokens[i:i + n]) == words and i + n < len(tokens) and tokens[i + n] not in ("of", "the"):
                before = tokens[:i]
                if all(w in DEMONYMS or w in COMMON or w in ORG_WORDS or w == "of"
                       or w.endswith(("s", "an", "ish", "ese", "ic")) for w in before) or is_place(" ".join(before)):
                    return title, i + n
    return None


def _plain(text: str) -> str:
    """``text`` with its accents dropped, letter for letter ("shōgun" → "shogun"), so matches keep their places."""
    return "".join(unicodedata.normalize("NFD", c)[0] for c in text)


def _role(before: str, after: str, name: str = "") -> str:
    role = _said_role(before, after)
    if role.endswith("s") and name.endswith("s") and not role.endswith("ss"):
        return ""  # "the Ottoman vassals Tatars": a plural role before a people, not before a name
    return role


def _said_role(before: str, after: str) -> str:
    paren = _PAREN_ROLE.match(after)
    if paren and not re.search(r"\d{3,4}", paren.group(1)):
        in_paren = " ".join(paren.group(1).split())
        pre_role = _BEFORE_ROLE.search(before)
        # "Zwide's general Soshangane (of the Shangaan)": both say who they are
        return f"{pre_role.group(1).split()[-1]} ({in_paren})" if pre_role else in_paren
    pre = _BEFORE_ROLE.search(_plain(before))
    if pre:
        words = before[pre.start(1):pre.end(1)].split()
        while words and words[0].lower() in ("the", "a", "an", "and", "with", "by", "of", "to", "that", "when",
                                             "former", "then", "his", "her", "their", "its"):
            words = words[1:]
        if words:
            return " ".join(words)
    appositive = _APPOSITIVE.match(after)
    # not "the barrier of Passy, the mayor, Bailly, …": an appositive followed by a name is that name's
    if appositive and not (appositive.group(0).endswith(",") and re.match(r"\s*[A-Z]", after[appositive.end():])):
        return " ".join(appositive.group(1).split())
    kin = _KIN_BEFORE.search(_plain(before))  # "the puppet shōgun, Ashikaga Yoshihide"
    if kin and re.match(r"\s*(?:[,.;:]|$)", after):  # "succeeded by his son, Saitō Tatsuoki."
        return before[kin.start(1):kin.end(1)] if kin.group(1) else before[kin.start(2):kin.end(2)]
    pair = _ROLES_BEFORE_PAIR.search(before)
    if pair:
        return pair.group(1)
    return ""


def _not_a_person(tokens: list[str], before: str, title: str, *, places: bool = True) -> str | None:
    """Why a run of name words is not a person, or None when it may be one."""
    words = [t for t in tokens if not _initial(t)]
    if not words:
        return "initials"
    prev = re.findall(r"[A-Za-z.]+", before[-20:])
    prev_word = prev[-1].rstrip(".") if prev else ""
    if prev_word in NOT_PERSON_BEFORE:
        return f"named after {prev_word!r} (a ship, an operation or a place)"
    if any(w in ORG_WORDS for w in words):
        return "an organisation, a place or an event"
    if words[0] in _TITLE_WORDS or words[0] in _TITLE_PLURALS:
        return "a title, not a name"
    if len(words) == 1 and re.search(r"-[a-z]", words[0]):
        return "a common word with a hyphen ('Law-makers', 'Self-rule')"
    if title:
        return None
    if words[0] in DIRECTIONS or words[0] in DEMONYMS or words[-1] in DEMONYMS or any(
            w in DEMONYMS for w in words[1:-1]):
        return "a place or a people"
    if len(words) > 1 and (re.search(r"[a-z]{3}men$", words[-1]) or _ABSTRACT_END.search(words[-1])
                           or re.fullmatch(r"(?:Son|Sons|Daughter|Children|House|Banu|Clan)", words[0])
                           or words[-1] in ("Islam", "Christendom")):
        return "a group, a body or an idea ('Manchu Bannermen', 'Pure Land Buddhism', 'Son of Heaven')"
    if _reign_name(words):
        return None  # "the Chongzhen Emperor": an emperor known by his reign's name
    if re.search(r"\b(?:the|The)\s+$", before) and len(words) > 1:
        return "a name after 'the' (a thing, not a person)"
    if _regnal_of(words):
        return None
    if places and is_place(" ".join(words)) and not _named_like_a_person(words, before):
        return "a place"
    if len(words) > 1 and any(is_place(w) and w in _COUNTRY_LIKE for w in words):
        return "a place"
    return None


_TOWN_WORDS = frozenset("Town City Springs Beach Park Port Fort Harbour Harbor Mills Landing Bridge".split())


def _named_like_a_person(words: list[str], before: str) -> bool:
    """ "Benito Juárez" is also a town in Mexico: a given name and a surname said of someone (a role word
    before them, "reformist Benito Juárez") are a person's name, unless the gazetteer's place is a major one."""
    name = " ".join(words)
    return (len(words) > 1 and given_name(words[0]) and words[-1] not in GEO_WORDS
            and words[-1] not in _TOWN_WORDS and name.lower() not in major_places()
            and bool(re.search(r"\b[a-z]{4,}\s+$", before)) and not _PLACE_BEFORE.search(before))


_TITLE_WORDS = frozenset(t for t in _TITLES if " " not in t and not t.endswith("."))
_TITLE_SINGULAR = {f"{t}es" if t.endswith(("ss", "sh", "ch")) else f"{t}s": t for t in _TITLE_WORDS}
_TITLE_PLURALS = frozenset(_TITLE_SINGULAR)
# ", a city on Haiti's northern coast": an appositive that says the name is a place or a thing
_THING_APPOSITIVE = re.compile(r"^,\s+(?:a|an|the)\s+(?:[a-z’'-]+\s+){0,2}?(?:city|town|village|port|harbou?r|"
                               r"river|lake|island|province|region|district|county|state|country|colony|fortress|"
                               r"fort|castle|palace|mountain|valley|bay|ship|vessel|frigate|treaty|newspaper|"
                               r"company|party|organi[sz]ation|tribe|nation|capital|settlement|base)\b")
_COUNTRY_LIKE = frozenset("Korea China Japan Russia America Germany France Britain England Vietnam India".split())


def find_people(sentences: list[str]) -> list[PersonFound]:
    """The people ``sentences`` name, in the order they are first named."""
    found = mentions(sentences)
    acting = {fold(m.text) for m in found if m.person_like}  # names that act like a person somewhere
    acting_single = {fold(m.text) for m in found if len(m.text.split()) == 1 and (
        (m.person_like and (not _PLACE_BEFORE.search(sentences[m.at][: m.start])
                            or _KIN_OF.search(sentences[m.at][: m.start])))
        or (not m.title and _DONE_TO.search(sentences[m.at][: m.start])))}
    people: list[PersonFound] = []
    singles: list[_Mention] = []
    things: set[str] = set()  # last words of names of things ("the Spanish Armada"): "the great Armada" too
    unshaped: list[_Mention] = []  # names of two words or more that nothing yet shows to be people
    for mention in found:
        tokens = mention.text.split()
        sentence = sentences[mention.at]
        why = _not_a_person(tokens, sentence[: mention.start], mention.title, places=len(tokens) > 1)
        if why is not None or (not mention.title and _THING_APPOSITIVE.match(sentence[mention.end:])):
            if len(tokens) > 1 and why in ("a place or a people", "a name after 'the' (a thing, not a person)"):
                things.add(fold(tokens[-1]))
            continue
        words = [t for t in tokens if not _initial(t)]
        if len(words) == 1 and not (mention.title and len(tokens) > 1):
            singles.append(mention)
            continue
        if not _name_shaped(mention, tokens, acting):
            unshaped.append(mention)
            continue
        _add_form(people, mention, titled=bool(mention.title))
    _add_listed(people, unshaped, found, sentences)
    _add_peers(people, sentences)
    _add_singles(people, singles, sentences, acting_single - things)
    _add_administrations(people, sentences)
    _add_bare_titles(people, sentences)
    people.sort(key=lambda p: p.first_at)
    people = _merge_same_names(people)
    for person in people:
        _finish(person, people)
    _drop_shared_forms(people)
    return people


_LISTED = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)")


def _add_listed(people: list[PersonFound], unshaped: list[_Mention], found: list[_Mention],
                sentences: list[str]) -> None:
    """ "Katō Kiyomasa, Konishi Yukinaga, and Shimazu Yoshihiro": a name listed beside a person is a person too."""
    by_sentence: dict[int, list[_Mention]] = {}
    for m in found:
        by_sentence.setdefault(m.at, []).append(m)
    for _ in range(3):
        known = {fold(f) for p in people for f in (p.name, *p.forms)}
        added = False
        for mention in list(unshaped):
            sentence = sentences[mention.at]
            for other in by_sentence.get(mention.at, []):
                if other is mention or fold(other.text) not in known:
                    continue
                gap = sentence[other.end:mention.start] if other.end <= mention.start else \
                    sentence[mention.end:other.start]
                if _LISTED.fullmatch(gap):
                    _add_form(people, mention, titled=bool(mention.title))
                    unshaped.remove(mention)
                    added = True
                    break
        if not added:
            return


def _add_singles(people: list[PersonFound], singles: list[_Mention], sentences: list[str],
                 acting_single: set[str]) -> None:
    """Single words: a form of a known name, a titled name, a word acting like a person, or a given name
    named more than once or given a role."""
    owners_of: dict[str, list[PersonFound]] = {}
    for person in people:
        for token in {fold(t) for t in person.tokens} | {fold(f) for f in person.forms if " " not in f}:
            owners_of.setdefault(token, []).append(person)
    by_name = {fold(p.name): p for p in people}
    not_single = _not_single_people(singles, sentences, owners_of)
    named_times: dict[str, int] = {}
    for m in singles:
        if not _PLACE_BEFORE.search(sentences[m.at][: m.start]) and not m.title:
            named_times[fold(m.text)] = named_times.get(fold(m.text), 0) + 1
    for mention in singles:
        word = mention.text.split()[-1]
        owners = owners_of.get(fold(word), [])
        bare = mention.title.split(" of ")[0]
        if len(owners) == 1 and not (bare in _RULER_TITLES and owners[0].titles and bare not in owners[0].titles):
            _note_form(owners[0], mention.text, mention)  # not "Dey Muhammad" for Sultan Sidi Muhammad
            continue
        if len(owners) == 1:
            owners = []
        knights = [p for p in owners if mention.title in _GIVEN_NAME_TITLES and mention.title in p.titles
                   and len(p.tokens) > 1 and fold(p.tokens[0]) == fold(word)]
        if len(knights) == 1:  # "Sir William" for the one Sir William Stanley among several Williams
            _note_form(knights[0], f"{mention.title} {mention.text}", mention)
            continue
        bare_title = mention.title.split(" of ")[0]
        kept_title = _kept_title(bare_title)
        if owners and not kept_title:
            continue  # "Adams" when the text names two Adamses: not an alias of either
        name = f"{kept_title} {mention.text}" if kept_title else mention.text
        same = by_name.get(fold(name)) or (by_name.get(fold(mention.text)) if bare_title in _RULER_TITLES else None)
        if same is not None:
            if same.name == mention.text and name != mention.text:  # "Omar" first, then "Dey Omar"
                same.name = name
            _note_form(same, mention.text, mention)
            continue
        acts = fold(mention.text) in acting_single and fold(mention.text) not in not_single
        sentence = sentences[mention.at]
        paired = _paired(mention, sentence, owners_of) and fold(mention.text) not in not_single \
            and word.lower() not in major_places()
        # a known given name named more than once, or given a role ("Catherine, the young daughter of Charles VI")
        # "an envoy from Albert, ruler of …": a role noun said of the name outweighs the "from" before it
        kin_or_office = _kin_or_office(mention.role)
        acts = acts or (_described(mention, sentence, kin_or_office) and fold(word) not in not_single)
        acts = acts or (given_name(word) and fold(word) not in not_single and word.lower() not in major_places()
                        and (kin_or_office or not _PLACE_BEFORE.search(sentences[mention.at][: mention.start]))
                        and (named_times.get(fold(word), 0) >= ONCE_ENOUGH or bool(mention.role)))
        if mention.title or paired or (acts and (not is_place(word) or (given_name(word)
                                                                        and word.lower() not in major_places()))):
            person = PersonFound(name, [name], first_at=mention.at, titled=bool(mention.title))
            if mention.title:
                person.titles.add(mention.title.split(" of ")[0])
            if mention.role:
                person.roles.append(mention.role)
            if not mention.title:
                person.review.append(f"{mention.text!r} is named by one word only: it might not be a person")
            people.append(person)
            by_name[fold(person.name)] = person
            if kept_title in _RULER_TITLES:
                by_name.setdefault(fold(mention.text), person)  # "Dey Omar", then "Omar"


def _kept_title(title: str) -> str:
    """The part of a one-word name's title that stays in the name ("Lord Stanley", "Sultan Selim";
    "Foreign Secretary Earl Russell" is Earl Russell), or ""."""
    if title in _NAMING_TITLES or title in _RULER_TITLES:
        return title
    last = title.rsplit(maxsplit=1)[-1] if title.strip() else ""
    return last if last in _SURNAME_PEERS else ""


def _paired(mention: _Mention, sentence: str, owners_of: dict[str, list[PersonFound]]) -> bool:
    """ "such men as Cromwell and Fairfax", "led by Hollis", "Woncheuk, Wonhyo, Uisang, Musang, and Kim
    Gyo-gak": a word paired or listed with a person, or one who leads."""
    joined = (re.search(r"\b([A-Z][a-z]+)\s+and\s+$", sentence[: mention.start])
              or re.match(r"\s+and\s+([A-Z][a-z]+)\b", sentence[mention.end:]))
    if (joined and len(owners_of.get(fold(joined.group(1)), [])) == 1) or _LED_BY.search(sentence[: mention.start]):
        return True
    for listed in _NAME_LIST.finditer(sentence):
        if listed.start() <= mention.start < listed.end():
            items = [i.strip() for i in re.split(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", listed.group(0))]
            known = {fold(f) for owners in owners_of.values() for p in owners for f in (p.name, *p.forms)}
            # a full name in the list, not a one-word form ("Saxony" of a duke, "Fujiwara" of a clan's member)
            return any(fold(item) in known for item in items if item and item != mention.text and " " in item)
    return False


_ITEM = r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2}"
_NAME_LIST = re.compile(rf"{_ITEM}(?:,\s+{_ITEM}){{2,}},?\s+(?:and|or)\s+{_ITEM}")  # three or more, then "and"


def _kin_or_office(role: str) -> bool:
    return bool(re.match(rf"(?:{_ROLE_NOUNS}|{_KIN}|mayor)(?:e?s)?\b", role)
                or re.search(rf"\b(?:{_ROLE_NOUNS}|{_KIN}|mayor)(?:e?s)?$", role))


def _described(mention: _Mention, sentence: str, kin_or_office: bool) -> bool:
    """ "His son-in-law, Berthier, …", "Hulin, an officer leading the guards, …", "the general Denikin": a
    surname alone is a person when the text says what they are (not "the barrier of Passy, the mayor, …")."""
    word = mention.text.split()[-1]
    appositive = bool(_PERSON_APPOSITIVE.match(sentence[mention.end:])) and not _PLACE_BEFORE.search(
        sentence[: mention.start])
    return (kin_or_office or appositive) and not is_place(word) and word not in COMMON


def _merge_same_names(people: list[PersonFound]) -> list[PersonFound]:
    """One person for each name, however it was found ("Fath-Ali Shah" by its title, "Fath Ali Shah" by its
    words): the first keeps the others' forms, roles and titles."""
    by_key: dict[str, PersonFound] = {}
    out: list[PersonFound] = []
    for person in people:
        first = by_key.get(fold(person.name))
        if first is None:
            by_key[fold(person.name)] = person
            out.append(person)
            continue
        first.forms += [f for f in person.forms if f not in first.forms]
        first.roles += [r for r in person.roles if r not in first.roles]
        first.titles |= person.titles
        first.titled = first.titled or person.titled
    return out


def _drop_shared_forms(people: list[PersonFound]) -> None:
    """A form two people share ("York" of Elizabeth of York and of the Duke of York) is an alias of neither."""
    count: dict[str, int] = {}
    for person in people:
        for key in {fold(f) for f in person.forms if f != person.name}:
            count[key] = count.get(key, 0) + 1
    names = {fold(p.name) for p in people}
    for person in people:
        person.forms = [f for f in person.forms if f == person.name or (
            count.get(fold(f), 0) <= 1 and fold(f) not in names)]


# Titles that are part of how a person is named when only a surname follows ("Lord Stanley", "Father Brown").
_NAMING_TITLES = frozenset("Lord Lady Father Sir Dame Saint".split())
_GIVEN_NAME_TITLES = frozenset("Sir Dame".split())  # titles said with the given name ("Sir William")
# Peers known by title and surname or seat ("Earl Russell", "Count Bernstorff"), the title part of the name
_SURNAME_PEERS = frozenset("Earl Count Countess Baron Baroness Viscount Viscountess Marquess Marquis".split())
# Ruler's titles a one-word name is known by ("Dey Omar", "Sultan Selim").
_RULER_TITLES = frozenset("Dey Bey Pasha Emir Sheikh Sultan Shah Rajah Maharaja Nawab Khan Caliph".split())
# Titles that "of" a place names one person ("the Duke of Norfolk", "the Bishop of London").
_PEER_TITLES = ("Duke", "Duchess", "Earl", "Countess", "Count", "Marquis", "Marquess", "Marchioness", "Viscount",
                "Viscountess", "Baron", "Baroness", "Archbishop", "Bishop", "Prince", "Princess", "Elector",
                "Dauphin", "Margrave", "Landgrave", "Sheriff", "Dean", "Abbot", "Prior")
# Those whose place also serves as the holder's name ("Norfolk attacked").
_TERRITORIAL = frozenset("Duke Duchess Earl Countess Count Marquis Marquess Viscount Baron".split())
_PLACE_WORD = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
_PEER_RX = "|".join(_PEER_TITLES)
_PEER = re.compile(rf"\b(?P<t>{_PEER_RX})(?P<pl>s)?\s+[oO]f\s+(?P<x>{_PLACE_WORD})\b(?!\s+[A-Z])"
                   rf"(?P<more>(?:,\s+{_PLACE_WORD})*,?\s+and\s+{_PLACE_WORD}\b)?")
_STYLED = re.compile(rf",\s+(?:(?P<the>the)\s+)?(?:\d+(?:st|nd|rd|th)\s+)?"
                     rf"(?P<t>{_PEER_RX}|King|Queen|Emperor|Empress)\s+(?:of\s+)?"
                     rf"(?P<x>{_PLACE_WORD})\b")
_HOLDER = re.compile(rf"(?P<h>[A-Z][a-z]+(?:[-\s](?:(?:{_CONNECT})\s+)?[A-Z][a-z]+)*(?:\s+[IVX]+)?)$")


def _add_peers(people: list[PersonFound], sentences: list[str]) -> None:
    """People named by a title of a place: "Henry Stafford, 2nd Duke of Buckingham" (a form of Henry Stafford),
    "Manuel, Duke of Beja", "the Duke of Norfolk", "the Earls of Shrewsbury, Danby, and Devonshire"."""
    def holder_of(style: str) -> PersonFound | None:
        return next((p for p in people if style in p.forms or p.name == style), None)

    for at, sentence in enumerate(sentences):
        for m in _STYLED.finditer(sentence):
            holder = _HOLDER.search(sentence[: m.start()])
            if holder is None:
                continue
            name = holder.group("h")
            words = name.split()
            while words and (words[0] in COMMON or words[0] in DEMONYMS or words[0] in _TITLE_PARTS):
                words = words[1:]  # "British Prime Minister Thomas Pelham-Holles"
            if not words or _not_a_person(words, "", "") is not None:
                continue
            style = f"{m.group('t')} of {m.group('x')}" if " of " in m.group(0) else f"{m.group('t')} {m.group('x')}"
            forms = [style] + ([m.group("x")] if m.group("t") in _TERRITORIAL else [])
            owner = next((p for p in people if fold(" ".join(words)) in {fold(f) for f in [p.name, *p.forms]}), None)
            if m.group("the") and (owner is None or " of " not in m.group(0) or re.match(
                    r",?\s+(?:and|or)\b", sentence[m.end():])):
                continue  # "Stephen Langton, the Archbishop of Canterbury,": only a known person, not in a list
            if owner is None or len(words) == 1:
                full = f"{' '.join(words)}, {style}"
                owner = PersonFound(full, [full] + ([" ".join(words)] if len(words) > 1 else []), first_at=at)
                owner.roles.append(style)
                people.append(owner)
            for form in forms:
                if form not in owner.forms:
                    owner.forms.append(form)
        for m in _PEER.finditer(sentence):
            title = m.group("t")
            places = [m.group("x")]
            if m.group("pl"):
                if not m.group("more"):
                    continue
                places += re.findall(_PLACE_WORD, m.group("more"))
            for place in places:
                if place in COMMON or place in DEMONYMS:
                    continue
                style = f"{title} of {place}"
                if holder_of(style) is not None:
                    continue
                person = PersonFound(style, [style] + ([place] if title in _TERRITORIAL else []), first_at=at,
                                     titled=True)
                person.roles.append(style)
                person.review.append(f"{style!r} is a title: check that it names one person here")
                people.append(person)


_TITLE_PARTS = frozenset(w for t in _TITLES for w in t.split())
_ADMINISTRATION = re.compile(r"\bthe\s+(?P<a>[A-Z][a-z]+)\s+(?:administration|presidency)\b"
                             r"|\badministrations\s+(?:from|of)\s+(?P<b>[A-Z][a-z]+)\s+(?:through|to|and)\s+"
                             r"(?P<c>[A-Z][a-z]+)\b")


def _add_administrations(people: list[PersonFound], sentences: list[str]) -> None:
    """Leaders named only through their administration ("the Eisenhower administration")."""
    for at, sentence in enumerate(sentences):
        for m in _ADMINISTRATION.finditer(sentence):
            for name in (m.group("a"), m.group("b"), m.group("c")):
                # "the Lincoln administration": a town's name too, but no town has an administration
                if not name or name in COMMON or name in DEMONYMS or (name.lower() in major_places() and name not in {
                        t for p in people for t in p.tokens}):
                    continue
                owners = [p for p in people if fold(name) in {fold(t) for t in p.tokens}
                          or fold(name) in {fold(f) for f in p.forms}]
                if owners:
                    if len(owners) == 1 and name not in owners[0].forms:
                        owners[0].forms.append(name)
                    continue
                person = PersonFound(name, [name], first_at=at)
                person.roles.append("head of an administration")
                person.review.append(f"{name!r} is named only through an administration")
                people.append(person)


# Offices one person holds at a time, said bare ("the Queen", "the dauphin") for someone the text may never name.
_BARE_TITLES = ("King", "Queen", "Dauphin", "Pope", "Emperor", "Empress", "Tsar", "Tsarina", "Czar", "Kaiser",
                "Sultan", "Dey", "Pasha", "Shah", "Bey", "Emir", "Khedive")
_BARE = re.compile(rf"\b[Tt]he\s+(?P<t>{'|'.join(_BARE_TITLES)}|{'|'.join(t.lower() for t in _BARE_TITLES)})\b"
                   r"(?![’']s?\s+(?:men|army|forces|court|party|council|ministers)\b)(?!\s+(?:of|and)\b)(?!\s+[A-Z])")
ONCE_ENOUGH = 2  # how often a lone given name must be said, with nothing else to show it is a person
BARE_TITLE_TIMES = 2  # how often a bare title must be said to stand for a person


def _add_bare_titles(people: list[PersonFound], sentences: list[str]) -> None:
    """A bare title said again and again ("the Queen"): an alias of the one person the text gives that title,
    a person of its own when the text gives it to no one, and nothing when several hold it."""
    said: dict[str, list[int]] = {}
    for at, sentence in enumerate(sentences):
        for m in _BARE.finditer(sentence):
            said.setdefault(m.group("t").capitalize(), []).append(at)
    for title, ats in said.items():
        if len(ats) < BARE_TITLE_TIMES:
            continue
        holders = [p for p in people if title in p.titles or any(
            re.match(rf"{title}\b", f) or re.search(rf",\s+{title}\s+of\b", f) or f.startswith(f"{title} of ")
            for f in [p.name, *p.forms])]
        form = f"the {title}"
        if len(holders) == 1:
            if form not in holders[0].forms:
                holders[0].forms.append(form)
        elif not holders and not any(re.search(rf"\b{title}\s+of\s+[A-Z]", x) for x in sentences):
            # no one holds it, not even someone the text names only as "the Queen of Scots"
            person = PersonFound(form, [form], first_at=ats[0], titled=True)
            person.roles.append(title.lower())
            person.review.append(f"{form!r} is named only by a title: check that it is one person")
            people.append(person)


# "Catholicism", "Kingship", "Sovereignty": the endings of abstract nouns, which no one's name has
_ABSTRACT_END = re.compile(r"(?:ism|ship|ness|hood|dom|ity|tion|sion)$")
_DEMONYM_END = re.compile(r"(?:ese|ians|ans|ists|ites|ards|ish|ics)$")
_MOTION_TO = re.compile(r"(?i)\b(?:go|went|gone|going|sent|fled|marched|sailed|rode|returned|retreated|moved|came|"
                        r"travelled|traveled|escaped|withdrew)\s+(?:back\s+)?(?:to|into|towards?)\s+$")


_LED_BODY = re.compile(r"\s+(?:government|administration|regime|cabinet|ministry|presidency)\b")
# "the Goryeo dynasty", "the Silla army", "the Ming court": a word said of a realm, a dynasty or a people
_REALM_OF = re.compile(r"\b([A-Z][\w’'-]+)\s+(?:[Dd]ynasty|[Kk]ingdom|[Ee]mpire|[Pp]eriod|[Ee]ra|[Ss]ultanate|"
                       r"[Cc]aliphate|"
                       r"[Kk]hanate|[Ss]hogunate|[Cc]ourt|[Aa]rmy|[Nn]avy|[Ff]orces|[Tt]roops|[Rr]ule|[Ss]tate|"
                       r"[Cc]apital|[Cc]lan|[Tt]ribe|[Pp]eople|[Cc]ulture|[Ss]ociety|[Rr]ealm|[Cc]onfederacy|"
                       r"[Ff]ederation|[Rr]epublic)\b")


# a deed after a name: an active verb that is not "to be" or "to have" ("Acheson outlined", "Khrushchev's memoirs")
_DEED = re.compile(r"^(?:[’']s\s|\s+(?!(?:was|were|is|are|had|has|have|became|remained|seemed)\b)"
                   rf"(?:[a-z]+ed|{IRREGULAR_PAST})\b)")


def _not_single_people(singles: list[_Mention], sentences: list[str],
                       owners_of: dict[str, list[PersonFound]]) -> set[str]:
    """One-word names that are not people however they act: peoples and followers by their suffix
    ("Congolese", "Belgians", "Jacobites"), families ("the Tudors" beside "Tudor"), words seen only at the
    start of a sentence ("Having", "Originally"), words after "the", and places someone goes to."""
    out: set[str] = set()
    inside: set[str] = set()
    lower = set(re.findall(r"(?<![\w’'])[a-z][a-z]+\b", " ".join(sentences)))  # the text's lowercase words
    for m in singles:
        sentence = sentences[m.at]
        before = sentence[: m.start]
        key = fold(m.text)
        if before.strip() and not re.search(r"[‘“\"(]\s*$|^\W*$", before):  # a quotation opens a sentence too
            inside.add(key)
        if not m.title and re.search(r"\b(?:at|near)\s+$", before) and not re.match(r"[’']s\b", sentence[m.end:]):
            out.add(key)  # "met the rebels at Runnymede": a place, however it acts elsewhere
        if m.title:
            continue
        after_the = re.search(r"(?i)\bthe\s+(?:(?P<adj>[A-Z][a-z]+)\s+)?$", before)
        if after_the and after_the.group("adj") and after_the.group("adj") not in DEMONYMS:
            after_the = None  # "the Spanish Armada" is a thing; "the Queen Mary" is not said of a person
        if after_the and _LED_BODY.match(sentence[m.end:]):
            after_the = None  # "the Kerensky government": a body named after the person who led it
        if _DEMONYM_END.search(m.text) or _ABSTRACT_END.search(m.text) or after_the or _MOTION_TO.search(before):
            out.add(key)
        if m.text.endswith("s") and (fold(m.text[:-1]) in owners_of or fold(m.text[:-2]) in owners_of):
            out.add(key)
    # a participle or an adverb that starts a sentence ("Having…", "Originally…")
    out |= {fold(m.text) for m in singles if fold(m.text) not in inside and not m.title
            and re.search(r"(?:ing|ly|ed)$", m.text)}
    # a word capitalised only where a sentence starts, that the text also writes in lowercase ("Take heed",
    # "Disputes arose"): a common word
    out |= {fold(m.text) for m in singles if fold(m.text) not in inside and not m.title and m.text.lower() in lower}
    # a word said once, only at the start of a sentence, that no list knows as a given name and that does
    # nothing a person does ("Polygamy was …"; not "Acheson outlined his policy")
    said = Counter(fold(m.text) for m in singles)
    out |= {fold(m.text) for m in singles if fold(m.text) not in inside and not m.title and said[fold(m.text)] == 1
            and not given_name(m.text) and not m.role and not _PERSON_APPOSITIVE.match(sentences[m.at][m.end:])
            and not _DEED.match(sentences[m.at][m.end:])}
    text = " ".join(sentences)
    out |= {fold(w) for w in _REALM_OF.findall(text)} - {fold(p) for p in owners_of}
    return out


def _reign_name(words: list[str]) -> bool:
    """ "the Chongzhen Emperor", "the Meiji Emperor": an emperor known by his reign's name."""
    return len(words) == 2 and words[1] in ("Emperor", "Empress") and words[0] not in _TITLE_PARTS \
        and words[0] not in COMMON and words[0] not in DEMONYMS and not is_place(words[0])


def _name_shaped(mention: _Mention, tokens: list[str], acting: set[str]) -> bool:
    """A run of several name words is a person's name when it has a title, a middle initial or a roman
    numeral, starts with a given name, follows a role ("leader Syngman Rhee"), or when it or its last word
    acts like a person somewhere in the text."""
    if mention.title or mention.role or any(_initial(t) for t in tokens[1:-1]) or re.fullmatch(r"[IVX]+", tokens[-1]):
        return True
    if given_name(tokens[0]) or _reign_name(tokens) or tokens[0] in _HONORIFICS:
        return True
    if len(tokens) == 3 and tokens[1] == "the" and tokens[2] in _EPITHETS:  # "Xicotencatl the Elder"
        return True
    return bool({fold(mention.text), fold(tokens[0]), fold(tokens[-1])} & acting)


# What a person is called by after "the" ("Xicotencatl the Younger", "Ivan the Terrible"); no place or thing is.
_EPITHETS = frozenset("""Elder Younger Great Magnificent Conqueror Confessor Bold Good Wise Pious Fair Bald Fat Lame
Simple Tall Unready Just Terrible Navigator Lawgiver Lionheart Venerable Builder Hammer Martyr Apostate Impaler Cruel
Brave Fearless Grim Magnanimous Liberator Illustrious Blessed Restorer Peaceful Victorious Deacon
Lion Saint Black Red White Old Young Child Learned Steadfast Strong Proud Peacemaker""".split())
_HONORIFICS = frozenset("U Daw Thakin Sao".split())  # Burmese honorifics, part of the name ("U Nu")


def _add_form(people: list[PersonFound], mention: _Mention, *, titled: bool) -> None:
    words = [t for t in mention.text.split() if not _initial(t)]
    mine = fold(" ".join(words)).split()  # "Fath-Ali Shah" and "Fath Ali Shah Qajar" share their words
    for person in people:
        theirs = fold(" ".join(person.tokens)).split()
        if _subsequence(mine, theirs) or _subsequence(theirs, mine):
            if len(mention.text.split()) > len(person.name.split()) or (
                    _subsequence(theirs, mine) and len(mine) > len(theirs)):
                person.forms.append(person.name)
                person.name = mention.text
            _note_form(person, mention.text, mention)
            person.titled = person.titled or titled
            if mention.title:
                person.titles.add(mention.title)
            return
    person = PersonFound(mention.text, [mention.text], titled=titled, first_at=mention.at)
    if mention.title:
        person.titles.add(mention.title)
    if mention.role:
        person.roles.append(mention.role)
    people.append(person)


def _note_form(person: PersonFound, form: str, mention: _Mention) -> None:
    if form not in person.forms:
        person.forms.append(form)
    if mention.title:
        person.titles.add(mention.title.split(" of ")[0])
    if mention.role:
        person.roles.append(mention.role)
    person.first_at = min(person.first_at, mention.at)


def _subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return bool(short) and all(any(s == t for t in it) for s in short)


def _finish(person: PersonFound, people: list[PersonFound]) -> None:
    """Aliases: the other forms, and the surname alone when no one else shares it and it is no place."""
    words = person.tokens
    forms = {fold(f) for f in person.forms}
    if len(words) > 1:
        short_first = fold(words[0]) in forms  # "Kim", "Mao": the family name comes first
        surname = words[0] if short_first else words[-1]
        if surname in ("Jr.", "Sr.") and len(words) > 2:
            surname = words[-2]
        shared = [p for p in people if p is not person and fold(surname) in {fold(t) for t in p.tokens}]
        regnal = bool(re.fullmatch(r"[IVX]+", words[-1])) or " the " in person.name or (
            " of " in person.name and not re.match(rf"(?:{'|'.join(_TERRITORIAL)}) of ", person.name))
        realm = re.fullmatch(r"(.+ [IVX]+) of [A-Z].*", person.name)
        if realm and fold(realm.group(1)) not in forms and not any(
                p is not person and fold(realm.group(1)) in {fold(f) for f in (p.name, *p.forms)} for p in people):
            person.forms.append(realm.group(1))  # "Henry IV" of "Henry IV of France"
        if not shared and not regnal and words[0] not in _HONORIFICS and surname not in _RULER_TITLES and \
                surname not in _TITLE_PARTS and surname.lower() not in major_places() and \
                surname not in COMMON and \
                fold(surname) not in forms and surname[:1].isupper():  # not "ad-Din" of "Nur ad-Din"
            person.forms.append(surname)


def all_forms(person: PersonFound) -> list[str]:
    """The name and every alias, distinct by fold, the name first."""
    out: list[str] = []
    seen: set[str] = set()
    for form in [person.name, *person.forms]:
        key = form.casefold()
        if key and key not in seen:
            seen.add(key)
            out.append(form)
    return out
