"""The verbs the drafter reads a deed by: a regular past tense ends in -ed; these are the irregular ones."""

from __future__ import annotations

IRREGULAR_PAST = (
    "said|told|wrote|went|took|gave|made|sent|met|saw|became|led|ran|won|lost|fought|thought|knew|began|came|"
    "left|held|kept|felt|found|brought|spoke|chose|rose|fell|sought|stood|sat|struck|drew|flew|swore|forbade|"
    "bore|put|set|broke|drove|rode|grew|threw|fled|paid|laid|sold|sank|shot|meant|built|spent|caught|taught|"
    "bought|overthrew|withdrew|undertook|overcame|split|beat|bid"
)
"""An alternation for a regular expression: ``rf"\\b(?:[a-z]+ed|{IRREGULAR_PAST})\\b"``."""
