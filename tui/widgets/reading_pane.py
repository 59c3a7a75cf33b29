"""The reading pane: one article's title, source, date, URL, tags, body and captions."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from store.models import Article, ReadState

from ..display import long_date, one_line
from ..output import inert
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
        yield Static(id="reading-title", classes="reading-part", markup=False)
        yield Static(id="reading-meta", classes="reading-part", markup=False)
        yield Static(id="reading-url", classes="reading-part", markup=False)
        yield TagChips(id="chips", classes="reading-part")
        yield Static(id="reading-body", classes="reading-part", markup=False)
        yield Static(id="reading-captions", classes="reading-part", markup=False)

    def on_mount(self) -> None:
        self._show_parts(False)

    @property
    def article(self) -> Article | None:
        return self._article

    @property
    def chips(self) -> TagChips:
        return self.query_one(TagChips)

    def show_article(self, article: Article, state: ReadState) -> None:
        self._article = article
        self._state = state
        self._show_parts(True)
        _set_text(self.query_one("#reading-title", Static), Content(inert(article.title).strip() or "(untitled)"))
        self._update_meta()
        url = one_line(article.url or "")
        url_widget = self.query_one("#reading-url", Static)
        _set_text(url_widget, Content(url))
        url_widget.display = bool(url)
        self.chips.set_entities(article.entities)
        paragraphs = [inert(p).strip() for p in article.body if p and p.strip()]
        body = Content("\n\n".join(paragraphs) if paragraphs else "(this article has no text)")
        _set_text(self.query_one("#reading-body", Static), body)
        captions = [inert(c).strip() for c in article.captions if c and c.strip()]
        caption_widget = self.query_one("#reading-captions", Static)
        _set_text(caption_widget, Content("\n\n".join("▏" + c for c in captions)))
        caption_widget.display = bool(captions)
        self.scroll_home(animate=False)

    def show_state(self, state: ReadState) -> None:
        """The open article's reading state changed (after the store saved it)."""
        self._state = state
        if self._article is not None:
            self._update_meta()

    def show_placeholder(self, text: str = PLACEHOLDER) -> None:
        self._article = None
        _set_text(self.query_one("#reading-placeholder", Static), Content(text))
        self._show_parts(False)

    def _update_meta(self) -> None:
        article = self._article
        assert article is not None
        parts: list[str | tuple[str, str]] = [
            ("✓ read" if self._state.read else "● unread", "$foreground-muted" if self._state.read else "bold $text-accent")
        ]
        if self._state.starred:
            parts.append(("  ★ starred", "$text-warning"))
        fields = [one_line(article.source or ""), long_date(article.published)]
        if article.author:
            fields.append("by " + one_line(article.author))
        parts.append(("  " + " · ".join(f for f in fields if f), ""))
        _set_text(self.query_one("#reading-meta", Static), Content.assemble(*parts))

    def _show_parts(self, article_shown: bool) -> None:
        if self._parts_shown is article_shown:
            return
        self._parts_shown = article_shown
        self.query_one("#reading-placeholder").display = not article_shown
        for part in self.query(".reading-part"):
            part.display = article_shown
        if not article_shown:
            self.chips.display = False


def _set_text(widget: Static, content: Content) -> None:
    """Replace a part's text; the screen is laid out again only when its height changes."""
    if not widget.display:
        # Hidden parts take no room; showing one lays the screen out anyway.
        widget.update(content, layout=False)
        return
    width = widget.content_region.width
    same_height = bool(width) and content.get_height(widget.styles, width) == widget.content_region.height
    widget.update(content, layout=not same_height)
