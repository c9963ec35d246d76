import json
import shutil
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from spbe.framework_files import FRAMEWORKS_DIR, FrameworkFileError, read_framework
from spbe.models import Framework, Indicator
from spbe.services import frameworks_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework_dir(tmp_path):
    """A writable copy of the shipped manifests and data."""
    target = tmp_path / "frameworks"
    shutil.copytree(FRAMEWORKS_DIR, target)
    return target


def test_the_three_frameworks_load_with_their_invariants(frameworks):
    f2020 = frameworks["permenpanrb-59-2020"]
    f2018 = frameworks["permenpanrb-5-2018"]
    f2026 = frameworks["permenpanrb-8-2026"]

    assert (f2020.domains.count(), f2020.aspects.count(), f2020.indicators.count()) == (4, 8, 47)
    assert [d.weight for d in f2020.domains.all()] == [
        Decimal("13"),
        Decimal("25"),
        Decimal("16.5"),
        Decimal("45.5"),
    ]
    assert (f2018.domains.count(), f2018.aspects.count(), f2018.indicators.count()) == (3, 7, 35)
    assert (f2018.level_min, f2018.level_max) == (0, 5)
    assert (f2026.domains.count(), f2026.aspects.count(), f2026.indicators.count()) == (0, 7, 20)
    assert f2026.provisional and not f2020.provisional


def test_process_and_service_indicators_have_their_own_scales(framework_2020):
    process = framework_2020.indicators.get(number=31).scale
    service = framework_2020.indicators.get(number=32).scale

    assert [lv.name for lv in process.levels.all()] == [
        "Rintisan",
        "Terkelola",
        "Terdefinisi",
        "Terpadu dan Terukur",
        "Optimum",
    ]
    assert [lv.name for lv in service.levels.all()][:4] == [
        "Informasi",
        "Interaksi",
        "Transaksi",
        "Kolaborasi",
    ]


def test_predicates_come_from_the_data(framework_2020, frameworks):
    assert framework_2020.predicate_for(Decimal("4.2")) == "Memuaskan"
    assert framework_2020.predicate_for(Decimal("1.79")) == "Kurang"
    assert frameworks["permenpanrb-5-2018"].predicate_for(Decimal("3.0")) == ""  # none published


def test_loading_twice_changes_nothing_and_says_so(db, capsys):
    call_command("load_spbe_frameworks")
    call_command("load_spbe_frameworks")

    out = capsys.readouterr().out
    assert "nothing changed" in out
    assert Framework.objects.count() == 3
    assert Indicator.objects.count() == 47 + 35 + 20


def _edit_rows(path, number, column, value):
    import csv

    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    for row in rows:
        if row.get("indicator_no") == str(number) and row["framework"].startswith("PermenPANRB 59/2020"):
            row[column] = value
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def test_a_weight_that_breaks_the_sum_is_refused_naming_the_problem(framework_dir):
    _edit_rows(framework_dir / "data" / "framework_2020_indicators.csv", 5, "indicator_weight_pct", "2.30")

    with pytest.raises(FrameworkFileError) as error:
        frameworks_load(directory=framework_dir, data_dir=framework_dir / "data")

    problems = " | ".join(error.value.problems)
    assert "indicator weights sum to 101" in problems
    assert "aspect 1" in problems
    assert Framework.objects.count() == 0  # nothing loaded, not even the valid frameworks


def test_an_indicator_without_an_aspect_is_refused_naming_the_row(framework_dir):
    _edit_rows(framework_dir / "data" / "framework_2020_indicators.csv", 12, "aspect_name", "")

    with pytest.raises(FrameworkFileError) as error:
        read_framework(framework_dir / "permenpanrb-59-2020.json", framework_dir / "data")

    assert any("line 13" in p and "indicator 12 is in no aspect" in p for p in error.value.problems)


def test_an_aspect_that_disagrees_with_itself_is_refused(framework_dir):
    _edit_rows(framework_dir / "data" / "framework_2020_indicators.csv", 7, "aspect_weight_pct", "14.00")

    with pytest.raises(FrameworkFileError) as error:
        read_framework(framework_dir / "permenpanrb-59-2020.json", framework_dir / "data")

    assert any("aspect 1 disagrees" in p for p in error.value.problems)


def test_a_wrong_count_is_refused(framework_dir):
    manifest = framework_dir / "permenpanrb-59-2020.json"
    data = json.loads(manifest.read_text())
    data["expect"]["indicators"] = 48
    manifest.write_text(json.dumps(data))

    with pytest.raises(CommandError, match="expected 48 indicators, found 47"):
        call_command("load_spbe_frameworks", dir=str(framework_dir))


