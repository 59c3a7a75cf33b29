"""Deterministic synthetic articles and stores for the benchmark.

Everything comes from one ``random.Random(seed)``: the same seed and size give the
same articles, byte for byte. Titles are about 80 characters, bodies about 3 KB in
English, French or Vietnamese, and each article carries about 15 entity tags drawn
from a Zipf-like vocabulary of about 50,000 names, so a few tags are very common and
most are rare, as in real news.
"""

from __future__ import annotations

import bisect
import fcntl
import itertools
import json
import os
import random
import shutil
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from store.models import Entity, ParsedArticle

BENCH_DIR = Path(__file__).resolve().parent
CACHE_DIR = BENCH_DIR / ".cache"
# Bump when the generator or the stored format changes, so cached stores are rebuilt.
GENERATOR_VERSION = 4

EN_WORDS = """
council harbour ferry bridge market budget school river station railway hospital
election minister mayor village festival museum library storm flood harvest winter
summer police court judge trial report survey workers union strike factory port
airport road tunnel tower square garden forest mountain island coast beach fishing
farmers prices bread coffee wine cheese oil energy solar wind power grid water
drought rain snow heat record plan vote debate reform law tax pension health
doctors nurses patients clinic vaccine study scientists research university students
teachers exams housing rent tenants builders homes streets traffic buses trains
cyclists parking fire crews rescue volunteers charity donors concert theatre film
book author artist gallery exhibition opening closure delay repair inspection
contract tender company shares profits losses jobs growth inflation bank loans
exports imports trade talks summit treaty border army navy peace ceasefire aid
refugees families children elders league match cup final team coach players fans
stadium season victory defeat draw goal champion title crown medal race marathon
""".split()

FR_WORDS = """
conseil port traversier pont marché budget école fleuve gare chemin hôpital élection
ministre maire village festival musée bibliothèque tempête crue récolte hiver été
police tribunal juge procès rapport enquête ouvriers syndicat grève usine aéroport
route tunnel tour place jardin forêt montagne île côte plage pêche agriculteurs prix
pain café vin fromage huile énergie solaire vent réseau eau sécheresse pluie neige
chaleur record projet vote débat réforme loi impôt retraite santé médecins
infirmières patients clinique vaccin étude chercheurs université étudiants
enseignants examens logement loyer locataires chantier maisons rues circulation
autobus trains cyclistes stationnement incendie pompiers secours bénévoles concert
théâtre cinéma livre auteur artiste galerie exposition ouverture fermeture retard
réparation contrat entreprise actions bénéfices pertes emplois croissance banque
prêts exportations commerce sommet traité frontière armée paix aide réfugiés
familles enfants ligue match coupe finale équipe entraîneur joueurs supporters stade
saison victoire défaite champion médaille course boulangers marée quai
""".split()

VI_WORDS = """
hội đồng bến cảng phà cầu chợ ngân sách trường học sông ga đường sắt bệnh viện bầu cử
bộ trưởng thị trưởng làng lễ hội bảo tàng thư viện bão lũ lụt mùa gặt mùa đông mùa hè
công an tòa án thẩm phán báo cáo khảo sát công nhân công đoàn đình công nhà máy sân bay
đường hầm tháp quảng trường vườn rừng núi đảo bờ biển bãi biển đánh cá nông dân giá
bánh mì cà phê rượu dầu năng lượng mặt trời gió điện nước hạn hán mưa nắng nóng kỷ lục
kế hoạch bỏ phiếu tranh luận cải cách luật thuế lương hưu sức khỏe bác sĩ y tá bệnh nhân
phòng khám vắc xin nghiên cứu nhà khoa học đại học sinh viên giáo viên kỳ thi nhà ở
tiền thuê xây dựng phố giao thông xe buýt tàu hỏa xe đạp bãi đỗ cháy cứu hộ tình nguyện
hòa nhạc nhà hát phim sách tác giả nghệ sĩ triển lãm khai trương đóng cửa sửa chữa
hợp đồng công ty cổ phiếu lợi nhuận việc làm tăng trưởng lạm phát ngân hàng xuất khẩu
thương mại hội nghị biên giới hòa bình viện trợ gia đình trẻ em giải đấu trận đấu cúp
chung kết đội huấn luyện viên cầu thủ người hâm mộ sân vận động chiến thắng huy chương
""".split()

