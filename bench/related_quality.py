"""Measure related-article quality on a labelled corpus, and query speed on a synthetic one.

    python -m bench.related_quality [--dir PATH] [--simple-tagger] [--show N]
    python -m bench.related_quality --synthetic 100000 [--queries 1000] [--story-share 0.7]

Quality: every article of ``<dir>/articles/*.txt`` is imported and tagged, indexed,
and each one asks for its related articles; the report gives precision@5 of
same-story answers, P@1 and same-topic P@5 (labels from ``<dir>/labels.jsonl``).
Nothing here learns from the labels; they are only counted.

Speed: build time, memory, query latency (wall and CPU) and how much of an
exhaustive answer the capped search keeps, on Zipf-distributed synthetic tags.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
import tracemalloc
from collections import Counter
from datetime import date
from pathlib import Path

from store.models import Entity
from store.related import RelatedIndex, lead_terms

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "data" / "related-dev"


# ----------------------------------------------------------------- import/tagging

_SIMPLE_STOP = {
    "The", "A", "An", "In", "On", "At", "He", "She", "It", "They", "We", "I", "But",
    "And", "Or", "If", "As", "This", "That", "These", "Those", "His", "Her", "Their",
    "There", "When", "While", "After", "Before", "For", "With", "By", "From", "To",
    "Of", "Mr", "Mrs", "Ms", "Dr", "So", "Yet", "Its", "Our", "Some", "One", "Two",
}


def simple_tag(title: str, paragraphs: list[str]) -> list[Entity]:
    """A crude stand-in tagger: runs of capitalised words, title mentions counted twice."""
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    for weight, text in [(2, title)] + [(1, p) for p in paragraphs]:
        for run in re.findall(r"(?:[A-Z][\w'’-]*(?:\s+(?:of|de|the)?\s*[A-Z][\w'’-]*)*)", text):
            words = run.split()
            while words and words[0] in _SIMPLE_STOP:
                words = words[1:]
            if not words:
                continue
            name = " ".join(words)
            key = "-".join(w.lower().strip("'’") for w in words)
            counts[key] += weight
            names.setdefault(key, name)
    return [Entity(id=k, name=names[k], mentions=c) for k, c in counts.items()]


def _split_plain(text: str) -> tuple[str, list[str]]:
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
    return (blocks[0] if blocks else ""), blocks[1:]


def load_articles(folder: Path, simple: bool):
    """Read, parse and tag every article: {file name: (entities, published, dup key, title, lead words)}."""
    if not simple:
        from store.ingest.text import parse_text
        from store.tagging import default_tagger
        from store.textutil import IngestError

        tagger = default_tagger()
    out = {}
    for path in sorted((folder / "articles").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        if simple:
            title, body = _split_plain(text)
            entities = simple_tag(title, body)
            published = None
        else:
            try:
                parsed = parse_text(text, name=path.name)
            except IngestError as exc:
                print(f"{path.name}: skipped, {exc}", file=sys.stderr)
                continue
            title, body = parsed.title, list(parsed.body)
            entities = list(tagger.tag(title, body, parsed.language or "en"))
            published = parsed.published
        dup = " ".join(re.findall(r"\w+", title.lower())) or None
        out[path.name] = (entities, published, dup, title, lead_terms(body))
    return out


def load_labels(folder: Path) -> dict[str, tuple[str, str]]:
    labels = {}
    with open(folder / "labels.jsonl", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            labels[rec["file"].split("/")[-1]] = (rec["story"], rec["topic"])
    return labels


def evaluate(folder: Path, simple: bool, show: int = 0) -> dict[str, float]:
    labels = load_labels(folder)
    arts = load_articles(folder, simple)
    index = RelatedIndex()
    for name, (entities, published, dup, title, lead) in arts.items():
        index.add(name, entities, published, dup_key=dup, title=title, terms=lead)
    p5 = p1 = t5 = 0.0
    worst = []
    scored = [name for name in arts if name in labels]
    for name in scored:
        story, topic = labels[name]
        got = [r.id for r in index.related(name, limit=5)]
        same = sum(labels[r][0] == story for r in got)
        p5 += same / 5
        p1 += bool(got) and labels[got[0]][0] == story
        t5 += sum(labels[r][1] == topic for r in got) / 5
        if same < 5:
            worst.append((same, name))
    n = len(scored) or 1
    tags_per = statistics.mean(len(e) for e, *_ in arts.values())
    dated = sum(p is not None for _, p, *_ in arts.values())
    if show:
        worst.sort()
        for same, name in worst[:show]:
            entities, published, _dup, title, _lead = arts[name]
            print(f"\n{name} [{labels[name][0]}] {published} {title[:90]!r} — {same}/5")
            top = sorted(entities, key=lambda e: -e.mentions)[:12]
            print("   tags:", ", ".join(f"{e.id}×{e.mentions}" for e in top))
            for r in index.related(name, limit=5):
                mark = "ok" if labels[r.id][0] == labels[name][0] else "--"
                print(f"   {mark} {r.score:.3f} [{labels[r.id][0]}] {arts[r.id][3][:60]!r} via {', '.join(r.shared[:5])}")
    return {
        "articles": n,
        "tags_per_article": round(tags_per, 1),
        "dated": dated,
        "P@5": round(p5 / n, 3),
        "P@1": round(p1 / n, 3),
        "topic_P@5": round(t5 / n, 3),
    }


# ---------------------------------------------------------------------- synthetic

def synthetic_corpus(
    n: int, vocab: int = 50_000, per_article: int = 15, seed: int = 7, story_share: float = 0.7
):
    """Articles of about ``per_article`` tags drawn Zipf-like from ``vocab`` names.

    Articles come in stories of about 8: each of a story's 6 tags is kept with
    probability ``story_share`` (0 gives unrelated articles), the rest is background.
    """
    rng = random.Random(seed)
    cum = []
    total = 0.0
    for rank in range(1, vocab + 1):
        total += 1.0 / rank
        cum.append(total)
    names = [f"name-{i}" for i in range(vocab)]
    background = rng.choices(range(vocab), cum_weights=cum, k=n * per_article)
    stories = [rng.choices(range(vocab), cum_weights=cum, k=6) for _ in range(max(1, n // 8))]
    start = date(2021, 7, 1).toordinal()
    out = []
    pos = 0
    for i in range(n):
        story = rng.randrange(len(stories))
        own = [t for t in stories[story] if rng.random() < story_share]
        rest = per_article - len(own)
        tags = Counter(own + background[pos:pos + rest])
        pos += rest
        ents = [Entity(id=names[t], name=names[t], mentions=1 + int(rng.expovariate(0.7)))
                for t in tags]
        day = start + story * 730 // len(stories) + rng.randrange(10)
        out.append((f"a{i}", ents, date.fromordinal(day).isoformat()))
    return out


def _timed(fn, items):
    """Per-call wall and CPU times (CPU time is steadier on a shared machine)."""
    wall, cpu = [], []
    for item in items:
        t, c = time.perf_counter(), time.thread_time()
        fn(item)
        cpu.append(time.thread_time() - c)
        wall.append(time.perf_counter() - t)
    return sorted(wall), sorted(cpu)


def _pct(values, q):
    return values[min(len(values) - 1, int(len(values) * q))] * 1e3


def synthetic(n: int, queries: int, story_share: float = 0.7) -> None:
    print(f"generating {n} synthetic articles …", flush=True)
    corpus = synthetic_corpus(n, story_share=story_share)
    tags_per = sum(len(e) for _, e, _ in corpus) / n
    t0, c0 = time.perf_counter(), time.thread_time()
    index = RelatedIndex()
    for aid, ents, published in corpus:
        index.add(aid, ents, published)
    build, build_cpu = time.perf_counter() - t0, time.thread_time() - c0
    # Memory is traced on a second build: tracing slows building down several times.
    tracemalloc.start()
    traced = RelatedIndex()
    for aid, ents, published in corpus:
        traced.add(aid, ents, published)
    mem = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del traced
    commonest = max(index.tag_count(f"name-{i}") for i in range(50))
    print(f"{tags_per:.1f} tags per article, commonest tag in {commonest / n:.0%} of articles")
    print(f"build: {build:.2f} s wall, {build_cpu:.2f} s CPU; index memory {mem / 1e6:.1f} MB")

    rng = random.Random(1)
    picks = [corpus[rng.randrange(n)][0] for _ in range(queries)]
    wall, cpu = _timed(lambda aid: index.related(aid, limit=10), picks)
    print(f"related(limit=10): p50 {_pct(wall, .5):.2f} ms, p95 {_pct(wall, .95):.2f} ms, "
          f"max {wall[-1] * 1e3:.2f} ms wall; p50 {_pct(cpu, .5):.2f} ms, "
          f"p95 {_pct(cpu, .95):.2f} ms CPU")

    few = picks[:200]
    # The same queries when common tags enumerate candidates too.
    uncapped = RelatedIndex(common_fraction=1.0, common_min=n + 1)
    for aid, ents, published in corpus:
        uncapped.add(aid, ents, published)
    uwall, ucpu = _timed(lambda aid: uncapped.related(aid, limit=10), few)
    del uncapped
    print(f"uncapped: p50 {_pct(uwall, .5):.2f} ms, p95 {_pct(uwall, .95):.2f} ms wall; "
          f"p95 {_pct(ucpu, .95):.2f} ms CPU")
    # And against exact scores for every candidate.
    full = RelatedIndex(common_fraction=1.0, common_min=n + 1, shortlist=n + 1)
    for aid, ents, published in corpus:
        full.add(aid, ents, published)
    kept = []
    overlap = []
    for aid in few:
        exact = full.related(aid, limit=10)
        fast = index.related(aid, limit=10)
        denom = sum(r.score for r in exact)
        if denom:
            kept.append(sum(r.score for r in fast) / denom)
            overlap.append(len({r.id for r in exact} & {r.id for r in fast}) / len(exact))
    del full
    print(f"capped vs exhaustive top-10: score kept {statistics.mean(kept):.3f}, "
          f"same ids {statistics.mean(overlap):.3f}")

    wall, cpu = _timed(index.remove, few)
    print(f"remove: p50 {_pct(wall, .5):.3f} ms, max {wall[-1] * 1e3:.3f} ms")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.related_quality", description=__doc__.split("\n")[0])
    ap.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="labelled corpus folder")
    ap.add_argument("--simple-tagger", action="store_true", help="use the crude capitalised-phrase tagger")
    ap.add_argument("--show", type=int, default=0, help="print the N worst articles with their answers")
    ap.add_argument("--synthetic", type=int, metavar="N", help="time the index on N synthetic articles instead")
    ap.add_argument("--queries", type=int, default=1000, help="synthetic queries to time")
    ap.add_argument("--story-share", type=float, default=0.7,
                    help="synthetic: chance an article keeps each tag of its story (0: unrelated articles)")
    args = ap.parse_args(argv)
    if args.synthetic:
        synthetic(args.synthetic, args.queries, args.story_share)
        return 0
    if not (args.dir / "labels.jsonl").exists():
        print(f"{args.dir}: no labels.jsonl there, so there is nothing to measure.", file=sys.stderr)
        return 2
    result = evaluate(args.dir, args.simple_tagger, args.show)
    tagger = "simple capitalised-phrase tagger" if args.simple_tagger else "store.tagging default tagger"
    print(f"{tagger}: " + ", ".join(f"{k} {v}" for k, v in result.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
