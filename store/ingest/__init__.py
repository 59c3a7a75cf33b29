"""Importers: each turns one kind of input into ``ParsedArticle`` records.

``files.iter_input_files`` finds inputs and ``files.parse_file`` reads one, choosing the
importer by suffix; text, Markdown and JSON importers live here, others register themselves
with ``files.register_parser``.
"""

from ..textutil import IngestError
from .files import MAX_FILE_BYTES, SUPPORTED_SUFFIXES, iter_input_files, parse_file, register_parser
from .jsonl import parse_json_articles
from .markdown import parse_markdown
from .text import parse_text

__all__ = [
    "IngestError",
    "MAX_FILE_BYTES",
    "SUPPORTED_SUFFIXES",
    "iter_input_files",
    "parse_file",
    "register_parser",
    "parse_json_articles",
    "parse_markdown",
    "parse_text",
]
