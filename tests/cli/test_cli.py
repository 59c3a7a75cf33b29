"""The command-line contract: import/list/show/related/state/tags/export, exit codes and --help."""

import json
import shutil
from pathlib import Path

import pytest

from tui.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "seed" / "000_fd6221c03c2667a4.txt"

EN = """Putin meets Peskov in Moscow

Moscow Herald
12/03/2025

Vladimir Putin met his spokesman Dmitry Peskov at the Kremlin on Tuesday to prepare a statement on Ukraine.

Dmitry Peskov later told reporters in Moscow that the Kremlin would answer questions from the United Nations.
"""

FR = """Poutine reçoit Peskov au Kremlin

Le Journal du Quai
13/03/2025

Le président Vladimir Poutine a reçu son porte-parole Dmitri Peskov au Kremlin, à Moscou, pour préparer une déclaration sur l'Ukraine.

Selon M. Peskov, le Kremlin répondra aux questions des Nations unies dans la semaine.
"""

OTHER = """Bakers of Lyon crown a new champion

Rhone Daily
02/02/2025

A small bakery in Lyon won the regional baguette contest on Sunday, beating twelve rivals with a crust the jury called perfect.

The owner, Sophie Marchal, said she would keep her prices unchanged.
"""


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def db(tmp_path):
    return tmp_path / "store"


@pytest.fixture
def corpus(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "en.txt").write_text(EN, encoding="utf-8")
    (d / "fr.txt").write_text(FR, encoding="utf-8")
    (d / "sub").mkdir()
    (d / "sub" / "other.txt").write_text(OTHER, encoding="utf-8")
    return d


def import_json(capsys, db, *paths):
    code, out, err = run(capsys, "--db", db, "import", *paths, "--json")
    return code, [json.loads(line) for line in out.splitlines()], err


def test_import_directory_json_lines_and_idempotence(capsys, db, corpus):
    code, recs, _ = import_json(capsys, db, corpus)
    assert code == 0
    assert sorted(r["status"] for r in recs) == ["imported"] * 3
    assert all(set(r) == {"path", "status", "id", "title"} for r in recs)
    code, again, _ = import_json(capsys, db, corpus)
    assert code == 0
    assert [r["status"] for r in again] == ["duplicate"] * 3
    assert {r["id"] for r in again} == {r["id"] for r in recs}


def test_import_rejects_bad_files_but_keeps_good_ones(capsys, db, corpus):
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (corpus / "bad.jsonl").write_text('{"title": "Fine", "body": "A fine body."}\n{not json\n', encoding="utf-8")
    code, recs, _ = import_json(capsys, db, corpus)
    assert code == 1
    rejected = {Path(r["path"]).name: r["error"] for r in recs if r["status"] == "rejected"}
    assert set(rejected) == {"empty.txt", "binary.txt", "bad.jsonl"}
    assert "empty" in rejected["empty.txt"] and "binary" in rejected["binary.txt"]
    assert "bad.jsonl:2" in rejected["bad.jsonl"]
    imported = [r["title"] for r in recs if r["status"] == "imported"]
    assert sorted(imported) == sorted(["Fine", "Putin meets Peskov in Moscow", "Poutine reçoit Peskov au Kremlin",
                                       "Bakers of Lyon crown a new champion"])


