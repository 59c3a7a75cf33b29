import os
import re

import pytest

from store.models import Entity


class CapitalisedWordTagger:
    """A deterministic stand-in tagger for storage tests that must not depend on tagging quality."""

    def tag(self, title, paragraphs, language):
        words = re.findall(r"\b[A-Z][a-z]+\b", " ".join([title, *paragraphs]))
        counts = {}
        for w in words:
            counts[w] = counts.get(w, 0) + 1
        return [Entity(w.lower(), w, "other", n) for w, n in sorted(counts.items())]


@pytest.fixture
def simple_tagger():
    return CapitalisedWordTagger()


@pytest.fixture(scope="session", autouse=True)
def cache_home(tmp_path_factory):
    """One cache directory for the whole run (derived data only, such as country names),
    set before any module-level fixture can build an alias table."""
    path = tmp_path_factory.mktemp("cache")
    before = os.environ.get("NEWSDESK_CACHE_DIR")
    os.environ["NEWSDESK_CACHE_DIR"] = str(path)
    yield path
    if before is None:
        os.environ.pop("NEWSDESK_CACHE_DIR", None)
    else:
        os.environ["NEWSDESK_CACHE_DIR"] = before


@pytest.fixture(autouse=True)
def isolated_config(tmp_path_factory, monkeypatch):
    """Keep every test away from the user's real store and config."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("NEWSDESK_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("NEWSDESK_DB", str(home / "store"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "xdg-config"))
    # Test servers live on 127.0.0.1; a proxy from the environment must never reroute them.
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
