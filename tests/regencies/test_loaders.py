import shutil

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from regencies.importers import REGIONS_DIR, DataFileError
from regencies.models import Cohort, Province, Regency
from regencies.services import pilot_cohort_load, regions_load

from .factories import RegencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    # Problems are translated (Indonesian by default); these tests read the English source text.
    with translation.override("en"):
        yield


@pytest.fixture
def regions_copy(tmp_path):
    for name in ("provinces.csv", "regencies.csv"):
        shutil.copy(REGIONS_DIR / name, tmp_path / name)
    return tmp_path


def test_it_loads_all_provinces_and_regencies_with_kemendagri_codes():
    regions_load()

    assert Province.objects.count() == 38
    assert Regency.objects.count() == 514
    sumedang = Regency.objects.get(code="32.11")
    assert sumedang.name == "Kabupaten Sumedang"
    assert sumedang.province.name == "Jawa Barat"
    assert Province.objects.get(code="32").regencies.count() == 27


def test_it_derives_the_kind_from_the_name():
    regions_load()

    assert Regency.objects.get(code="32.11").kind == Regency.Kind.KABUPATEN
    assert Regency.objects.get(code="32.73").kind == Regency.Kind.KOTA  # Kota Bandung
    assert Regency.objects.get(code="31.71").kind == Regency.Kind.KOTA  # Kota Administrasi Jakarta Pusat
    kinds = set(Regency.objects.values_list("kind", flat=True))
    assert kinds == {"kabupaten", "kota"}
    assert Regency.objects.filter(kind="kota").count() == 98


def test_loading_twice_changes_nothing_and_says_so(capsys):
    call_command("load_regions")
    call_command("load_regions")

    out = capsys.readouterr().out
    assert "regencies: 0 created, 0 updated, 514 unchanged" in out
    assert "nothing changed" in out
    assert Regency.objects.count() == 514


def test_a_renamed_regency_is_updated_on_reload():
    regions_load()
    Regency.objects.filter(code="32.11").update(name="Kabupaten Salah")

    _, result = regions_load()

    assert (result.created, result.updated) == (0, 1)
    assert Regency.objects.get(code="32.11").name == "Kabupaten Sumedang"


def test_a_malformed_line_gives_a_clear_error_and_loads_nothing(regions_copy):
    path = regions_copy / "regencies.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[5] = "11.5,11,Kabupaten Rusak"  # bad code on line 6
    lines[9] = "11.09,11,Distrik Tanpa Jenis"  # neither Kabupaten nor Kota, line 10
    lines.append("12.01,11,Kabupaten Salah Provinsi")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    with pytest.raises(DataFileError) as error:
        regions_load(directory=regions_copy)

    problems = error.value.problems
    assert any("line 6" in p and "11.5" in p for p in problems)
    assert any("line 10" in p for p in problems)
    assert any("12.01" in p for p in problems)
    assert Province.objects.count() == 0
    assert Regency.objects.count() == 0


def test_the_command_reports_every_problem_and_loads_nothing(regions_copy):
    path = regions_copy / "regencies.csv"
    path.write_text(path.read_text(encoding="utf-8") + "32.11,32,Kabupaten Sumedang Kembar\n33.01,33\n")

    with pytest.raises(CommandError) as error:
        call_command("load_regions", dir=str(regions_copy))

    message = str(error.value)
    assert "Nothing was loaded" in message
    assert "duplicate" in message and "32.11" in message
    assert "wrong number of fields" in message
    assert Regency.objects.count() == 0


def test_a_file_without_the_expected_columns_is_refused(regions_copy):
    (regions_copy / "provinces.csv").write_text("kode,nama\n11,Aceh\n", encoding="utf-8")

    with pytest.raises(DataFileError, match="missing column"):
        regions_load(directory=regions_copy)
    assert Province.objects.count() == 0


def test_a_file_that_is_not_utf8_is_refused(regions_copy):
    (regions_copy / "provinces.csv").write_bytes("code,name\n11,Acèh\n".encode("latin-1"))

    with pytest.raises(DataFileError, match="UTF-8"):
        regions_load(directory=regions_copy)


def test_the_pilot_cohort_has_exactly_the_30_publicly_named_members():
    regions_load()

    cohort, added = pilot_cohort_load()

    codes = set(cohort.members.values_list("code", flat=True))
    assert added == 30
    assert len(codes) == 30
    assert {c for c in codes if c.startswith("32.")} == set(
        Regency.objects.filter(province_id="32").values_list("code", flat=True)
    )
    assert codes - {c for c in codes if c.startswith("32.")} == {"16.01", "16.06", "16.10"}
    assert cohort.name == "IDSLL 2022 Pilot"


def test_reloading_the_pilot_cohort_keeps_members_added_by_admins(capsys):
    regions_load()
    call_command("load_pilot_cohort")
    cohort = Cohort.objects.get(slug="idsll-2022-pilot")
    cohort.members.add("73.71")  # an admin adds Kota Makassar

    call_command("load_pilot_cohort")

    assert "nothing changed" in capsys.readouterr().out
    assert cohort.members.count() == 31


def test_the_pilot_cohort_needs_the_regions_first():
    RegencyFactory(code="32.11")

    with pytest.raises(DataFileError, match="load the regions first"):
        pilot_cohort_load()
    assert not Cohort.objects.exists()
