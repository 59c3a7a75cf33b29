"""Messages that travel up to the reader screen.

Widgets post the first group when the user picks something; the App's thread
workers post the second group with what they read from the store. Nothing here
is ever posted down: the screen answers by setting attributes on its widgets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from textual.message import Message

from store.models import Article, ArticleSummary, Entity, ReadState

# -- from widgets ---------------------------------------------------------------


@dataclass
class ArticleChosen(Message):
    """The user picked an article in the list (enter, l or a click)."""

    article_id: str


@dataclass
class ArticleHighlighted(Message):
    """The list's cursor came to rest on another article (not opened)."""

    article_id: str


@dataclass
class RelatedChosen(Message):
    """The user picked a story in the related sidebar."""

    article_id: str


@dataclass
class TagChosen(Message):
    """The user picked a tag chip: filter the list by it."""

    tag_id: str
    name: str


# -- from store workers -----------------------------------------------------------


@dataclass
class StoreSnapshot:
    """What the UI keeps of the store: plain data, safe to read on the UI thread."""

    summaries: list[ArticleSummary]  # newest first (Store.summaries(): rows read from the store's columns)
    states: dict[str, ReadState]
    tags: Sequence[tuple[Entity, int]]  # commonest first; Store.tags() makes each pair as it is read


@dataclass
class StoreLoaded(Message):
    """The store was opened or re-read; ``reason`` is open, reload, poll or feeds."""

    snapshot: StoreSnapshot
    reason: str
    articles_changed: bool = True


@dataclass
class StoreFailed(Message):
    """The store could not be opened or read; ``error`` is one sentence for the user."""

    error: str
    fatal: bool = False


@dataclass
class ArticleLoaded(Message):
    article: Article
    state: ReadState


@dataclass
class ArticleReadAhead(Message):
    """An article read ahead of being opened (under the list's cursor, or a first related story)."""

    article: Article


@dataclass
class RelatedItem:
    """One related story, ready to show: summary, score and the shared tags' names."""

    summary: ArticleSummary
    score: float
    shared: tuple[str, ...]


@dataclass
class RelatedLoaded(Message):
    article_id: str
    items: list[RelatedItem]


@dataclass
class StatesSaved(Message):
    """Reading state reached the disk (the store call returned) for these articles."""

    states: dict[str, ReadState]


@dataclass
class BodyMatches(Message):
    """A batch of articles whose body matches ``query`` (search results streaming in)."""

    query: str
    ids: list[str]
    scanned: int
    total: int
    done: bool = False


@dataclass
class FilteredView(Message):
    """The list view computed by the filter worker for filter generation ``token``."""

    token: int
    summaries: list[ArticleSummary]
    unread: int


@dataclass
class FeedProgress(Message):
    done: int
    total: int
    label: str = ""


@dataclass
class FeedsRefreshed(Message):
    """A feed refresh finished: how many articles arrived and which feeds failed."""

    new_articles: int
    feeds: int
    failures: list[str] = field(default_factory=list)
    error: str | None = None
