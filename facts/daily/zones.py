"""IANA time zones by what a member types: "seoul" → Asia/Seoul, "new york" → America/New_York."""

from __future__ import annotations

from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from rapidfuzz import fuzz, process

from facts.errors import BadInput

DEFAULT_ZONE = "UTC"
ZONE_EXAMPLE = "timezone:Asia/Seoul"
COMMON = (
    "UTC", "Europe/London", "Europe/Paris", "Europe/Berlin", "Europe/Moscow", "America/New_York",
    "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Sao_Paulo", "Asia/Seoul",
    "Asia/Tokyo", "Asia/Shanghai", "Asia/Kolkata", "Asia/Singapore", "Australia/Sydney", "Africa/Lagos",
    "Africa/Johannesburg", "Pacific/Auckland",
)


@lru_cache(maxsize=1)
def zone_names() -> dict[str, str]:
    """Every IANA zone this system knows, by case-folded name → canonical spelling."""
    return {name.casefold(): name for name in available_timezones() if name != "localtime"}


@lru_cache(maxsize=1)
def _index() -> tuple[list[str], list[str], list[str]]:
    """Canonical names (region/city first, legacy ones like "ROK" last), their folded forms, folded cities."""
    names = sorted(zone_names().values(), key=lambda n: ("/" not in n and n != "UTC", n.startswith("Etc/"), n))
    folded = [_fold(n) for n in names]
    return names, folded, [f.rsplit("/", 1)[-1] for f in folded]


def _fold(text: str) -> str:
    return "_".join(text.split()).casefold()


def search_zones(text: str, limit: int = 25) -> list[str]:
    """Zones matching ``text``, best first: exact, city prefix, name prefix, in the city, anywhere, near misses."""
    names, folded, cities = _index()
    wanted = _fold(text)[:100]
    if not wanted:
        return [n for n in COMMON if n.casefold() in zone_names()][:limit]
    tiers: list[list[str]] = [[], [], [], [], []]
    for name, full, city in zip(names, folded, cities, strict=True):
        if full == wanted:
            tiers[0].append(name)
        elif city.startswith(wanted):
            tiers[1].append(name)
        elif full.startswith(wanted):
            tiers[2].append(name)
        elif wanted in city:
            tiers[3].append(name)
        elif wanted in full:
            tiers[4].append(name)
    found = [name for tier in tiers for name in tier][:limit]
    if len(found) < limit:
        near = process.extract(wanted.rsplit("/", 1)[-1], cities, scorer=fuzz.WRatio, limit=limit, score_cutoff=75)
        found += [names[i] for _, _, i in near if names[i] not in found][: limit - len(found)]
    return found


def parse_zone(text: str | None) -> str:
    """The canonical IANA name for ``text`` (any case, spaces for underscores); UTC when not given."""
    wanted = _fold(text or DEFAULT_ZONE)
    name = zone_names().get(wanted)
    if name is None:
        guess = search_zones(wanted, limit=1)
        hint = f" Did you mean {guess[0]}?" if guess else ""
        raise BadInput(f"“{(text or '').strip()[:60]}” is not a time zone I know.{hint} Use an IANA name such as "
                       "Asia/Seoul, Europe/London or America/New_York (the option suggests them as you type).",
                       f"timezone:{guess[0]}" if guess else ZONE_EXAMPLE)
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise BadInput(f"The time zone {name} has no data on this system.", ZONE_EXAMPLE) from None
    return name
