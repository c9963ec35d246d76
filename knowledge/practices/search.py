"""The pure part of practice search (no database): a query split into groups of equivalent phrases
through the glossary, and highlighted snippets that are escaped before any mark is added.

selectors.py turns the groups into PostgreSQL full-text queries (or icontains on SQLite)."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

MAX_PHRASE_WORDS = 5  # the longest glossary phrase matched in a query
MAX_GROUPS = 12  # words of a query beyond this are ignored: a query is a few words, not a document
# ts_headline marks matches with these; they are control characters no form lets through as text, and
# highlight() turns them into <mark> only after the snippet is escaped.
START, STOP = "\x02", "\x03"
SNIPPET_CHARS = 200

WORD_RE = re.compile(r"[\w][\w-]*", re.UNICODE)


def words(text):
    """The lower-case words of a text; a hyphenated word (e-SAKIP, KTP-el) stays one word."""
    return [word.strip("-_") for word in WORD_RE.findall(text.lower()) if word.strip("-_")]


def normalize(text):
    return " ".join(words(text))


def synonyms(pairs):
    """{phrase: {equivalent phrases}} from glossary (term, expansion) pairs, both ways, lower case."""
    table = {}
    for term, expansion in pairs:
        term, expansion = normalize(term), normalize(expansion)
        if not term or not expansion or term == expansion:
            continue
        table.setdefault(term, set()).add(expansion)
        table.setdefault(expansion, set()).add(term)
    return table


def query_groups(text, table):
    """The query as a list of groups, each a sorted tuple of phrases of which one must match.

    Longest glossary phrase first: with "tanda tangan elektronik" in the glossary, the query
    "tanda tangan elektronik desa" gives [("tanda tangan elektronik", "tte"), ("desa",)]."""
    tokens = words(text)
    groups, position = [], 0
    while position < len(tokens) and len(groups) < MAX_GROUPS:
        for size in range(min(MAX_PHRASE_WORDS, len(tokens) - position), 0, -1):
            phrase = " ".join(tokens[position : position + size])
            if phrase in table or size == 1:
                group = tuple(sorted({phrase, *table.get(phrase, ())}))
                if group not in groups:
                    groups.append(group)
                position += size
                break
    return groups


def highlight(headline):
    """Escape a snippet, then turn the START/STOP markers around matches into <mark> elements.

    Whatever the practice's text holds (tags, scripts, stray markers) ends up as inert text."""
    escaped = str(escape(headline or ""))
    marked = re.sub(f"{START}([^{START}{STOP}]*){STOP}", r"<mark>\1</mark>", escaped)
    return mark_safe(marked.replace(START, "").replace(STOP, ""))  # noqa: S308 (escaped above)


def plain_snippet(texts, phrases, size=SNIPPET_CHARS):
    """The SQLite fallback's snippet: a window of the first text containing a phrase, with each
    occurrence marked START/STOP (give it to highlight()). Without a match, the start of the first text."""
    lowered = [phrase.lower() for phrase in phrases if phrase]
    for text in texts:
        if not text:
            continue
        found = [(text.lower().find(phrase), phrase) for phrase in lowered]
        found = [(at, phrase) for at, phrase in found if at >= 0]
        if not found:
            continue
        at = min(at for at, _phrase in found)
        begin = max(0, at - size // 3)
        window = text[begin : begin + size]
        pattern = "|".join(re.escape(phrase) for _at, phrase in found)
        marked = re.sub(f"({pattern})", f"{START}\\1{STOP}", window, flags=re.IGNORECASE)
        return ("…" if begin else "") + marked + ("…" if begin + size < len(text) else "")
    first = next((text for text in texts if text), "")
    return first[:size] + ("…" if len(first) > size else "")


# The stored vector of practices, from their text and tags (PostgreSQL; run by
# services.practice_search_index and migration 0003). Weights: title A; summary and tags B; body and
# the replication card C; the owner's name D. Each part is a separate to_tsvector so a phrase never spans two fields.
CONFIG = "indonesian"
SEARCH_VECTOR_SQL = """
UPDATE knowledge_practice AS p SET search_vector =
    setweight(to_tsvector('indonesian', p.title || ' ' || p.title_en), 'A')
    || setweight(to_tsvector('indonesian', p.summary || ' ' || p.summary_en), 'B')
    || setweight(to_tsvector('indonesian', coalesce((
        SELECT string_agg(t.name, ' ') FROM knowledge_tag t
        JOIN knowledge_practice_tags pt ON pt.tag_id = t.id WHERE pt.practice_id = p.id
    ), '')), 'B')
    || setweight(to_tsvector('indonesian', p.body), 'C')
    || setweight(to_tsvector('indonesian', concat_ws(' ', p.problem, p.results, p.hosting,
        p.regulations_needed, p.skills_needed, p.adoption_effort)), 'C')
    || setweight(to_tsvector('indonesian', coalesce((
        SELECT r.name FROM regencies_regency r WHERE r.code = p.regency_id
    ), '')), 'D')
"""
