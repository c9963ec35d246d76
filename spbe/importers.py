"""Read an SPBE import file (CSV or XLSX) into checked records and a list of problems. No database.

Two layouts, told apart by the header:
- long: regency_code, year, framework, indicator_no, level (one row per indicator level);
- wide: regency_code, year, framework, index, predicate, source_url (one published result per row).

Rows are numbered as a spreadsheet shows them: the header is row 1. Every problem names its row
(None for the whole file) and its column (the header name, "" for the whole file or row).
"""

import csv
import functools
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook

from livinglab.bulk_work import cycle_collector_paused

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 250_000
# A 10 MB workbook can unpack to gigabytes: refuse it before openpyxl reads it, and read only the
# first columns (the layouts have six) of at most MAX_ROWS rows.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_COLUMNS = 30
INDEX_MIN, INDEX_MAX = Decimal(0), Decimal(5)
YEAR_MIN, YEAR_MAX = 2000, 2100

LAYOUTS = {
    "long": ("regency_code", "year", "framework", "indicator_no", "level"),
    "wide": ("regency_code", "year", "framework", "index", "predicate", "source_url"),
}
EXTENSIONS = (".csv", ".xlsx")
ZIP_SIGNATURE = b"PK\x03\x04"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# A number as people type it in a spreadsheet: no exponent, a comma or a point before the decimals.
# Anything else ("1e1000000") is refused before Decimal or int() spends time or memory on it.
PLAIN_NUMBER = re.compile(r"-?[0-9]{1,9}(?:[.,][0-9]{1,20})?")
TWO_PLACES = Decimal("0.01")
PREDICATE_MAX_LENGTH = 100
PREVIEW_ROWS = 5  # the dry run shows how the first rows were read ("3,80" as 3.80)

MESSAGES = {
    "empty_file": _("The file is empty: it has no rows to import."),
    "too_large": _("The file is larger than %(limit)s MB."),
    "too_many_rows": _("The file has more than %(limit)s rows."),
    "too_large_unpacked": _("The workbook unpacks to more than %(limit)s MB; keep only the sheet to import."),
    "wrong_type": _("Only CSV (.csv) and Excel workbook (.xlsx) files can be imported."),
    "not_xlsx": _("The file is named .xlsx but its content is not an Excel workbook."),
    "bad_workbook": _("The Excel workbook cannot be read; save it again as .xlsx."),
    "encoding": _("The text is not UTF-8 (from byte %(position)s); save the file as CSV UTF-8."),
    "unknown_layout": _("The header matches neither layout; use the columns %(long)s or %(wide)s."),
    "missing_column": _("The column %(column)s is missing."),
    "blank": _("%(column)s is empty."),
    "unknown_regency": _("No kabupaten/kota has the code %(value)s."),
    "bad_year": _("The year %(value)s is not a year between %(min)s and %(max)s."),
    "unknown_framework": _("No framework is called %(value)s."),
    "unknown_indicator": _("%(framework)s has no indicator number %(value)s."),
    "bad_level": _("The level %(value)s is not a whole number."),
    "level_out_of_range": _("The level %(value)s is outside %(framework)s's scale %(min)s to %(max)s."),
    "duplicate_row": _("This row repeats row %(first_row)s."),
    "incomplete_evaluation": _(
        "The evaluation of %(regency)s for %(year)s has no level for indicator(s) %(missing)s."
    ),
    "bad_index": _("The index %(value)s is not a number with at most two decimals."),
    "index_out_of_range": _("The index %(value)s is outside 0 to 5."),
    "unknown_predicate": _("%(value)s is not a predicate of %(framework)s (one of: %(choices)s)."),
    "predicate_too_long": _("The predicate is longer than %(limit)s characters."),
    "framework_not_in_force": _(
        "%(framework)s is not used for evaluations of %(year)s (it covers %(first)s to %(last)s)."
    ),
    "no_source": _("Name the source of the results: an import without a source is not written."),
    "detail_not_confirmed": _(
        "The file adds indicator detail to the published result of %(regency)s for %(year)s "
        "(computed %(computed)s, published %(published)s), and that was not confirmed."
    ),
}


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str
    code: str
    params: dict = field(default_factory=dict)

    def as_dict(self):
        return {"row": self.row, "column": self.column, "code": self.code, "params": self.params}


def problem_message(problem):
    """The sentence for a stored problem ({row, column, code, params}) in the active language."""
    template = MESSAGES.get(problem.get("code"))
    if template is None:
        return str(problem.get("code", ""))
    try:
        return str(template) % problem.get("params", {})
    except (KeyError, TypeError, ValueError):
        return str(problem.get("code"))


# What the database knows, handed in by the caller -------------------------------------------


