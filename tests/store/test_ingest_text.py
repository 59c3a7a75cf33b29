from pathlib import Path

from tests.paths import SHARED

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.ingest.text import Byline, parse_byline, parse_text
from store.textutil import IngestError

FIXTURES = Path(__file__).parent / "fixtures"
SEED = SHARED / "seed/000_fd6221c03c2667a4.txt"
RELATED_DEV = SHARED / "data/related-dev/articles"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def assert_no_furniture(article, furniture):
    everything = "\n".join(article.body)
    for label in furniture:
        assert label not in everything, label


# ---------------------------------------------------------------- the seed article


@pytest.fixture(scope="module")
def seed():
    if not SEED.exists():
        pytest.skip("seed article not available")
    return parse_text(SEED.read_text(encoding="utf-8"), name=str(SEED))


def test_seed_title(seed):
    assert seed.title == "Le secret de la conversation entre le président Poutine et le milliardaire Elon Musk"


def test_seed_source_named_once(seed):
    assert seed.source == "Báo Công thương"


def test_seed_published(seed):
    assert seed.published == "2024-10-25"


def test_seed_url(seed):
    assert seed.url == (
        "https://congthuong.vn/bi-mat-dang-sau-cuoc-tro-chuyen-giua-tong-thong-putin-va-ty-phu-elon-musk-354683.html"
    )


def test_seed_language(seed):
    assert seed.language == "fr"


def test_seed_body_first_and_last(seed):
    assert seed.body[0].startswith(
        "Le président russe Vladimir Poutine et le milliardaire Elon Musk discutent secrètement"
    )
    assert seed.body[1].startswith("Le Wall Street Journal a rapporté que depuis fin 2022")
    assert seed.body[-1].startswith("Dans l’interview ci-dessus,")
    assert seed.body[-1].endswith("a partagé le dirigeant russe.")
    assert len(seed.body) == 16


def test_seed_body_has_no_furniture_alt_text_or_caption(seed):
    assert_no_furniture(
        seed,
        ["Comment (0)", "No data", "Event Calendar", "Cùng chủ đề", "Cùng chuyên mục", "Cùng tác giả",
         "No videos available", "Source :", "congthuong.vn", "Photo : CNN", "Bí mật", "Báo Công thương"],
    )
    assert all(p.strip() == p and p for p in seed.body)


def test_seed_caption(seed):
    assert seed.captions == (
        "Le président russe Vladimir Poutine et le milliardaire de la technologie Elon Musk. Photo : CNN",
    )


def test_seed_author_unknown(seed):
    assert seed.author is None


# ---------------------------------------------------------------- original fixtures


def test_english_fixture():
    a = parse_text(fixture("en_harbour_ferry.txt"), name="en.txt")
    assert a.title == "Harbour ferry service resumes after three-week repair"
    assert a.author == "Jane Doe"
    assert a.source == "The Coastal Herald"
    assert a.published == "2024-03-14"
    assert a.url == "https://coastalherald.example/news/harbour-ferry-resumes"
    assert a.language == "en"
    assert a.captions == ("Passengers board the morning ferry at the old harbour. (Photo: Coastal Herald)",)
    assert a.body[0].startswith("Ferries between the old harbour")
    # The short closing sentence is article text, not furniture.
    assert a.body[-1] == "The council will review the contract next month."
    assert len(a.body) == 5
    assert_no_furniture(
        a,
        ["Share", "Related articles", "Bridge closure", "Most read", "Comments (3)", "Source:",
         "Westmere ferry leaving", "Photo:"],
    )


def test_french_fixture():
    a = parse_text(fixture("fr_marche_couvert.txt"), name="fr.txt")
    assert a.title == "Villeneuve rouvre son marché couvert après deux ans de travaux"
    assert a.source == "Le Courrier de l’Ouest"
    assert a.published == "2024-04-12"
    assert a.url == "https://courrier-ouest.example/villeneuve/marche-couvert-reouverture"
    assert a.language == "fr"
    assert a.captions == ("Les premiers clients sous la halle rénovée, samedi matin. Photo : Courrier de l’Ouest",)
    assert a.body[0].startswith("Le marché couvert de Villeneuve a rouvert")
    assert a.body[-1].endswith("Le marché sera ouvert du mardi au dimanche.")
    assert len(a.body) == 4
    assert_no_furniture(
        a,
        ["Écouter cet article", "Commentaires", "Sur le même sujet", "parking de la gare", "Les plus lus",
         "Partager", "Mots-clés", "Source :", "Les étals de fruits"],
    )


