"""Which facts an answer shows, as the :class:`Subject` of its Report button (pure: answers in, subjects out),
and the facts behind a key as they are in the store now."""

from __future__ import annotations

from collections.abc import Iterable

from facts.answers import DateAnswer, OnThisDay, PersonAnswer, SearchAnswer, TimelinePage, WhenAnswer
from facts.errors import NotFound
from facts.models import Event, EventRef, Person
from facts.reports.models import EVENT_QUESTIONS, FactKind, Subject, Target, question_fact
from facts.store import FactStore

TRIVIA = "trivia"


def event_target(event: Event | EventRef, question: str | None = None) -> Target:
    return Target(FactKind.EVENT, event.key, event.title, event.when.label, question)


def person_target(person: Person, question: str | None = None) -> Target:
    return Target(FactKind.PERSON, person.key, person.name, None, question)


def _subject(context: str, targets: Iterable[Target]) -> Subject:
    return Subject(context, tuple(dict.fromkeys(targets)))


def of_date(answer: DateAnswer) -> Subject:
    return _subject("/date", (event_target(m.event) for m in answer.matches))


def of_person(answer: PersonAnswer) -> Subject:
    """The person first, then the events their answer lists with dates."""
    person = answer.person
    return _subject("/person", [person_target(person), *(event_target(e) for e in person.events)])


def of_when(answer: WhenAnswer) -> Subject:
    """The event asked about first, then the others the answer lists as also matching."""
    return _subject("/when", [event_target(answer.event), *(event_target(o) for o in answer.others)])


def of_on_this_day(answer: OnThisDay) -> Subject:
    return _subject("/onthisday", (event_target(a.event) for a in answer.items))


def of_timeline(page: TimelinePage) -> Subject:
    return _subject("/timeline", (event_target(i) for i in page.items))


def of_search(answer: SearchAnswer) -> Subject:
    """Events and people found (sentences of the document are the source itself, not facts to report)."""
    kinds = {"event": FactKind.EVENT, "person": FactKind.PERSON}
    return _subject("/search", (Target(kinds[h.kind], h.key, h.title) for h in answer.hits if h.kind in kinds))


async def fact(store: FactStore, kind: FactKind, key: str) -> Event | Person | None:
    """The fact as the store has it now, or None when it is no longer in the packs."""
    if kind is FactKind.EVENT:
        found = await store.events([key])
        return found[0] if found else None
    try:
        return await store.person_by_key(key)
    except NotFound:
        return None


async def target(store: FactStore, kind: FactKind, key: str) -> Target | None:
    """A target for the fact ``key`` as it is now (None when it is no longer in the packs)."""
    found = await fact(store, kind, key)
    if isinstance(found, Event):
        return event_target(found)
    if isinstance(found, Person):
        return person_target(found)
    return None


async def question_target(store: FactStore, question_key: str) -> Target | None:
    """The fact a trivia question is about, with the question: an event, or for "who" questions an event
    ("Who took part in this?") or a person ("Who is described like this?")."""
    parsed = question_fact(question_key)
    if parsed is None:
        return None
    kind, key = parsed
    kinds = (FactKind.EVENT,) if kind in EVENT_QUESTIONS else (FactKind.EVENT, FactKind.PERSON)
    for fact_kind in kinds:
        found = await fact(store, fact_kind, key)
        if isinstance(found, Event):
            return event_target(found, question_key)
        if isinstance(found, Person):
            return person_target(found, question_key)
    return None


async def of_question(store: FactStore, question_key: str) -> Subject:
    found = await question_target(store, question_key)
    return Subject(TRIVIA, (found,) if found else ())
