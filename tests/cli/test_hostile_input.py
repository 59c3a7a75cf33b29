"""Hostile and strange input through the command line: escape sequences, huge files, odd paths.

Every run goes through ``python -m tui.cli`` in a subprocess with a 60 s timeout; the timeout
is only a hang guard. Failures must be one ``newsdesk: ...`` line and exit status 1.
"""

import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from store.db import MAX_TITLE_CHARS, Store
from store.models import Entity, ParsedArticle

ROOT = Path(__file__).resolve().parents[2]
HANG_GUARD = 60

EVIL = (
    "\x1b[2J\x1b[H"  # clear the screen
    "\x1b]52;c;ZXZpbA==\x07"  # OSC 52: write the clipboard
    "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\"  # OSC 8 hyperlink
    "\u202egnp.exe"  # right-to-left override
    "\u2066\u2069\u200f"
    "\x9b31m"  # C1 CSI
    "\x07\x08\r\x00\x7f"
    "[bold]markup[/bold][link=https://x.example]x[/link]:smile:"
)
# Bytes a terminal acts on: ESC, BEL, BS, CR, NUL, DEL, C1 CSI, bidi controls (UTF-8).
FORBIDDEN = [b"\x1b", b"\x07", b"\x08", b"\r", b"\x00", b"\x7f", "\x9b".encode(), "\u202e".encode(), "\u2066".encode(), "\u200f".encode()]
SGR = re.compile(rb"\x1b\[[0-9;]*m")


def cli(*args, env=None, timeout=HANG_GUARD, prefix=()):
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run(
        [*prefix, sys.executable, "-m", "tui.cli", *map(str, args)],
        capture_output=True,
        cwd=ROOT,
        env=full_env,
        timeout=timeout,
    )


def one_error_line(proc, *needles):
    """Exit 1 and exactly one `newsdesk:` line on stderr, naming every needle; no traceback."""
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 1, (proc.returncode, err)
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("newsdesk: "), err
    for needle in needles:
        assert str(needle) in lines[0], (needle, lines[0])
    assert b"Traceback" not in proc.stdout + proc.stderr


class EvilTagger:
    def tag(self, title, paragraphs, language):
        return [Entity("evil-person", "Evil " + EVIL, "person", 2), Entity("shared-place", "Shared " + EVIL, "place", 1)]


@pytest.fixture
def evil_store(tmp_path):
    path = tmp_path / "evil"
    s = Store(path, tagger=EvilTagger())
    ids = []
    for i in range(2):
        parsed = ParsedArticle(
            title=f"T{i} {EVIL}\nforged row",
            body=(f"Body {EVIL}", f"Second {EVIL}"),
            source=f"Src {EVIL}",
            published=f"2024-01-0{i + 1}",
            url=f"https://ex.org/{EVIL}{i}",
            language="en",
            captions=(f"Cap {EVIL}",),
            author=f"Au {EVIL}",
            feed_url=f"https://feed.example/{EVIL}",
        )
        ids.append(s.import_articles([("x", parsed)])[0].id)
    s.mark_read(ids[:1])
    s.close()
    return path, ids


def commands(ids):
    return [["list"], ["list", "--unread"], ["show", ids[0]], ["show", ids[1]], ["tags"], ["related", ids[0]], ["related", "--all"]]


def test_table_output_is_inert(evil_store):
    path, ids = evil_store
    for args in commands(ids):
        proc = cli("--db", path, *args)
        assert proc.returncode == 0, (args, proc.stderr)
        for bad in FORBIDDEN:
            assert bad not in proc.stdout, (args, bad)
        assert b"[bold]markup[/bold]" in proc.stdout, args  # markup shown as text, not applied
        if args[0] != "show":
            # The newline inside the title stays inside its row.
            rows = [line for line in proc.stdout.split(b"\n") if b"forged row" in line]
            assert all(b"T0" in r or b"T1" in r for r in rows), (args, rows)


def test_styled_output_only_has_colour_codes(evil_store):
    path, ids = evil_store
    for args in commands(ids):
        proc = cli("--db", path, *args, env={"FORCE_COLOR": "1", "TTY_COMPATIBLE": "1", "TERM": "xterm-256color"})
        assert proc.returncode == 0, proc.stderr
        leftover = SGR.sub(b"", proc.stdout)
        for bad in FORBIDDEN:
            assert bad not in leftover, (args, bad)


