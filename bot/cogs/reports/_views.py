"""The Report button and its form.

A Report button's custom id says what it reports, so it works for as long as the message exists, restarts
included: ``chronicle:report:<context>:<form>:<ref>`` where ``form`` is ``e`` (an event key), ``p`` (a person
key), ``q`` (a trivia question key) or ``t`` (a token for a stored :class:`~facts.reports.Subject`: several
facts, or keys too long for the 100 characters of a custom id). One dynamic item, :class:`ReportButton`,
answers every Report click; the views that show the button carry a :class:`ReportTag`, which discord.py
draws but never dispatches (so a view stopping cannot unregister the dynamic item, and a pager's own checks
never see a Report click). :class:`bot.views.ExpiredButton`'s template excludes ``chronicle:report:``.

The form (a modal) has the same custom id. It is not kept in discord.py's modal store: the Reports cog
answers every submit from its ``on_interaction`` listener, so a form opened before a restart, or left open
for an hour, is still answered, and a form the member closed costs nothing.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import discord

from bot import render
from bot.errors import answer_failure
from bot.limits import CUSTOM_ID, clip
from bot.views import drawing
from facts.reports import FactKind, Subject
from facts.reports import subjects as of
from facts.reports.models import MAX_TEXT, Target

if TYPE_CHECKING:
    from bot.client import Chronicle

log = logging.getLogger(__name__)

PREFIX = "chronicle:report:"
TEMPLATE = re.compile(r"^chronicle:report:(?P<context>[a-z]{1,12}):(?P<form>[epqt]):(?P<ref>\S{1,80})$")
WHICH, WHAT = "which", "what"  # the form's inputs
MODAL_TITLE = "Report a wrong answer"
PLACEHOLDER = "e.g. The source says June 26, not June 25."
GONE = ("This fact is no longer in the packs, so there is nothing to report: it may already have been "
        "corrected. Ask again to see the current answer.")
LABEL_TEXT = {FactKind.EVENT: "Event", FactKind.PERSON: "Person"}


@dataclass(frozen=True, slots=True)
class Pointer:
    """What a Report button's custom id says."""

    context: str  # "/when", "trivia"…
    form: str
    ref: str

    @property
    def custom_id(self) -> str:
        return f"{PREFIX}{self.context.lstrip('/')}:{self.form}:{self.ref}"

    @classmethod
    def parse(cls, custom_id: str) -> Pointer | None:
        match = TEMPLATE.fullmatch(custom_id)
        if match is None:
            return None
        code = match["context"]
        return cls(code if code == of.TRIVIA else f"/{code}", match["form"], match["ref"])


def direct(subject: Subject) -> Pointer | None:
    """The pointer naming a one-fact subject in the custom id itself, if it fits."""
    if len(subject.targets) != 1:
        return None
    target = subject.targets[0]
    if target.question is not None:
        pointer = Pointer(subject.context, "q", target.question)
    else:
        pointer = Pointer(subject.context, "e" if target.kind is FactKind.EVENT else "p", target.key)
    return pointer if TEMPLATE.fullmatch(pointer.custom_id) and len(pointer.custom_id) <= CUSTOM_ID else None


async def custom_id_for(bot: Chronicle, subject: Subject) -> str | None:
    """The Report button's custom id for ``subject`` (None when it shows no fact). Several facts are stored
    first (one row per distinct subject), so the button never points at a row that is not there.

    The button is worth less than the answer it sits under: if the subject cannot be stored, the answer
    goes out without it (logged), never the other way round.
    """
    if not subject.targets:
        return None
    pointer = direct(subject)
    if pointer is None:
        try:
            pointer = Pointer(subject.context, "t", await bot.reports.remember(subject, bot.clock()))
        except Exception:
            log.exception("no Report button on a %s answer: its facts could not be stored", subject.context)
            return None
    return pointer.custom_id


async def subject_of(bot: Chronicle, pointer: Pointer) -> Subject:
    """The facts a pointer names, as they are now (no targets: they left the packs)."""
    store = bot.store
    if pointer.form == "t":
        return await bot.reports.subject(pointer.ref) or Subject(pointer.context, ())
    if pointer.form == "q":
        found = await of.question_target(store, pointer.ref)
    else:
        found = await of.target(store, FactKind.EVENT if pointer.form == "e" else FactKind.PERSON, pointer.ref)
    return Subject(pointer.context, (found,) if found else ())


