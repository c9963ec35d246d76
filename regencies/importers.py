"""Parse the region and cohort data files into rows, checking every line. No database access."""

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from .models import PROVINCE_CODE_RE, REGENCY_CODE_RE, Regency

DATA_DIR = Path(__file__).resolve().parent / "data"
REGIONS_DIR = DATA_DIR / "regions"
PILOT_COHORT_FILE = DATA_DIR / "cohorts" / "idsll-2022-pilot.csv"


class DataFileError(Exception):
    """A data file is malformed. `problems` lists every bad line as readable text."""

    def __init__(self, path, problems):
        self.path = path
        self.problems = problems
        super().__init__(f"{path}: " + "; ".join(problems))


@dataclass(frozen=True)
class ProvinceRow:
    code: str
    name: str


@dataclass(frozen=True)
class RegencyRow:
    code: str
    province_code: str
    name: str
    kind: str


def _read(path, columns):
    """Yield (line number, row dict) and collect structural problems."""
    problems = []
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                raise DataFileError(
                    path, [_("missing column(s): %(columns)s") % {"columns": ", ".join(missing)}]
                )
            rows = []
            for row in reader:
                line = reader.line_num
                if None in row or any(row[c] is None for c in columns):
                    problems.append(_("line %(line)d: wrong number of fields") % {"line": line})
                    continue
                rows.append((line, {c: row[c].strip() for c in columns}))
    except UnicodeDecodeError:
        raise DataFileError(path, [_("the file is not UTF-8 text")]) from None
    except FileNotFoundError:
        raise DataFileError(path, [_("file not found")]) from None
    return rows, problems


def _check_unique(line, key, seen, label, problems):
    if key in seen:
        problems.append(
            _("line %(line)d: duplicate %(label)s %(key)s (first on line %(first)d)")
            % {"line": line, "label": label, "key": key, "first": seen[key]}
        )
    seen.setdefault(key, line)


def parse_provinces(path):
    rows, problems = _read(path, ["code", "name"])
    parsed, seen = [], {}
    for line, row in rows:
        if not re.match(PROVINCE_CODE_RE, row["code"]):
            problems.append(
                _("line %(line)d: code %(code)r is not a two-digit province code")
                % {"line": line, "code": row["code"]}
            )
        elif not row["name"]:
            problems.append(_("line %(line)d: name is empty") % {"line": line})
        else:
            _check_unique(line, row["code"], seen, _("code"), problems)
            parsed.append(ProvinceRow(row["code"], row["name"]))
    if problems:
        raise DataFileError(path, problems)
    return parsed


def parse_regencies(path, province_codes):
    rows, problems = _read(path, ["code", "province_code", "name"])
    parsed, seen = [], {}
    for line, row in rows:
        code, province_code, name = row["code"], row["province_code"], row["name"]
        kind = Regency.kind_from_name(name)
        if not re.match(REGENCY_CODE_RE, code):
            problems.append(
                _("line %(line)d: code %(code)r is not a regency code like 32.11")
                % {"line": line, "code": code}
            )
        elif province_code not in province_codes or not code.startswith(province_code + "."):
            problems.append(
                _("line %(line)d: province %(province)r does not match code %(code)s")
                % {"line": line, "province": province_code, "code": code}
            )
        elif kind is None:
            problems.append(
                _("line %(line)d: name %(name)r starts with neither Kabupaten nor Kota")
                % {"line": line, "name": name}
            )
        else:
            _check_unique(line, code, seen, _("code"), problems)
            parsed.append(RegencyRow(code, province_code, name, kind))
    if problems:
        raise DataFileError(path, problems)
    return parsed


def parse_cohort_members(path):
    rows, problems = _read(path, ["code", "name", "source"])
    codes, seen = [], {}
    for line, row in rows:
        if not re.match(REGENCY_CODE_RE, row["code"]):
            problems.append(
                _("line %(line)d: code %(code)r is not a regency code like 32.11")
                % {"line": line, "code": row["code"]}
            )
            continue
        _check_unique(line, row["code"], seen, _("code"), problems)
        codes.append(row["code"])
    if problems:
        raise DataFileError(path, problems)
    return codes
