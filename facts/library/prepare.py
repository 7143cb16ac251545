"""Reading an upload: a document is drafted into a pack, a YAML pack is checked against its document. Pure
work on bytes (no database): the bot runs it in a worker thread."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from pathlib import PurePath

import yaml

from facts.errors import BadInput, PackError
from facts.library.limits import Quotas
from facts.library.models import DraftedEvent, Prepared
from facts.pack import Pack, parse_upload
from facts.seed import chronology

NAME = re.compile(r"^[a-z0-9][a-z0-9_]{0,31}$")
PACK_SUFFIXES = (".yaml", ".yml")
DOCUMENT_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf")
FIRST_EVENTS = 5


def checked_name(name: str) -> str:
    name = name.strip()
    if not NAME.match(name):
        raise BadInput(f"“{name[:40]}” can't name a pack: use up to 32 lowercase letters, digits and _.",
                       "cold_war_reading")
    return name


def name_from(filename: str) -> str:
    """A pack name from a file name ("Cold War — Reading 2.pdf" → "cold_war_reading_2"), within 32 characters."""
    from facts.draft import pack_name  # noqa: PLC0415 (the drafter loads only for uploads)

    name = pack_name(filename)[:32].strip("_")
    return name if NAME.match(name) else "draft"


def _size_checked(data: bytes, filename: str, limit: int, quotas: Quotas) -> None:
    if len(data) > limit:
        raise BadInput(f"{filename} is {quotas.size(len(data))}; a file may be at most {quotas.size(limit)}.")
    if not data.strip():
        raise BadInput(f"{filename} is empty.")


def prepare(data: bytes, filename: str, *, guild_id: int, name: str | None = None, title: str | None = None,
            citation: str | None = None, document: bytes | None = None, document_filename: str | None = None,
            quotas: Quotas | None = None) -> Prepared:
    """Read an upload into a :class:`Prepared` pack (stored by :meth:`PackLibrary.add`).

    Raises :class:`BadInput` for what cannot be read at all (size, format, no text); a YAML pack with
    problems comes back with them listed, so the member sees every one at once."""
    from facts.draft import draft_text, read_document  # noqa: PLC0415 (the parsers load only for uploads)

    quotas = quotas or Quotas()
    suffix = PurePath(filename).suffix.casefold()
    _size_checked(data, filename, quotas.file_bytes, quotas)
    if suffix in PACK_SUFFIXES:
        if document is None or document_filename is None:
            raise BadInput(f"{filename} is a pack: attach the document its quotes come from as document: too.")
        _size_checked(document, document_filename, quotas.file_bytes, quotas)
        try:
            pack_yaml = data.decode("utf-8")
        except UnicodeDecodeError:
            raise BadInput(f"{filename} is not UTF-8 text, so it can't be a YAML pack.") from None
        text = read_document(document, document_filename)
        _text_checked(text, document_filename, quotas)
        name = checked_name(name) if name else _name_in(pack_yaml) or name_from(filename)
        return _checked(Prepared(name, filename, pack_yaml, text, f"{name}.txt", None, drafted=False), guild_id)
    if suffix not in DOCUMENT_SUFFIXES:
        raise BadInput(f"{filename}: Chronicle reads .txt, .md, .html, .pdf documents and .yaml packs.")
    text = read_document(data, filename)
    _text_checked(text, filename, quotas)
    name = checked_name(name) if name else name_from(filename)
    draft = draft_text(text, name=name, title=title, citation=citation or filename)
    prepared = Prepared(name, filename, draft.pack_yaml, draft.document, f"{name}.txt", None, drafted=True,
                        summary=tuple(draft.summary.lines()), no_dates=draft.summary.no_dates)
    return _checked(prepared, guild_id)


def _text_checked(text: str, filename: str, quotas: Quotas) -> None:
    size = len(text.encode("utf-8"))
    if size > quotas.text_bytes:
        raise BadInput(f"The text of {filename} is {quotas.size(size)}; at most {quotas.size(quotas.text_bytes)} "
                       "of text can be drafted. Upload a chapter at a time.")


def _name_in(pack_yaml: str) -> str | None:
    """The ``pack:`` id a YAML pack gives itself, when it is a usable name."""
    try:
        data = yaml.safe_load(pack_yaml)
    except yaml.YAMLError:
        return None
    found = data.get("pack") if isinstance(data, dict) else None
    return found if isinstance(found, str) and NAME.match(found) else None


def _checked(prepared: Prepared, guild_id: int) -> Prepared:
    """The prepared upload validated with the same loader as every pack (problems listed, not raised)."""
    try:
        pack = parse_upload(prepared.pack_yaml, prepared.document, guild_id, prepared.name)
    except PackError as exc:
        return _with(prepared, problems=tuple(exc.problems))
    return _with(prepared, pack=pack, notes=pack.notes, summary=prepared.summary or summary_lines(pack),
                 first_events=first_events(pack), counts=counts(pack))


def _with(prepared: Prepared, **changes: object) -> Prepared:
    return replace(prepared, **changes)  # type: ignore[arg-type]


def counts(pack: Pack) -> dict[str, int]:
    by = Counter(e.span.precision.value if e.span else (e.relation or "undated") for e in pack.events)
    return {"events": len(pack.events), "people": len(pack.people),
            "figures": sum(len(e.figures) for e in pack.events), "review": len(pack.notes), **by}


def summary_lines(pack: Pack) -> tuple[str, ...]:
    """What a YAML pack holds, in the words of a draft's summary."""
    found = counts(pack)
    by = ", ".join(f"{n} {p}" for p, n in found.items() if p not in ("events", "people", "figures", "review"))
    return (f"{found['events']} events" + (f" ({by})" if by else ""), f"{found['people']} people",
            f"{found['figures']} figures", f"{found['review']} marked for review")


def first_events(pack: Pack, limit: int = FIRST_EVENTS) -> tuple[DraftedEvent, ...]:
    titles = {e.id: e.title for e in pack.events}
    out = []
    for event, _ in chronology(pack.events)[:limit]:
        if event.span is not None:
            date = event.span.label
        elif event.anchor is not None:
            date = f"{event.relation} “{titles.get(event.anchor, event.anchor)}”"
        else:
            date = "undated"
        out.append(DraftedEvent(event.title, date))
    return tuple(out)
