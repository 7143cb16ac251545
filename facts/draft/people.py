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
from dataclasses import dataclass, field

import gender_guesser.detector

from facts.draft.places import (
    COMMON,
    DEMONYMS,
    DIRECTIONS,
    NOT_PERSON_BEFORE,
    ORG_WORDS,
    is_place,
    major_places,
)
from facts.text import fold

# Titles, longest first; what they become in a role.
_TITLES = [
    "Lieutenant Colonel", "Lt. Colonel", "Lt. Col.", "Lieutenant General", "Lt. Gen.", "Lt. General", "Major General",
    "Maj. Gen.", "Brigadier General", "Brig. Gen.", "Rear Admiral", "Vice Admiral", "Field Marshal", "Prime Minister",
    "Vice President", "Secretary of State", "Secretary of War", "Secretary of Defense", "Chief Justice",
    "Attorney General", "Foreign Minister", "Grand Duke", "Crown Prince", "Holy Roman Emperor",
    "Colonel", "Col.", "General", "Gen.", "Lieutenant", "Lt.", "Major", "Maj.", "Captain", "Capt.", "Sergeant", "Sgt.",
    "Corporal", "Cpl.", "Private", "Pvt.", "Admiral", "Adm.", "Commodore", "Commander", "Cmdr.", "Marshal",
    "President", "Pres.", "Premier", "Chancellor", "Senator", "Sen.", "Congressman", "Congresswoman",
    "Representative", "Rep.", "Governor", "Gov.", "Mayor", "Judge", "Justice", "Ambassador", "Secretary", "Minister",
    "Chairman", "King", "Queen", "Emperor", "Empress", "Prince", "Princess", "Duke", "Duchess", "Earl", "Count",
    "Countess", "Baron", "Baroness", "Lord", "Lady", "Sir", "Dame", "Pope", "Cardinal", "Archbishop", "Bishop",
    "Father", "Rev.", "Reverend", "Dr.", "Mr.", "Mrs.", "Ms.", "Miss", "Professor", "Prof.", "Tsar", "Czar",
    "Tsarina", "Kaiser", "Sultan", "Shah", "Caliph", "Pharaoh", "Generalissimo", "Marquis", "Viscount",
]
_TITLE_RX = "|".join(re.escape(t) for t in _TITLES)
_CONNECT = r"(?:de|da|di|du|del|della|van|von|der|den|la|le|bin|ibn|al|el|y|ten|ter|zu|of)"
_WORD = r"(?:[A-Z]['’][A-Z][a-z]+|[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:-[A-Za-z][a-z]+)*(?![’'][a-rt-z])|[A-Z]\.|[IVX]{1,4}\b)"
_NAME_RUN = re.compile(
    rf"(?P<title>(?:(?:{_TITLE_RX})\s+)+)?"
    rf"(?P<name>{_WORD}(?:\s+[\"“][A-Z][a-z]+[\"”])?(?:\s+(?:{_CONNECT}\s+)?{_WORD}(?:\s+[\"“][A-Z][a-z]+[\"”])?)*"
    rf"(?:\s+the\s+[A-Z][a-z]+\b)?(?:,?\s+(?:Jr\.|Sr\.))?)"
)
_ROLE_NOUNS = (r"leader|president|general|colonel|commander|chief|king|queen|emperor|minister|secretary|premier|"
               r"chairman|dictator|ruler|ambassador|envoy|diplomat|officer|admiral|senator|governor|historian|"
               r"writer|author|journalist|reporter|spokesman|advisor|adviser|aide|strategist|scientist|physicist|"
               r"general|marshal|chancellor|director|head|founder|revolutionary|activist|statesman|politician|"
               r"explorer|missionary|priest|bishop|pope|prince|princess|duke|lord|soldier|pilot|captain|judge")