WORDS = {"en": EN_WORDS, "fr": FR_WORDS, "vi": VI_WORDS}
LANGUAGE_WEIGHTS = (("en", 0.6), ("fr", 0.25), ("vi", 0.15))
CONNECTORS = {
    "en": ["said", "after", "before", "while", "and", "with", "for", "on", "in", "as", "the", "a", "of"],
    "fr": ["a dit", "après", "avant", "pendant", "et", "avec", "pour", "sur", "dans", "le", "la", "les", "des"],
    "vi": ["cho biết", "sau khi", "trước khi", "trong khi", "và", "với", "cho", "tại", "trong", "của", "các"],
}

_SYLLABLES = [
    "an", "bel", "cor", "dan", "el", "fer", "gal", "han", "ir", "jor", "kal", "lin", "mar", "nor",
    "ol", "per", "quin", "ros", "sal", "tor", "ul", "ver", "wen", "xan", "yor", "zel", "bri", "cla",
    "dru", "fio", "gri", "hal", "ilo", "kra", "lua", "mio", "nea", "ora", "pla", "rua", "sta", "tri",
    "van", "wil", "ngu", "tran", "pham", "hoa", "minh", "thu", "lan", "duc", "quang", "bao",
]
_ORG_SUFFIX = ["Group", "Holdings", "Council", "Union", "Institute", "Bank", "Party", "Foundation", "Press", "Lines"]
_PLACE_SUFFIX = ["ville", "port", "burg", "field", " Bay", " Valley", "mouth", " Heights", "wick", " Island"]
SOURCES = [
    "The Coastal Herald", "Le Courrier du Port", "Báo Sông Giang", "Northern Ledger", "La Gazette de Lyon",
    "Tin Tức Hà Nội", "The Valley Times", "L'Écho des Alpes", "Morning Post", "Daily Observer",
    "Le Petit Rapporteur", "Báo Miền Tây", "City Wire", "The Island Voice", "Journal du Marché",
    "Harbour Radio", "Tuổi Trẻ Phố", "Le Quotidien Rural", "The Weekly Standard Bearer", "Regional Dispatch",
] + [f"Local Bulletin {n}" for n in range(1, 41)]


def _name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


def _slug(text: str) -> str:
    return "-".join("".join(ch.lower() if ch.isalnum() else " " for ch in text).split())


@dataclass(frozen=True)
class Vocabulary:
    """Entity names by Zipf rank: rank 0 is the commonest tag."""

    entities: tuple[tuple[str, str, str], ...]  # (id, name, kind)
    cumulative: tuple[float, ...]

    def draw(self, rng: random.Random, k: int) -> list[int]:
        """``k`` distinct ranks drawn by Zipf weight."""
        total = self.cumulative[-1]
        out: list[int] = []
        seen: set[int] = set()
        while len(out) < k:
            r = bisect.bisect_left(self.cumulative, rng.random() * total)
            if r not in seen:
                seen.add(r)
                out.append(r)
        return out


def make_vocabulary(seed: int, size: int = 50_000, exponent: float = 1.05) -> Vocabulary:
    rng = random.Random(f"vocab-{seed}")
    entities: list[tuple[str, str, str]] = []
    ids: set[str] = set()
    while len(entities) < size:
        roll = rng.random()
        if roll < 0.5:
            name, kind = f"{_name(rng, 2)} {_name(rng, rng.choice((2, 3)))}", "person"
        elif roll < 0.75:
            name, kind = f"{_name(rng, 2)} {rng.choice(_ORG_SUFFIX)}", "org"
        elif roll < 0.95:
            name, kind = f"{_name(rng, 2)}{rng.choice(_PLACE_SUFFIX)}", "place"
        else:
            name, kind = f"{_name(rng, 3)} Affair", "other"
        eid = _slug(name)
        if eid in ids:
            continue
        ids.add(eid)
        entities.append((eid, name, kind))
    weights = [1.0 / (rank + 1) ** exponent for rank in range(size)]
    return Vocabulary(tuple(entities), tuple(itertools.accumulate(weights)))


