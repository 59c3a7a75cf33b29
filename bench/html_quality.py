"""Article extraction quality on the HTML benchmark pages.

Scores the text ``store.ingest.html.parse_html_page`` extracts against the
hand-made ground truth, the way the article-extraction benchmark does: ``\\w+``
tokens, word 4-gram shingles counted as multisets, true/false positives and
negatives normalised per page, precision and recall averaged over pages, F1
from the averages. Also counts titles equal to the expected headline after
normalisation.

    .venv/bin/python -m bench.html_quality [--data DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "html"
_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def page_counts(truth: str, predicted: str) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) of one page."""
    t, p = shingles(truth), shingles(predicted)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def summarise(counts: list[tuple[float, float, float]]) -> dict[str, float]:
    """Mean precision over pages that predicted something, mean recall over pages with truth, F1."""
    ps = [precision(*c) for c in counts if c[0] + c[1] > 0]
    rs = [recall(*c) for c in counts if c[0] + c[2] > 0]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def title_key(title: str | None) -> str:
    folded = unicodedata.normalize("NFKC", title or "").casefold()
    return " ".join(_TOKEN.findall(folded))


def evaluate(data_dir: Path = DEFAULT_DATA) -> dict:
    """Extract every benchmark page and score it; returns per-page rows and the means."""
    from store.ingest.html import parse_html_page
    from store.textutil import IngestError

    truth = json.loads((data_dir / "ground-truth.json").read_text(encoding="utf-8"))
    rows, counts, titles_ok = [], [], 0
    started = time.perf_counter()
    for name in sorted(truth):
        expected = truth[name]
        try:
            article = parse_html_page((data_dir / name).read_bytes(), name=name)
            text, title = "\n\n".join(article.body), article.title
        except IngestError:
            text, title = "", None
        c = page_counts(expected.get("articleBody", ""), text)
        counts.append(c)
        same_title = title_key(title) == title_key(expected.get("title"))
        titles_ok += same_title
        rows.append(
            {
                "page": name,
                "precision": precision(*c),
                "recall": recall(*c),
                "title_match": same_title,
                "title": title,
                "expected_title": expected.get("title"),
            }
        )
    means = summarise(counts)
    return {
        "pages": rows,
        **means,
        "titles_matched": titles_ok,
        "page_count": len(rows),
        "seconds": time.perf_counter() - started,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with the pages and ground-truth.json")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    if not (args.data / "ground-truth.json").exists():
        print(f"no ground-truth.json in {args.data}", file=sys.stderr)
        return 1
    result = evaluate(args.data)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    for row in result["pages"]:
        p, r = row["precision"], row["recall"]
        f = 2 * p * r / (p + r) if p + r else 0.0
        mark = "" if row["title_match"] else f"   title: {row['title']!r} (expected {row['expected_title']!r})"
        print(f"{row['page']:<24} P={p:.3f} R={r:.3f} F1={f:.3f}{mark}")
    print(
        f"mean over {result['page_count']} pages: precision={result['precision']:.3f} "
        f"recall={result['recall']:.3f} F1={result['f1']:.3f}; titles matched "
        f"{result['titles_matched']}/{result['page_count']}; {result['seconds']:.1f}s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
