"""Discord's documented limits on what a bot sends, checked the way Discord checks them.

Each ``check_*`` returns a list of :class:`Problem`; the REST layer answers a non-empty list with
``400 {"code": 50035, "errors": form_errors(problems), "message": "Invalid Form Body"}`` and
records each problem as a violation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from . import constants as C

MAX_CONTENT = 2000
MAX_EMBEDS = 10
MAX_ATTACHMENTS = 10
MAX_EMBED_TITLE = 256
MAX_EMBED_DESCRIPTION = 4096
MAX_ATTACHMENT_DESCRIPTION = 1024
MAX_EMBED_FIELDS = 25
MAX_FIELD_NAME = 256
MAX_FIELD_VALUE = 1024
MAX_FOOTER_TEXT = 2048
MAX_AUTHOR_NAME = 256
MAX_EMBED_TOTAL = 6000
MAX_EMBED_URL = 2048
MAX_ACTION_ROWS = 5
MAX_ROW_COMPONENTS = 5
MAX_V2_COMPONENTS = 40
MAX_CUSTOM_ID = 100
MAX_BUTTON_LABEL = 80
MAX_BUTTON_URL = 512
MAX_SELECT_OPTIONS = 25
MAX_SELECT_PLACEHOLDER = 150
MAX_SELECT_OPTION_TEXT = 100
MAX_CHOICES = 25
MAX_CHOICE_NAME = 100
MAX_CHOICE_STRING_VALUE = 100
MAX_COMMAND_NAME = 32
MAX_COMMAND_DESCRIPTION = 100
MAX_OPTIONS = 25
MAX_COMMAND_TOTAL_CHARS = 4000
MAX_CHAT_INPUT_COMMANDS = 100
MAX_CONTEXT_MENU_COMMANDS = 15
MAX_MODAL_TITLE = 45
MAX_MODAL_COMPONENTS = 5
MAX_LABEL = 45
MAX_LABEL_DESCRIPTION = 100
MAX_TEXT_INPUT = 4000
MAX_TEXT_INPUT_PLACEHOLDER = 100
MAX_TEXT_DISPLAY = 4000

#: Discord's rule for chat-input command and option names (``\w`` covers letters and digits).
COMMAND_NAME_RE = re.compile(r"^[-_'\w]{1,32}$")
URL_RE = re.compile(r"^(https?|attachment)://\S+$")

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One invalid value: where it is in the body, Discord's error code and message."""

    path: Path
    code: str
    message: str

    def describe(self) -> str:
        where = ".".join(str(p) for p in self.path) or "<body>"
        return f"{where}: {self.message}"


def form_errors(problems: Iterable[Problem]) -> dict[str, Any]:
    """Nest problems as Discord does: ``{"embeds": {"0": {"title": {"_errors": [...]}}}}``."""
    root: dict[str, Any] = {}
    for problem in problems:
        node = root
        for key in problem.path:
            node = node.setdefault(str(key), {})
        node.setdefault("_errors", []).append({"code": problem.code, "message": problem.message})
    return root


