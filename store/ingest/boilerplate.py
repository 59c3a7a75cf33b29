"""What scraped pages leave around an article: menu labels, counters, credits, source lines.

Lines are judged by shape first (short, no sentence punctuation, counters such as "(0)")
and by a multilingual list of the labels news sites put around their articles.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "PHRASES",
    "PREFIXES",
    "normalise_key",
    "is_phrase",
    "is_inline_junk",
    "has_counter",
    "is_breadcrumb",
    "ends_sentence",
    "is_short",
    "is_evidence",
    "source_line",
    "bare_url",
    "caption_credit",
    "credit_only",
]

# Whole lines (compared case-folded, without digits, counters and edge punctuation).
_LABELS = {
    "en": [
        "comment", "comments", "no comments", "leave a comment", "add a comment", "add comment", "post a comment",
        "write a comment", "comments are closed", "show comments", "view comments", "hide comments",
        "join the conversation", "no data", "no videos available", "no video available", "no results",
        "no results found", "event calendar", "events calendar", "related", "related articles", "related stories",
        "related news", "related posts", "related content", "related topics", "related coverage", "more stories",
        "more news", "more from", "more on this story", "more on this topic", "read more", "read next", "up next",
        "what to read next", "see also", "also read", "most read", "most popular", "most viewed", "most shared",
        "trending", "trending now", "popular", "popular now", "latest", "latest news", "latest stories",
        "top stories", "editor's picks", "editors' picks", "recommended", "recommended for you",
        "you may also like", "you might also like", "don't miss", "share", "share this", "share this article",
        "share this story", "share article", "share on facebook", "share on twitter", "share on x",
        "share on whatsapp", "share on linkedin", "share via email", "copy link", "link copied", "tweet", "email",
        "print", "save", "save article", "bookmark", "listen", "listen to this article", "listen to article",
        "play audio", "follow us", "follow us on", "follow", "follow topic", "subscribe", "subscribe now",
        "sign up", "sign up now", "newsletter", "newsletters", "sign up for our newsletter", "get our newsletter",
        "advertisement", "advertising", "ad", "sponsored", "sponsored content", "paid content", "promoted",
        "tags", "topics", "keywords", "back to top", "to top", "skip to content", "skip to main content", "home",
        "next article", "previous article", "next story", "previous story", "loading", "load more", "show more",
        "view more", "see more", "copyright", "all rights reserved", "report an error", "report a correction",
        "contact us", "about us", "privacy policy", "terms of use", "terms of service", "cookie settings",
        "cookie policy", "video", "videos", "photos", "photo gallery", "gallery", "watch", "watch now",
        "watch live", "live updates", "min read", "minute read", "minutes read", "reading time",
        "in this article", "on this page", "about the author",
    ],
    "fr": [
        "commentaire", "commentaires", "aucun commentaire", "laisser un commentaire", "ajouter un commentaire",
        "réagir", "réagissez", "voir les commentaires", "afficher les commentaires", "aucune donnée",
        "aucune vidéo disponible", "aucun résultat", "agenda", "calendrier des événements", "sur le même sujet",
        "sur le même thème", "à lire aussi", "lire aussi", "à lire également", "lire la suite", "voir aussi",
        "voir plus", "les plus lus", "les plus lues", "les plus partagés", "les plus commentés",
        "articles les plus lus", "articles liés", "articles similaires", "articles associés",
        "dans la même rubrique", "dans la même catégorie", "à la une", "dernières nouvelles", "dernières infos",
        "en continu", "fil info", "partager", "partager cet article", "partager sur facebook",
        "partager sur twitter", "partager sur x", "copier le lien", "lien copié", "imprimer", "envoyer",
        "envoyer par e-mail", "sauvegarder", "enregistrer", "écouter", "écouter cet article", "écouter l'article",
        "suivez-nous", "suivez-nous sur", "suivre", "s'abonner", "abonnez-vous", "inscrivez-vous à notre newsletter",
        "publicité", "contenu sponsorisé", "contenus sponsorisés", "mots-clés", "mots clés", "thèmes",
        "retour en haut", "haut de page", "accueil", "signaler une erreur", "tous droits réservés",
        "sélectionné pour vous", "vous aimerez aussi", "recommandé pour vous", "vidéos", "diaporama",
        "temps de lecture", "lecture min", "min de lecture",
    ],
    "vi": [
        "bình luận", "bình luận của bạn", "gửi bình luận", "viết bình luận", "ý kiến", "ý kiến bạn đọc",
        "gửi ý kiến", "chia sẻ", "chia sẻ bài viết", "chia sẻ facebook", "sao chép liên kết", "in bài", "in",
        "lưu", "lưu bài", "lưu bài viết", "nghe", "nghe bài viết", "nghe đọc bài", "theo dõi",
        "theo dõi chúng tôi", "đăng ký", "đăng ký nhận tin", "nhận tin", "lịch sự kiện", "sự kiện",
        "tin liên quan", "bài liên quan", "bài viết liên quan", "tin cùng chuyên mục", "cùng chủ đề",
        "cùng chuyên mục", "cùng tác giả", "đọc nhiều nhất", "đọc nhiều", "xem nhiều", "xem nhiều nhất", "tin mới",
        "tin mới nhất", "tin nổi bật", "tin khác", "tin tức khác", "các tin khác", "xem thêm", "đọc thêm",
        "quảng cáo", "từ khóa", "từ khoá", "thẻ", "chủ đề", "không có dữ liệu", "không có video", "chưa có video",
        "ảnh", "trở về đầu trang", "về đầu trang", "lên đầu trang", "trang chủ", "bản quyền", "tải thêm",
        "xem tiếp", "có thể bạn quan tâm", "bạn có thể quan tâm", "đừng bỏ lỡ", "dành cho bạn", "nổi bật",
        "mới nhất", "phút đọc",
    ],
    "de": [
        "kommentar", "kommentare", "keine kommentare", "kommentieren", "teilen", "artikel teilen", "drucken",
        "anhören", "artikel anhören", "vorlesen", "folgen sie uns", "abonnieren", "anzeige", "werbung",
        "mehr zum thema", "das könnte sie auch interessieren", "meistgelesen", "meistgelesene artikel",
        "am meisten gelesen", "ähnliche artikel", "verwandte artikel", "weitere artikel", "schlagwörter",
        "themen", "nach oben", "startseite", "alle rechte vorbehalten", "keine daten", "keine videos verfügbar",
        "veranstaltungskalender", "lesezeit",
    ],
    "es": [
        "comentario", "comentarios", "sin comentarios", "deja un comentario", "compartir", "comparte",
        "escuchar", "síguenos", "suscríbete", "boletín", "publicidad", "anuncio", "noticias relacionadas",
        "artículos relacionados", "relacionados", "relacionadas", "lo más leído", "más leídas", "más leídos",
        "más noticias", "te puede interesar", "etiquetas", "temas", "volver arriba", "inicio",
        "todos los derechos reservados", "lee también", "leer más", "ver más", "sin datos",
        "no hay videos disponibles", "calendario de eventos",
    ],
    "pt": [
        "comentário", "comentários", "sem comentários", "compartilhar", "partilhar", "ouvir", "siga-nos",
        "assine", "publicidade", "notícias relacionadas", "matérias relacionadas", "leia também", "leia mais",
        "mais lidas", "mais lidos", "veja também", "voltar ao topo", "todos os direitos reservados", "sem dados",
    ],
    "it": [
        "commento", "commenti", "nessun commento", "condividi", "stampa", "ascolta", "seguici", "iscriviti",
        "pubblicità", "articoli correlati", "notizie correlate", "leggi anche", "i più letti", "più letti",
        "potrebbe interessarti", "torna su", "tutti i diritti riservati",
    ],
}

# Labels that appear in the middle of article text and are never part of it.
_INLINE_JUNK = {
    "advertisement", "advertising", "sponsored", "publicité", "quảng cáo", "anzeige", "werbung", "publicidad",
    "publicidade", "pubblicità",
}

# Lines starting like this are page furniture when short ("Tags: Putin, Musk", "Lire aussi : ...").
PREFIXES = (
    "tags:", "tag:", "topics:", "keywords:", "related:", "read more:", "read also:", "also read:", "see also:",
    "more:", "mots-clés", "mots clés", "thèmes :", "lire aussi", "à lire aussi", "voir aussi", "lire plus",
    "từ khóa", "từ khoá", "thẻ:", "xem thêm:", "đọc thêm:", "tin liên quan:", "schlagwörter", "mehr zum thema",
    "lesen sie auch", "etiquetas:", "temas:", "lee también", "leia também", "leggi anche", "share on",
    "follow us on", "suivez-nous sur", "partager sur", "chia sẻ lên", "theo dõi trên", "copyright", "©",
    "(c) ", "all rights reserved", "tous droits réservés",
)
# Only these prefixes also mark a line in mid-article as furniture.
_INLINE_PREFIXES = ("lire aussi", "à lire aussi", "read also:", "also read:", "see also:", "lesen sie auch",
                    "lee también", "leia também", "leggi anche", "xem thêm:", "đọc thêm:")

_DIGITS = re.compile(r"\d+")
_EDGE_PUNCT = "()[]{}:;,.!?|•·»«›‹>-–—_/\\*#\"'’“”…+=~ "
_INNER_SPACE = re.compile(r"\s+")


def normalise_key(line: str) -> str:
    """Case-folded line without digits, counters and edge punctuation: 'Comment (0)' → 'comment'."""
    key = unicodedata.normalize("NFC", line).casefold().replace("’", "'")
    key = _DIGITS.sub(" ", key)
    key = key.replace("()", " ").replace("( )", " ")
    key = _INNER_SPACE.sub(" ", key).strip(_EDGE_PUNCT)
    return key


PHRASES: frozenset[str] = frozenset(normalise_key(p) for labels in _LABELS.values() for p in labels)
_INLINE_KEYS = frozenset(normalise_key(p) for p in _INLINE_JUNK)
_INLINE_KEY_CHARS = 40
_MAX_LABEL_CHARS = 60

# "(0)", "[12]", "(1.2k)" at the end of a label; not four digits, which would be a year: "Oscars (2024)".
_COUNTER = re.compile(r"[(\[]\s*\d{1,3}(?:[.,]\d)?[kK]?\s*[)\]]\s*$")
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)\]]*$")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
_BREADCRUMB = re.compile(r"^[^>›»/|]{1,40}(?:\s*[>›»/|]\s*[^>›»/|]{1,40}){1,6}$")
_HOME_WORDS = ("home", "accueil", "trang chủ", "startseite", "inicio", "início", "home page")

SHORT_CHARS = 100


def is_phrase(line: str) -> bool:
    """True for a line that is one of the known page labels ("Share", "Bình luận (0)", "Tags: x")."""
    if len(line) > 160:
        return False
    key = normalise_key(line)
    if not key:
        # Lines made only of punctuation ("|", "•", "…") are furniture too; digits may be a date.
        return bool(line.strip()) and not any(ch.isdigit() for ch in line)
    if len(key) <= _MAX_LABEL_CHARS and key in PHRASES:
        return True
    lowered = line.strip().casefold()
    return len(line) <= 120 and lowered.startswith(PREFIXES)


def is_inline_junk(line: str) -> bool:
    """Labels that may sit between paragraphs anywhere ("Advertisement", "Lire aussi : ...")."""
    if len(line) > 160:
        return False
    if len(line) <= _INLINE_KEY_CHARS and normalise_key(line) in _INLINE_KEYS:
        return True
    return line[:16].casefold().startswith(_INLINE_PREFIXES) and not ends_sentence(line)


def has_counter(line: str) -> bool:
    """Short labels with a count: 'Comment (0)', 'Commentaires (2)', 'Bình luận (12)'."""
    return len(line) <= 40 and _COUNTER.search(line) is not None and not ends_sentence(line)


def is_breadcrumb(line: str) -> bool:
    """Navigation trails such as 'Home > World > Europe'."""
    if len(line) > 120 or not _BREADCRUMB.match(line):
        return False
    first = re.split(r"\s*[>›»/|]\s*", line.strip(), maxsplit=1)[0].casefold()
    return first in _HOME_WORDS


def ends_sentence(line: str) -> bool:
    """True when the line ends like a sentence (., !, ?, … possibly followed by quotes or brackets)."""
    # Only the last few characters matter; searching from there keeps long lines cheap.
    return _SENTENCE_END.search(line, max(0, len(line) - 12)) is not None


def is_short(line: str) -> bool:
    """Short enough to be a label or a related-article headline."""
    return len(line) <= SHORT_CHARS


def is_evidence(line: str) -> bool:
    """A line that on its own marks page furniture."""
    return is_phrase(line) or has_counter(line) or is_breadcrumb(line)


# "Source : https://...", "Nguồn: VnExpress", "Read more at https://..."
_SOURCE_LABEL = re.compile(
    r"^\s*[(\[]?\s*(?:(?P<colon>source|sources|nguồn|nguồn tin|nguồn bài|theo|quelle|quellen|fuente|fuentes|fonte|"
    r"fontes|fonti|bron|via|original|article original|original article|lien|link|liên kết)\s*[:：]"
    r"|(?P<phrase>read more at|read the full (?:story|article) at|originally published (?:at|on|by)|"
    r"first published (?:at|on|by)|lire la suite sur|lire l'article sur|lire l’article sur|"
    r"article publié sur|đọc thêm tại|xem thêm tại|xem bài gốc tại|mehr unter|weiterlesen auf|"
    r"leer más en|leia mais em|leggi di più su))\s*(?P<rest>.*?)\s*[)\]]?\s*$",
    re.IGNORECASE,
)


def source_line(line: str) -> tuple[str | None, str | None] | None:
    """Recognise a source credit line; return ``(url, name)`` (either may be None) or None."""
    if len(line) > 2100:
        return None
    m = _SOURCE_LABEL.match(line)
    if m is None:
        return None
    rest = m["rest"]
    url = _URL.search(rest)
    if url:
        return _clean_url(url.group()), None
    if m["phrase"] is not None:
        return None  # "Read more at" needs an address
    name = rest.strip(" .;,-–—")
    if 1 <= len(name) <= 60 and len(name.split()) <= 8 and not ends_sentence(rest) and name[:1].isalnum():
        return None, name
    return None


def bare_url(line: str) -> str | None:
    """The address when the whole line is one URL (possibly in brackets)."""
    stripped = line.strip().strip("<>()[]")
    if len(stripped) > 2048 or " " in stripped:
        return None
    m = _URL.fullmatch(stripped)
    return _clean_url(m.group()) if m else None


def _clean_url(url: str) -> str:
    url = url.rstrip(".,;:!?)]}'\"”’»")
    if url.lower().startswith("www."):
        url = "https://" + url
    return url


# Picture credits that end a caption: "... Photo : CNN", "(Photo: Reuters)", "Ảnh: TTXVN", "Getty Images".
_CREDIT_WORDS = (
    r"photos?|foto|fotos|fotografía|fotografia|ảnh|hình|hình ảnh|image|images|picture|pic|pictures|"
    r"crédit(?:\s+photo)?s?|credits?|photo credit|bild|bildquelle|illustration|minh họa|"
    r"source photo|nguồn ảnh"
)
# Each credit form is checked on the few characters where it can be, so long lines stay cheap.
_LABEL_BEFORE_COLON = re.compile(rf"(?:^|[\s.(\[–—|-])(?:{_CREDIT_WORDS})\s*$", re.IGNORECASE)
_BRACKET_CREDIT = re.compile(
    rf"\s*(?:(?:{_CREDIT_WORDS}|ap photo|afp photo|reuters photo)(?![^\W\d_])"
    r"|(?-i:AP|AFP|Reuters|EPA|dpa|AAP|ANP)(?:\s+Photo)?\s*/)",
    re.IGNORECASE,
)
_STOCK_CREDIT = re.compile(r"(?:Getty Images|Shutterstock|Alamy|iStock(?:photo)?|Gamma-Rapho|Hans Lucas)$", re.IGNORECASE)
_AGENCY_END = re.compile(
    r"(?:^|[.|©/–—]\s*)(?:AFP|Reuters|AP|EPA|Xinhua|TTXVN|VNA|Bloomberg|ANSA|Keystone|Sipa|dpa)\s*(?:/\s*[^/]{1,40})?$"
)
_CREDIT_ONLY = re.compile(
    rf"^\s*[(\[]?\s*(?:{_CREDIT_WORDS}|©)\s*[:：]?\s*[^\s].{{0,80}}$",
    re.IGNORECASE,
)
_MAX_CAPTION_CHARS = 400
_CREDIT_WINDOW = 200
# Last words that can end a credit without a colon, slash or bracket.
_AGENCY_WORDS = frozenset(
    "Images Shutterstock Alamy iStock iStockphoto Gamma-Rapho Lucas AFP Reuters AP EPA Xinhua TTXVN VNA "
    "Bloomberg ANSA Keystone Sipa dpa".split()
)


def caption_credit(line: str) -> bool:
    """True when the line ends with a picture credit, which marks it as an image caption."""
    if len(line) > _MAX_CAPTION_CHARS:
        return False
    end = line[-_CREDIT_WINDOW:].rstrip(" .")
    n = len(end)
    # "... Photo : CNN", "Ảnh: TTXVN"
    colon = max(end.rfind(":"), end.rfind("："))
    if colon > 0 and 0 < n - colon - 1 <= 81 and end[colon + 1 :].strip():
        if _LABEL_BEFORE_COLON.search(end, max(0, colon - 30), colon):
            return True
    # "(Photo: Reuters)", "(AP Photo/Jane Roe)"
    if end.endswith((")", "]")):
        opening = max(end.rfind("("), end.rfind("["))
        if opening >= 0 and n - opening <= 102 and _BRACKET_CREDIT.match(end, opening + 1):
            return True
        end = end.rstrip(")] ")
        n = len(end)
    # "... Getty Images", "... AFP", "... Reuters / Jane Roe", "Crédit photo : X"
    if _STOCK_CREDIT.search(end, max(0, n - 20)) or _AGENCY_END.search(end, max(0, n - 60)):
        return True
    return "crédit photo" in end[-80:].lower()


def credit_only(line: str) -> bool:
    """True when the line is nothing but a credit ("Photo: Reuters"), to be joined to the line above."""
    if len(line) > 100 or not caption_credit(line):
        return False
    return _CREDIT_ONLY.match(line) is not None
