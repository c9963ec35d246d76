"""Reads of practices: the one list every page and endpoint filters, a practice with what its page
shows, and the owner pemda's own SPBE levels beside the indicators the practice improved."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, TrigramWordSimilarity
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, Replace
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from livinglab import page_cache
from regencies.permissions import is_national_admin, membership_of
from spbe.models import Evaluation, IndicatorScore

from . import search
from .models import GlossaryTerm, Practice, PracticeIndicator, Tag

DETAIL_REVISIONS = 10


def practices_visible_to(user):
    """Published and archived practices for everyone; drafts for their own pemda's staff and national
    admins (the rule of regencies.permissions.can_see_practice, as a query)."""
    if is_national_admin(user):
        return Practice.objects.all()
    membership = membership_of(user)
    if membership is None:
        return Practice.objects.public()
    return Practice.objects.filter(~Q(status=Practice.Status.DRAFT) | Q(regency_id=membership.regency_id))


def practice_list(*, user):
    """The practices `user` may see, with their owner pemda and province, newest first.

    The list page and the API filter this one queryset with filters.PracticeFilter (which shows
    published practices unless a status is asked for)."""
    return (
        practices_visible_to(user)
        .select_related("regency__province")
        .defer("search_vector")  # searched in the database, never read by a list
        .order_by("-published_at", "-pk")
    )


def regency_practices(*, regency, user):
    """A pemda's practices for its page: public ones, and its drafts for those who may see them."""
    return practices_visible_to(user).filter(regency=regency).order_by("status", "-published_at", "-pk")


def practice_detail(*, user, slug):
    """The practice with everything its page shows, in a fixed number of queries; None if `user` may
    not see it (a draft of another pemda) or it does not exist."""
    User = get_user_model()
    return (
        practices_visible_to(user)
        .filter(slug=slug)
        .select_related("regency__province", "based_on")
        .prefetch_related(
            "rb_themes",
            "tags",
            Prefetch("contacts", queryset=User.objects.select_related("membership").order_by("first_name")),
            "documents",
            Prefetch(
                "indicator_links",
                queryset=PracticeIndicator.objects.select_related("indicator__framework").order_by(
                    "indicator__framework__first_year", "indicator__number"
                ),
            ),
        )
        .first()
    )


def practice_revisions(practice):
    return practice.revisions.select_related("changed_by", "by_regency")


def latest_revisions(practice, limit=DETAIL_REVISIONS):
    return list(practice_revisions(practice)[:limit])


@dataclass(frozen=True)
class OwnerLevel:
    """The owner pemda's own latest public level on an indicator."""

    level: int
    year: int
    source: str
    synthetic: bool
    evaluation_id: int

    @property
    def kind_label(self):
        if self.source == Evaluation.Source.OFFICIAL:
            return _("official result")
        return _("verified self-assessment")


def owner_levels(practice, indicator_ids):
    """{indicator id: OwnerLevel} from the owner's latest public evaluation with a level on each
    indicator (an official result before a verified self-assessment of the same year). One query."""
    rows = (
        IndicatorScore.objects.filter(
            indicator_id__in=list(indicator_ids),
            evaluation__in=Evaluation.objects.public().filter(regency_id=practice.regency_id),
        )
        .order_by("indicator_id", "-evaluation__year", "evaluation__source")
        .values_list(
            "indicator_id",
            "level",
            "evaluation__year",
            "evaluation__source",
            "evaluation__synthetic",
            "evaluation_id",
        )
    )
    levels = {}
    for indicator_id, level, year, source, synthetic, evaluation_id in rows:
        levels.setdefault(indicator_id, OwnerLevel(level, year, source, synthetic, evaluation_id))
    return levels


# Search ------------------------------------------------------------------------------------------

SEARCHED_TEXT = [
    "title",
    "title_en",
    "summary",
    "summary_en",
    "body",
    "problem",
    "results",
    "hosting",
    "regulations_needed",
    "skills_needed",
    "adoption_effort",
    "regency__name",
]
SNIPPET_TEXT = ["summary", "body", "problem", "results"]


def full_text_search():
    """PostgreSQL searches the stored vector; other databases (SQLite for `make run`) use icontains."""
    return connection.vendor == "postgresql"


def search_groups(text):
    """The query as groups of equivalent phrases through the glossary."""
    return search.query_groups(text, glossary_synonyms())