class ReportTag(discord.ui.Button[Any]):
    """The Report button as a view draws it. Never dispatched by its view: :class:`ReportButton` answers."""

    def __init__(self, custom_id: str, *, row: int | None = None) -> None:
        super().__init__(label="Report", emoji="🚩", style=discord.ButtonStyle.secondary, custom_id=custom_id,
                         row=row)

    def is_dispatchable(self) -> bool:
        return False


async def with_report(bot: Chronicle, subject: Subject) -> discord.ui.View | None:
    """``send``'s ``view=`` for an answer showing ``subject``: its Report button (None when it shows no fact)."""
    custom_id = await custom_id_for(bot, subject)
    return None if custom_id is None else drawing(ReportTag(custom_id))


class ReportButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=TEMPLATE):
    """Answers every Report click with the form, whatever message it is on and however old."""

    def __init__(self, pointer: Pointer) -> None:
        super().__init__(discord.ui.Button(label="Report", custom_id=pointer.custom_id))
        self.pointer = pointer

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> ReportButton:
        pointer = Pointer.parse(match.string)
        assert pointer is not None  # the template matched
        return cls(pointer)

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            bot: Chronicle = interaction.client  # type: ignore[assignment]
            subject = await subject_of(bot, self.pointer)
            if not subject.targets:
                await interaction.response.send_message(GONE, ephemeral=True)
                return
            await interaction.response.send_modal(report_form(self.pointer.custom_id, subject,
                                                              in_server=interaction.guild_id is not None))
        except Exception as error:
            await answer_failure(interaction, error, "the Report button")


def report_form(custom_id: str, subject: Subject, *, in_server: bool = True) -> discord.ui.Modal:
    """The form: what is reported, which fact (when the answer showed several), and what is wrong."""
    form = discord.ui.Modal(title=MODAL_TITLE, custom_id=custom_id, timeout=None)
    targets = subject.targets
    if len(targets) == 1:
        intro = f"You are reporting: **{render.esc(clip(_label(targets[0]), 300))}**"
        if targets[0].question and in_server:
            intro += "\n(the trivia question about it is left out of this server's rounds until an admin checks)"
    else:
        intro = f"This answer shows {len(targets)} facts: pick the one that is wrong."
    who = "An admin of this server" if in_server else "Chronicle's maintainers"
    form.add_item(discord.ui.TextDisplay(f"{intro}\n{who} will check your report."))
    if len(targets) > 1:
        options = [discord.SelectOption(label=clip(t.title, 100), value=str(i), default=i == 0,
                                        description=clip(t.when or LABEL_TEXT[t.kind], 100))
                   for i, t in enumerate(targets)]
        form.add_item(discord.ui.Label(text="Which fact is wrong?", component=discord.ui.Select(
            custom_id=WHICH, options=options, min_values=1, max_values=1, required=True)))
    form.add_item(discord.ui.Label(
        text="What is wrong?", description="What the answer gets wrong, and what the source says if you know.",
        component=discord.ui.TextInput(custom_id=WHAT, style=discord.TextStyle.paragraph, required=True,
                                       min_length=1, max_length=MAX_TEXT, placeholder=PLACEHOLDER)))
    form.stop()  # not kept by discord.py: the Reports cog's listener answers the submit (see the module)
    return form


def _label(target: Target) -> str:
    return target.label if target.kind is FactKind.EVENT else f"{target.title} (person)"


def submitted(components: list[dict[str, Any]]) -> dict[str, Any]:
    """A modal submit's values by custom id: a text input's text, a select's list of values."""
    values: dict[str, Any] = {}
    for component in components:
        kind = component.get("type")
        if kind == discord.ComponentType.action_row.value:
            values.update(submitted(component.get("components") or []))
        elif kind == discord.ComponentType.label.value:
            values.update(submitted([component.get("component") or {}]))
        elif component.get("custom_id") is not None:
            values[component["custom_id"]] = component.get("values", component.get("value"))
    return values

