"""Cards as an Anki deck: a member's study cards or a whole pack's, written as an ``.apkg`` with genanki.

Every id is stable: a note's GUID comes from its card key, so importing a newer export updates the notes
instead of adding copies; the note type's id is fixed and the deck's comes from ``deck_key``. Every field
is HTML-escaped (a fact may hold ``<script>``), and tags are made valid for Anki (no spaces).
"""

from __future__ import annotations

import hashlib
import html
import io
import itertools
import re
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Sequence
from difflib import get_close_matches
from pathlib import Path

import genanki

from facts.errors import BadInput, NotFound
from facts.scope import Scope
from facts.store import FactStore
from facts.study.cards import Card, card_of, keys_of
from facts.study.storage import StudyStorage

MODEL_NAME = "Chronicle study card"
MODEL_KEY = "chronicle-study-card-v1"  # change it with the fields or templates: Anki keys a note type by id
FIELDS = ("Question", "About", "Answer", "Date", "Detail", "Quote", "Source")
FRONT = '<div class="question">{{Question}}</div>{{#About}}<div class="about">{{About}}</div>{{/About}}'
BACK = ('{{FrontSide}}<hr id="answer"><div class="answer">{{Answer}}</div>'
        '{{#Date}}<div class="date">{{Date}}</div>{{/Date}}'
        '{{#Detail}}<div class="detail">{{Detail}}</div>{{/Detail}}'
        '{{#Quote}}<blockquote>{{Quote}}</blockquote>{{/Quote}}'
        '{{#Source}}<div class="source">{{Source}}</div>{{/Source}}')
CSS = (".card { font-family: sans-serif; font-size: 20px; text-align: center; }\n"
       ".about, .answer { font-weight: bold; }\n.date, .source { color: #666; font-size: 16px; }\n"
       "blockquote { font-style: italic; text-align: left; }")
_NOT_IN_TAGS = re.compile(r'[\s"\x00-\x1f\x7f]+')  # Anki splits tags on spaces and drops controls and quotes


def stable_id(text: str) -> int:
    """An id in the range genanki recommends (2**30 to 2**31), the same for the same text on every run."""
    digest = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")
    return (1 << 30) + digest % (1 << 30)


def tag(text: str) -> str:
    return _NOT_IN_TAGS.sub("_", text.strip()) or "blank"


def field(text: str | None) -> str:
    """``text`` as Anki field HTML: escaped, newlines as <br>."""
    return html.escape(text or "").replace("\r\n", "\n").replace("\n", "<br>")


def _note(model: genanki.Model, card: Card) -> genanki.Note:
    quote = card.quote.text if card.quote else None
    source = f"{card.source}, paragraph {card.quote.paragraph}" if card.quote else card.source
    values = (card.question, card.about, card.answer, card.when, card.detail, quote, source)
    return genanki.Note(model=model, fields=[field(v) for v in values], guid=genanki.guid_for(str(card.key)),
                        tags=[tag(card.key.pack), tag(str(card.key.kind))])


def deck(cards: Sequence[Card], *, title: str, deck_key: str) -> bytes:
    """The cards as an ``.apkg`` file's bytes: one note per card in a deck named ``title``."""
    if not cards:
        raise BadInput(f"There are no cards to export for “{title}”: the deck would be empty.")
    model = genanki.Model(stable_id(MODEL_KEY), MODEL_NAME, fields=[{"name": f} for f in FIELDS],
                          templates=[{"name": "Card", "qfmt": FRONT, "afmt": BACK}], css=CSS)
    anki_deck = genanki.Deck(stable_id(f"chronicle-deck:{deck_key}"), title)
    for card in cards:
        anki_deck.add_note(_note(model, card))
    # Package.write_to_file leaves its SQLite file behind in the temp folder; this writes it in one we remove.
    now = time.time()  # notes newer than the ones imported before, so Anki takes the update
    with tempfile.TemporaryDirectory(prefix="chronicle-anki-") as folder:
        collection = Path(folder) / "collection.anki2"
        conn = sqlite3.connect(collection)
        try:
            genanki.Package(anki_deck).write_to_db(conn.cursor(), now, itertools.count(int(now * 1000)))
            conn.commit()
        finally:
            conn.close()
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as apkg:
            apkg.write(collection, "collection.anki2")
            apkg.writestr("media", "{}")
    return out.getvalue()


def filename_for(title: str) -> str:
    """A safe file name for a deck: ``korean-war.apkg``."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")[:60].strip("-")
    return f"{slug or 'deck'}.apkg"


async def pack_cards(store: FactStore, pack: str) -> list[Card]:
    """Every card the pack offers, in the order members meet them."""
    if pack not in store.sources:
        raise NotFound(f"There is no pack named {pack!r}.", tuple(get_close_matches(pack, store.sources, n=3)))
    cards = [await card_of(store, key) for key in await keys_of(store, Scope(frozenset({pack})))]
    return [c for c in cards if c is not None]


async def member_cards(storage: StudyStorage, guild_id: int, member_id: int) -> list[Card]:
    """The member's cards in the server (not the suspended ones), in the order they met them."""
    cards = [await card_of(storage.store, key) for key in await storage.member_keys(guild_id, member_id)]
    return [c for c in cards if c is not None]