def test_vietnamese_fixture():
    a = parse_text(fixture("vi_cau_long_giang.txt"), name="vi.txt")
    assert a.title == "Cầu Long Giang thông xe sau hai năm thi công"
    assert a.source == "Báo Miền Tây"
    assert a.published == "2024-03-15"
    assert a.url == "https://baomientay.example/cau-long-giang-thong-xe-123456.html"
    assert a.language == "vi"
    assert a.captions == ("Toàn cảnh cầu Long Giang trong ngày thông xe. Ảnh: Minh Khoa",)
    assert a.body[0].startswith("Sáng 15/3, cầu Long Giang")
    assert a.body[-1] == "Tỉnh dự kiến xây thêm tuyến đường dẫn nối cầu với quốc lộ trong năm tới."
    assert len(a.body) == 4
    assert_no_furniture(
        a,
        ["Nguồn", "Bình luận", "Lịch sự kiện", "Tin liên quan", "Cùng chuyên mục", "Đọc nhiều nhất",
         "nhìn từ trên cao", "Ảnh:"],
    )


def test_only_boilerplate_is_rejected():
    with pytest.raises(IngestError) as err:
        parse_text(fixture("only_boilerplate.txt"), name="junk.txt")
    assert str(err.value) == "junk.txt: no article text found (only page boilerplate)"


@pytest.mark.parametrize("text", ["", "   \n\n  ", "Just a title", "Comment (0)\n\nShare\n"])
def test_no_body_is_rejected(text):
    with pytest.raises(IngestError, match="no article text found"):
        parse_text(text, name="x.txt")


# ---------------------------------------------------------------- shape rules


def test_short_last_sentence_is_kept_before_furniture():
    text = "A title\n\nA first paragraph that says something.\n\nThat was all.\n\nShare\n\nMost read\n"
    a = parse_text(text)
    assert a.body == ("A first paragraph that says something.", "That was all.")


def test_short_unpunctuated_last_line_without_furniture_signs_is_kept():
    text = "A title\n\nThe studio releases ten films a year.\n\nSOURCE Summit Entertainment\n"
    assert parse_text(text).body[-1] == "SOURCE Summit Entertainment"


def test_unknown_labels_after_a_source_line_go_with_it():
    text = (
        "A title\n\nThe body of the article, in one sentence.\n\n"
        "Source: https://news.example/a\n\nKiosque du jour\nNos offres\nMétéo locale\n"
    )
    a = parse_text(text)
    assert a.body == ("The body of the article, in one sentence.",)
    assert a.url == "https://news.example/a"


def test_unknown_labels_with_a_counter_and_repeats_go():
    text = (
        "A title\n\nThe body of the article, in one sentence.\n\n"
        "Reader reactions (12)\nWeather widget\nWeather widget\n"
    )
    assert parse_text(text).body == ("The body of the article, in one sentence.",)


def test_lines_within_a_paragraph_are_joined():
    text = "A title\n\nFirst line of the paragraph\ncontinues here.\n\nSecond paragraph.\n"
    assert parse_text(text).body == ("First line of the paragraph continues here.", "Second paragraph.")


def test_furniture_between_title_and_body_is_removed():
    text = "A title\n\nShare\nListen\nFollow us\n\n5 min read\n\nThe real first paragraph.\n\nAnd a second one.\n"
    assert parse_text(text).body == ("The real first paragraph.", "And a second one.")


def test_subheading_after_title_is_kept():
    text = "A title\n\nTeam Execs Meet With Player's Agent\n\nThe real first paragraph.\n"
    assert parse_text(text).body == ("Team Execs Meet With Player's Agent", "The real first paragraph.")


def test_source_name_without_url_becomes_the_source():
    text = "A title\n\nThe body of the article.\n\nNguồn: VnExpress\n\nBình luận (0)\n"
    a = parse_text(text)
    assert a.source == "VnExpress"
    assert a.body == ("The body of the article.",)
    assert a.url is None


@pytest.mark.parametrize(
    "line, url",
    [
        ("Read more at https://news.example/story-1", "https://news.example/story-1"),
        ("Quelle: https://zeitung.example/artikel", "https://zeitung.example/artikel"),
        ("Fuente: https://diario.example/nota", "https://diario.example/nota"),
        ("Nguồn : https://bao.example/tin.html", "https://bao.example/tin.html"),
        ("https://news.example/bare-link", "https://news.example/bare-link"),
    ],
)
def test_source_line_forms(line, url):
    a = parse_text(f"A title\n\nThe body of the article.\n\n{line}\n")
    assert a.url == url
    assert a.body == ("The body of the article.",)


