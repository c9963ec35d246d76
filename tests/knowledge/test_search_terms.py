"""The pure part of search (knowledge/practices/search.py): no database."""

from knowledge.practices import search

GLOSSARY = search.synonyms(
    [
        ("TTE", "tanda tangan elektronik"),
        ("persuratan", "surat"),
        ("naskah dinas", "surat"),
        ("KTP-el", "kartu tanda penduduk elektronik"),
        ("sama", "SAMA"),  # a pair of one phrase is ignored
    ]
)


def test_the_glossary_works_both_ways():
    assert GLOSSARY["tte"] == {"tanda tangan elektronik"}
    assert GLOSSARY["tanda tangan elektronik"] == {"tte"}
    assert GLOSSARY["surat"] == {"persuratan", "naskah dinas"}
    assert "sama" not in GLOSSARY


def test_a_query_becomes_groups_of_equivalent_phrases_longest_first():
    assert search.query_groups("Tanda tangan elektronik untuk DESA", GLOSSARY) == [
        ("tanda tangan elektronik", "tte"),
        ("untuk",),
        ("desa",),
    ]
    assert search.query_groups("surat KTP-el", GLOSSARY) == [
        ("naskah dinas", "persuratan", "surat"),
        ("kartu tanda penduduk elektronik", "ktp-el"),
    ]
    assert search.query_groups("  <script>!! ", GLOSSARY) == [("script",)]
    assert search.query_groups("", GLOSSARY) == []


def test_a_long_query_is_cut_to_a_few_groups():
    assert len(search.query_groups(" ".join(f"kata{n}" for n in range(50)), {})) == search.MAX_GROUPS


def test_highlight_escapes_before_marking():
    headline = f'<b onclick="x">{search.START}Layanan{search.STOP}</b> {search.START}tanpa akhir'

    assert (
        search.highlight(headline)
        == "&lt;b onclick=&quot;x&quot;&gt;<mark>Layanan</mark>&lt;/b&gt; tanpa akhir"
    )


def test_the_fallback_snippet_marks_every_phrase_in_a_window_of_the_first_matching_text():
    body = "Awal. " * 40 + "Memakai TTE untuk surat dinas; tte juga di desa."

    snippet = search.plain_snippet(["Ringkasan tanpa kecocokan.", body], ["tte", "surat"])

    assert snippet.startswith("…") and len(snippet) <= search.SNIPPET_CHARS + 2
    assert search.highlight(snippet).count("<mark>") == 3
    assert search.plain_snippet(["", "Teks pertama."], ["zzz"]) == "Teks pertama."
