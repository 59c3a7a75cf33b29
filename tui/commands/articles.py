"""Commands over articles: import, list, show, related, tags, export and reading state."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

from rich.text import Text

from store.db import article_record, summary_record
from store.models import ImportResult, ParsedArticle
from store.storage import StoreError, atomic_write_bytes

from ..display import inert


def register(sub, common: argparse.ArgumentParser) -> None:
    def add(name: str, help: str, description: str | None = None, json_flag: bool = True):
        p = sub.add_parser(name, parents=[common], help=help, description=description or help)
        if json_flag:
            p.add_argument("--json", action="store_true", help="machine-readable output (JSON)")
        return p

    p = add(
        "import",
        "import article files or directories",
        "Import scraped article text (.txt), Markdown (.md), JSON/JSONL article files, feeds "
        "(.xml .rss .atom .rdf .json), HTML pages and OPML lists. Directories are read recursively. "
        "Articles already in the store are reported as duplicates. Exit status 1 when any input "
        "was rejected (the rest is still imported).",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or directories to import")
    p.add_argument("--refresh", action="store_true", help="fetch the feeds of imported OPML lists at once")
    p.set_defaults(func=run_import)

    p = add("list", "list articles, newest first")
    p.add_argument("--unread", action="store_true", help="only unread articles")
    p.add_argument("--starred", action="store_true", help="only starred articles")
    p.add_argument("--tag", metavar="TAG", help="only articles with this tag (a name in any language, or a tag id)")
    p.add_argument("--limit", type=int, metavar="N", help="at most N articles")
    p.set_defaults(func=run_list)

    p = add("show", "show one article", "Show an article by id (any unique prefix of at least 4 characters).")
    p.add_argument("id", metavar="ID")
    p.set_defaults(func=run_show)

    p = add(
        "related",
        "list the articles related to others",
        "Rank other articles by the people, organisations and places they share with the given one, "
        "rarer tags counting more, with a mild preference for nearby dates.",
    )
    p.add_argument("ids", nargs="*", metavar="ID")
    p.add_argument("--all", action="store_true", help="for every article in the store")
    p.add_argument("--limit", type=int, default=5, metavar="N", help="related articles per article (default 5)")
    p.set_defaults(func=run_related)

    for name, help, field, value in (
        ("mark-read", "mark articles read", "read", True),
        ("mark-unread", "mark articles unread", "read", False),
        ("star", "star articles", "starred", True),
        ("unstar", "remove the star from articles", "starred", False),
    ):
        p = add(name, help, json_flag=False)
        p.add_argument("ids", nargs="+", metavar="ID")
        p.set_defaults(func=run_set_state, state_field=field, state_value=value)

    p = add("tags", "list tags with their article counts")
    p.set_defaults(func=run_tags)

    p = add(
        "export",
        "export every article with its reading state",
        "Write every article with its reading state as JSON lines (import the file to restore it), "
        "or the feed subscriptions as OPML.",
        json_flag=False,
    )
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--jsonl", action="store_true", help="JSON lines, one article each (the default)")
    fmt.add_argument("--opml", action="store_true", help="feed subscriptions as OPML")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    p.set_defaults(func=run_export)


# -- import -------------------------------------------------------------------


def run_import(args, ctx) -> int:
    from store.ingest.files import iter_input_files, parse_file
    from store.textutil import IngestError

    out = ctx.out
    store = ctx.store()
    counts = {"imported": 0, "duplicate": 0, "rejected": 0}
    refresh_failed = False

    def report(result: ImportResult) -> None:
        counts[result.status] += 1
        if out.json_mode:
            rec = {"path": result.path, "status": result.status}
            if result.status == "rejected":
                rec["error"] = result.error
            else:
                rec["id"] = result.id
                rec["title"] = result.title
            out.json(rec)
        elif result.status == "rejected":
            out.error(result.error or f"{result.path}: rejected")

    files = list(iter_input_files(args.paths))
    opml_files = [f for f in files if not isinstance(f, IngestError) and is_opml_file(f)]
    files = [f for f in files if isinstance(f, IngestError) or f not in opml_files]
    feed_urls = []
    for path in opml_files:
        feed_urls.extend(subscribe_opml_file(path, ctx, report))
    with out.progress(len(files), "importing") as bar:

        def articles() -> Iterator[tuple[str, ParsedArticle]]:
            for item in files:
                if isinstance(item, IngestError):
                    report(ImportResult(getattr(item, "path", "") or "", "rejected", error=str(item)))
                    bar.advance()
                    continue
                for parsed in parse_file(item):
                    if isinstance(parsed, IngestError):
                        report(ImportResult(str(item), "rejected", error=str(parsed)))
                    else:
                        yield str(item), parsed
                bar.advance()

        store.import_articles(articles(), progress=report)
    if args.refresh and feed_urls:
        from .feeds import run_refresh

        args.urls, args.concurrency, args.timeout = feed_urls, 8, 15.0
        refresh_failed = bool(run_refresh(args, ctx))
    if not out.json_mode:
        out.note(
            f"{counts['imported']} imported, {counts['duplicate']} duplicate, {counts['rejected']} rejected"
        )
    return 1 if counts["rejected"] or refresh_failed else 0


def is_opml_file(path: Path) -> bool:
    suffix = path.suffix.lower()
    if suffix == ".opml":
        return True
    if suffix != ".xml":
        return False
    from store.ingest.opml import looks_like_opml

    try:
        with open(path, "rb") as fh:
            head = fh.read(65536)
    except OSError:
        return False
    return b"<rss" not in head.lower() and b"<feed" not in head.lower() and looks_like_opml(head)


def subscribe_opml_file(path: Path, ctx, report) -> list[str]:
    """Subscribe to the feeds of an OPML list; returns their URLs (nothing is fetched)."""
    from store.feeds import subscribe_opml
    from store.textutil import IngestError

    try:
        done = subscribe_opml(ctx.store(), path.read_bytes(), name=str(path))
    except (IngestError, OSError) as exc:
        report(ImportResult(str(path), "rejected", error=str(exc) if isinstance(exc, IngestError) else f"{path}: {exc.strerror}"))
        return []
    out = ctx.out
    for skipped in done.opml.skipped:
        out.note(f"{path}: {skipped}")
    if out.json_mode:
        out.json({"path": str(path), "status": "subscribed", "feeds_added": len(done.added), "feeds_existing": len(done.existing)})
    else:
        out.note(f"{path}: subscribed to {len(done.added)} feeds ({len(done.existing)} already subscribed)")
    return [*done.added, *done.existing]


# -- reading ----------------------------------------------------------------------


def resolve_tag(store, tag: str) -> set[str]:
    """Tag ids matching what a user typed: an alias in any language, an id or a display name."""
    wanted = tag.strip().casefold()
    ids: set[str] = set()
    try:
        from store.tagging import canonical_tag_id

        cid = canonical_tag_id(tag)
        if cid:
            ids.add(cid)
    except ImportError:
        pass
    for entity, _count in store.tags():
        if entity.id == wanted or entity.name.casefold() == wanted:
            ids.add(entity.id)
    return ids


def run_list(args, ctx) -> int:
    store = ctx.store()
    wanted = resolve_tag(store, args.tag) if args.tag else None
    rows = []
    for s in store.summaries():
        st = store.state(s.id)
        if args.unread and st.read:
            continue
        if args.starred and not st.starred:
            continue
        if wanted is not None and not any(e.id in wanted for e in s.entities):
            continue
        rows.append((s, st))
        if args.limit and len(rows) >= args.limit:
            break
    if ctx.out.json_mode:
        ctx.out.json([summary_record(s, st) for s, st in rows])
        return 0
    if not rows:
        ctx.out.note("no articles" + (" match" if (args.unread or args.tag or args.starred) else " yet; try `newsdesk import PATH` or `newsdesk demo`"))
        return 0
    ctx.out.table(
        ("", "id", "date", "source", "title"),
        [
            (
                ("*" if st.starred else "") + ("" if st.read else "●"),
                s.id,
                (s.published or "")[:10],
                (s.source or "")[:24],
                s.title,
            )
            for s, st in rows
        ],
    )
    return 0


def run_show(args, ctx) -> int:
    store = ctx.store()
    aid = store.resolve(args.id)
    article = store.get(aid)
    state = store.state(aid)
    if ctx.out.json_mode:
        ctx.out.json(article_record(article, state))
        return 0
    text = Text()
    text.append(inert(article.title) + "\n", style="bold")
    meta = " · ".join(inert(x) for x in (article.source, article.published, article.language) if x)
    if meta:
        text.append(meta + "\n", style="dim")
    if article.url:
        text.append(inert(article.url) + "\n", style="dim underline")
    flags = ("read" if state.read else "unread") + (", starred" if state.starred else "")
    text.append(f"{aid} ({flags})\n\n", style="dim")
    for para in article.body:
        text.append(inert(para) + "\n\n")
    for cap in article.captions:
        text.append(inert(cap) + "\n\n", style="italic")
    groups = {}
    for e in article.entities:
        groups.setdefault(e.kind, []).append(e.name)
    for kind, label in (("person", "People"), ("org", "Organisations"), ("place", "Places"), ("other", "Other")):
        if kind in groups:
            text.append(f"{label}: ", style="bold")
            text.append(", ".join(inert(n) for n in groups[kind]) + "\n")
    ctx.out.text(text)
    return 0


def related_record(store, aid: str, limit: int) -> dict:
    names = {e.id: e.name for e in store.summary(aid).entities}
    hits = store.related(aid, limit)
    return {
        "id": aid,
        "related": [
            {
                "id": h.id,
                "title": store.summary(h.id).title,
                "score": round(h.score, 4),
                "shared": [names.get(t, t) for t in h.shared],
            }
            for h in hits
        ],
    }


def run_related(args, ctx) -> int:
    if not args.ids and not args.all:
        ctx.out.error("related: give one or more article ids, or --all")
        return 2
    if args.limit < 1:
        ctx.out.error("related: --limit must be at least 1")
        return 2
    store = ctx.store()
    ids = [s.id for s in store.summaries()] if args.all else [store.resolve(i) for i in args.ids]
    for aid in ids:
        rec = related_record(store, aid, args.limit)
        if ctx.out.json_mode:
            ctx.out.json(rec)
            continue
        ctx.out.table(
            ("score", "id", "title", "shared"),
            [(f"{r['score']:.2f}", r["id"], r["title"], ", ".join(r["shared"])) for r in rec["related"]],
            title=inert(f"related to {aid}: {store.summary(aid).title}"),
        )
        if not rec["related"]:
            ctx.out.line("  (no related articles)")
    return 0


def run_set_state(args, ctx) -> int:
    store = ctx.store()
    ids = [store.resolve(i) for i in args.ids]
    store.set_state(ids, **{args.state_field: args.state_value})
    return 0


def run_tags(args, ctx) -> int:
    store = ctx.store()
    tags = store.tags()
    if ctx.out.json_mode:
        ctx.out.json([{"id": e.id, "name": e.name, "kind": e.kind, "count": n} for e, n in tags])
        return 0
    ctx.out.table(("count", "kind", "tag", "id"), [(n, e.kind, e.name, e.id) for e, n in tags])
    return 0


def run_export(args, ctx) -> int:
    import orjson

    store = ctx.store()
    if args.opml:
        from store.feeds import export_opml

        data = export_opml(store).encode("utf-8")
    else:
        data = b"".join(orjson.dumps(rec) + b"\n" for rec in store.export_records())
    if args.output:
        target = Path(args.output)
        if target.is_dir():
            raise StoreError(f"cannot export to {target}: it is a directory")
        atomic_write_bytes(target, data, keep_backup=False)
        ctx.out.note(f"exported {len(store)} articles to {target}" if not args.opml else f"exported feeds to {target}")
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0
