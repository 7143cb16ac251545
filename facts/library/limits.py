"""What one server may upload: a hosted Chronicle serves many servers from one database."""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Quotas:
    file_bytes: int = 8 * MIB  # one uploaded file (a PDF is larger than its text)
    text_bytes: int = 2 * MIB  # the text drafted from it (about 300,000 words)
    packs: int = 10  # uploaded packs a server keeps
    total_bytes: int = 10 * MIB  # the packs and documents a server keeps, together
    uploads_per_hour: int = 6
    draft_seconds: float = 60.0  # a draft taking longer is given up (the document is too large or odd)

    def size(self, n: int) -> str:
        """``n`` bytes as a reader wants it."""
        return f"{n / MIB:.1f} MiB" if n >= MIB // 10 else f"{max(1, round(n / 1024))} KiB"
