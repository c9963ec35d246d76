"""Read an SPBE framework from its manifest (JSON) and data files (CSV), checking its invariants.

A framework is data: a new regulation needs a manifest beside the others and its CSV rows,
no code. No database access here.
"""

import csv
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .scoring import WEIGHT_TOLERANCE, largest_remainder

FRAMEWORKS_DIR = Path(__file__).resolve().parent / "frameworks"
DATA_DIR = FRAMEWORKS_DIR / "data"
HUNDRED = Decimal(100)


class FrameworkFileError(Exception):
    def __init__(self, path, problems):
        self.path = path
        self.problems = problems
        super().__init__(f"{Path(path).name}: " + "; ".join(problems))


@dataclass
class GroupSpec:
    number: int
    name: str
    name_en: str
    weight: Decimal
    domain: int | None = None
    line: int = 0


@dataclass
class IndicatorSpec:
    number: int
    name: str
    name_en: str
    weight: Decimal
    aspect: int
    scale: str
    line: int
    evidence: str = ""
    evidence_en: str = ""
    criteria: dict = field(default_factory=dict)  # level -> text ("" when no public copy has it)


@dataclass
class ScaleSpec:
    code: str
    name: str
    levels: dict  # value -> (name, description in Indonesian, description in English)


@dataclass
class FrameworkSpec:
    code: str
    name: str
    title: str
    first_year: int | None
    last_year: int | None
    level_min: int
    level_max: int
    provisional: bool
    sources: str  # Indonesian, as the page shows it; the *_en fields for English pages
    sources_en: str = ""
    weight_note: str = ""
    weight_note_en: str = ""
    domains: list = field(default_factory=list)
    aspects: list = field(default_factory=list)
    indicators: list = field(default_factory=list)
    scales: list = field(default_factory=list)
    predicates: list = field(default_factory=list)  # (min_index or None, name)
    fingerprint: str = ""


def _decimal(raw):
    try:
        return Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        return None


def _rows(path, framework_name, problems):
    """Rows of a CSV file whose `framework` column names this framework, with line numbers."""
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            return [
                (reader.line_num, row) for row in reader if row.get("framework", "").strip() == framework_name
            ]
    except FileNotFoundError:
        problems.append(f"{Path(path).name}: file not found")
    except UnicodeDecodeError:
        problems.append(f"{Path(path).name}: not UTF-8 text")
    return []


def _group(groups, key, spec, kind, problems, path):
    """Collect a domain/aspect once; later rows must agree with the first."""
    known = groups.get(key)
    if known is None:
        groups[key] = spec
    elif (known.name, known.weight, known.domain) != (spec.name, spec.weight, spec.domain):
        problems.append(
            f"{path.name} line {spec.line}: {kind} {key} disagrees with line {known.line} "
            f"(name, weight or domain differ)"
        )


def _weight_split(split, problems):
    """Weights the manifest shares out of a total by the largest-remainder rule (see scoring)."""
    if not split:
        return {}
    try:
        shares = {int(number): int(share) for number, share in split["shares"].items()}
        return largest_remainder(Decimal(str(split["total"])), shares)
    except (KeyError, TypeError, ValueError, InvalidOperation, ZeroDivisionError):
        problems.append("manifest: weight_split needs a numeric total and whole-number shares by indicator")
        return {}


def _close(total, expected):
    return abs(total - expected) <= WEIGHT_TOLERANCE