def test_import_text_mode_reports_rejections_on_stderr(capsys, db, tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    code, out, err = run(capsys, "--db", db, "import", bad)
    assert code == 1
    assert str(bad) in err and "Traceback" not in err
    assert len([l for l in err.splitlines() if l.startswith("newsdesk:")]) == 1


def test_missing_path_is_rejected(capsys, db, tmp_path):
    code, recs, _ = import_json(capsys, db, tmp_path / "nope.txt")
    assert code == 1 and recs[0]["status"] == "rejected" and "nope.txt" in recs[0]["error"]


def test_usage_errors_exit_2(capsys, db):
    with pytest.raises(SystemExit) as exc:
        main(["--db", str(db), "import"])
    assert exc.value.code == 2
    assert run(capsys, "--db", db, "related")[0] == 2


@pytest.mark.skipif(not SEED.exists(), reason="seed article not available")
def test_seed_list_show_and_tags(capsys, db):
    code, recs, _ = import_json(capsys, db, SEED)
    aid = recs[0]["id"]
    code, out, _ = run(capsys, "--db", db, "list", "--json")
    (row,) = json.loads(out)
    assert set(row) == {"id", "title", "source", "published", "language", "read", "starred", "tags"}
    assert row["source"] == "Báo Công thương" and row["published"] == "2024-10-25" and row["language"] == "fr"
    code, out, _ = run(capsys, "--db", db, "show", aid[:6], "--json")
    shown = json.loads(out)
    assert shown["url"].startswith("https://congthuong.vn/")
    assert shown["body"][0].startswith("Le président russe Vladimir Poutine")
    ids = {e["id"] for e in shown["entities"]}
    assert {"elon-musk", "vladimir-putin", "dmitry-peskov", "kremlin"} <= ids
    assert all(e["kind"] in ("person", "org", "place", "other") for e in shown["entities"])
    code, out, _ = run(capsys, "--db", db, "tags", "--json")
    tags = {t["id"]: t["count"] for t in json.loads(out)}
    assert tags["elon-musk"] == 1


def test_related_links_across_languages_and_explains_why(capsys, db, corpus):
    _, recs, _ = import_json(capsys, db, corpus)
    ids = {r["title"]: r["id"] for r in recs}
    en = ids["Putin meets Peskov in Moscow"]
    fr = ids["Poutine reçoit Peskov au Kremlin"]
    code, out, _ = run(capsys, "--db", db, "related", en, "--json")
    (line,) = [json.loads(l) for l in out.splitlines()]
    assert line["id"] == en
    assert line["related"][0]["id"] == fr
    assert "Dmitry Peskov" in line["related"][0]["shared"]
    assert all(r["id"] != en for r in line["related"])
    code, out, _ = run(capsys, "--db", db, "related", "--all", "--limit", "1", "--json")
    lines = [json.loads(l) for l in out.splitlines()]
    assert len(lines) == 3 and all(len(l["related"]) <= 1 for l in lines)


def test_list_filters_by_tag_in_any_language_and_unread(capsys, db, corpus):
    _, recs, _ = import_json(capsys, db, corpus)
    ids = {r["title"]: r["id"] for r in recs}
    for spelling in ("Poutine", "Putin", "vladimir-putin"):
        _, out, _ = run(capsys, "--db", db, "list", "--tag", spelling, "--json")
        assert {r["title"] for r in json.loads(out)} == {"Putin meets Peskov in Moscow", "Poutine reçoit Peskov au Kremlin"}
    assert run(capsys, "--db", db, "mark-read", ids["Bakers of Lyon crown a new champion"])[0] == 0
    _, out, _ = run(capsys, "--db", db, "list", "--unread", "--json")
    assert "Bakers of Lyon crown a new champion" not in {r["title"] for r in json.loads(out)}
    _, out, _ = run(capsys, "--db", db, "list", "--json")
    rows = json.loads(out)
    dates = [r["published"] for r in rows]
    assert None not in dates and dates == sorted(dates, reverse=True)


def test_state_commands_and_unknown_ids(capsys, db, corpus):
    _, recs, _ = import_json(capsys, db, corpus)
    aid = recs[0]["id"]
    assert run(capsys, "--db", db, "star", aid)[0] == 0
    assert run(capsys, "--db", db, "mark-read", aid)[0] == 0
    _, out, _ = run(capsys, "--db", db, "show", aid, "--json")
    assert json.loads(out)["read"] and json.loads(out)["starred"]
    assert run(capsys, "--db", db, "unstar", aid)[0] == 0
    assert run(capsys, "--db", db, "mark-unread", aid)[0] == 0
    _, out, _ = run(capsys, "--db", db, "show", aid, "--json")
    assert not json.loads(out)["read"] and not json.loads(out)["starred"]
    code, _, err = run(capsys, "--db", db, "mark-read", "ffffffffffff")
    assert code == 1 and "no article" in err


def test_export_then_import_restores_articles_and_state(capsys, db, corpus, tmp_path):
    _, recs, _ = import_json(capsys, db, corpus)
    a, b = recs[0]["id"], recs[1]["id"]
    run(capsys, "--db", db, "mark-read", a)
    run(capsys, "--db", db, "star", b)
    out_file = tmp_path / "backup.jsonl"
    assert run(capsys, "--db", db, "export", "--jsonl", "-o", out_file)[0] == 0
    restored = tmp_path / "restored"
    code, recs2, _ = import_json(capsys, restored, out_file)
    assert code == 0 and {r["id"] for r in recs2} == {r["id"] for r in recs}
    _, out, _ = run(capsys, "--db", restored, "list", "--json")
    state = {r["id"]: (r["read"], r["starred"]) for r in json.loads(out)}
    assert state[a] == (True, False) and state[b] == (False, True)
    _, out1, _ = run(capsys, "--db", db, "show", a, "--json")
    _, out2, _ = run(capsys, "--db", restored, "show", a, "--json")
    one, two = json.loads(out1), json.loads(out2)
    for key in ("title", "body", "source", "published", "url", "entities", "read", "starred"):
        assert one[key] == two[key]


def test_tables_show_article_text_inert(capsys, db, tmp_path):
    f = tmp_path / "evil.jsonl"
    f.write_text(json.dumps({"title": "[bold red]Loud[/] \x1b]52;c;aGk=\x07 \u202eevil", "body": "Text \x1b[31mred"}) + "\n")
    run(capsys, "--db", db, "import", f)
    _, out, _ = run(capsys, "--db", db, "list")
    assert "[bold red]Loud[/]" in out and "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    _, out, _ = run(capsys, "--db", db, "list", "--json")
    assert json.loads(out)[0]["title"].startswith("[bold red]Loud[/]")


def test_opml_import_subscribes(capsys, db, tmp_path):
    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body><outline text="News">'
        '<outline text="A" type="rss" xmlUrl="http://127.0.0.1:9/a.xml"/>'
        '<outline text="B" type="rss" xmlUrl="http://127.0.0.1:9/b.xml"/></outline></body></opml>'
    )
    code, recs, _ = import_json(capsys, db, opml)
    assert code == 0 and recs == [{"path": str(opml), "status": "subscribed", "feeds_added": 2, "feeds_existing": 0}]
    _, out, _ = run(capsys, "--db", db, "feeds", "--json")
    feeds = json.loads(out) if out.lstrip().startswith("[") else [json.loads(l) for l in out.splitlines()]
    assert {f["url"] for f in feeds} == {"http://127.0.0.1:9/a.xml", "http://127.0.0.1:9/b.xml"}
    assert {f["folder"] for f in feeds} == {"News"}