def test_a_fourth_framework_loads_from_files_alone(framework_dir):
    (framework_dir / "data" / "framework_test_indicators.csv").write_text(
        "framework,aspect_no,aspect_name,aspect_weight_pct,indicator_no,indicator_name,indicator_weight_pct\n"
        "Uji 1/2030,1,Aspek A,60,1,Indikator satu,60\n"
        "Uji 1/2030,2,Aspek B,40,2,Indikator dua,25\n"
        "Uji 1/2030,2,Aspek B,40,3,Indikator tiga,15\n",
        encoding="utf-8",
    )
    (framework_dir / "data" / "predicates.csv").open("a", encoding="utf-8").write(
        "Uji 1/2030,Tinggi,3.0,5.0,,x\nUji 1/2030,Rendah,,3.0,,x\n"
    )
    (framework_dir / "uji-1-2030.json").write_text(
        json.dumps(
            {
                "code": "uji-1-2030",
                "name": "Uji 1/2030",
                "levels": [1, 4],
                "expect": {"domains": 0, "aspects": 2, "indicators": 3},
                "indicators": {"file": "framework_test_indicators.csv", "framework": "Uji 1/2030"},
                "scales": [{"code": "all", "name": "Semua", "indicators": [1, 3]}],
                "predicates": {"file": "predicates.csv", "framework": "Uji 1/2030"},
            }
        )
    )

    results = frameworks_load(directory=framework_dir, data_dir=framework_dir / "data")

    assert results["uji-1-2030"] == "created"
    framework = Framework.objects.get(code="uji-1-2030")
    assert framework.indicators.count() == 3
    assert framework.predicate_for(Decimal("3.2")) == "Tinggi"
    assert framework.predicate_for(Decimal("2.9")) == "Rendah"


# Weights sum to exactly 100 ------------------------------------------------------------------


def test_every_frameworks_stored_weights_sum_to_exactly_100(frameworks):
    for framework in frameworks.values():
        total = sum((i.weight for i in framework.indicators.all()), Decimal(0))
        assert total == Decimal("100"), framework.code


def test_the_5_2018_service_rows_share_aspect_7_by_the_largest_remainder(frameworks):
    f2018 = frameworks["permenpanrb-5-2018"]

    weights = dict(f2018.indicators.filter(number__gte=32).values_list("number", "weight"))

    assert weights == {
        32: Decimal("3.3334"),
        33: Decimal("3.3333"),
        34: Decimal("3.3333"),
        35: Decimal("10.0000"),
    }
    assert f2018.aspects.get(number=7).weight == sum(weights.values()) == Decimal("20")


def test_weights_a_ten_thousandth_short_of_100_are_refused(framework_dir):
    manifest = framework_dir / "permenpanrb-5-2018.json"
    data = json.loads(manifest.read_text())
    del data["weight_split"]
    data["weight_overrides"] = {"32": "3.3333", "33": "3.3333", "34": "3.3333", "35": "10.0000"}
    manifest.write_text(json.dumps(data))

    with pytest.raises(FrameworkFileError) as error:
        read_framework(manifest, framework_dir / "data")

    assert "indicator weights sum to 99.9999, not 100" in error.value.problems


def test_the_framework_page_says_how_the_weights_sum_to_100_in_both_languages(frameworks, anon):
    indonesian = anon.get("/spbe/frameworks/permenpanrb-5-2018/").content.decode()
    anon.cookies["django_language"] = "en"
    english = anon.get("/spbe/frameworks/permenpanrb-5-2018/").content.decode()

    assert "Bobot indikator berjumlah tepat 100" in indonesian
    assert "aturan sisa terbesar" in indonesian and "indikator 32 berbobot 3,3334" in indonesian
    assert "largest-remainder rule" not in indonesian
    assert "The indicator weights sum to exactly 100" in english
    assert "largest-remainder rule" in english and "indicator 32 weighs 3.3334" in english
    assert "<td>32</td><td>Layanan Pengaduan Publik" in indonesian and "<td>3,3334</td>" in indonesian
    # its sources, in the page's language, and the portal's sources page instead of "See SOURCES.md"
    assert "basis data pemantauan indeks SPBE Kota Denpasar" in indonesian
    assert "a Kota Denpasar monitoring database" in english
    assert "SOURCES.md" not in indonesian + english
    assert 'href="/spbe/sources/"' in indonesian
