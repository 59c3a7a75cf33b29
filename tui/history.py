"""Back and forward through the articles the reader opened, as a browser does."""

from __future__ import annotations


class History:
    """A list of visited article ids with a current position.

    Visiting after going back drops the forward part, as browsers do; visiting
    the current article again changes nothing.
    """

    def __init__(self, limit: int = 500) -> None:
        self._items: list[str] = []
        self._index = -1
        self._limit = limit

    @property
    def current(self) -> str | None:
        return self._items[self._index] if self._index >= 0 else None

    @property
    def can_go_back(self) -> bool:
        return self._index > 0

    @property
    def can_go_forward(self) -> bool:
        return self._index < len(self._items) - 1

    def visit(self, article_id: str) -> None:
        if self.current == article_id:
            return
        del self._items[self._index + 1 :]
        self._items.append(article_id)
        if len(self._items) > self._limit:
            del self._items[: len(self._items) - self._limit]
        self._index = len(self._items) - 1

    def back(self) -> str | None:
        """Step back; the article to show, or None at the start."""
        if not self.can_go_back:
            return None
        self._index -= 1
        return self._items[self._index]

    def forward(self) -> str | None:
        """Step forward; the article to show, or None at the end."""
        if not self.can_go_forward:
            return None
        self._index += 1
        return self._items[self._index]

    def forget(self, keep: set[str] | frozenset[str]) -> None:
        """Drop entries for articles that no longer exist; stay on the nearest earlier one."""
        kept: list[str] = []
        index = -1
        for position, item in enumerate(self._items):
            if item in keep:
                kept.append(item)
            if position == self._index:
                index = len(kept) - 1
        self._items, self._index = kept, index

    def __len__(self) -> int:
        return len(self._items)
