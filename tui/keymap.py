"""The catalogue of the reader's bindings: one source for the help screen, the command
palette and the validation of ``[keys]`` in the config file.

Each owner (the reader screen and its widgets) declares ``BINDINGS`` with an id and a
description; the footer reads the same bindings, so all four always agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode


@dataclass(frozen=True)
class KeyHelp:
    """One action: its binding id, the keys that run it now, what it does and who owns it."""

    binding_id: str
    keys: tuple[str, ...]
    description: str
    action: str
    owner: type[DOMNode]


@dataclass(frozen=True)
class KeySection:
    title: str
    owner: type[DOMNode]
    entries: tuple[KeyHelp, ...]


def normalise_keymap(keymap: Mapping[str, str]) -> dict[str, str]:
    """Key strings spelled as Textual spells them in bindings (``?`` becomes ``question_mark``)."""
    out: dict[str, str] = {}
    for binding_id, keys in keymap.items():
        out[binding_id] = ",".join(b.key for b in Binding.make_bindings([Binding(keys, "noop")]))
    return out


def binding_ids(owners: Iterable[type[DOMNode]]) -> set[str]:
    ids: set[str] = set()
    for owner in owners:
        for _key, binding in owner._merge_bindings():
            if binding.id:
                ids.add(binding.id)
    return ids


def key_sections(
    owners: Sequence[type[DOMNode]],
    keymap: Mapping[str, str],
    key_display: Callable[[Binding], str],
) -> list[KeySection]:
    """Every described binding with an id, grouped by owner, with the keymap applied."""
    normalised = normalise_keymap(keymap)
    sections: list[KeySection] = []
    for owner in owners:
        bindings: BindingsMap = owner._merge_bindings().copy()
        bindings.apply_keymap(normalised)
        order: list[str] = []
        keys: dict[str, list[str]] = {}
        first: dict[str, Binding] = {}
        for _key, binding in bindings:
            if not binding.id or not binding.description:
                continue
            if binding.id not in keys:
                order.append(binding.id)
                keys[binding.id] = []
                first[binding.id] = binding
            display = key_display(binding)
            if display not in keys[binding.id]:
                keys[binding.id].append(display)
        declared = [b.id for b in Binding.make_bindings(owner.__dict__.get("BINDINGS", [])) if b.id]
        rank = {binding_id: n for n, binding_id in enumerate(dict.fromkeys(declared))}
        order.sort(key=lambda i: rank.get(i, len(rank)))
        entries = tuple(
            # The tooltip is the long form of a terse footer label.
            KeyHelp(i, tuple(keys[i]), first[i].tooltip or first[i].description, first[i].action, owner)
            for i in order
        )
        title = getattr(owner, "BINDING_GROUP_TITLE", None) or owner.__name__
        sections.append(KeySection(title, owner, entries))
    return sections


def key_conflicts(
    owners: Sequence[type[DOMNode]], shared: type[DOMNode], keymap: Mapping[str, str]
) -> list[tuple[str, str, str]]:
    """(taker, key, loser) for each key that ``keymap`` moves onto another action's default key.

    Two owners conflict when one of them is ``shared`` (the screen, whose keys apply
    whatever has focus) or when they are the same owner.
    """
    normalised = normalise_keymap(keymap)
    defaults: dict[type[DOMNode], dict[str, set[str]]] = {}
    home: dict[str, set[type[DOMNode]]] = {}
    for owner in owners:
        by_key: dict[str, set[str]] = {}
        for key, binding in owner._merge_bindings():
            if binding.id:
                by_key.setdefault(key, set()).add(binding.id)
                home.setdefault(binding.id, set()).add(owner)
        defaults[owner] = by_key
    conflicts: list[tuple[str, str, str]] = []
    for taker, keys in normalised.items():
        taker_owners = home.get(taker, set())
        for key in keys.split(","):
            for owner in owners:
                if not (owner in taker_owners or owner is shared or shared in taker_owners):
                    continue
                for loser in sorted(defaults[owner].get(key, ())):
                    if loser != taker and loser not in normalised:
                        conflicts.append((taker, key, loser))
    return list(dict.fromkeys(conflicts))
