"""Tagging on a helper process gives exactly the entities of tagging in one process."""

from __future__ import annotations

import os

import pytest

from store.db import Store, content_fingerprint
from store.ingest.files import parse_file
from store.models import ParsedArticle
from store.tagging.aliases import load_alias_table
from store.tagging.parallel import TagPipeline
from store.tagging.rules import RuleTagger
from store.textutil import IngestError
from tests.paths import SHARED

DEV_ARTICLES = SHARED / "data/related-dev/articles"
SEED = SHARED / "seed"

# Short texts in several languages and shapes, so the corpus is varied even without shared data.
SAMPLES = [
    ("Putin Meets Xi In Moscow As Talks On Ukraine Stall", "en",
     ["Russian President Vladimir Putin met Chinese leader Xi Jinping in Moscow on Monday.",
      "The Kremlin said Dmitry Peskov would brief reporters. Putin's aides declined to comment."]),
    ("Emmanuel Macron reçoit Olaf Scholz à l'Élysée", "fr",
     ["Le président Emmanuel Macron a reçu M. Scholz à Paris. Selon l'AFP, l'Union européenne",
      "prépare de nouvelles sanctions contre la Russie. Photo : Reuters"]),
    ("Thủ tướng Phạm Minh Chính thăm Nhật Bản", "vi",
     ["Theo TTXVN, Thủ tướng Phạm Minh Chính đã gặp Thủ tướng Nhật Bản tại Tokyo.",
      "Bộ Tài chính và Ngân hàng Nhà nước Việt Nam cho biết..."]),
    ("ELON MUSK SAYS SPACEX WILL LAUNCH STARLINK", None,
     ["Elon Musk told the Wall Street Journal that SpaceX and NASA were talking. Musk said more."]),
    ("Die Bundesregierung in Berlin", "de",
     ["Bundeskanzler Olaf Scholz sprach mit Vertretern der Europäischen Union in Brüssel."]),
    ("", "en", ["Endangered Species Act (ESA) rules changed. The ESA review by the U.S. Fish Service."]),
    ("Knowing Billy", "en", ["Billy King of the Sixers Senior Vice President office met Ken Rosenthal of Fox Sports."]),
]


def _corpus(limit: int = 320) -> list[tuple[str, tuple[str, ...], str | None]]:
    corpus = [(title, tuple(body), lang) for title, lang, body in SAMPLES]
    for folder in (DEV_ARTICLES, SEED):
        if folder.is_dir():
            for path in sorted(folder.iterdir())[:limit]:
                for parsed in parse_file(path):
                    if not isinstance(parsed, IngestError):
                        corpus.append((parsed.title, parsed.body, parsed.language))
    # The same texts again with another language hint and a shouted headline.
    corpus += [(t.upper(), b, "fr" if lang == "en" else "en") for t, b, lang in corpus[: len(SAMPLES) + 40]]
    seen: set = set()  # the Store would report repeats (same words, any case) as duplicates
    corpus = [a for a in corpus if (fp := content_fingerprint(a[0], a[1])) not in seen and not seen.add(fp)]
    while len(corpus) < 260:  # enough to start a helper from the Store even without shared data
        n = len(corpus)  # numbered copies, so the Store takes each as new
        corpus += [(f"{t} {n + k}", (*b, f"Copy {n + k}."), lang) for k, (t, b, lang) in enumerate(corpus[: 260 - n])]
    return corpus


@pytest.fixture(scope="module")
def tagger(tmp_path_factory) -> RuleTagger:
    # An empty config directory: only the shipped table and Babel's names.
    return RuleTagger(load_alias_table(tmp_path_factory.mktemp("config")))


@pytest.fixture(scope="module")
def corpus():
    return _corpus()


@pytest.fixture(scope="module")
def serial(tagger, corpus):
    return [tuple(tagger.tag(*article)) for article in corpus]


def test_helper_gives_the_same_entities_as_one_process(tagger, corpus, serial):
    with TagPipeline(tagger, parallel=True) as pipeline:
        assert pipeline.wait_for_helper()
        for article in corpus:
            pipeline.add(*article)
        half = len(corpus) // 2
        out = pipeline.take(half) + pipeline.take(len(corpus) - half)
        helper = pipeline._helper
        assert pipeline.helper_tagged > 0  # the helper really did part of the work
        assert not pipeline.helper_failed
    assert out == serial
    assert helper.proc.poll() is not None  # closed: no process left behind


def test_serial_pipeline_tags_in_order_without_a_helper(tagger, corpus, serial):
    seen = []

    class Recording(RuleTagger):
        def tag(self, title, paragraphs, language):
            seen.append(title)
            return super().tag(title, paragraphs, language)

    with TagPipeline(Recording(tagger.aliases)) as pipeline:  # not the plain tagger: never a helper
        for article in corpus[:50]:
            pipeline.add(*article)
        assert pipeline.take(50) == serial[:50]
        assert not pipeline.parallel
    assert seen == [title for title, _b, _l in corpus[:50]]


