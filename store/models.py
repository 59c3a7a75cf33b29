"""Small immutable records shared by every layer of newsdesk."""

from __future__ import annotations

from dataclasses import dataclass, field

ENTITY_KINDS = ("person", "org", "place", "other")


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation or place mentioned by an article.

    ``id`` is canonical (shared across languages and spellings); ``name`` is the
    display name, which may follow the article's language; ``mentions`` counts
    how often the article names it (a salience hint for related scoring).
    """

    id: str
    name: str
    kind: str = "other"
    mentions: int = 1


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    """What an importer extracts from one input, before tagging and storage."""

    title: str
    body: tuple[str, ...]
    source: str | None = None
    published: str | None = None  # ISO 8601: YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ
    url: str | None = None
    language: str | None = None  # ISO 639-1
    captions: tuple[str, ...] = ()
    author: str | None = None
    feed_url: str | None = None
    # Reading state carried by an export file, restored on import.
    state: "ReadState | None" = None


@dataclass(frozen=True, slots=True)
class ReadState:
    """Reading state of one article. The default (unread, not starred) is not stored."""

    read: bool = False
    read_at: str | None = None
    starred: bool = False

    @property
    def is_default(self) -> bool:
        return not self.read and not self.starred


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """The light part of an article: what a list row and related scoring need."""

    id: str
    title: str
    source: str | None
    published: str | None
    language: str | None
    url: str | None
    entities: tuple[Entity, ...] = ()
    feed_url: str | None = None
    imported_at: str | None = None

    @property
    def tag_names(self) -> list[str]:
        return [e.name for e in self.entities]


@dataclass(frozen=True, slots=True)
class Article:
    """A whole stored article: summary fields plus body and captions."""

    id: str
    title: str
    source: str | None
    published: str | None
    language: str | None
    url: str | None
    body: tuple[str, ...]
    captions: tuple[str, ...] = ()
    entities: tuple[Entity, ...] = ()
    author: str | None = None
    feed_url: str | None = None
    imported_at: str | None = None

    @property
    def summary(self) -> ArticleSummary:
        return ArticleSummary(
            id=self.id,
            title=self.title,
            source=self.source,
            published=self.published,
            language=self.language,
            url=self.url,
            entities=self.entities,
            feed_url=self.feed_url,
            imported_at=self.imported_at,
        )


@dataclass(frozen=True, slots=True)
class RelatedArticle:
    """One answer of a related-articles query, with the tags that explain it."""

    id: str
    score: float
    shared: tuple[str, ...] = field(default_factory=tuple)  # entity ids, strongest first


@dataclass(frozen=True, slots=True)
class ImportResult:
    """The outcome of importing one article or one rejected input."""

    path: str
    status: str  # imported | duplicate | rejected
    id: str | None = None
    title: str | None = None
    error: str | None = None