def read_framework(manifest_path, data_dir=DATA_DIR):
    manifest_path = Path(manifest_path)
    problems = []
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise FrameworkFileError(manifest_path, [f"unreadable manifest: {error}"]) from None
    for key in ("code", "name", "levels", "expect", "indicators", "scales"):
        if key not in manifest:
            problems.append(f"manifest: missing key {key!r}")
    if problems:
        raise FrameworkFileError(manifest_path, problems)

    level_min, level_max = manifest["levels"]
    spec = FrameworkSpec(
        code=manifest["code"],
        name=manifest["name"],
        title=manifest.get("title", ""),
        first_year=manifest.get("first_year"),
        last_year=manifest.get("last_year"),
        level_min=level_min,
        level_max=level_max,
        provisional=bool(manifest.get("provisional", False)),
        sources=manifest.get("sources", ""),
        sources_en=manifest.get("sources_en", ""),
        weight_note=manifest.get("weight_note", ""),
        weight_note_en=manifest.get("weight_note_en", ""),
    )
    overrides = {int(k): _decimal(v) for k, v in manifest.get("weight_overrides", {}).items()}
    overrides.update(_weight_split(manifest.get("weight_split"), problems))

    indicator_path = data_dir / manifest["indicators"]["file"]
    rows = _rows(indicator_path, manifest["indicators"]["framework"], problems)
    domains, aspects, indicators = {}, {}, {}
    scale_of = {}
    for scale in manifest["scales"]:
        first, last = scale["indicators"]
        for number in range(first, last + 1):
            if number in scale_of:
                problems.append(f"manifest: indicator {number} is in two scales")
            scale_of[number] = scale["code"]

    for line, row in rows:
        where = f"{indicator_path.name} line {line}"
        try:
            number = int(row["indicator_no"])
            aspect_no = int(row["aspect_no"])
            domain_no = int(row["domain_no"]) if row.get("domain_no") else None
        except (KeyError, TypeError, ValueError):
            problems.append(f"{where}: indicator_no, aspect_no and domain_no must be whole numbers")
            continue
        weight = overrides.get(number) or _decimal(row.get("indicator_weight_pct", ""))
        aspect_weight = _decimal(row.get("aspect_weight_pct", ""))
        if weight is None or aspect_weight is None:
            problems.append(f"{where}: indicator {number} has no numeric weight")
            continue
        if number in indicators:
            problems.append(
                f"{where}: indicator {number} appears twice (first on line {indicators[number].line})"
            )
            continue
        if not row.get("aspect_name", "").strip():
            problems.append(f"{where}: indicator {number} is in no aspect")
            continue
        if number not in scale_of:
            problems.append(f"{where}: indicator {number} is in no level scale of the manifest")
        if domain_no is not None:
            domain_weight = _decimal(row.get("domain_weight_pct", ""))
            if domain_weight is None:
                problems.append(f"{where}: domain {domain_no} has no numeric weight")
                continue
            _group(
                domains,
                domain_no,
                GroupSpec(
                    domain_no,
                    row["domain_name"].strip(),
                    row.get("domain_name_en", "").strip(),
                    domain_weight,
                    line=line,
                ),
                "domain",
                problems,
                indicator_path,
            )
        _group(
            aspects,
            aspect_no,
            GroupSpec(
                aspect_no,
                row["aspect_name"].strip(),
                row.get("aspect_name_en", "").strip(),
                aspect_weight,
                domain=domain_no,
                line=line,
            ),
            "aspect",
            problems,
            indicator_path,
        )
        indicators[number] = IndicatorSpec(
            number,
            row["indicator_name"].strip(),
            row.get("indicator_gloss_en", "").strip(),
            weight,
            aspect_no,
            scale_of.get(number, ""),
            line,
        )

    _check_invariants(manifest, domains, aspects, indicators, problems)
    _evidence(manifest.get("evidence"), data_dir, indicators, problems)
    _criteria(manifest.get("level_criteria"), data_dir, indicators, level_min, level_max, problems)

    for scale in manifest["scales"]:
        spec.scales.append(
            ScaleSpec(scale["code"], scale["name"], _levels(scale, data_dir, level_min, level_max, problems))
        )
    spec.predicates = _predicates(manifest.get("predicates"), data_dir, problems)

    if problems:
        raise FrameworkFileError(manifest_path, problems)
    spec.domains = [domains[k] for k in sorted(domains)]
    spec.aspects = [aspects[k] for k in sorted(aspects)]
    spec.indicators = [indicators[k] for k in sorted(indicators)]
    spec.fingerprint = _fingerprint(spec)
    return spec


def _check_invariants(manifest, domains, aspects, indicators, problems):
    expect = manifest["expect"]
    for label, found in (("domains", domains), ("aspects", aspects), ("indicators", indicators)):
        if len(found) != expect.get(label, 0):
            problems.append(f"expected {expect.get(label, 0)} {label}, found {len(found)}")
    # Exactly: the index is Σ level × weight / 100, so weights short of 100 lower every index.
    total = sum((i.weight for i in indicators.values()), Decimal(0))
    if total != HUNDRED:
        problems.append(f"indicator weights sum to {total}, not 100")
    if domains and not _close(sum((d.weight for d in domains.values()), Decimal(0)), HUNDRED):
        problems.append("domain weights do not sum to 100")
    if not _close(sum((a.weight for a in aspects.values()), Decimal(0)), HUNDRED):
        problems.append("aspect weights do not sum to 100")
    for aspect in aspects.values():
        inner = sum((i.weight for i in indicators.values() if i.aspect == aspect.number), Decimal(0))
        if not _close(inner, aspect.weight):
            problems.append(
                f"aspect {aspect.number}: indicator weights sum to {inner}, not its {aspect.weight}"
            )
    for domain in domains.values():
        inner = sum((a.weight for a in aspects.values() if a.domain == domain.number), Decimal(0))
        if not _close(inner, domain.weight):
            problems.append(f"domain {domain.number}: aspect weights sum to {inner}, not its {domain.weight}")


