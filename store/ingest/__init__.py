"""Importers: each turns one kind of input into ``ParsedArticle`` records."""