@dataclass(frozen=True)
class FrameworkSpec:
    code: str
    name: str
    level_min: int
    level_max: int
    indicators: frozenset
    predicates: tuple = ()
    first_year: int | None = None
    last_year: int | None = None

    def covers(self, year):
        return (self.first_year or YEAR_MIN) <= year <= (self.last_year or YEAR_MAX)


@dataclass(frozen=True)
class Catalogue:
    regency_codes: frozenset
    frameworks: tuple

    def framework(self, value):
        """A framework by its code or its name, either case."""
        return self._by_name.get(value.casefold())

    @functools.cached_property
    def _by_name(self):
        names = {}
        for spec in reversed(self.frameworks):  # the first one wins a name two frameworks share
            names[spec.code.casefold()] = spec
            names[spec.name.casefold()] = spec
        return names

    def digest(self):
        """A fingerprint of what files are checked against: under the same digest, a file that was
        clean stays clean, and its records stay the same."""
        specs = sorted(
            [spec.code, spec.name, spec.level_min, spec.level_max, sorted(spec.indicators),
             list(spec.predicates), spec.first_year, spec.last_year]
            for spec in self.frameworks
        )  # fmt: skip
        text = json.dumps([sorted(self.regency_codes), specs])
        return hashlib.sha256(text.encode()).hexdigest()


# What a clean file yields -------------------------------------------------------------------


@dataclass(frozen=True)
class LevelsRecord:
    """One evaluation of the long layout: a level for every indicator."""

    regency_code: str
    year: int
    framework_code: str
    levels: dict  # {indicator number: level}
    rows: int  # how many file rows it came from


@dataclass(frozen=True)
class IndexRecord:
    """One published result of the wide layout."""

    regency_code: str
    year: int
    framework_code: str
    index: Decimal
    predicate: str
    source_url: str
    rows: int = 1


def records_data(records):
    """Clean records as JSON data, kept between the dry run and the run (records_from_data)."""
    data = []
    for record in records:
        item = dict(vars(record))
        if isinstance(record, LevelsRecord):
            item["levels"] = list(record.levels.items())  # JSON would turn the numbers into text
        else:
            item["index"] = str(record.index)
        data.append(item)
    return data


def records_from_data(layout, data):
    if layout == "long":
        return [LevelsRecord(**{**item, "levels": dict(item["levels"])}) for item in data]
    return [IndexRecord(**{**item, "index": Decimal(item["index"])}) for item in data]


@dataclass
class Checked:
    layout: str = ""
    rows_total: int = 0
    records: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    # The first clean rows as read: {row, regency, year, framework, indicator, column, written, read}
    preview: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.problems


def check(name, data, catalogue):
    """Read and check a whole file; the records are only meaningful when there is no problem."""
    with cycle_collector_paused():
        return _check(name, data, catalogue)


def _check(name, data, catalogue):
    table, problems = read_table(name, data)
    if problems:
        return Checked(problems=problems)
    layout, problems = detect_layout(table.header, table.header_row)
    if not problems and not table.rows:
        problems = [Problem(None, "", "empty_file")]
    if problems:
        return Checked(layout=layout, rows_total=len(table.rows), problems=problems)
    checker = _check_long if layout == "long" else _check_wide
    result = checker(rows_to_dicts(table.header, table.rows), catalogue)
    result.layout, result.rows_total = layout, len(table.rows)
    return result


# Reading the bytes --------------------------------------------------------------------------


@dataclass
class Table:
    header_row: int = 1
    header: list = field(default_factory=list)
    rows: list = field(default_factory=list)  # [(row number, [cell text])]