_BEFORE_ROLE = re.compile(rf"(?<![\w-])((?:[A-Z][a-z]+\s+)?(?:{_ROLE_NOUNS}))\s+$")
_PAREN_ROLE = re.compile(r"^\s*\(([^()]{3,80})\)")
_APPOSITIVE = re.compile(r"^,\s+((?:the|a|an)\s+[^,;()]{3,80}?)(?:,|;|\.|$)")
_PAST = re.compile(r"^\s+(?:had\s+|also\s+|then\s+|later\s+|never\s+|once\s+|evidently\s+|probably\s+)?"
                   r"([a-z]+ed|said|told|wrote|went|took|gave|made|sent|met|saw|became|led|ran|won|lost|fought|"
                   r"thought|knew|began|came|left|held|kept|felt|found|brought|spoke|chose|rose|fell|sought|"
                   r"stood|was|had|did|sat|struck|drew|flew|swore|forbade|bore|hoped|feared|believed|died|"
                   r"says|argues|writes|claims|notes|asks|wants|tells|meets|visits|is|has)\b")
_POSSESSIVE_NOUN = re.compile(r"^[’']s\s+(?:own\s+)?(?:[a-z]+\s+)?(?:memoirs?|wife|husband|son|daughter|father|"
                              r"mother|brother|sister|family|death|birth|life|career|reign|rule|idea|plan|"
                              r"policy|government|administration|troops|army|forces|men|speech|letter|"
                              r"failure|decision|order|orders|view|views|words|presidency|cabinet|staff|"
                              r"regime|party|election|successor|predecessor|aide|aides|advisers|advisors|"
                              r"friend|friends|ally|allies|rival|rivals|book|diary|papers|account)\b")


@dataclass
class PersonFound:
    """One person as the text names them."""

    name: str
    forms: list[str] = field(default_factory=list)  # every form seen, titles stripped
    roles: list[str] = field(default_factory=list)
    titled: bool = False
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
            # a sentence's first word is capitalised anyway: drop it when it is a common word
            while tokens and (tokens[0] in COMMON or tokens[0].rstrip(".") in COMMON) and not title:
                start = sentence.index(tokens[0], start) + len(tokens[0])
                tokens = tokens[1:]
            while tokens and _initial(tokens[-1]) and len(tokens) > 1:
                tokens = tokens[:-1]  # "U.S." or a sentence-final initial is not part of a name
            if not tokens or all(_initial(t) or re.fullmatch(r"[IVX]+", t) for t in tokens):
                continue
            name = " ".join(tokens)
            start = sentence.find(tokens[0], start)
            end = start + len(name) if sentence[start:start + len(name)] == name else end
            before, after = sentence[:start], sentence[end:]
            role = _role(before if not title else before[: before.rfind(title)] if title in before else before, after)
            if title and not role:
                role = title
            elif title:
                role = f"{role}; {title}" if title.lower() not in role.lower() else role
            person_like = bool(_PAST.match(after) or _POSSESSIVE_NOUN.match(after))
            out.append(_Mention(name, title, at, start, end, role, person_like))
    return out


def _role(before: str, after: str) -> str:
    paren = _PAREN_ROLE.match(after)
    if paren and not re.search(r"\d{3,4}", paren.group(1)):
        return " ".join(paren.group(1).split())
    pre = _BEFORE_ROLE.search(before)
    if pre:
        words = pre.group(1).split()
        while words and words[0].lower() in ("the", "a", "an", "and", "with", "by", "of", "to", "that", "when",
                                             "former", "then", "his", "her", "their", "its"):
            words = words[1:]
        if words:
            return " ".join(words)
    appositive = _APPOSITIVE.match(after)
    if appositive:
        return " ".join(appositive.group(1).split())
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
    if words[0] in _TITLE_WORDS:
        return "a title, not a name"
    if title:
        return None
    if words[0] in DIRECTIONS or words[0] in DEMONYMS or words[-1] in DEMONYMS:
        return "a place or a people"
    if re.search(r"\b(?:the|The)\s+$", before) and len(words) > 1:
        return "a name after 'the' (a thing, not a person)"
    if places and is_place(" ".join(words)):
        return "a place"
    if len(words) > 1 and any(is_place(w) and w in _COUNTRY_LIKE for w in words):
        return "a place"
    return None


_TITLE_WORDS = frozenset(t for t in _TITLES if " " not in t and not t.endswith("."))
_COUNTRY_LIKE = frozenset("Korea China Japan Russia America Germany France Britain England Vietnam India".split())