@dataclass(frozen=True)
class SynthArticle:
    parsed: ParsedArticle
    entities: tuple[Entity, ...]
    read: bool
    starred: bool


class Generator:
    """Articles number 0, 1, 2, ... for one seed; article n is always the same."""

    def __init__(self, seed: int = 1) -> None:
        self.seed = seed
        self.vocab = make_vocabulary(seed)
        rng = random.Random(f"paragraphs-{seed}")
        # A pool of sentences per language; bodies are assembled from it plus article-specific names.
        self.sentences = {lang: [self._sentence(rng, lang) for _ in range(3000)] for lang in WORDS}
        self.start = datetime(2019, 1, 1, tzinfo=timezone.utc)
        self.span_seconds = int(timedelta(days=365 * 6).total_seconds())
        self.feeds = [f"https://feeds.example.org/{_slug(s)}/rss.xml" for s in SOURCES]

    @staticmethod
    def _sentence(rng: random.Random, lang: str) -> str:
        words = WORDS[lang]
        glue = CONNECTORS[lang]
        parts = []
        for i in range(rng.randint(10, 18)):
            parts.append(rng.choice(glue) if i % 3 == 2 else rng.choice(words))
        text = " ".join(parts)
        return text[0].upper() + text[1:] + "."

    def article(self, n: int) -> SynthArticle:
        rng = random.Random(f"{self.seed}-{n}")
        r = rng.random()
        lang = "en" if r < 0.6 else "fr" if r < 0.85 else "vi"
        words = WORDS[lang]
        ranks = self.vocab.draw(rng, rng.randint(12, 18))
        ents = []
        for rank in ranks:
            eid, name, kind = self.vocab.entities[rank]
            mentions = 1 + min(int(rng.expovariate(0.9)), 8)
            ents.append(Entity(eid, name, kind, mentions))
        ents.sort(key=lambda e: (-e.mentions, e.id))
        lead = ents[0].name
        title_words = [lead]
        while sum(len(w) + 1 for w in title_words) < 74:
            title_words.append(rng.choice(words))
        title = " ".join(title_words)
        title = title[0].upper() + title[1:]
        paragraphs = []
        pool = self.sentences[lang]
        size = 0
        names = [e.name for e in ents]
        while size < 3000:
            sentences = [rng.choice(pool) for _ in range(rng.randint(3, 5))]
            # Put a few of the article's own names in each paragraph, as news text does.
            for name in rng.sample(names, min(3, len(names))):
                sentences.insert(rng.randrange(len(sentences) + 1), f"{name} {rng.choice(words)}.")
            para = " ".join(sentences)
            paragraphs.append(para)
            size += len(para) + 1
        source_no = int(rng.paretovariate(1.2)) % len(SOURCES)
        has_date = rng.random() > 0.02
        when = self.start + timedelta(seconds=rng.randrange(self.span_seconds))
        parsed = ParsedArticle(
            title=title,
            body=tuple(paragraphs),
            source=SOURCES[source_no],
            published=when.strftime("%Y-%m-%dT%H:%M:%SZ") if has_date else None,
            url=f"https://news.example.org/{_slug(SOURCES[source_no])}/{when:%Y/%m}/{n}-{_slug(' '.join(title_words[1:5]))}",
            language=lang,
            author=f"{_name(rng, 2)} {_name(rng, 2)}" if rng.random() < 0.7 else None,
            feed_url=self.feeds[source_no] if rng.random() < 0.8 else None,
        )
        read = rng.random() < 0.4
        starred = rng.random() < 0.03
        return SynthArticle(parsed, tuple(ents), read, starred)

    def articles(self, count: int, start: int = 0) -> Iterator[SynthArticle]:
        for n in range(start, start + count):
            yield self.article(n)


class PrecomputedTagger:
    """A tagger that returns entities computed in advance, keyed by title."""

    def __init__(self) -> None:
        self.by_title: dict[str, tuple[Entity, ...]] = {}

    def tag(self, title: str, paragraphs: Sequence[str], language: str | None) -> list[Entity]:
        return list(self.by_title.get(title, ()))