def test_every_command_has_help(capsys):
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert {"import", "list", "show", "related", "mark-read", "mark-unread", "star", "unstar", "tags", "export", "demo"} <= set(sub.choices)
    for name in sub.choices:
        with pytest.raises(SystemExit) as exc:
            main([name, "--help"])
        assert exc.value.code == 0
        assert "usage: newsdesk " + name in capsys.readouterr().out


def test_corrupt_store_is_one_clear_line(capsys, db, corpus):
    import_json(capsys, db, corpus)
    (db / "articles.json").write_text("{ truncated")
    code, out, err = run(capsys, "--db", db, "list")
    assert code == 1 and "articles.json" in err and "Traceback" not in err
    assert (db / "articles.json").read_text() == "{ truncated"


@pytest.mark.parametrize(
    "argv",
    [[], ["--db", "x"], ["--debug"], ["--db=x", "--debug"], ["--db", "a", "--db", "b"], ["--db=", "--debug"]],
)
def test_a_reader_command_line_skips_the_full_parser_with_the_same_answer(argv):
    from tui.cli import reader_only_args

    assert reader_only_args(argv) == build_parser().parse_args(argv)


@pytest.mark.parametrize("argv", [["--db"], ["--db", "-x"], ["read"], ["-h"], ["--de"], ["list", "--db", "x"], ["--"]])
def test_any_other_command_line_goes_through_the_full_parser(argv):
    from tui.cli import reader_only_args

    assert reader_only_args(argv) is None


def test_a_reader_option_without_its_value_is_still_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--db"])
    assert exc.value.code == 2
    assert "--db" in capsys.readouterr().err