def find_people(sentences: list[str]) -> list[PersonFound]:
    """The people ``sentences`` name, in the order they are first named."""
    found = mentions(sentences)
    acting = {fold(m.text) for m in found if m.person_like}  # names that act like a person somewhere
    acting_single = {fold(m.text) for m in found if m.person_like and len(m.text.split()) == 1
                     and not _PLACE_BEFORE.search(sentences[m.at][: m.start])}
    people: list[PersonFound] = []
    singles: list[_Mention] = []
    for mention in found:
        tokens = mention.text.split()
        sentence = sentences[mention.at]
        why = _not_a_person(tokens, sentence[: mention.start], mention.title, places=len(tokens) > 1)
        if why is not None:
            continue
        words = [t for t in tokens if not _initial(t)]
        if len(words) == 1 and not (mention.title and len(tokens) > 1):
            singles.append(mention)
            continue
        if not _name_shaped(mention, tokens, acting):
            continue
        _add_form(people, mention, titled=bool(mention.title))
    # single words: a form of a known name, a titled name, or a word acting like a person
    owners_of: dict[str, list[PersonFound]] = {}
    for person in people:
        for token in {fold(t) for t in person.tokens}:
            owners_of.setdefault(token, []).append(person)
    by_name = {fold(p.name): p for p in people}
    for mention in singles:
        word = mention.text.split()[-1]
        owners = owners_of.get(fold(word), [])
        if len(owners) == 1:
            _note_form(owners[0], mention.text, mention)
            continue
        if owners:
            continue  # "Adams" when the text names two Adamses: not an alias of either
        same = by_name.get(fold(mention.text))
        if same is not None:
            _note_form(same, mention.text, mention)
            continue
        acts = fold(mention.text) in acting_single
        if (mention.title or acts) and not is_place(word):
            person = PersonFound(mention.text, [mention.text], first_at=mention.at, titled=bool(mention.title))
            if mention.role:
                person.roles.append(mention.role)
            if not mention.title:
                person.review.append(f"{mention.text!r} is named by one word only: it might not be a person")
            people.append(person)
            by_name[fold(person.name)] = person
    people.sort(key=lambda p: p.first_at)
    for person in people:
        _finish(person, people)
    return people


def _name_shaped(mention: _Mention, tokens: list[str], acting: set[str]) -> bool:
    """A run of several name words is a person's name when it has a title, a middle initial or a roman
    numeral, starts with a given name, follows a role ("leader Syngman Rhee"), or when it or its last word
    acts like a person somewhere in the text."""
    if mention.title or mention.role or any(_initial(t) for t in tokens[1:-1]) or re.fullmatch(r"[IVX]+", tokens[-1]):
        return True
    if given_name(tokens[0]):
        return True
    return bool({fold(mention.text), fold(tokens[0]), fold(tokens[-1])} & acting)


def _add_form(people: list[PersonFound], mention: _Mention, *, titled: bool) -> None:
    words = [t for t in mention.text.split() if not _initial(t)]
    for person in people:
        theirs = [fold(t) for t in person.tokens]
        mine = [fold(w) for w in words]
        if _subsequence(mine, theirs) or _subsequence(theirs, mine):
            if len(mention.text.split()) > len(person.name.split()) or (
                    _subsequence(theirs, mine) and len(mine) > len(theirs)):
                person.forms.append(person.name)
                person.name = mention.text
            _note_form(person, mention.text, mention)
            person.titled = person.titled or titled
            return
    person = PersonFound(mention.text, [mention.text], titled=titled, first_at=mention.at)
    if mention.role:
        person.roles.append(mention.role)
    people.append(person)


def _note_form(person: PersonFound, form: str, mention: _Mention) -> None:
    if form not in person.forms:
        person.forms.append(form)
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
        regnal = bool(re.fullmatch(r"[IVX]+", words[-1])) or " the " in person.name
        if not shared and not regnal and surname.lower() not in major_places() and surname not in COMMON and \
                fold(surname) not in forms:
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
