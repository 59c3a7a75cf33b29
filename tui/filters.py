"""Which articles the list shows: tag, unread-only and search filters over the summaries.

Pure functions over plain data, so the filter worker can run them off the UI
thread and tests can call them directly.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

from store.models import ArticleSummary, ReadState

_UNREAD = ReadState()


@dataclass(frozen=True)
class ListFilter:
    """What the user asked to see; the default shows everything."""

    tag_id: str | None = None
    tag_name: str | None = None
    unread_only: bool = False
    query: str = ""

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.query.casefold().split())

    @property
    def is_default(self) -> bool:
        return self.tag_id is None and not self.unread_only and not self.words

    def describe(self) -> str:
        parts = []
        if self.tag_id:
            parts.append(f"tag {self.tag_name or self.tag_id}")
        if self.unread_only:
            parts.append("unread only")
        if self.words:
            parts.append(f"search “{self.query.strip()}”")
        return " · ".join(parts)


def haystack(summary: ArticleSummary) -> str:
    """The casefolded text a search matches without reading bodies: title, source and tags."""
    parts = [summary.title, summary.source or ""]
    for e in summary.entities:
        parts.append(e.name)
        parts.append(e.id)
    return "\n".join(parts).casefold()


def body_haystack(body: Sequence[str], captions: Sequence[str]) -> str:
    return "\n".join([*body, *captions]).casefold()


def matches_words(text: str, words: Sequence[str]) -> bool:
    return all(w in text for w in words)


def apply_filter(
    summaries: Sequence[ArticleSummary],
    states: Mapping[str, ReadState],
    haystacks: Mapping[str, str],
    flt: ListFilter,
    *,
    body_hits: Collection[str] = (),
    tag_aliases: Collection[str] = (),
    cancelled: Callable[[], bool] | None = None,
) -> list[ArticleSummary] | None:
    """The summaries passing ``flt``, in their given order; None if ``cancelled()`` said stop.

    A search matches when every word is in the title, source or tags, or when the
    article is one of ``body_hits``, or when it carries a tag in ``tag_aliases``
    (the canonical tag the query names).
    """
    if flt.is_default:
        return list(summaries)
    words = flt.words
    tag_id = flt.tag_id
    unread_only = flt.unread_only
    out: list[ArticleSummary] = []
    for n, s in enumerate(summaries):
        if cancelled is not None and n % 4096 == 4095 and cancelled():
            return None
        if unread_only and states.get(s.id, _UNREAD).read:
            continue
        if tag_id is not None and not any(e.id == tag_id for e in s.entities):
            continue
        if words:
            hay = haystacks.get(s.id)
            if hay is None:
                hay = haystack(s)
            if not (
                matches_words(hay, words)
                or s.id in body_hits
                or (tag_aliases and any(e.id in tag_aliases for e in s.entities))
            ):
                continue
        out.append(s)
    return out