@pytest.mark.parametrize(
    "caption",
    [
        "Crowds in the square on Sunday. (Photo: Reuters)",
        "Crowds in the square on Sunday. Photo: Jane Roe",
        "Crowds in the square on Sunday. Image: AFP",
        "Crowds in the square on Sunday. Getty Images",
        "Crowds in the square on Sunday (AP Photo/Jane Roe)",
        "Đám đông tại quảng trường. Ảnh: TTXVN",
    ],
)
def test_captions_by_credit(caption):
    text = f"A title\n\nFirst paragraph of the story.\n\n{caption}\n\nSecond paragraph of the story.\n"
    a = parse_text(text)
    assert a.captions == (caption,)
    assert a.body == ("First paragraph of the story.", "Second paragraph of the story.")


def test_credit_on_its_own_line_joins_the_caption_above():
    text = "A title\n\nFirst paragraph.\n\nThe mayor at the opening.\nPhoto: City Hall\n\nSecond paragraph.\n"
    a = parse_text(text)
    assert a.captions == ("The mayor at the opening. Photo: City Hall",)
    assert a.body == ("First paragraph.", "Second paragraph.")


def test_short_block_in_another_language_is_a_caption():
    text = (
        "Council approves the harbour budget\n\n"
        "The council approved the harbour budget on Tuesday after a long debate about the ferry service.\n\n"
        "Les habitants du port devant la mairie ce matin\n\n"
        "The vote was twelve to three, and work on the new pier will begin in the spring.\n"
    )
    a = parse_text(text)
    assert a.language == "en"
    assert a.captions == ("Les habitants du port devant la mairie ce matin",)
    assert len(a.body) == 2


def test_sentences_mentioning_agencies_are_not_captions():
    text = "A title\n\nHe told Reuters.\n\nA spokesman later spoke to AFP about the plan.\n"
    a = parse_text(text)
    assert a.captions == ()
    assert a.body == ("He told Reuters.", "A spokesman later spoke to AFP about the plan.")


def test_dateline_becomes_published():
    a = parse_text("A title\n\nMay 03, 2013\n\nThe body of the article.\n")
    assert a.published == "2013-05-03"
    assert a.body == ("The body of the article.",)


def test_a_lone_dateline_stays_as_the_body():
    a = parse_text("Esther Williams, swimming star, dies at 91\n\nJune 06, 2013\n")
    assert a.body == ("June 06, 2013",)


def test_control_characters_are_removed():
    a = parse_text("A ti\x07tle\n\nBody\x00 text\x1b here.\n")
    assert a.title == "A title"
    assert a.body == ("Body text here.",)


def test_crlf_text():
    a = parse_text("A title\r\n\r\nFirst para.\r\n\r\nSecond para.\r\n")
    assert a.body == ("First para.", "Second para.")


def test_decomposed_vietnamese_is_normalised():
    import unicodedata

    title = unicodedata.normalize("NFD", "Cầu Long Giang thông xe")
    a = parse_text(title + "\n\nNgười dân hai bên bờ sông phấn khởi.\n")
    assert a.title == "Cầu Long Giang thông xe"


def test_long_first_line_gives_a_short_title_and_stays_in_the_body():
    para = "This article starts without a headline. " + "More words follow here. " * 40
    a = parse_text(para)
    assert a.title == "This article starts without a headline."
    assert a.body == (para.strip(),)


# ---------------------------------------------------------------- bylines


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Báo Công thươngBáo Công thương25/10/2024", Byline("Báo Công thương", "2024-10-25", None)),
        ("By Jane Doe | The Daily Planet | October 25, 2024", Byline("The Daily Planet", "2024-10-25", "Jane Doe")),
        ("Le Monde - 25 octobre 2024", Byline("Le Monde", "2024-10-25", None)),
        ("25 octobre 2024 | Le Monde", Byline("Le Monde", "2024-10-25", None)),
        ("Publié le 25 octobre 2024 à 10h00", Byline(None, "2024-10-25", None)),
        ("Par Jean Dupont, publié le 25/10/2024", Byline(None, "2024-10-25", "Jean Dupont")),
        ("VnExpress | Thứ sáu, 25/10/2024, 10:00 (GMT+7)", Byline("VnExpress", "2024-10-25T03:00:00Z", None)),
        ("WASHINGTON, DC, April 28, 2009", Byline(None, "2009-04-28", None)),
        ("Posted: May 24, 2005", Byline(None, "2005-05-24", None)),
        ("By Jane Doe", Byline(None, None, "Jane Doe")),
        ("Par Jean Dupont | Le Courrier", Byline("Le Courrier", None, "Jean Dupont")),
    ],
)
def test_bylines(line, expected):
    assert parse_byline(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "By 1958, at the peak of her fame, Page vanished from public view.",
        "Posted 1 year, 160 days ago [downloaded on 2 October 2013]",
        "Mumbai, Nov 11 -",
        "Team Execs Meet With Player's Agent",
        "The vote on 25 October 2024 was close, and the mayor said she would appeal the result.",
    ],
)
def test_prose_is_not_a_byline(line):
    assert parse_byline(line) is None


