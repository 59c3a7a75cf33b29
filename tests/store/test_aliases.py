"""The alias table: shipped entries, Babel's country names, the user's extension file."""

from __future__ import annotations

import json
import logging

import pytest

from store.models import ENTITY_KINDS
from store.tagging import canonical_tag_id
from store.tagging.aliases import SHIPPED_PATH, fold, load_alias_table, slugify
from store.tagging.rules import RuleTagger


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    return load_alias_table(tmp_path_factory.mktemp("empty-config"))


SPELLINGS = {
    "vladimir-putin": ["Poutine", "Putin", "Путин", "Vladimir Poutine", "Vladimir Putin"],
    "moscow": ["Moscou", "Moscow", "Mátxcơva", "Moskau"],
    "russia": ["Russie", "Russia", "Nga", "Liên bang Nga", "Russland"],
    "crimea": ["Crimée", "Crimea", "Krym", "Crưm"],
    "white-house": ["Maison Blanche", "White House", "Nhà Trắng"],
    "kremlin": ["Kremlin", "Điện Kremlin"],
    "ukraine": ["Ukraine", "Ukraina"],
    "united-states": ["États-Unis", "United States", "USA", "US", "Mỹ", "Hoa Kỳ"],
    "dmitry-peskov": ["Dmitri Peskov", "Dmitry Peskov"],
    "sergei-kiriyenko": ["Sergueï Kirienko", "Sergei Kiriyenko"],
    "nato": ["OTAN", "NATO"],
    "united-nations": ["ONU", "UN", "Liên Hợp Quốc"],
    "european-union": ["UE", "EU", "Union européenne"],
    "beijing": ["Pékin", "Beijing", "Bắc Kinh"],
    "china": ["Chine", "China", "Trung Quốc"],
    "kyiv": ["Kyiv", "Kiev"],
    "tucker-carlson": ["Tucker Carlson"],
    "javier-milei": ["Javier Milei"],
    "jair-bolsonaro": ["Jair Bolsonaro"],
    "walter-isaacson": ["Walter Isaacson"],
    "eurasia-group": ["Eurasia Group"],
    "spacex": ["SpaceX"],
    "starlink": ["Starlink"],
    "nasa": ["NASA", "National Aeronautics and Space Administration"],
    "tesla": ["Tesla"],
    "x-twitter": ["Twitter"],
    "donald-trump": ["Donald Trump", "Trump"],
    "joe-biden": ["Joe Biden"],
    "emmanuel-macron": ["Emmanuel Macron"],
    "xi-jinping": ["Xi Jinping", "Tập Cận Bình"],
    "volodymyr-zelensky": ["Volodymyr Zelensky", "Zelenskyy", "Zelensky", "Zelenski",
                           "Volodymyr Zelenskiy"],
    "ho-chi-minh-city": ["Ho Chi Minh City", "Thành phố Hồ Chí Minh", "TP.HCM", "Saigon"],
    "hanoi": ["Hà Nội", "Hanoi"],
    "vietnam": ["Việt Nam", "Vietnam", "Viet Nam"],
    "wall-street-journal": ["Wall Street Journal", "The Wall Street Journal"],
}


@pytest.mark.parametrize("ident", sorted(SPELLINGS))
def test_every_spelling_resolves_to_one_id(table, ident):
    for spelling in SPELLINGS[ident]:
        entry = table.lookup(spelling)
        assert entry is not None and entry.id == ident, (spelling, entry)


def test_lookup_ignores_case_and_accents_for_longer_names(table):
    assert table.lookup("MOSCOU").id == "moscow"
    assert table.lookup("matxcova").id == "moscow"
    assert table.lookup("etats-unis").id == "united-states"
    assert table.lookup("Nguyen Phu Trong").id == "nguyen-phu-trong"


def test_short_aliases_must_match_exactly_in_text(table):
    assert table.lookup("US").id == "united-states"
    assert table.lookup("us") is None  # the pronoun
    assert table.lookup("UN").id == "united-nations"
    assert table.lookup("Un") is None  # the French article
    assert table.lookup("X") is None  # the letter needs context


