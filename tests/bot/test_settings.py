"""Settings from the environment: CHRONICLE_SHARDS."""

from __future__ import annotations

import pytest

from bot.settings import Settings, SettingsError
from facts.shards import Shards


def test_settings_read_the_range_and_refuse_a_bad_one():
    assert Settings.from_env({"CHRONICLE_SHARDS": "0-1/4"}, db="/tmp/x.db").shards == Shards((0, 1), 4)
    assert Settings.from_env({}, db="/tmp/x.db").shards is None
    with pytest.raises(SettingsError, match=r"CHRONICLE_SHARDS: .*Shard 9 does not exist"):
        Settings.from_env({"CHRONICLE_SHARDS": "9/4"}, db="/tmp/x.db")
