"""The reader's config file: keys, mark-read policy, theme, and clear problems for bad input."""

from __future__ import annotations

import pytest

from tui.config import MARK_READ_IMMEDIATELY, is_valid_key, load_config, parse_mark_read

IDS = {"search", "back", "star"}


def write(tmp_path, text: str):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_means_defaults_and_no_problems(tmp_path):
    config = load_config(tmp_path / "nope.toml", binding_ids=IDS)
    assert config.keys == {}
    assert config.mark_read_delay == MARK_READ_IMMEDIATELY
    assert config.problems == ()


def test_config_dir_follows_the_environment(tmp_path, monkeypatch):
    from tui.config import config_path

    monkeypatch.setenv("NEWSDESK_CONFIG_DIR", str(tmp_path / "here"))
    assert config_path() == tmp_path / "here" / "config.toml"


def test_keys_and_reader_settings_are_read(tmp_path):
    path = write(tmp_path, '[keys]\nsearch = "f"\nback = "backspace, h"\n[reader]\nmark_read_on_open = "after:3"\ntheme = "textual-light"\n')
    config = load_config(path, binding_ids=IDS)
    assert config.keys == {"search": "f", "back": "backspace,h"}
    assert config.mark_read_delay == 3.0
    assert config.theme == "textual-light"
    assert config.problems == ()


@pytest.mark.parametrize(
    "value, expected",
    [("immediately", 0.0), ("never", None), ("after:3", 3.0), ("AFTER: 1.5", 1.5), ("after:0", 0.0)],
)
def test_mark_read_policies(value, expected):
    assert parse_mark_read(value) == expected


@pytest.mark.parametrize("value", ["sometimes", "after:", "after:-1", "after:99999", 3, "after:x"])
def test_bad_mark_read_policies_are_refused(value):
    with pytest.raises(ValueError):
        parse_mark_read(value)


@pytest.mark.parametrize("key", ["f", "G", "?", "ctrl+r", "f5", "shift+backspace", "question_mark", "pagedown", "ctrl+shift+a"])
def test_valid_keys(key):
    assert is_valid_key(key)


@pytest.mark.parametrize("key", ["", " f", "ctrl+", "banana+x", "notakey", "ctrl+notakey", "\x1b"])
def test_invalid_keys(key):
    assert not is_valid_key(key)


def test_each_bad_setting_is_reported_and_falls_back(tmp_path):
    path = write(
        tmp_path,
        '[keys]\nsearch = "f"\nnope = "x"\nstar = 5\nback = "ctrl+"\n'
        '[reader]\nmark_read_on_open = "later"\ncolour = "red"\n[extra]\n',
    )
    config = load_config(path, binding_ids=IDS)
    assert config.keys == {"search": "f"}
    assert config.mark_read_delay == MARK_READ_IMMEDIATELY
    text = "\n".join(config.problems)
    assert str(path) in text
    for fragment in ("nope is not a known action", "star must be a string", "back = 'ctrl+' is not a valid key", "mark_read_on_open", "colour is not a known setting", "unknown section [extra]"):
        assert fragment in text
    assert all("\n" not in p for p in config.problems)


def test_two_actions_on_one_key_are_reported(tmp_path):
    path = write(tmp_path, '[keys]\nsearch = "x"\nstar = "x"\n')
    config = load_config(path, binding_ids=IDS)
    assert any("both use 'x'" in p for p in config.problems)


def test_invalid_toml_names_the_file_and_uses_defaults(tmp_path):
    path = write(tmp_path, "[keys\nsearch = ")
    config = load_config(path, binding_ids=IDS)
    assert config.keys == {}
    (problem,) = config.problems
    assert str(path) in problem and "not valid TOML" in problem and "using the defaults" in problem


def test_non_utf8_file_is_reported(tmp_path):
    path = tmp_path / "config.toml"
    path.write_bytes(b"[keys]\nsearch = \"\xff\"\n")
    (problem,) = load_config(path, binding_ids=IDS).problems
    assert "not UTF-8" in problem
