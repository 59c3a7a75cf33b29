"""The reading pane: one article's title, source, date, URL, tags, body and captions.

The text parts are ArticleText widgets (wrapped once per width, drawn only where on
screen), so opening a long article costs a wrap and a screenful of lines, not a render
of the whole body.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from store.models import Article, ReadState

from ..display import long_date, one_line
from ..output import inert
from .article_text import ArticleText, TextBlock, block
from .tag_chips import TagChips

PLACEHOLDER = "Pick an article in the list and press enter to read it."


class ReadingPane(VerticalScroll, can_focus=True):
    """Shows what the screen gives it (``show_article``); it never loads anything itself."""

    BINDING_GROUP_TITLE = "Reading pane"

    BINDINGS = [
        Binding("j,down", "scroll_down", "Scroll down", show=False, id="reading_down"),
        Binding("k,up", "scroll_up", "Scroll up", show=False, id="reading_up"),
        Binding("g,home", "scroll_home", "Top of the article", show=False, id="reading_top"),
        Binding("G,end", "scroll_end", "End of the article", show=False, id="reading_bottom"),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._article: Article | None = None
        self._state = ReadState()
        self._parts_shown: bool | None = None

    def compose(self) -> ComposeResult:
        yield Static(PLACEHOLDER, id="reading-placeholder", markup=False)
        yield ArticleText(id="reading-head", classes="reading-part")
        yield TagChips(id="chips", classes="reading-part")
        yield ArticleText(id="reading-body", classes="reading-part")

    def on_mount(self) -> None:
        self._show_parts(False)

    @property
    def article(self) -> Article | None:
        return self._article

    @property
    def chips(self) -> TagChips:
        return self.query_one(TagChips)

    @property
    def head(self) -> ArticleText:
        """Title, reading state, source, date, author and address."""
        return self.query_one("#reading-head", ArticleText)

    @property
    def body(self) -> ArticleText:
        """Paragraphs, then captions."""
        return self.query_one("#reading-body", ArticleText)

    def show_article(self, article: Article, state: ReadState) -> None:
        self._article = article
        self._state = state
        self._show_parts(True)
        self.head.set_blocks(self._head_blocks())
        self.chips.set_entities(article.entities)
        paragraphs = [inert(p).strip() for p in article.body if p and p.strip()]
        paragraphs = paragraphs or ["(this article has no text)"]
        # A blank line between paragraphs and between captions, and one after each group.
        last = len(paragraphs) - 1
        blocks = [block(p, "article-text--body", gap=int(n != last), after=int(n == last)) for n, p in enumerate(paragraphs)]
        captions = [inert(c).strip() for c in article.captions if c and c.strip()]
        last = len(captions) - 1
        blocks += [
            block("▏" + c, "article-text--caption", indent=4, gap=int(n != last), after=int(n == last))
            for n, c in enumerate(captions)
        ]
        self.body.set_blocks(blocks)
        # Now, not after the next frame: that frame would show the new text at the old offset.
        self.scroll_home(animate=False, immediate=True)

    def show_state(self, state: ReadState) -> None:
        """The open article's reading state changed (after the store saved it)."""
        self._state = state
        if self._article is not None:
            self.head.set_blocks(self._head_blocks())

    def show_placeholder(self, text: str = PLACEHOLDER) -> None:
        self._article = None
        placeholder = self.query_one("#reading-placeholder", Static)
        placeholder.update(Content(text), layout=placeholder.display)
        self._show_parts(False)

    def _head_blocks(self) -> list[TextBlock]:
        article = self._article
        assert article is not None
        state = self._state
        blocks = [block(inert(article.title).strip() or "(untitled)", "article-text--title", before=1)]
        runs: list[tuple[str, str]] = [
            ("✓ read", "article-text--read") if state.read else ("● unread", "article-text--unread")
        ]
        if state.starred:
            runs.append(("  ★ starred", "article-text--starred"))
        fields = [one_line(article.source or ""), long_date(article.published)]
        if article.author:
            fields.append("by " + one_line(article.author))
        runs.append(("  " + " · ".join(f for f in fields if f), "article-text--meta"))
        blocks.append(TextBlock(tuple(runs)))
        url = one_line(article.url or "")
        if url:
            blocks.append(block(url, "article-text--url", after=1))
        return blocks

    def _show_parts(self, article_shown: bool) -> None:
        if self._parts_shown is article_shown:
            return
        self._parts_shown = article_shown
        self.query_one("#reading-placeholder").display = not article_shown
        for part in self.query(".reading-part"):
            part.display = article_shown
        if not article_shown:
            self.chips.display = False