# ---------------------------------------------------------------- stores on disk

SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000}


def parse_size(label: str) -> int:
    label = label.strip().lower()
    if label in SIZES:
        return SIZES[label]
    if label.endswith("k"):
        return int(float(label[:-1]) * 1000)
    return int(label)


def size_label(n: int) -> str:
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)


def cached_store(size: int, seed: int = 1, *, log=print) -> Path:
    """A built store of ``size`` synthetic articles, from the cache or built now (then cached)."""
    target = CACHE_DIR / f"store-{size_label(size)}-seed{seed}-g{GENERATOR_VERSION}"
    done = target / ".complete"
    if done.exists():
        return target
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    # One builder at a time: a second benchmark started meanwhile waits, then uses the result.
    with open(CACHE_DIR / f".{target.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if done.exists():
            return target
        return _build_cached(target, size, seed, log)


def _build_cached(target: Path, size: int, seed: int, log) -> Path:
    done = target / ".complete"
    if target.exists():
        shutil.rmtree(target)
    tmp = target.with_name(target.name + ".building")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    log(f"building a synthetic store of {size:,} articles (cached in {target}) …")
    started = time.perf_counter()
    build_store(tmp, size, seed)
    tmp.rename(target)
    done.write_text(json.dumps({"size": size, "seed": seed, "seconds": round(time.perf_counter() - started, 1)}))
    log(f"  built in {time.perf_counter() - started:.1f} s")
    return target


def build_store(path: Path, size: int, seed: int = 1, batch: int = 10_000) -> None:
    """Write ``size`` synthetic articles through the Store API in large batches."""
    from store.db import Store

    gen = Generator(seed)
    tagger = PrecomputedTagger()
    read_ids: list[str] = []
    starred_ids: list[str] = []
    with Store(path, tagger=tagger) as store:
        for start in range(0, size, batch):
            chunk = list(gen.articles(min(batch, size - start), start))
            tagger.by_title = {a.parsed.title: a.entities for a in chunk}
            results = store.import_articles((("synthetic", a.parsed) for a in chunk), batch_size=batch)
            for a, res in zip(chunk, results):
                if res.status != "imported" or res.id is None:
                    continue
                if a.read:
                    read_ids.append(res.id)
                if a.starred:
                    starred_ids.append(res.id)
        if read_ids:
            store.mark_read(read_ids)
        if starred_ids:
            store.star(starred_ids)


def working_copy(source: Path, target: Path) -> Path:
    """A copy of a cached store that a measurement may change: files are hard links, except the
    ones written in place (the state journal), which are real copies. Stores replace their files
    atomically, so the cache never sees a change made to the copy."""
    if target.exists():
        shutil.rmtree(target)
    for dirpath, dirnames, filenames in os.walk(source):
        rel = Path(dirpath).relative_to(source)
        (target / rel).mkdir(parents=True, exist_ok=True)
        for name in filenames:
            if name in (".complete", "lock") or name.endswith(".tmp"):
                continue
            src = Path(dirpath) / name
            dst = target / rel / name
            if name.startswith("state.journal"):
                shutil.copy2(src, dst)
            else:
                os.link(src, dst)
    return target


def write_jsonl(path: Path, articles: Sequence[SynthArticle]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for a in articles:
            p = a.parsed
            fh.write(
                json.dumps(
                    {
                        "title": p.title,
                        "body": list(p.body),
                        "source": p.source,
                        "published": p.published,
                        "url": p.url,
                        "language": p.language,
                        "author": p.author,
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )


def write_text_files(folder: Path, articles: Sequence[SynthArticle]) -> list[Path]:
    """One plain-text file per article, shaped like a saved news page: title, byline, body, source."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, a in enumerate(articles):
        p = a.parsed
        date = p.published[:10] if p.published else ""
        byline = " | ".join(x for x in (f"By {p.author}" if p.author else "", p.source or "", date) if x)
        text = "\n\n".join([p.title, byline, *p.body, f"Source: {p.url}"]) + "\n"
        path = folder / f"{n:05d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