def _levels(scale, data_dir, level_min, level_max, problems):
    levels = {value: ("", "", "") for value in range(level_min, level_max + 1)}
    source = scale.get("levels")
    if source:
        for line, row in _rows(data_dir / source["file"], source["framework"], problems):
            if row.get("scale", "").strip() != source["scale"]:
                continue
            try:
                value = int(row["level"])
            except (KeyError, ValueError):
                problems.append(f"{source['file']} line {line}: level must be a whole number")
                continue
            if value not in levels:
                problems.append(
                    f"{source['file']} line {line}: level {value} outside {level_min}-{level_max}"
                )
                continue
            levels[value] = (
                row.get("name", "").strip(),
                row.get("description_id", "").strip(),
                row.get("description_en", "").strip(),
            )
    return levels


def _plain_rows(path, problems):
    """Rows of a CSV file about one framework only (no `framework` column), with line numbers."""
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            return [(reader.line_num, row) for row in reader]
    except FileNotFoundError:
        problems.append(f"{Path(path).name}: file not found")
    except UnicodeDecodeError:
        problems.append(f"{Path(path).name}: not UTF-8 text")
    return []


def _indicator_of(row, indicators, where, problems):
    try:
        number = int(row.get("indicator_no", ""))
    except ValueError:
        problems.append(f"{where}: indicator_no must be a whole number")
        return None
    if number not in indicators:
        problems.append(f"{where}: indicator {number} is not in the framework")
        return None
    return indicators[number]


def _evidence(source, data_dir, indicators, problems):
    """The supporting evidence each indicator requires (column `evidence_id`, Indonesian)."""
    if not source:
        return
    for line, row in _plain_rows(data_dir / source["file"], problems):
        indicator = _indicator_of(row, indicators, f"{source['file']} line {line}", problems)
        if indicator is not None:
            indicator.evidence = row.get("evidence_id", "").strip()
            indicator.evidence_en = row.get("evidence_data_dukung_summary_en", "").strip()


def _criteria(source, data_dir, indicators, level_min, level_max, problems):
    """The criteria of every level of every indicator; a row may leave its criteria empty (none public),
    but every indicator must have a row for every level."""
    if not source:
        return
    for line, row in _plain_rows(data_dir / source["file"], problems):
        where = f"{source['file']} line {line}"
        indicator = _indicator_of(row, indicators, where, problems)
        if indicator is None:
            continue
        try:
            level = int(row.get("level", ""))
        except ValueError:
            problems.append(f"{where}: level must be a whole number")
            continue
        if not level_min <= level <= level_max:
            problems.append(f"{where}: level {level} outside {level_min}-{level_max}")
            continue
        if level in indicator.criteria:
            problems.append(f"{where}: indicator {indicator.number} level {level} appears twice")
            continue
        indicator.criteria[level] = (row.get("criteria") or "").strip()
    for indicator in indicators.values():
        missing = [level for level in range(level_min, level_max + 1) if level not in indicator.criteria]
        if missing:
            problems.append(
                f"{source['file']}: indicator {indicator.number} has no row for level(s) "
                + ", ".join(map(str, missing))
            )


def _predicates(source, data_dir, problems):
    if not source:
        return []
    bands = []
    for line, row in _rows(data_dir / source["file"], source["framework"], problems):
        raw = row.get("min_inclusive", "").strip()
        minimum = _decimal(raw) if raw else None
        if raw and minimum is None:
            problems.append(f"{source['file']} line {line}: min_inclusive {raw!r} is not a number")
            continue
        bands.append((minimum, row["predicate"].strip()))
    if not bands:
        problems.append(f"{source['file']}: no predicate rows for {source['framework']!r}")
    return bands


def _fingerprint(spec):
    import hashlib

    text = repr(
        (
            spec.code,
            spec.name,
            spec.title,
            spec.first_year,
            spec.last_year,
            spec.level_min,
            spec.level_max,
            spec.provisional,
            spec.sources,
            spec.sources_en,
            spec.weight_note,
            spec.weight_note_en,
            spec.domains,
            spec.aspects,
            spec.indicators,
            [(s.code, s.name, sorted(s.levels.items())) for s in spec.scales],
            spec.predicates,
        )
    )
    return hashlib.sha256(text.encode()).hexdigest()


def manifests(directory=FRAMEWORKS_DIR):
    return sorted(Path(directory).glob("*.json"))