def glossary_synonyms():
    """The glossary as a table of synonyms, kept in the cache until the database is next written (the
    content version of livinglab/page_cache.py): read and normalised once, not on every search."""
    key = f"practice-glossary:{page_cache.version()}"
    table = cache.get(key)
    if table is None:
        table = search.synonyms(GlossaryTerm.objects.values_list("term", "expansion"))
        cache.set(key, table, timeout=3600)
    return table


def _ts_query(groups):
    """Every group must match; within a group any phrase (its words in order, stemmed)."""
    query = None
    for group in groups:
        alternatives = None
        for phrase in group:
            one = SearchQuery(phrase, search_type="phrase", config=search.CONFIG)
            alternatives = one if alternatives is None else alternatives | one
        query = alternatives if query is None else query & alternatives
    return query


def _contains_any(phrases):
    tagged = Tag.objects.filter(practices=OuterRef("pk"))
    condition = Q()
    for phrase in phrases:
        condition |= Q(Exists(tagged.filter(name__icontains=phrase)))
        for field in SEARCHED_TEXT:
            condition |= Q(**{f"{field}__icontains": phrase})
    return condition


def practice_search(queryset, groups):
    """Practices matching every group: the GIN-indexed vector on PostgreSQL, icontains elsewhere."""
    if not groups:
        return queryset
    if full_text_search():
        return queryset.filter(search_vector=_ts_query(groups))
    for group in groups:
        queryset = queryset.filter(_contains_any(group))
    return queryset


def order_by_relevance(queryset, groups):
    """Best match first (title words weigh most), then newest. SQLite: title matches first."""
    if full_text_search():
        rank = SearchRank(F("search_vector"), _ts_query(groups))
    else:
        in_title = Q()
        for phrase in (phrase for group in groups for phrase in group):
            in_title |= Q(title__icontains=phrase)
        rank = Case(When(in_title, then=Value(1)), default=Value(0), output_field=IntegerField())
    return queryset.annotate(relevance=rank).order_by("-relevance", "-published_at", "-pk")


def order_by_replications(queryset):
    """Most replicated first: adopters whose request the owner accepted and who did not stop (a
    declined or stopped replication does not count); then newest."""
    from knowledge.replications.models import Replication
    from knowledge.replications.stages import INACTIVE

    adopters = (
        Replication.objects.filter(practice=OuterRef("pk"), accepted_at__isnull=False)
        .exclude(stage__in=INACTIVE)
        .values("practice")
        .annotate(n=Count("pk"))
        .values("n")
    )
    replications = Coalesce(Subquery(adopters, output_field=IntegerField()), Value(0))
    return queryset.annotate(replications_count=replications).order_by(
        "-replications_count", "-published_at", "-pk"
    )


def _unmarked(field):
    """The field without the highlight markers, so that text typed into a practice marks nothing."""
    text = Replace(F(field), Value(search.START), Value(""), output_field=TextField())
    return Replace(text, Value(search.STOP), Value(""), output_field=TextField())


