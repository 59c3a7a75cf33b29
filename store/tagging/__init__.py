"""Entity tagging: which people, organisations and places an article mentions.

The public interface is small on purpose:

- ``Tagger`` is the protocol every backend implements: ``tag(title, paragraphs,
  language) -> list[Entity]``, entities with canonical ids, most mentioned first.
- ``default_tagger()`` returns the shared rule-based tagger (``rules.RuleTagger``).
- ``canonical_tag_id(text)`` turns what a user types (an id, a display name or
  any alias, in any language, ignoring case and accents) into a canonical id.

Adding a richer backend (for example spaCy, as an optional extra): write a class
with the same ``tag`` method in its own module (``store/tagging/spacy_backend.py``),
import spaCy lazily inside it, and map each recognised name through
``default_alias_table().lookup`` (falling back to ``slugify``) so ids stay the
same as the rule-based tagger's; then let ``default_tagger()`` pick it when the
extra is installed and the user asks for it. Callers need no change.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Protocol, Sequence

from store.models import Entity
from store.tagging.aliases import AliasTable, default_alias_table, slugify


class Tagger(Protocol):
    """Finds the entities of one article."""

    def tag(self, title: str, paragraphs: Sequence[str], language: str | None) -> list[Entity]:
        """Entities named by the article, each once, most mentioned first."""
        ...


@lru_cache(maxsize=1)
def default_tagger() -> Tagger:
    """The process-wide default tagger (rule-based, alias table loaded once)."""
    from store.tagging.rules import RuleTagger

    return RuleTagger()


def canonical_tag_id(name_or_alias: str, table: AliasTable | None = None) -> str | None:
    """Canonical id for a user-typed tag: an id, a display name or an alias.

    Matching ignores case and accents (``poutine``, ``Mátxcơva``, ``OTAN``). A name
    the alias table does not know resolves to the slug the tagger gives unknown
    names (``"Lan Bremmer"`` -> ``lan-bremmer``); text with no letters or digits
    gives None.
    """
    table = table if table is not None else default_alias_table()
    known = table.resolve(name_or_alias)
    if known is not None:
        return known
    text = name_or_alias.strip()
    if not any(ch.isalnum() for ch in text):
        return None
    from store.tagging.rules import name_slug

    return name_slug(text)


def alias_warnings() -> tuple[str, ...]:
    """Problems found in the user's alias file (empty when it is fine or absent)."""
    return default_alias_table().warnings


__all__ = ["Tagger", "default_tagger", "canonical_tag_id", "alias_warnings", "Entity"]