def test_small_streams_start_no_helper(tagger, corpus, serial):
    with TagPipeline(tagger) as pipeline:
        for article in corpus[:20]:
            pipeline.add(*article)
        assert not pipeline.parallel
        assert pipeline.take(20) == serial[:20]


def test_helper_that_dies_midway_leaves_the_result_unchanged(tagger, corpus, serial):
    with TagPipeline(tagger, parallel=True) as pipeline:
        assert pipeline.wait_for_helper()
        for article in corpus[:100]:
            pipeline.add(*article)
        helper = pipeline._helper
        helper.proc.kill()
        helper.proc.wait()
        for article in corpus[100:]:
            pipeline.add(*article)
        out = pipeline.take(len(corpus))
        assert pipeline.helper_failed
        assert not pipeline.parallel
    assert out == serial


def test_taking_more_than_was_added_is_an_error(tagger):
    with TagPipeline(tagger, parallel=False) as pipeline:
        pipeline.add("Paris", ("Paris is in France.",), "en")
        with pytest.raises(ValueError):
            pipeline.take(2)


def _parsed(corpus) -> list[ParsedArticle]:
    return [ParsedArticle(title=t or f"Untitled {i}", body=b, language=lang, url=f"https://example.org/{i}")
            for i, (t, b, lang) in enumerate(corpus)]


def test_store_import_stores_the_entities_of_serial_tagging(tmp_path, tagger, corpus):
    articles = _parsed(corpus)
    with Store(tmp_path / "store", tagger=tagger) as store:
        results = store.import_articles((("corpus", a) for a in articles), batch_size=100)
        imported = [(r, a) for r, a in zip(results, articles) if r.status == "imported"]
        assert len(imported) == len(articles) >= 260  # the corpus holds no repeats
        for result, article in imported:
            expected = [(e.id, e.name, e.kind, e.mentions) for e in tagger.tag(article.title, article.body, article.language)]
            got = [(e.id, e.name, e.kind, e.mentions) for e in store.get(result.id).entities]
            assert got == expected


def test_a_failing_input_keeps_the_complete_batches_read_before_it(tmp_path, tagger, corpus):
    articles = _parsed(corpus)[:250]

    def items():
        for n, article in enumerate(articles):
            if n == 230:
                raise OSError("disk went away")
            yield "corpus", article

    with Store(tmp_path / "store", tagger=tagger) as store:
        with pytest.raises(OSError):
            store.import_articles(items(), batch_size=100)
    with Store(tmp_path / "store", tagger=tagger) as store:
        assert len(store.summaries()) == 200  # two full batches; the third was in flight


def test_helper_processes_end_with_the_pipeline(tagger, corpus):
    pids = []
    for _ in range(2):
        with TagPipeline(tagger, parallel=True) as pipeline:
            assert pipeline.wait_for_helper()
            pids.append(pipeline._helper.proc.pid)
            for article in corpus[:30]:
                pipeline.add(*article)
            pipeline.take(30)
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)  # exited and reaped


def test_helper_exits_by_itself_when_the_importer_goes_away(tagger, corpus):
    pipeline = TagPipeline(tagger, parallel=True)
    assert pipeline.wait_for_helper()
    helper = pipeline._helper
    for article in corpus[:40]:
        pipeline.add(*article)
    helper.proc.stdin.close()  # what the helper sees when the importing process dies
    assert helper.proc.wait(timeout=20) is not None
    pipeline.close()


def test_a_helper_that_cannot_start_falls_back_to_serial(tmp_path, corpus):
    table = load_alias_table(tmp_path)  # a private table to spoil
    table.unsendable = lambda: None  # cannot be pickled to a helper
    spoiled = RuleTagger(table)
    with TagPipeline(spoiled, parallel=True) as pipeline:
        assert not pipeline.wait_for_helper()
        for article in corpus[:60]:
            pipeline.add(*article)
        out = pipeline.take(60)
        assert pipeline.helper_failed and not pipeline.parallel
    assert out == [tuple(spoiled.tag(*article)) for article in corpus[:60]]


def test_helper_ignores_a_store_package_in_the_current_directory(tagger, corpus, serial, tmp_path, monkeypatch):
    # A folder named "store" where the import runs must not be imported by the helper instead.
    (tmp_path / "store" / "tagging").mkdir(parents=True)
    (tmp_path / "store" / "__init__.py").write_text("raise ImportError('the wrong store')\n")
    (tmp_path / "store" / "tagging" / "__init__.py").write_text("")
    monkeypatch.chdir(tmp_path)
    with TagPipeline(tagger, parallel=True) as pipeline:
        assert pipeline.wait_for_helper()
        for article in corpus[:60]:
            pipeline.add(*article)
        out = pipeline.take(60)
        assert not pipeline.helper_failed
    assert out == serial[:60]