def test_country_names_come_from_babel(table):
    shipped = json.loads(SHIPPED_PATH.read_text(encoding="utf-8"))
    shipped_ids = {entry["id"] for entry in shipped}
    assert "kenya" not in shipped_ids and "peru" not in shipped_ids
    assert table.lookup("Kenya").id == "kenya"
    assert table.lookup("Kenia", "de").id == "kenya"
    assert table.lookup("Pérou", "fr").id == "peru"
    assert table.lookup("Allemagne", "fr").id == "germany"
    assert table.lookup("Deutschland", "de").id == "germany"
    assert table.lookup("Đức", "vi").id == "germany"
    # A hand-written entry with a territory code also gets Babel's names.
    assert table.lookup("Rusia", "es").id == "russia"
    assert table.entries["russia"].display("de") == "Russland"


def test_foreign_country_names_only_match_in_their_language(table):
    assert table.lookup("Maurice", "en") is None  # a first name in English
    assert table.lookup("Maurice", "fr").id == "mauritius"
    assert table.lookup("Mauritius", "fr").id == "mauritius"  # English names match everywhere


def test_display_names_follow_the_language(table):
    moscow = table.entries["moscow"]
    assert moscow.display("fr") == "Moscou"
    assert moscow.display("vi") == "Mátxcơva"
    assert moscow.display("en") == "Moscow"
    assert moscow.display("xx") == "Moscow"
    assert moscow.display(None) == "Moscow"


def test_shipped_file_is_well_formed():
    shipped = json.loads(SHIPPED_PATH.read_text(encoding="utf-8"))
    assert len(shipped) >= 300
    ids = [entry["id"] for entry in shipped]
    assert len(ids) == len(set(ids))
    for entry in shipped:
        assert entry["id"] == slugify(entry["id"]), entry
        assert entry["kind"] in ENTITY_KINDS, entry
        assert entry["names"]["en"].strip(), entry
        assert all(isinstance(a, str) and a.strip() for a in entry.get("aliases", [])), entry
    kinds = {kind: sum(e["kind"] == kind for e in shipped) for kind in ("person", "org", "place")}
    assert min(kinds.values()) >= 80, kinds


def test_ids_are_ascii_slugs_of_the_english_name():
    assert slugify("Nguyễn Phú Trọng") == "nguyen-phu-trong"
    assert slugify("Đà Nẵng") == "da-nang"
    assert slugify("Путин") == "putin"
    assert slugify("Jean-Luc O'Brien") == "jean-luc-o-brien"
    cjk = slugify("习近平")
    assert cjk and cjk.isascii() and cjk == slugify("习近平")


def test_canonical_tag_id(table):
    assert canonical_tag_id("vladimir-putin", table) == "vladimir-putin"
    assert canonical_tag_id("Vladimir Putin", table) == "vladimir-putin"
    assert canonical_tag_id("poutine", table) == "vladimir-putin"
    assert canonical_tag_id("  MÁTXCƠVA ", table) == "moscow"
    assert canonical_tag_id("otan", table) == "nato"
    assert canonical_tag_id("us", table) == "united-states"  # typed tags are forgiving
    assert canonical_tag_id("x", table) == "x-twitter"
    assert canonical_tag_id("Russland", table) == "russia"
    # Unknown names resolve to the id the tagger gives them.
    assert canonical_tag_id("Lan Bremmer", table) == "lan-bremmer"
    assert canonical_tag_id("   ", table) is None
    assert canonical_tag_id("!!!", table) is None


def test_canonical_tag_id_uses_the_default_table():
    assert canonical_tag_id("Poutine") == "vladimir-putin"


# -- the user's alias file ----------------------------------------------------------------------


def write(path, data) -> None:
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")


def test_user_file_adds_entities_and_aliases(tmp_path):
    write(tmp_path / "aliases.json", [
        {"id": "orvalis-widgets", "kind": "org", "names": {"en": "Orvalis Widgets", "fr": "Widgets Orvalis"},
         "aliases": ["Orvalis"]},
        {"id": "vladimir-putin", "aliases": ["VVP"]},
    ])
    table = load_alias_table(tmp_path)
    assert table.warnings == ()
    assert table.lookup("Orvalis").id == "orvalis-widgets"
    assert table.lookup("VVP").id == "vladimir-putin"
    assert table.lookup("Poutine").id == "vladimir-putin"  # shipped aliases stay
    assert table.entries["orvalis-widgets"].display("fr") == "Widgets Orvalis"
    entities = RuleTagger(table).tag("Orvalis rachète un concurrent", ["Orvalis a annoncé l'accord."], "fr")
    assert [(e.id, e.name, e.kind, e.mentions) for e in entities] == [
        ("orvalis-widgets", "Widgets Orvalis", "org", 3)
    ]