def test_json_output_keeps_the_exact_text(evil_store):
    path, ids = evil_store
    listed = json.loads(cli("--db", path, "list", "--json").stdout)
    assert {r["title"] for r in listed} == {f"T{i} {EVIL}\nforged row" for i in range(2)}
    assert all(r["source"] == f"Src {EVIL}" for r in listed)
    shown = json.loads(cli("--db", path, "show", "--json", ids[1]).stdout)
    assert shown["body"] == [f"Body {EVIL}", f"Second {EVIL}"]
    assert shown["captions"] == [f"Cap {EVIL}"] and shown["author"] == f"Au {EVIL}"
    assert shown["url"] == f"https://ex.org/{EVIL}1"
    tags = json.loads(cli("--db", path, "tags", "--json").stdout)
    assert {t["name"] for t in tags} == {"Evil " + EVIL, "Shared " + EVIL}
    related = json.loads(cli("--db", path, "related", "--json", ids[0]).stdout.splitlines()[0])
    assert related["related"][0]["title"] == f"T1 {EVIL}\nforged row"
    assert set(related["related"][0]["shared"]) == {"Evil " + EVIL, "Shared " + EVIL}
    exported = [json.loads(line) for line in cli("--db", path, "export").stdout.splitlines()]
    assert sorted(r["body"][0] for r in exported) == [f"Body {EVIL}"] * 2


def test_error_messages_are_inert(evil_store, tmp_path):
    path, _ = evil_store
    proc = cli("--db", path, "show", "\x1b]52;c;ZXZpbA==\x07abcd")
    one_error_line(proc, "no article")
    for bad in FORBIDDEN:
        assert bad not in proc.stderr
    proc = cli("--db", path, "list", "--tag", EVIL.replace("\x00", ""))  # argv cannot hold NUL
    assert proc.returncode == 0 and all(bad not in proc.stderr + proc.stdout for bad in FORBIDDEN)
    weird = tmp_path / "in" / "\x1b]52;c;ZXZpbA==\x07\u202e.txt"
    weird.parent.mkdir()
    weird.write_bytes(b"\x00\x01\x02 binary \xff\xfe" * 50)
    proc = cli("--db", path, "import", weird)
    assert proc.returncode == 1 and b"Traceback" not in proc.stderr
    for bad in FORBIDDEN:
        assert bad not in proc.stderr, bad


# -- sizes ------------------------------------------------------------------------------------------


def import_ok_or_clear(proc):
    """Accepted (exit 0) or rejected with clear one-line messages (exit 1), never a traceback."""
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode in (0, 1), err
    assert "Traceback" not in err
    for line in err.splitlines():
        if line.strip():
            assert line.startswith("newsdesk: ") or re.match(r"\d+ imported, \d+ duplicate, \d+ rejected$", line), line


