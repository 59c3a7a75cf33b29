"""The bindings catalogue that feeds the help screen, the palette and config checks."""

from tui.app import KEY_OWNERS
from tui.keymap import binding_ids, key_conflicts, key_sections
from tui.screens.reader import ReaderScreen


def display(binding):
    return binding.key


def test_every_reader_binding_has_an_id_and_a_description():
    for section in key_sections(KEY_OWNERS, {}, display):
        for entry in section.entries:
            assert entry.binding_id and entry.description and entry.keys
    for owner in KEY_OWNERS:
        for _key, binding in owner._merge_bindings():
            if binding.id is None:
                continue
            assert binding.description, binding.id


def test_binding_ids_are_unique_across_owners():
    seen = {}
    for owner in KEY_OWNERS:
        for b in {b.id for _k, b in owner._merge_bindings() if b.id}:
            assert b not in seen, f"{b} in {owner.__name__} and {seen[b]}"
            seen[b] = owner.__name__
    assert {"search", "mark_all_read", "list_open", "related_open", "tag_choose"} <= binding_ids(KEY_OWNERS)


def test_sections_show_the_keys_after_rebinding():
    sections = {s.title: s for s in key_sections(KEY_OWNERS, {"search": "f,ctrl+f", "back": "?"}, display)}
    anywhere = {e.binding_id: e for e in sections["Anywhere"].entries}
    assert anywhere["search"].keys == ("f", "ctrl+f")
    assert anywhere["back"].keys == ("question_mark",)
    # Declared order is kept, whatever the keymap moved.
    assert [e.binding_id for e in sections["Anywhere"].entries][:2] == ["search", "tag_filter"]


def test_conflicts_are_found_where_both_keys_apply():
    found = key_conflicts(KEY_OWNERS, ReaderScreen, {"list_open": "space", "list_down": "k", "reading_top": "u"})
    assert ("list_open", "space", "page_down") in found
    assert ("list_down", "k", "list_up") in found
    assert ("reading_top", "u", "unread_only") in found


def test_no_conflict_between_widgets_that_never_share_focus_or_when_both_move():
    assert key_conflicts(KEY_OWNERS, ReaderScreen, {"tag_next": "l"}) == []
    assert key_conflicts(KEY_OWNERS, ReaderScreen, {"star": "m", "toggle_read": "x"}) == []
