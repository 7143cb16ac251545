"""Reports of wrong answers: members report a fact (or a trivia question) they think is wrong; admins list
and resolve them, and a reported question stays out of that server's trivia rounds until then.

``models`` (frozen dataclasses and the rules for the member's text), ``subjects`` (which facts an answer
shows), ``storage`` (all SQL). Reports keep the fact's key as text, so they survive a pack being reseeded.
"""

from __future__ import annotations

from facts.reports.models import FactKind, Report, ReportedFact, ReportPage, Show, Status, Subject, Target
from facts.reports.storage import EVERY_GUILD, AlreadyResolved, ReportStorage

__all__ = ["EVERY_GUILD", "AlreadyResolved", "FactKind", "Report", "ReportPage", "ReportStorage", "ReportedFact",
           "Show", "Status", "Subject", "Target"]