def test_single_line_file_at_the_size_limit(tmp_path):
    from store.ingest.files import MAX_FILE_BYTES

    big = tmp_path / "big.txt"
    unit = b"word "
    with open(big, "wb") as fh:
        fh.write(unit * (MAX_FILE_BYTES // len(unit)) + b"x" * (MAX_FILE_BYTES % len(unit)))
    assert big.stat().st_size == MAX_FILE_BYTES
    proc = cli("--db", tmp_path / "s", "import", "--json", big)
    import_ok_or_clear(proc)
    # A memory guard like the time guard: the largest child so far stayed within 100 times the file.
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024 < 100 * MAX_FILE_BYTES
    if proc.returncode == 0:
        (rec,) = [json.loads(line) for line in proc.stdout.splitlines()]
        assert len(rec["title"]) <= MAX_TITLE_CHARS
        listed = cli("--db", tmp_path / "s", "list")
        assert listed.returncode == 0 and len(listed.stdout) < 10_000

    over = tmp_path / "over.txt"
    with open(over, "wb") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)
    proc = cli("--db", tmp_path / "s", "import", over)
    import_ok_or_clear(proc)
    assert proc.returncode == 1
    assert f"newsdesk: {over}: file is 20,971,521 bytes, over the 20 MB limit" in proc.stderr.decode()


def test_one_megabyte_paragraph(tmp_path):
    f = tmp_path / "long.txt"
    para = " ".join(f"word{i % 97} and more" for i in range(64_000))
    assert len(para) > 1_000_000
    f.write_text("A story with one enormous paragraph\n\n" + para + "\n\nA short closing paragraph about Paris.\n")
    proc = cli("--db", tmp_path / "s", "import", "--json", f)
    import_ok_or_clear(proc)
    assert proc.returncode == 0
    (rec,) = [json.loads(line) for line in proc.stdout.splitlines()]
    shown = json.loads(cli("--db", tmp_path / "s", "show", "--json", rec["id"]).stdout)
    assert max(len(p) for p in shown["body"]) >= 1_000_000  # kept whole, not cut


def capitalised_words(n):
    syllables = ["Ka", "Lo", "Mi", "Zu", "Re", "Ta", "No", "Vi", "Pe", "Sa", "Du", "Fe", "Go", "Hi", "Jo", "Bu"]
    words = []
    for i in range(n):
        w = ""
        j = i
        for _ in range(4):
            w += syllables[j % 16]
            j //= 16
        words.append(w.capitalize())
    return words


def test_hundred_thousand_capitalised_words_are_capped(tmp_path):
    words = capitalised_words(100_000)
    sentences = [" ".join(words[i : i + 5]) + " met here." for i in range(0, len(words), 5)]
    f = tmp_path / "names.txt"
    f.write_text("A roll call of many names\n\n" + "\n\n".join(" ".join(sentences[i : i + 50]) for i in range(0, len(sentences), 50)))
    proc = cli("--db", tmp_path / "s", "import", "--json", f)
    import_ok_or_clear(proc)
    assert proc.returncode == 0
    (rec,) = [json.loads(line) for line in proc.stdout.splitlines()]
    shown = json.loads(cli("--db", tmp_path / "s", "show", "--json", rec["id"]).stdout)
    try:
        from store.tagging.rules import MAX_ENTITIES
    except ImportError:
        MAX_ENTITIES = 1000
    assert 0 < len(shown["entities"]) <= MAX_ENTITIES


@pytest.mark.parametrize("suffix", [".json", ".md", ".txt"])
def test_hundred_kilobyte_title(tmp_path, suffix):
    title = "Enormous " * 11_500
    assert len(title) > 100_000
    body = "A normal paragraph of text about Paris and Berlin."
    f = tmp_path / f"title{suffix}"
    if suffix == ".json":
        f.write_text(json.dumps({"title": title, "body": body}))
    elif suffix == ".md":
        f.write_text(f"# {title}\n\n{body}\n")
    else:
        f.write_text(f"{title}\n\n{body}\n")
    proc = cli("--db", tmp_path / "s", "import", "--json", f)
    import_ok_or_clear(proc)
    if proc.returncode == 0:
        (rec,) = [json.loads(line) for line in proc.stdout.splitlines()]
        assert len(rec["title"]) <= MAX_TITLE_CHARS
        listed = json.loads(cli("--db", tmp_path / "s", "list", "--json").stdout)
        assert len(listed[0]["title"]) <= MAX_TITLE_CHARS


@pytest.mark.parametrize(
    "name, content",
    [
        ("nested.html", "<html><body>" + "<div>" * 100_000 + "<p>Deep text about Paris.</p>" + "</div>" * 100_000 + "</body></html>"),
        ("unclosed.html", "<html><body>" + "<div><span><b>" * 50_000 + "Deep text"),
        ("nested.json", "[" * 200_000 + "]" * 200_000),
        ("nested-object.json", '{"title": "x", "body": ' + '{"a":' * 100_000 + "1" + "}" * 100_000 + "}"),
        ("nested.xml", '<?xml version="1.0"?><rss><channel>' + "<item>" * 50_000 + "</channel></rss>"),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 40 else "",
)
def test_deeply_nested_markup(tmp_path, name, content):
    f = tmp_path / name
    f.write_text(content)
    proc = cli("--db", tmp_path / "s", "import", f)
    import_ok_or_clear(proc)
    if proc.returncode == 1:
        assert name in proc.stderr.decode()


# -- paths --------------------------------------------------------------------------------------------


def tree(directory: Path) -> dict[str, tuple[int, bytes]]:
    return {str(p.relative_to(directory)): (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(directory.rglob("*")) if p.is_file()}


def test_import_never_writes_next_to_its_inputs(tmp_path):
    inputs = tmp_path / "inputs"
    (inputs / "sub").mkdir(parents=True)
    (inputs / "a.txt").write_text("Rain over Paris\n\nClouds gathered over Paris on Monday.\n")
    (inputs / "sub" / "b.json").write_text(json.dumps({"title": "Berlin vote", "body": "Voters in Berlin went to the polls."}))
    (inputs / "sub" / "bad.txt").write_bytes(b"\x00\x01 not text \xff" * 20)
    before = tree(inputs)
    proc = cli("--db", tmp_path / "s", "import", inputs)
    assert proc.returncode == 1  # the binary file is rejected, the rest imported
    assert tree(inputs) == before
    assert len(Store(tmp_path / "s")) == 2


def test_export_writes_only_the_given_file(tmp_path, simple_tagger):
    s = Store(tmp_path / "s", tagger=simple_tagger)
    s.import_articles([("a", ParsedArticle("Hello Paris", ("Text about Paris.",)))])
    s.close()
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / "other.txt").write_text("untouched")
    store_before = tree(tmp_path / "s")
    target = out_dir / "export.jsonl"
    proc = cli("--db", tmp_path / "s", "export", "-o", target)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out_dir.iterdir()) == ["export.jsonl", "other.txt"]
    assert (out_dir / "other.txt").read_text() == "untouched"
    assert [json.loads(line)["title"] for line in target.read_text().splitlines()] == ["Hello Paris"]
    assert tree(tmp_path / "s") == store_before
    one_error_line(cli("--db", tmp_path / "s", "export", "-o", out_dir), out_dir)
    missing = tmp_path / "nowhere" / "x.jsonl"
    one_error_line(cli("--db", tmp_path / "s", "export", "-o", missing), missing)
    assert not missing.parent.exists()


def test_store_path_that_is_a_file(tmp_path):
    f = tmp_path / "file"
    f.write_text("not a store")
    for args in (["list"], ["mark-read", "abcd"], ["import", f], ["tags"], ["export"]):
        one_error_line(cli("--db", f, *args), f, "is a file")
    proc = cli("--db", f, "doctor")
    assert proc.returncode == 1 and str(f).encode() in proc.stdout and b"Traceback" not in proc.stderr
    assert f.read_text() == "not a store"


@pytest.fixture
def shared_store(simple_tagger):
    """A store under a world-readable temporary directory (pytest's own tmp is private to root)."""
    top = Path(tempfile.mkdtemp(prefix="newsdesk-ro-"))
    top.chmod(0o755)
    path = top / "store"
    s = Store(path, tagger=simple_tagger)
    ids = [s.import_articles([(t, ParsedArticle(t, (f"Text of {t}.",)))])[0].id for t in ("Alpha", "Beta")]
    s.close()
    yield path, ids
    subprocess.run(["chmod", "-R", "u+w", str(top)], check=False)
    shutil.rmtree(top, ignore_errors=True)


def test_unwritable_store_directory(shared_store):
    path, ids = shared_store
    for p in [path, *path.rglob("*")]:
        p.chmod(0o555 if p.is_dir() else 0o444)
    prefix = ()
    if os.geteuid() == 0:
        # root ignores permission bits: run the writer as an unprivileged user instead.
        if not shutil.which("setpriv"):
            pytest.skip("running as root and setpriv is not available to drop privileges")
        prefix = ("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups")
        # A checkout inside a private directory (mode 0700) cannot be read by that user at all.
        probe = subprocess.run([*prefix, sys.executable, "-c", "import tui.cli"], capture_output=True, cwd=ROOT)
        if probe.returncode != 0:
            pytest.skip("this checkout is not readable by an unprivileged user, so none can run newsdesk here")
    before = tree(path)
    proc = cli("--db", path, "mark-read", ids[0], prefix=prefix, env={"HOME": "/tmp"})
    one_error_line(proc, path, "permission denied")
    proc = cli("--db", path, "list", "--json", prefix=prefix, env={"HOME": "/tmp"})
    assert proc.returncode == 0 and len(json.loads(proc.stdout)) == 2, proc.stderr
    assert tree(path) == before


def test_read_only_file_system(shared_store):
    path, ids = shared_store
    if not shutil.which("unshare"):
        pytest.skip("unshare is not available to mount a read-only file system")
    probe = subprocess.run(
        ["unshare", "-rm", "sh", "-c", f"mount --bind -o ro {path} {path} && touch {path}/probe"],
        capture_output=True,
    )
    if b"Read-only file system" not in probe.stderr:
        pytest.skip(f"cannot mount a read-only file system here: {probe.stderr.decode(errors='replace').strip()}")
    before = tree(path)
    script = f'mount --bind -o ro "{path}" "{path}" && exec "$@"'
    prefix = ("unshare", "-rm", "sh", "-c", script, "sh")
    one_error_line(cli("--db", path, "star", ids[1], prefix=prefix), path, "read-only")
    one_error_line(cli("--db", path, "doctor", "--repair", prefix=prefix), path, "read-only")
    proc = cli("--db", path, "show", "--json", ids[1], prefix=prefix)
    assert proc.returncode == 0 and json.loads(proc.stdout)["title"] == "Beta", proc.stderr
    assert tree(path) == before
