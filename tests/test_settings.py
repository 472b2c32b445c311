"""Every setting is documented in the README, and the table and the dataclass agree."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from ckg.settings import SETTINGS, Settings

README = Path(__file__).resolve().parent.parent / "README.md"


def test_table_and_dataclass_agree():
    table = {s.name: s.default for s in SETTINGS}
    defaults = {f.name: f.default for f in fields(Settings)}
    assert table == defaults


def test_every_setting_is_in_the_readme():
    text = README.read_text(encoding="utf-8")
    missing = [s.env for s in SETTINGS if s.env not in text]
    assert not missing, f"README lacks {missing}"


def test_environment_overrides_defaults():
    s = Settings.from_env({"CKG_MAX_ROWS": "7", "CKG_STORE": "/tmp/x"})
    assert s.max_rows == 7 and s.store_location == "/tmp/x"
    assert Settings.from_env({}).store_location.endswith("ckg/store")