def _too_long(path: Path, limit: int, got: int) -> Problem:
    return Problem(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length. (got {got})")


def _too_short(path: Path, limit: int) -> Problem:
    return Problem(path, "BASE_TYPE_MIN_LENGTH", f"Must be {limit} or more in length.")


def _required(path: Path) -> Problem:
    return Problem(path, "BASE_TYPE_REQUIRED", "This field is required")


def _string(value: Any, path: Path, *, max_len: int, min_len: int = 0, required: bool = False) -> list[Problem]:
    if value is None:
        return [_required(path)] if required else []
    if not isinstance(value, str):
        return [Problem(path, "BASE_TYPE_STRING", "Must be a string.")]
    if required and not value.strip():
        return [_required(path)]
    if len(value) > max_len:
        return [_too_long(path, max_len, len(value))]
    if len(value) < min_len:
        return [_too_short(path, min_len)]
    return []


def _url(value: Any, path: Path, *, max_len: int = MAX_EMBED_URL) -> list[Problem]:
    if value is None:
        return []
    if not isinstance(value, str) or not URL_RE.match(value):
        return [Problem(path, "URL_TYPE_INVALID_URL", f"Not a well formed URL. ({value!r})")]
    if len(value) > max_len:
        return [_too_long(path, max_len, len(value))]
    return []


def _list(value: Any, path: Path, *, max_items: int) -> tuple[list[Any], list[Problem]]:
    if value is None:
        return [], []
    if not isinstance(value, list):
        return [], [Problem(path, "BASE_TYPE_ARRAY", "Must be an array.")]
    if len(value) > max_items:
        return value, [_too_long(path, max_items, len(value))]
    return value, []


# -- messages -------------------------------------------------------------------------------------
def check_message(data: Any, *, creating: bool) -> list[Problem]:
    """A message body for channel posts, interaction responses, follow-ups and edits."""
    if not isinstance(data, dict):
        return [Problem((), "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType")]
    problems = _string(data.get("content"), ("content",), max_len=MAX_CONTENT)
    embeds, found = _list(data.get("embeds"), ("embeds",), max_items=MAX_EMBEDS)
    problems += found
    problems += check_embeds(embeds)
    attachments, found = _list(data.get("attachments"), ("attachments",), max_items=10_000)
    problems += found
    for i, attachment in enumerate(attachments):  # MessageAttachmentRequest: alt text of at most 1024
        if isinstance(attachment, dict):
            problems += _string(attachment.get("description"), ("attachments", i, "description"),
                                max_len=MAX_ATTACHMENT_DESCRIPTION)
    flags = data.get("flags") or 0
    components, found = _list(data.get("components"), ("components",), max_items=10_000)
    problems += found
    if flags & C.FLAG_IS_COMPONENTS_V2:
        if data.get("content") or data.get("embeds"):
            problems.append(
                Problem(
                    ("content" if data.get("content") else "embeds",),
                    "MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2",
                    "The 'content' and 'embeds' fields cannot be used when using MessageFlags.IS_COMPONENTS_V2",
                )
            )
        problems += _check_v2_components(components)
    else:
        problems += check_components(components)
    return problems


def is_empty_message(data: dict[str, Any]) -> bool:
    keys = ("content", "embeds", "components", "attachments", "sticker_ids", "poll", "files")
    return not any(data.get(k) for k in keys)


def embed_text_length(embed: dict[str, Any]) -> int:
    total = len(embed.get("title") or "") + len(embed.get("description") or "")
    for fld in embed.get("fields") or []:
        if isinstance(fld, dict):
            total += len(fld.get("name") or "") + len(fld.get("value") or "")
    total += len((embed.get("footer") or {}).get("text") or "")
    total += len((embed.get("author") or {}).get("name") or "")
    return total


def check_embeds(embeds: list[Any]) -> list[Problem]:
    problems: list[Problem] = []
    total = 0
    for i, embed in enumerate(embeds):
        path: Path = ("embeds", i)
        if not isinstance(embed, dict):
            problems.append(Problem(path, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType"))
            continue
        total += embed_text_length(embed)
        problems += _string(embed.get("title"), (*path, "title"), max_len=MAX_EMBED_TITLE)
        problems += _string(embed.get("description"), (*path, "description"), max_len=MAX_EMBED_DESCRIPTION)
        problems += _url(embed.get("url"), (*path, "url"))
        color = embed.get("color")
        if color is not None and (not isinstance(color, int) or not 0 <= color <= 0xFFFFFF):
            problems.append(Problem((*path, "color"), "NUMBER_TYPE_MAX", "int value should be <= 16777215."))
        fields, found = _list(embed.get("fields"), (*path, "fields"), max_items=MAX_EMBED_FIELDS)
        problems += found
        for j, fld in enumerate(fields):
            fpath: Path = (*path, "fields", j)
            if not isinstance(fld, dict):
                problems.append(Problem(fpath, "DICT_TYPE_CONVERT", "Only dictionaries may be used"))
                continue
            problems += _string(fld.get("name"), (*fpath, "name"), max_len=MAX_FIELD_NAME, required=True)
            problems += _string(fld.get("value"), (*fpath, "value"), max_len=MAX_FIELD_VALUE, required=True)
        footer = embed.get("footer")
        if isinstance(footer, dict):
            problems += _string(footer.get("text"), (*path, "footer", "text"), max_len=MAX_FOOTER_TEXT)
            problems += _url(footer.get("icon_url"), (*path, "footer", "icon_url"))
        author = embed.get("author")
        if isinstance(author, dict):
            problems += _string(author.get("name"), (*path, "author", "name"), max_len=MAX_AUTHOR_NAME, required=True)
            problems += _url(author.get("url"), (*path, "author", "url"))
            problems += _url(author.get("icon_url"), (*path, "author", "icon_url"))
        for key in ("image", "thumbnail"):
            media = embed.get(key)
            if isinstance(media, dict):
                problems += _url(media.get("url"), (*path, key, "url"))
    if total > MAX_EMBED_TOTAL:
        problems.append(
            Problem(
                ("embeds",),
                "MAX_EMBED_SIZE_EXCEEDED",
                f"Embed size exceeds maximum size of {MAX_EMBED_TOTAL} (got {total})",
            )
        )
    return problems


def check_components(components: list[Any]) -> list[Problem]:
    """Classic components: up to 5 action rows of up to 5 buttons, or one select each."""
    problems: list[Problem] = []
    if len(components) > MAX_ACTION_ROWS:
        problems.append(_too_long(("components",), MAX_ACTION_ROWS, len(components)))
    seen: set[str] = set()
    for i, row in enumerate(components):
        path: Path = ("components", i)
        if not isinstance(row, dict) or row.get("type") != C.COMPONENT_ACTION_ROW:
            problems.append(Problem(path, "COMPONENT_LAYOUT_INVALID", "Top-level components must be action rows"))
            continue
        children = row.get("components") or []
        if not children:
            problems.append(_too_short((*path, "components"), 1))
        if len(children) > MAX_ROW_COMPONENTS:
            problems.append(_too_long((*path, "components"), MAX_ROW_COMPONENTS, len(children)))
        if any(isinstance(c, dict) and c.get("type") in C.SELECT_COMPONENTS for c in children) and len(children) > 1:
            problems.append(
                Problem(
                    (*path, "components"),
                    "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                    "The specified component exceeds the maximum width",
                )
            )
        for j, child in enumerate(children):
            problems += _check_interactive((*path, "components", j), child, seen)
    return problems


def _check_interactive(path: Path, comp: Any, seen: set[str]) -> list[Problem]:
    if not isinstance(comp, dict):
        return [Problem(path, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType")]
    ctype = comp.get("type")
    problems: list[Problem] = []
    custom_id = comp.get("custom_id")
    if ctype == C.COMPONENT_BUTTON:
        style = comp.get("style")
        if style == C.BUTTON_STYLE_LINK:
            if not comp.get("url"):
                problems.append(_required((*path, "url")))
            problems += _url(comp.get("url"), (*path, "url"), max_len=MAX_BUTTON_URL)
            if custom_id is not None:
                problems.append(
                    Problem(
                        (*path, "custom_id"),
                        "BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED",
                        "A link button cannot have a custom_id",
                    )
                )
            custom_id = None
        elif style != C.BUTTON_STYLE_PREMIUM and custom_id is None:
            problems.append(_required((*path, "custom_id")))
        problems += _string(comp.get("label"), (*path, "label"), max_len=MAX_BUTTON_LABEL)
        if style != C.BUTTON_STYLE_PREMIUM and not comp.get("label") and not comp.get("emoji"):
            problems.append(
                Problem(path, "BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED", "A button needs a label or an emoji")
            )
    elif ctype in C.SELECT_COMPONENTS:
        if custom_id is None:
            problems.append(_required((*path, "custom_id")))
        problems += _string(comp.get("placeholder"), (*path, "placeholder"), max_len=MAX_SELECT_PLACEHOLDER)
        if ctype == C.COMPONENT_STRING_SELECT:
            options, found = _list(comp.get("options"), (*path, "options"), max_items=MAX_SELECT_OPTIONS)
            problems += found
            if not options:
                problems.append(_too_short((*path, "options"), 1))
            for k, opt in enumerate(options):
                opath: Path = (*path, "options", k)
                if not isinstance(opt, dict):
                    continue
                for key in ("label", "value"):
                    problems += _string(
                        opt.get(key), (*opath, key), max_len=MAX_SELECT_OPTION_TEXT, min_len=1, required=True
                    )
                problems += _string(opt.get("description"), (*opath, "description"), max_len=100)
        for key, low, high in (("min_values", 0, 25), ("max_values", 1, 25)):
            value = comp.get(key)
            if value is not None and not (isinstance(value, int) and low <= value <= high):
                problems.append(Problem((*path, key), "NUMBER_TYPE_MAX", f"Must be between {low} and {high}."))
    if custom_id is not None:
        problems += _string(custom_id, (*path, "custom_id"), max_len=MAX_CUSTOM_ID, min_len=1)
        if custom_id in seen:
            problems.append(
                Problem(
                    (*path, "custom_id"), "COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id cannot be duplicated"
                )
            )
        seen.add(custom_id)
    return problems


def _walk_components(components: list[Any]) -> Iterator[tuple[Path, dict[str, Any]]]:
    stack: list[tuple[Path, Any]] = [(("components", i), c) for i, c in enumerate(components)]
    while stack:
        path, comp = stack.pop(0)
        if not isinstance(comp, dict):
            continue
        yield path, comp
        for i, child in enumerate(comp.get("components") or []):
            stack.append(((*path, "components", i), child))
        if isinstance(comp.get("accessory"), dict):
            stack.append(((*path, "accessory"), comp["accessory"]))


def _check_v2_components(components: list[Any]) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    count = 0
    for path, comp in _walk_components(components):
        count += 1
        if comp.get("type") == C.COMPONENT_BUTTON or comp.get("type") in C.SELECT_COMPONENTS:
            problems += _check_interactive(path, comp, seen)
    if count > MAX_V2_COMPONENTS:
        problems.append(_too_long(("components",), MAX_V2_COMPONENTS, count))
    return problems


def iter_interactive(components: list[Any]) -> Iterator[dict[str, Any]]:
    """Every button / select in a message's components (classic or v2)."""
    for _path, comp in _walk_components(components):
        if comp.get("type") == C.COMPONENT_BUTTON or comp.get("type") in C.SELECT_COMPONENTS:
            yield comp


# -- application commands --------------------------------------------------------------------------
def check_commands(commands: Any) -> list[Problem]:
    """The body of a bulk overwrite (``PUT .../commands``)."""
    if not isinstance(commands, list):
        return [Problem((), "BASE_TYPE_ARRAY", "Must be an array.")]
    problems: list[Problem] = []
    names: dict[tuple[int, str], int] = {}
    per_type: dict[int, int] = {}
    for i, cmd in enumerate(commands):
        if not isinstance(cmd, dict):
            problems.append(Problem((i,), "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType"))
            continue
        ctype = cmd.get("type") or 1
        per_type[ctype] = per_type.get(ctype, 0) + 1
        problems += check_command(cmd, (i,))
        key = (ctype, str(cmd.get("name")))
        if key in names:
            problems.append(
                Problem(
                    (i, "name"),
                    "APPLICATION_COMMANDS_DUPLICATE_NAME",
                    f"Application command names must be unique (also at index {names[key]})",
                )
            )
        names[key] = i
    for ctype, count in per_type.items():
        limit = MAX_CHAT_INPUT_COMMANDS if ctype == 1 else MAX_CONTEXT_MENU_COMMANDS
        if count > limit:
            problems.append(_too_long((), limit, count))
    return problems


def check_command(cmd: dict[str, Any], path: Path) -> list[Problem]:
    ctype = cmd.get("type") or 1
    problems: list[Problem] = []
    name = cmd.get("name")
    if ctype == 1:
        problems += _check_name(name, (*path, "name"))
        problems += _string(
            cmd.get("description"),
            (*path, "description"),
            max_len=MAX_COMMAND_DESCRIPTION,
            min_len=1,
            required=True,
        )
        problems += _check_options(cmd.get("options"), (*path, "options"), depth=0)
    else:
        problems += _string(name, (*path, "name"), max_len=MAX_COMMAND_NAME, min_len=1, required=True)
        if cmd.get("description"):
            problems.append(
                Problem(
                    (*path, "description"),
                    "APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION",
                    "Context menu commands cannot have description",
                )
            )
    total = _command_chars(cmd)
    if total > MAX_COMMAND_TOTAL_CHARS:
        problems.append(
            Problem(
                path,
                "APPLICATION_COMMAND_TOO_LARGE",
                f"Command exceeds maximum size ({total} > {MAX_COMMAND_TOTAL_CHARS})",
            )
        )
    return problems


def _check_name(name: Any, path: Path) -> list[Problem]:
    if not isinstance(name, str) or not COMMAND_NAME_RE.match(name):
        return [Problem(path, "APPLICATION_COMMAND_INVALID_NAME", f"Command name is invalid ({name!r})")]
    if name != name.lower():
        return [Problem(path, "APPLICATION_COMMAND_INVALID_NAME", f"Command name must be lowercase ({name!r})")]
    return []


def _check_options(options: Any, path: Path, *, depth: int) -> list[Problem]:
    options, problems = _list(options, path, max_items=MAX_OPTIONS)
    seen: set[str] = set()
    optional_seen = False
    kinds: set[bool] = set()
    for i, opt in enumerate(options):
        opath: Path = (*path, i)
        if not isinstance(opt, dict):
            problems.append(Problem(opath, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType"))
            continue
        otype = opt.get("type")
        problems += _check_name(opt.get("name"), (*opath, "name"))
        problems += _string(
            opt.get("description"),
            (*opath, "description"),
            max_len=MAX_COMMAND_DESCRIPTION,
            min_len=1,
            required=True,
        )
        if opt.get("name") in seen:
            problems.append(
                Problem(
                    (*opath, "name"), "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS", "Option names must be unique"
                )
            )
        seen.add(str(opt.get("name")))
        is_sub = otype in (C.OPTION_SUB_COMMAND, C.OPTION_SUB_COMMAND_GROUP)
        kinds.add(is_sub)
        if is_sub:
            if (otype == C.OPTION_SUB_COMMAND_GROUP and depth > 0) or depth > 1:
                problems.append(
                    Problem((*opath, "type"), "APPLICATION_COMMAND_OPTION_TYPE_INVALID", "Sub-command nesting too deep")
                )
            problems += _check_options(opt.get("options"), (*opath, "options"), depth=depth + 1)
            continue
        if not isinstance(otype, int) or not C.OPTION_STRING <= otype <= C.OPTION_ATTACHMENT:
            problems.append(Problem((*opath, "type"), "BASE_TYPE_CHOICES", f"Value must be one of 1..11 ({otype})"))
        if opt.get("required"):
            if optional_seen:
                problems.append(
                    Problem(
                        (*opath, "required"),
                        "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                        "Required options must be placed before non-required options",
                    )
                )
        else:
            optional_seen = True
        choices, found = _list(opt.get("choices"), (*opath, "choices"), max_items=MAX_CHOICES)
        problems += found
        if choices and opt.get("autocomplete"):
            problems.append(
                Problem(
                    (*opath, "autocomplete"),
                    "APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_CHOICES",
                    "Autocomplete cannot be set with choices",
                )
            )
        problems += check_choices(choices, (*opath, "choices"))
    if len(kinds) > 1:
        problems.append(
            Problem(
                path,
                "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
                "Sub-commands and groups cannot be mixed with other option types",
            )
        )
    return problems


def check_choices(choices: list[Any], path: Path) -> list[Problem]:
    problems: list[Problem] = []
    for i, choice in enumerate(choices):
        cpath: Path = (*path, i)
        if not isinstance(choice, dict):
            problems.append(Problem(cpath, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType"))
            continue
        problems += _string(choice.get("name"), (*cpath, "name"), max_len=MAX_CHOICE_NAME, min_len=1, required=True)
        value = choice.get("value")
        if value is None:
            problems.append(_required((*cpath, "value")))
        elif isinstance(value, str):
            problems += _string(value, (*cpath, "value"), max_len=MAX_CHOICE_STRING_VALUE)
    return problems


def _command_chars(node: dict[str, Any]) -> int:
    total = len(str(node.get("name") or "")) + len(str(node.get("description") or ""))
    for choice in node.get("choices") or []:
        if isinstance(choice, dict):
            total += len(str(choice.get("name") or "")) + len(str(choice.get("value") or ""))
    for opt in node.get("options") or []:
        if isinstance(opt, dict):
            total += _command_chars(opt)
    return total


# -- interaction callbacks ------------------------------------------------------------------------
def check_autocomplete(data: Any) -> list[Problem]:
    if not isinstance(data, dict):
        return [_required(("data",))]
    choices, problems = _list(data.get("choices"), ("data", "choices"), max_items=MAX_CHOICES)
    if data.get("choices") is None:
        problems.append(_required(("data", "choices")))
    return problems + check_choices(choices, ("data", "choices"))


def check_modal(data: Any) -> list[Problem]:
    """A modal (callback type 9): up to 5 top-level components, each an action row holding one text input
    (the legacy form, whose text input needs a label), a Label around one input, or a text display."""
    if not isinstance(data, dict):
        return [_required(("data",))]
    problems = _string(data.get("title"), ("data", "title"), max_len=MAX_MODAL_TITLE, min_len=1, required=True)
    problems += _string(data.get("custom_id"), ("data", "custom_id"), max_len=MAX_CUSTOM_ID, min_len=1, required=True)
    components, found = _list(data.get("components"), ("data", "components"), max_items=MAX_MODAL_COMPONENTS)
    problems += found
    if not components:
        problems.append(_too_short(("data", "components"), 1))
    seen: set[str] = set()
    for i, comp in enumerate(components):
        path: Path = ("data", "components", i)
        if not isinstance(comp, dict):
            problems.append(Problem(path, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType"))
            continue
        ctype = comp.get("type")
        if ctype == C.COMPONENT_ACTION_ROW:
            children = comp.get("components") or []
            if len(children) != 1:
                problems.append(
                    Problem(
                        (*path, "components"),
                        "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                        "A modal action row holds exactly one text input",
                    )
                )
            for j, child in enumerate(children):
                cpath: Path = (*path, "components", j)
                if not isinstance(child, dict) or child.get("type") != C.COMPONENT_TEXT_INPUT:
                    problems.append(Problem(cpath, "COMPONENT_TYPE_INVALID", "A modal action row holds text inputs"))
                    continue
                problems += _check_text_input(cpath, child, seen, labelled=False)
        elif ctype == C.COMPONENT_LABEL:
            problems += _string(comp.get("label"), (*path, "label"), max_len=MAX_LABEL, min_len=1, required=True)
            problems += _string(comp.get("description"), (*path, "description"), max_len=MAX_LABEL_DESCRIPTION)
            child = comp.get("component")
            cpath = (*path, "component")
            if not isinstance(child, dict):
                problems.append(_required(cpath))
            elif child.get("type") not in C.LABEL_CHILDREN:
                problems.append(
                    Problem(
                        cpath, "COMPONENT_TYPE_INVALID", f"A label cannot hold a component of type {child.get('type')}"
                    )
                )
            elif child.get("type") == C.COMPONENT_TEXT_INPUT:
                problems += _check_text_input(cpath, child, seen, labelled=True)
            else:
                problems += _check_interactive(cpath, child, seen)
        elif ctype == C.COMPONENT_TEXT_DISPLAY:
            problems += _string(
                comp.get("content"), (*path, "content"), max_len=MAX_TEXT_DISPLAY, min_len=1, required=True
            )
        else:
            problems.append(
                Problem(path, "COMPONENT_TYPE_INVALID", f"A modal cannot hold a top-level component of type {ctype}")
            )
    return problems


def _check_text_input(path: Path, comp: dict[str, Any], seen: set[str], *, labelled: bool) -> list[Problem]:
    """A text input; in a legacy action row it needs its own label (in a Label the label is the Label's)."""
    problems = _string(comp.get("custom_id"), (*path, "custom_id"), max_len=MAX_CUSTOM_ID, min_len=1, required=True)
    custom_id = comp.get("custom_id")
    if isinstance(custom_id, str):
        if custom_id in seen:
            problems.append(
                Problem(
                    (*path, "custom_id"), "COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id cannot be duplicated"
                )
            )
        seen.add(custom_id)
    if comp.get("style") not in (C.TEXT_INPUT_SHORT, C.TEXT_INPUT_PARAGRAPH):
        problems.append(
            Problem((*path, "style"), "BASE_TYPE_CHOICES", f"Value must be one of {{1, 2}}. ({comp.get('style')!r})")
        )
    problems += _string(comp.get("label"), (*path, "label"), max_len=MAX_LABEL, min_len=1, required=not labelled)
    problems += _string(comp.get("placeholder"), (*path, "placeholder"), max_len=MAX_TEXT_INPUT_PLACEHOLDER)
    problems += _string(comp.get("value"), (*path, "value"), max_len=MAX_TEXT_INPUT)
    low, high = comp.get("min_length"), comp.get("max_length")
    for key, value, bottom in (("min_length", low, 0), ("max_length", high, 1)):
        if value is not None and not (isinstance(value, int) and bottom <= value <= MAX_TEXT_INPUT):
            problems.append(Problem((*path, key), "NUMBER_TYPE_MAX", f"Must be between {bottom} and {MAX_TEXT_INPUT}."))
    if isinstance(low, int) and isinstance(high, int) and low > high:
        problems.append(
            Problem((*path, "min_length"), "TEXT_INPUT_LENGTH_INVALID", "min_length cannot be greater than max_length")
        )
    value = comp.get("value")
    if isinstance(value, str) and isinstance(high, int) and len(value) > high:
        problems.append(_too_long((*path, "value"), high, len(value)))
    return problems