# ---------------------------------------------------------------- the related-dev articles


def test_related_dev_articles_keep_title_and_paragraphs():
    if not RELATED_DEV.is_dir():
        pytest.skip("related-dev data not available")
    files = sorted(RELATED_DEV.glob("*.txt"))
    assert len(files) == 277
    datelines = 0
    for path in files:
        raw = path.read_text(encoding="utf-8")
        paragraphs = [p.strip() for p in raw.split("\n\n") if p.strip()]
        title, expected = paragraphs[0], paragraphs[1:]
        a = parse_text(raw, name=path.name)
        assert a.title == title, path.name
        assert a.language == "en", path.name
        dropped = len(expected) - len(a.body)
        # Only leading datelines may leave the body, and then they give the date.
        assert 0 <= dropped <= 2, path.name
        assert list(a.body) == expected[dropped:], path.name
        if dropped:
            assert a.published is not None, path.name
            datelines += 1
    assert datelines > 50


# ---------------------------------------------------------------- big and hostile input


def test_one_megabyte_paragraph():
    para = ("Le président a parlé avec le milliardaire pendant une heure. " * 17000)[:1_000_000].strip()
    a = parse_text("Titre\n\n" + para + "\n\nSource : https://x.example/a\n\nComment (0)\n")
    assert a.body == (para,)
    assert a.url == "https://x.example/a"


def test_twenty_megabyte_single_line():
    line = "word " * 4_000_000
    a = parse_text(line)
    assert len(a.body) == 1 and len(a.body[0]) == len(line) - 1
    assert len(a.title) < 200


@pytest.mark.parametrize(
    "junk",
    ["*" * 200_000, "[" * 200_000, "Photo: " * 30_000, "1/1/" * 50_000, "(0)" * 60_000, "Jan 1 " * 40_000,
     "By " * 60_000, "Source: " + "a" * 200_000],
    ids=["stars", "brackets", "credits", "slashes", "counters", "months", "bylines", "source"],
)
def test_pathological_lines_finish(junk):
    a = parse_text("Title\n\n" + junk + "\n\nA body line.\n")
    assert a.title == "Title"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_any_text_gives_an_article_or_an_ingest_error(text):
    try:
        a = parse_text(text, name="fuzz.txt")
    except IngestError as err:
        assert str(err).startswith("fuzz.txt: ")
        return
    assert a.title and a.body
    assert all(p and p == p.strip() for p in a.body)


# ---------------------------------------------------------------- Markdown

from store.ingest.markdown import inline_to_text, parse_markdown  # noqa: E402

MARKDOWN = """---
title: "Villeneuve rouvre son marché couvert"
date: 12/04/2024
source: Le Courrier de l'Ouest
url: https://courrier-ouest.example/marche
lang: fr-FR
tags: [commerce, marché]
---

# Villeneuve rouvre son marché couvert

Par **Claire Morel**

Le *marché couvert* de Villeneuve a rouvert samedi, après deux ans de [travaux](https://x.example/travaux)
et un chantier plus long que prévu.

![La halle rénovée](halle.jpg)
*Les premiers clients sous la halle rénovée. Photo : Courrier de l'Ouest*

## Un chantier de 4,2 millions d'euros

- la charpente d'origine a été gardée
- le reste a été refait

> « L'hiver a été dur », reconnaît un fromager.

Source : [courrier-ouest.example](https://courrier-ouest.example/marche)

Partager

Les plus lus
"""