def with_headlines(queryset, groups):
    """Annotate `headline`, the matches in their context marked START/STOP (PostgreSQL; unchanged
    elsewhere). Computed in the page's query for its rows only: PostgreSQL evaluates an expensive
    expression after the sort and the LIMIT, and a count leaves the annotation out."""
    if not groups or not full_text_search():
        return queryset
    text = Concat(
        *[part for field in SNIPPET_TEXT for part in (_unmarked(field), Value(" \n "))],
        output_field=TextField(),
    )
    return queryset.annotate(
        headline=SearchHeadline(
            text,
            _ts_query(groups),
            config=search.CONFIG,
            start_sel=search.START,
            stop_sel=search.STOP,
            max_words=30,
            min_words=12,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
    )


def attach_snippets(practices, groups):
    """Set `snippet` (escaped HTML with the matches in <mark>) on each practice of a page, from its
    headline on PostgreSQL, from its text elsewhere. No query."""
    if not groups:
        return practices
    phrases = [phrase for group in groups for phrase in group]
    for practice in practices:
        practice.snippet = snippet(
            getattr(practice, "headline", None),
            lambda p=practice: [getattr(p, f) for f in SNIPPET_TEXT],
            phrases,
        )
    return practices


def snippet(headline, texts, phrases):
    """The escaped HTML snippet of a search match: from PostgreSQL's `headline`, else cut from
    `texts()` (the SNIPPET_TEXT fields, read only when needed)."""
    return search.highlight(search.plain_snippet(texts(), phrases) if headline is None else headline)


def did_you_mean(queryset, text):
    """The published title closest to `text` by trigrams, when a search found nothing; None on SQLite
    or when no title has a part close enough (pg_trgm's word_similarity_threshold, 0.6: "lebuu" finds
    "Lebu Digital"). The %> operator uses the trigram index of titles."""
    if not full_text_search() or not text.strip():
        return None
    return (
        queryset.published()
        .filter(title__trigram_word_similar=text)
        .annotate(closeness=TrigramWordSimilarity(text, "title"))
        .order_by("-closeness", "title")
        .values_list("title", flat=True)
        .first()
    )


# Facets ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int


def _choice(choices):
    labels = dict(choices)
    return lambda row: (row[0], labels.get(row[0], row[0]))


def _localized(row):
    """(value, name, English name) rows: the English name on English pages when there is one."""
    value, name, name_en = row
    return str(value), (name_en if name_en and translation.get_language() == "en" else name)


# Facet name (= the filter's name) -> (columns grouped by, row -> (value, label)).
FACETS = {
    "kind": (["kind"], _choice(Practice.Kind.choices)),
    "province": (["regency__province__code", "regency__province__name"], tuple),
    "cohort": (["regency__cohorts__slug", "regency__cohorts__name"], tuple),
    "rb_theme": (["rb_themes__number", "rb_themes__name", "rb_themes__name_en"], _localized),
    "domain": (
        [
            "indicator_links__indicator__framework__code",
            "indicator_links__indicator__aspect__domain__number",
            "indicator_links__indicator__aspect__domain__name",
            "indicator_links__indicator__aspect__domain__name_en",
        ],
        lambda row: (f"{row[0]}:{row[1]}", f"{row[1]}. {_localized((None, *row[2:]))[1]}"),
    ),
    "aspect": (
        [
            "indicator_links__indicator__framework__code",
            "indicator_links__indicator__aspect__number",
            "indicator_links__indicator__aspect__name",
            "indicator_links__indicator__aspect__name_en",
        ],
        lambda row: (f"{row[0]}:{row[1]}", f"{row[1]}. {_localized((None, *row[2:]))[1]}"),
    ),
    "indicator": (
        [
            "indicator_links__indicator__framework__code",
            "indicator_links__indicator__number",
            "indicator_links__indicator__name",
        ],
        lambda row: (f"{row[0]}:{row[1]}", f"{row[1]}. {row[2]}"),
    ),
    "has_source": (
        ["has_source"],
        lambda row: ("true" if row[0] else "false", _("Yes") if row[0] else _("No")),
    ),
    "license": (["license"], lambda row: (row[0], row[0])),
    "sustainability": (["sustainability"], _choice(Practice.Sustainability.choices)),
}
FACET_LABELS = {
    "kind": _("Kind"),
    "province": _("Owner's province"),
    "cohort": _("Owner's cohort"),
    "rb_theme": _("RB tematik"),
    "domain": _("SPBE domain improved"),
    "aspect": _("SPBE aspect improved"),
    "indicator": _("SPBE indicator improved"),
    "has_source": _("Source code published"),
    "license": _("Licence"),
    "sustainability": _("Sustainability"),
}


DISTINCT_FACETS = {"domain", "aspect"}


def _facet(queryset, name):
    columns, describe = FACETS[name]
    queryset = queryset.order_by()
    if name == "has_source":
        queryset = queryset.annotate(
            has_source=Case(When(repository_url="", then=Value(False)), default=Value(True))
        )
    elif name == "license":
        queryset = queryset.exclude(license="")
    rows = (
        queryset.values_list(*columns)
        # Not DISTINCT (three times slower): every filter keeps one row per practice (each names one
        # tag, theme, cohort or indicator), and a practice links to a value at most once (constraints).
        # Only a domain or an aspect may hold several indicators of one practice: counted distinct.
        .annotate(count=Count("pk", distinct=name in DISTINCT_FACETS))
        .order_by("-count", *columns)
    )
    values = []
    for row in rows:
        if row[0] is None:  # a practice with no cohort, theme or indicator
            continue
        value, label = describe(row[:-1])
        values.append(FacetValue(str(value), str(label), row[-1]))
    return values


def facet_counts(filterset):
    """{facet name: [FacetValue, most practices first]}. Each facet counts the practices that every
    other filter (and the search) leaves, so counts combine: with kind=application chosen, the
    province counts are of applications, and the kind counts still show the other kinds. One query
    per facet, whatever the number of practices."""
    return {name: _facet(filterset.queryset_without(name), name) for name in FACETS}
