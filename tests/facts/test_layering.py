"""The domain package stays free of Discord: importing all of ``facts`` must not import ``discord``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import facts

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, pkgutil, importlib, sys
import facts
names = sorted(m.name for m in pkgutil.walk_packages(facts.__path__, "facts."))
for name in names:
    importlib.import_module(name)
print(json.dumps({"modules": names, "loaded": sorted(m for m in sys.modules
                  if m.split(".")[0] in ("discord", "bot"))}))
"""


def test_importing_every_facts_module_imports_no_discord():
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    expected = {f"facts.{p.stem}" for p in Path(facts.__file__).parent.glob("*.py") if p.stem != "__init__"}
    assert expected <= set(report["modules"])
    assert "facts.store" in report["modules"]
    assert report["loaded"] == [], "facts must not import discord (or the bot package)"