def test_markdown_front_matter_and_body():
    a = parse_markdown(MARKDOWN, name="m.md")
    assert a.title == "Villeneuve rouvre son marché couvert"
    assert a.published == "2024-04-12"
    assert a.source == "Le Courrier de l'Ouest"
    assert a.url == "https://courrier-ouest.example/marche"
    assert a.language == "fr"
    assert a.author == "Claire Morel"
    assert a.captions == ("Les premiers clients sous la halle rénovée. Photo : Courrier de l'Ouest",)
    assert a.body == (
        "Le marché couvert de Villeneuve a rouvert samedi, après deux ans de travaux et un chantier plus long que prévu.",
        "Un chantier de 4,2 millions d'euros",
        "• la charpente d'origine a été gardée",
        "• le reste a été refait",
        "« L'hiver a été dur », reconnaît un fromager.",
    )


def test_markdown_without_front_matter_takes_the_heading_and_the_source_line():
    text = "Intro Title\n===========\n\nBody paragraph one.\n\nSource: [the site](https://site.example/a)\n\nComment (0)\n"
    a = parse_markdown(text, name="s.md")
    assert a.title == "Intro Title"
    assert a.body == ("Body paragraph one.",)
    assert a.url == "https://site.example/a"


def test_markdown_code_and_escapes_stay_literal():
    text = "# T\n\nUse `snake_case` names, 5 * 3 = 15, and \\*stars\\*.\n\n```\nx = a_b\n```\n"
    a = parse_markdown(text, name="c.md")
    assert a.body == ("Use snake_case names, 5 * 3 = 15, and *stars*.", "x = a_b")


def test_markdown_only_furniture_is_rejected():
    with pytest.raises(IngestError, match="no article text found"):
        parse_markdown("# Title\n\nShare\n\nComment (0)\n", name="f.md")


@pytest.mark.parametrize(
    "markdown, plain",
    [
        ("**bold** and __strong__", "bold and strong"),
        ("*it* and _em_ and ~~gone~~", "it and em and gone"),
        ("[text](https://a.example/x_(y)) after", "text after"),
        ("[ref text][1] and <https://auto.example>", "ref text and https://auto.example"),
        ("![alt](img.png) caption", "caption"),
        ("a<br/>b <em>c</em>", "a b c"),
    ],
)
def test_inline_markdown_to_plain_text(markdown, plain):
    assert inline_to_text(markdown) == plain


def test_markdown_hostile_inline_finishes():
    text = "# T\n\n" + "[" * 100_000 + "](" * 50_000 + "*_" * 100_000 + "\n"
    assert parse_markdown(text, name="h.md").title == "T"


def test_a_year_in_brackets_is_not_a_counter():
    a = parse_text("Best films (2024)\n\nThe list of the year.\n")
    assert a.title == "Best films (2024)"


def test_a_short_lede_that_starts_with_a_date_is_kept():
    a = parse_text("Mưa lớn ở Hà Nội\n\nNgày 25/10/2024, Hà Nội mưa rất lớn\n\nNhiều tuyến phố bị ngập sâu.\n")
    assert a.body == ("Ngày 25/10/2024, Hà Nội mưa rất lớn", "Nhiều tuyến phố bị ngập sâu.")


def test_foreign_blocks_never_empty_the_body():
    # The long French title makes the article French; both short English lines would be captions.
    title = ("Le conseil municipal de la ville a longuement débattu mardi soir du budget consacré au port "
             "et aux travaux de la nouvelle jetée")
    body = ("The city council met on Tuesday evening to discuss the harbour",
            "The mayor spoke about the harbour budget and the new pier")
    a = parse_text(title + "\n\n" + "\n\n".join(body) + "\n")
    assert a.language == "fr"
    assert a.body == body
    assert a.captions == ()


@pytest.mark.parametrize(
    "header, source, published, author",
    [
        ("Moscow Herald\n12/03/2025", "Moscow Herald", "2025-03-12", None),
        ("Báo Công thương\nBáo Công thương\n25/10/2024", "Báo Công thương", "2024-10-25", None),
        ("By Jane Doe\nThe Daily Planet\nOctober 25, 2024", "The Daily Planet", "2024-10-25", "Jane Doe"),
    ],
)
def test_byline_over_several_short_lines(header, source, published, author):
    a = parse_text(f"A title\n\n{header}\n\nThe first paragraph of the article.\n")
    assert (a.source, a.published, a.author) == (source, published, author)
    assert a.body == ("The first paragraph of the article.",)


def test_a_short_two_line_lede_without_a_date_is_kept():
    a = parse_text("A title\n\nThe mayor resigned\nafter the vote\n\nMore text follows here.\n")
    assert a.body == ("The mayor resigned after the vote", "More text follows here.")
