"""The reader's settings file: ``config.toml`` in the user config directory.

```toml
[keys]                      # binding id = "key" or "key1,key2" (ids are listed in the help screen)
search = "f"
back = "backspace,h"

[reader]
mark_read_on_open = "after:3"   # "immediately" (default), "never" or "after:SECONDS"
theme = "textual-light"         # any Textual theme name
```

``$NEWSDESK_CONFIG_DIR`` chooses another directory. Every problem found is
reported as one sentence naming the file; the setting at fault falls back to
its default and the rest of the file still applies.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from textual.keys import Keys

MARK_READ_IMMEDIATELY = 0.0
MAX_MARK_READ_DELAY = 3600.0

_MODIFIERS = {"ctrl", "shift", "alt", "meta", "super", "hyper"}
_KEY_NAMES = {k.value for k in Keys} | {
    "space",
    "enter",
    "backspace",
    "delete",
    "insert",
    "home",
    "end",
    "pageup",
    "pagedown",
    "up",
    "down",
    "left",
    "right",
    "tab",
    "escape",
}
_AFTER = re.compile(r"^after:\s*(\d+(?:\.\d+)?)\s*s?$")


def config_dir() -> Path:
    """``$NEWSDESK_CONFIG_DIR``, else the platform's user config directory for newsdesk."""
    env = os.environ.get("NEWSDESK_CONFIG_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("newsdesk", appauthor=False))


def config_path() -> Path:
    return config_dir() / "config.toml"


@dataclass(frozen=True)
class ReaderConfig:
    """Validated settings. ``mark_read_delay`` is None for never, 0 for immediately."""

    keys: dict[str, str] = field(default_factory=dict)
    mark_read_delay: float | None = MARK_READ_IMMEDIATELY
    theme: str | None = None
    problems: tuple[str, ...] = ()
    path: Path | None = None


def is_valid_key(key: str) -> bool:
    """True for a key Textual can bind: one character, or a key name, with optional modifiers."""
    if not key or key != key.strip():
        return False
    if len(key) == 1:
        return key.isprintable()
    *modifiers, base = key.split("+")
    if base == "" and key.endswith("+"):
        # "ctrl++" would be ambiguous; a plus key is spelled "plus".
        return False
    if any(m not in _MODIFIERS for m in modifiers):
        return False
    if len(base) == 1:
        return base.isprintable()
    if base in _KEY_NAMES or re.fullmatch(r"f\d{1,2}", base):
        return True
    try:
        unicodedata.lookup(base.replace("_", " ").upper())
    except KeyError:
        return False
    return True


def parse_mark_read(value: object) -> float | None:
    """``"immediately"`` -> 0, ``"never"`` -> None, ``"after:3"`` -> 3.0; ValueError otherwise."""
    if not isinstance(value, str):
        raise ValueError("it must be a string")
    text = value.strip().lower()
    if text == "immediately":
        return MARK_READ_IMMEDIATELY
    if text == "never":
        return None
    match = _AFTER.match(text)
    if match:
        seconds = float(match.group(1))
        if 0 < seconds <= MAX_MARK_READ_DELAY:
            return seconds
        if seconds == 0:
            return MARK_READ_IMMEDIATELY
    raise ValueError('use "immediately", "never" or "after:SECONDS" (up to 3600)')


def load_config(path: Path | None = None, *, binding_ids: Collection[str] = ()) -> ReaderConfig:
    """Read and validate the config file; a missing file means defaults and no problems.

    ``binding_ids`` are the ids a ``[keys]`` entry may name; when empty, any id is accepted.
    """
    path = path or config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return ReaderConfig(path=path)
    except IsADirectoryError:
        return ReaderConfig(path=path, problems=(f"config file {path} is a directory; using the defaults",))
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return ReaderConfig(path=path, problems=(f"cannot read config file {path}: {reason}; using the defaults",))
    import tomllib  # only when there is a file to parse: most starts have none

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return ReaderConfig(path=path, problems=(f"config file {path} is not UTF-8 text; using the defaults",))
    except tomllib.TOMLDecodeError as exc:
        return ReaderConfig(path=path, problems=(f"config file {path} is not valid TOML ({exc}); using the defaults",))

    problems: list[str] = []
    for section in data:
        if section not in ("keys", "reader"):
            problems.append(f"config file {path}: unknown section [{section}] ignored (known: [keys], [reader])")

    keys: dict[str, str] = {}
    key_table = data.get("keys", {})
    if not isinstance(key_table, dict):
        problems.append(f"config file {path}: keys must be a table ([keys]); default keys kept")
        key_table = {}
    for binding_id, value in key_table.items():
        if binding_ids and binding_id not in binding_ids:
            problems.append(f"config file {path}: [keys] {binding_id} is not a known action; it is ignored")
            continue
        if not isinstance(value, str):
            problems.append(f'config file {path}: [keys] {binding_id} must be a string such as "ctrl+f"; default kept')
            continue
        parts = [p.strip() for p in value.split(",")]
        bad = [p for p in parts if not is_valid_key(p)]
        if bad:
            problems.append(f"config file {path}: [keys] {binding_id} = {value!r} is not a valid key ({bad[0]!r}); default kept")
            continue
        keys[binding_id] = ",".join(parts)
    owners: dict[str, str] = {}
    for binding_id, value in keys.items():
        for key in value.split(","):
            if key in owners:
                problems.append(
                    f"config file {path}: [keys] {binding_id} and {owners[key]} both use {key!r}; "
                    "the first match wins where both apply"
                )
            owners[key] = binding_id

    mark_read_delay: float | None = MARK_READ_IMMEDIATELY
    theme: str | None = None
    reader = data.get("reader", {})
    if not isinstance(reader, dict):
        problems.append(f"config file {path}: reader must be a table ([reader]); defaults kept")
        reader = {}
    for name, value in reader.items():
        if name == "mark_read_on_open":
            try:
                mark_read_delay = parse_mark_read(value)
            except ValueError as exc:
                problems.append(f"config file {path}: [reader] mark_read_on_open = {value!r} is not valid ({exc}); using immediately")
        elif name == "theme":
            if isinstance(value, str) and value.strip():
                theme = value.strip()
            else:
                problems.append(f"config file {path}: [reader] theme must be a theme name; default kept")
        else:
            problems.append(f"config file {path}: [reader] {name} is not a known setting; it is ignored")
    return ReaderConfig(keys=keys, mark_read_delay=mark_read_delay, theme=theme, problems=tuple(problems), path=path)
