"""Commands over feed subscriptions: add-feed, feeds, remove-feed, refresh."""

from __future__ import annotations


def register(sub, common) -> None:
    def add(name: str, help: str, description: str | None = None):
        p = sub.add_parser(name, parents=[common], help=help, description=description or help)
        p.add_argument("--json", action="store_true", help="machine-readable output (JSON lines)")
        return p

    p = add(
        "add-feed",
        "subscribe to an RSS, Atom or JSON feed",
        "Subscribe to a feed by its address. Nothing is fetched until `newsdesk refresh`.",
    )
    p.add_argument("url", metavar="URL", help="the feed's address (http:// or https://)")
    p.add_argument("--folder", metavar="NAME", help="file the feed in this folder (nested folders as A/B)")
    p.add_argument(
        "--full-text",
        action="store_true",
        help="fetch the linked page of entries that carry only a summary, and keep its article text",
    )
    p.set_defaults(func=run_add_feed)

    p = add("feeds", "list feed subscriptions", "List subscribed feeds with their last fetch, last error and article count.")
    p.set_defaults(func=run_feeds)

    p = add(
        "remove-feed",
        "unsubscribe from a feed",
        "Unsubscribe from a feed. Its articles stay in the store unless --purge is given.",
    )
    p.add_argument("url", metavar="URL")
    p.add_argument("--purge", action="store_true", help="also delete its unread articles (starred ones stay)")
    p.set_defaults(func=run_remove_feed)

    p = add(
        "refresh",
        "fetch subscribed feeds and import new articles",
        "Fetch every subscribed feed (or those given) in parallel and import new entries. "
        "A feed that fails is reported in one line and the others go on; stored articles are never "
        "removed. Exit status 1 when any feed failed.",
    )
    p.add_argument("urls", nargs="*", metavar="URL", help="only these feeds (default: all)")
    p.add_argument("--concurrency", type=_positive_int, default=8, metavar="N", help="feeds fetched at once (default 8)")
    p.add_argument("--timeout", type=_positive_float, default=15.0, metavar="SECONDS", help="network timeout (default 15)")
    p.set_defaults(func=run_refresh)


def _positive_int(value: str) -> int:
    import argparse

    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def _positive_float(value: str) -> float:
    import argparse

    try:
        n = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    if not n > 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return n


def _when(iso: str | None) -> str:
    return iso.replace("T", " ").removesuffix("Z") if iso else "never"


def run_add_feed(args, ctx) -> int:
    from store.feeds import add_feed

    sub = add_feed(ctx.store(), args.url, folder=args.folder, full_text=args.full_text)
    if ctx.out.json_mode:
        ctx.out.json(sub.record())
    else:
        where = f" in folder {sub.folder}" if sub.folder else ""
        extra = " (full text)" if sub.full_text else ""
        ctx.out.note(f"subscribed to {sub.url}{where}{extra}; `newsdesk refresh` fetches it")
    return 0


def run_feeds(args, ctx) -> int:
    from store.feeds import list_feeds

    subs = list_feeds(ctx.store())
    out = ctx.out
    if out.json_mode:
        for s in subs:
            out.json(s.record())
        return 0
    if not subs:
        out.note("no feeds yet; `newsdesk add-feed URL` subscribes to one, `newsdesk import LIST.opml` to many")
        return 0
    out.table(
        ("title", "folder", "articles", "last success", "last error", "url"),
        [
            (
                s.title or "",
                s.folder or "",
                s.article_count,
                _when(s.last_success),
                f"{s.last_error} ({_when(s.last_error_at)})" if s.last_error else "",
                s.url,
            )
            for s in subs
        ],
    )
    return 0


def run_remove_feed(args, ctx) -> int:
    from store.feeds import remove_feed

    removed = remove_feed(ctx.store(), args.url, purge=args.purge)
    if ctx.out.json_mode:
        ctx.out.json({"url": removed.url, "kept": removed.kept, "purged": removed.purged})
    elif args.purge:
        ctx.out.note(f"unsubscribed from {removed.url}; deleted {removed.purged} unread articles, kept {removed.kept}")
    else:
        ctx.out.note(f"unsubscribed from {removed.url}; its {removed.kept} articles stay in the store")
    return 0


def run_refresh(args, ctx) -> int:
    from store.feeds import list_feeds, refresh

    out = ctx.out
    store = ctx.store()
    total = len(args.urls) if args.urls else len(list_feeds(store))
    if total == 0:
        out.note("no feeds to refresh; `newsdesk add-feed URL` subscribes to one")
        return 0
    with out.progress(total, "refreshing") as bar:

        def report(result) -> None:
            bar.advance()
            if out.json_mode:
                out.json(result.record())
                return
            if result.error:
                out.error(result.error)
            for warning in result.warnings:
                out.note(warning)

        result = refresh(
            store,
            urls=args.urls or None,
            concurrency=args.concurrency,
            timeout=args.timeout,
            progress=report,
        )
    if not out.json_mode:
        unchanged = sum(1 for f in result.feeds if f.status == "not-modified")
        out.note(
            f"{len(result.feeds)} feeds: {result.new} new articles, {result.duplicate} duplicate, "
            f"{unchanged} unchanged, {len(result.failed)} failed"
        )
    return 1 if result.failed else 0