def test_user_file_wins_over_shipped_aliases(tmp_path):
    write(tmp_path / "aliases.json", {"entities": [
        {"id": "mercury-planet", "kind": "place", "names": {"en": "Mercury"}, "aliases": ["Kremlin"]},
    ]})
    table = load_alias_table(tmp_path)
    assert table.lookup("Kremlin").id == "mercury-planet"
    assert table.lookup("Điện Kremlin").id == "kremlin"


@pytest.mark.parametrize("content, reason", [
    ("{not json", "invalid JSON"),
    ('"just a string"', "expected a list"),
    ('[{"kind": "org", "names": {"en": "No Id"}}]', "needs an \"id\""),
    ('[{"id": "Bad Id", "kind": "org"}]', "needs an \"id\""),
    ('[{"id": "thing", "kind": "planet", "names": {"en": "Thing"}}]', "kind 'planet'"),
    ('[{"id": "thing", "kind": "org", "aliases": "Thing"}]', "\"aliases\""),
    ('[{"id": "thing", "kind": "org", "names": ["Thing"]}]', "\"names\""),
])
def test_malformed_user_file_is_ignored_with_one_clear_warning(tmp_path, caplog, content, reason):
    path = tmp_path / "aliases.json"
    write(path, content)
    with caplog.at_level(logging.WARNING):
        table = load_alias_table(tmp_path)
    assert len(table.warnings) == 1
    warning = table.warnings[0]
    assert str(path) in warning and reason in warning, warning
    assert "\n" not in warning and "Traceback" not in warning
    assert warning in caplog.text
    assert table.lookup("Poutine").id == "vladimir-putin"  # the shipped table still works
    assert "thing" not in table.entries


def test_undecodable_user_file_is_ignored(tmp_path):
    (tmp_path / "aliases.json").write_bytes(b"\xff\xfe\x00garbage")
    table = load_alias_table(tmp_path)
    assert len(table.warnings) == 1 and "UTF-8" in table.warnings[0]


def test_missing_user_file_is_fine(tmp_path):
    assert load_alias_table(tmp_path / "does-not-exist").warnings == ()


def test_config_dir_comes_from_the_environment(tmp_path, monkeypatch):
    write(tmp_path / "aliases.json", [{"id": "zephyrine-okafor", "kind": "person",
                                       "names": {"en": "Zephyrine Okafor"}, "aliases": ["Zeph"]}])
    monkeypatch.setenv("NEWSDESK_CONFIG_DIR", str(tmp_path))
    table = load_alias_table()
    assert table.lookup("Zeph").id == "zephyrine-okafor"


def test_fold_is_case_and_accent_insensitive():
    assert fold("Mátxcơva") == fold("MATXCOVA") == "matxcova"
    assert fold("Đà Nẵng") == "da nang"
    assert fold("l’Ukraine") == "l'ukraine"


def test_country_names_are_read_from_babel_once_then_from_a_small_cache(tmp_path, monkeypatch):
    from store.tagging import aliases

    monkeypatch.setenv("NEWSDESK_CACHE_DIR", str(tmp_path / "cache"))
    aliases._babel_territories.cache_clear()
    try:
        first = aliases._babel_territories()
        files = list((tmp_path / "cache").glob("territories-*.json"))
        assert len(files) == 1
        assert first["DE"]["fr"] == "Allemagne" and first["VN"]["vi"] == "Việt Nam"

        # The next process reads the file and never parses Babel's locale data.
        aliases._babel_territories.cache_clear()
        monkeypatch.setattr(aliases, "_read_babel_territories", lambda: pytest.fail("Babel read again"))
        assert aliases._babel_territories() == first

        # A damaged cache is ignored: the names come from Babel again and the file is rewritten.
        files[0].write_text('{"DE": ["not", "names"]}', encoding="utf-8")
        aliases._babel_territories.cache_clear()
        monkeypatch.undo()
        monkeypatch.setenv("NEWSDESK_CACHE_DIR", str(tmp_path / "cache"))
        assert aliases._babel_territories() == first
        assert json.loads(files[0].read_text(encoding="utf-8")) == first
    finally:
        aliases._babel_territories.cache_clear()


def test_country_names_without_a_writable_cache(tmp_path, monkeypatch):
    from store.tagging import aliases

    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("NEWSDESK_CACHE_DIR", str(blocker / "cache"))  # under a file: cannot be made
    aliases._babel_territories.cache_clear()
    try:
        assert aliases._babel_territories()["JP"]["en"] == "Japan"
    finally:
        aliases._babel_territories.cache_clear()