def read_table(name, data):
    """(Table, problems) from the bytes of a CSV or XLSX file.

    The content decides, not the name: an .xlsx must carry the zip signature of a workbook.
    Completely blank rows are skipped.
    """
    if not data:
        return Table(), [Problem(None, "", "empty_file")]
    if len(data) > MAX_BYTES:
        return Table(), [Problem(None, "", "too_large", {"limit": MAX_BYTES // (1024 * 1024)})]
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in EXTENSIONS:
        return Table(), [Problem(None, "", "wrong_type")]
    if data.startswith(ZIP_SIGNATURE):
        numbered = _read_xlsx(data)
    elif extension == ".xlsx":
        return Table(), [Problem(None, "", "not_xlsx")]
    else:
        numbered = _read_csv(data)
    if isinstance(numbered, Problem):
        return Table(), [numbered]
    numbered = [(number, cells) for number, cells in numbered if any(cells)]
    if not numbered:
        return Table(), [Problem(None, "", "empty_file")]
    if len(numbered) - 1 > MAX_ROWS:
        return Table(), [Problem(None, "", "too_many_rows", {"limit": MAX_ROWS})]
    (header_row, header), *rows = numbered
    return Table(header_row, [cell.strip().lower() for cell in header], rows), []


def _read_csv(data):
    if data.startswith(UTF16_BOMS):
        return Problem(None, "", "encoding", {"position": 1})
    if b"\x00" in data:
        return Problem(None, "", "wrong_type")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return Problem(line, "", "encoding", {"position": error.start + 1})
    first_line = text.split("\n", 1)[0]
    # Spreadsheets set to Indonesian separate with semicolons.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        return [
            (number, [cell.strip() for cell in cells])
            for number, cells in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1)
        ]
    except csv.Error:
        return Problem(None, "", "wrong_type")


def _read_xlsx(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                return Problem(None, "", "wrong_type")
            if sum(member.file_size for member in archive.infolist()) > MAX_UNPACKED_BYTES:
                return Problem(None, "", "too_large_unpacked", {"limit": MAX_UNPACKED_BYTES // (1024 * 1024)})
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            rows = []
            sheet = workbook.worksheets[0]
            for number, values in enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), 1):
                cells = [_cell_text(value) for value in values]
                if not any(cells):  # formatted but empty rows are skipped, not kept
                    continue
                if len(rows) > MAX_ROWS:  # the header and MAX_ROWS rows: stop reading there
                    return Problem(None, "", "too_many_rows", {"limit": MAX_ROWS})
                rows.append((number, cells))
            return rows
        finally:
            workbook.close()
    # A damaged workbook makes openpyxl raise almost anything; any of it means "cannot be read".
    except Exception:
        return Problem(None, "", "bad_workbook")


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def detect_layout(header, row=1):
    """The layout named by the header's distinctive columns, and any missing column."""
    present = set(header)
    if present & {"indicator_no", "level"}:
        layout = "long"
    elif present & {"index", "predicate", "source_url"}:
        layout = "wide"
    else:
        expected = {name: ", ".join(columns) for name, columns in LAYOUTS.items()}
        return "", [Problem(row, "", "unknown_layout", expected)]
    missing = [name for name in LAYOUTS[layout] if name not in present]
    return layout, [Problem(row, name, "missing_column", {"column": name}) for name in missing]


def rows_to_dicts(header, rows):
    """[(row number, {column: text})], keeping the first of any repeated column name (the readers
    have stripped the cells)."""
    positions = {}
    for position, name in enumerate(header):
        positions.setdefault(name, position)
    return [
        (number, {name: cells[pos] if pos < len(cells) else "" for name, pos in positions.items()})
        for number, cells in rows
    ]


# Checking the values ------------------------------------------------------------------------


def _plain_decimal(text):
    if not PLAIN_NUMBER.fullmatch(text):
        return None
    return Decimal(text.replace(",", "."))


def _whole_number(text):
    value = _plain_decimal(text)
    if value is None or value != value.to_integral_value():
        return None
    return int(value)


class _RowChecker:
    """Checks the columns both layouts share, collecting problems for one row.

    `known` is shared by the rows of a file: what a kabupaten/kota, year and framework as written
    came to (a long file repeats them on every indicator's row), with the problems they gave.
    """

    def __init__(self, number, values, catalogue, problems, known):
        self.number, self.values, self.catalogue, self.problems = number, values, catalogue, problems
        self.known = known

    def add(self, at_column, code, **params):
        self.problems.append(Problem(self.number, at_column, code, params))

    def text(self, column):
        value = self.values.get(column, "")
        if not value:
            self.add(column, "blank", column=column)
        return value

    def regency(self):
        code = self.text("regency_code")
        if code and code not in self.catalogue.regency_codes:
            self.add("regency_code", "unknown_regency", value=code)
            return None
        return code or None

    def year(self):
        text = self.text("year")
        if not text:
            return None
        year = _whole_number(text)
        if year is None or not YEAR_MIN <= year <= YEAR_MAX:
            self.add("year", "bad_year", value=text, min=YEAR_MIN, max=YEAR_MAX)
            return None
        return year

    def framework(self, year):
        text = self.text("framework")
        if not text:
            return None
        spec = self.catalogue.framework(text)
        if spec is None:
            self.add("framework", "unknown_framework", value=text)
        elif year is not None and not spec.covers(year):
            self.add(
                "framework",
                "framework_not_in_force",
                framework=spec.name,
                year=year,
                first=spec.first_year or "…",
                last=spec.last_year or "…",
            )
            return None
        return spec

    def regency_year_framework(self):
        values = self.values
        key = (values.get("regency_code", ""), values.get("year", ""), values.get("framework", ""))
        if key in self.known:
            found, problems = self.known[key]
            for column, code, params in problems:
                self.add(column, code, **params)
            return found
        count = len(self.problems)
        regency, year = self.regency(), self.year()
        found = (regency, year, self.framework(year))
        self.known[key] = (found, [(p.column, p.code, p.params) for p in self.problems[count:]])
        return found


def _preview(preview, number, regency, year, framework, indicator, column, written, read):
    if len(preview) < PREVIEW_ROWS:
        preview.append(
            {
                "row": number,
                "regency": regency,
                "year": year,
                "framework": framework.name,
                "indicator": indicator,
                "column": column,
                "written": written,
                "read": str(read),
            }
        )


def _check_long(rows, catalogue):
    problems, first_rows, groups, preview, known = [], {}, {}, [], {}
    # The file repeats its indicator numbers and levels: each text is read once (for this file only).
    whole_number = functools.cache(_whole_number)
    for number, values in rows:
        row = _RowChecker(number, values, catalogue, problems, known)
        count = len(problems)
        regency, year, framework = row.regency_year_framework()
        indicator_text, level_text = row.text("indicator_no"), row.text("level")
        indicator = whole_number(indicator_text) if indicator_text else None
        if framework and indicator_text and indicator not in framework.indicators:
            row.add("indicator_no", "unknown_indicator", value=indicator_text, framework=framework.name)
            indicator = None
        level = whole_number(level_text) if level_text else None
        if level_text and level is None:
            row.add("level", "bad_level", value=level_text)
        elif framework and level is not None and not framework.level_min <= level <= framework.level_max:
            row.add(
                "level",
                "level_out_of_range",
                value=level_text,
                framework=framework.name,
                min=framework.level_min,
                max=framework.level_max,
            )
        if not (regency and year and framework):
            continue
        group = groups.setdefault(
            (regency, year, framework.code), {"first_row": number, "levels": {}, "seen": set(), "rows": 0}
        )
        if indicator is None:
            continue
        key = (regency, year, framework.code, indicator)
        if key in first_rows:
            row.add("indicator_no", "duplicate_row", first_row=first_rows[key])
            continue
        first_rows[key] = number
        group["seen"].add(indicator)
        if len(problems) == count:
            group["levels"][indicator] = level
            group["rows"] += 1
            _preview(preview, number, regency, year, framework, indicator, "level", level_text, level)
    frameworks = {spec.code: spec for spec in catalogue.frameworks}
    records = []
    for (regency, year, code), group in groups.items():
        missing = sorted(frameworks[code].indicators - group["seen"])
        if missing:
            problems.append(
                Problem(
                    group["first_row"],
                    "indicator_no",
                    "incomplete_evaluation",
                    {"regency": regency, "year": year, "missing": ", ".join(map(str, missing))},
                )
            )
        records.append(LevelsRecord(regency, year, code, group["levels"], group["rows"]))
    return Checked(records=records, problems=sorted(problems, key=_problem_order), preview=preview)


def _check_wide(rows, catalogue):
    problems, first_rows, records, preview, known = [], {}, [], [], {}
    for number, values in rows:
        row = _RowChecker(number, values, catalogue, problems, known)
        count = len(problems)
        regency, year, framework = row.regency_year_framework()
        index = _index(row)
        predicate = _predicate(row, framework)
        if not (regency and year and framework):
            continue
        key = (regency, year, framework.code)
        if key in first_rows:
            row.add("regency_code", "duplicate_row", first_row=first_rows[key])
            continue
        first_rows[key] = number
        if len(problems) == count:
            records.append(
                IndexRecord(regency, year, framework.code, index, predicate, values.get("source_url", ""))
            )
            _preview(preview, number, regency, year, framework, None, "index", values["index"], index)
    return Checked(records=records, problems=sorted(problems, key=_problem_order), preview=preview)


def _index(row):
    text = row.text("index")
    if not text:
        return None
    index = _plain_decimal(text)
    if index is None or index != index.quantize(TWO_PLACES):
        row.add("index", "bad_index", value=text)
        return None
    if not INDEX_MIN <= index <= INDEX_MAX:
        row.add("index", "index_out_of_range", value=text)
        return None
    return index.quantize(TWO_PLACES)  # as it is stored: 2.5 is 2.50


def _predicate(row, framework):
    """The predicate as the framework spells it; blank means computed from the index.

    A framework without a predicate table (5/2018) accepts the published wording as it is.
    """
    text = row.values.get("predicate", "")
    if len(text) > PREDICATE_MAX_LENGTH:
        row.add("predicate", "predicate_too_long", limit=PREDICATE_MAX_LENGTH)
        return ""
    if not text or framework is None or not framework.predicates:
        return text
    for name in framework.predicates:
        if name.casefold() == text.casefold():
            return name
    row.add(
        "predicate",
        "unknown_predicate",
        value=text,
        framework=framework.name,
        choices=", ".join(framework.predicates),
    )
    return text


def _problem_order(problem):
    return (problem.row or 0, problem.column)
