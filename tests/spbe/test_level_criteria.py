"""Item 6 of issue 7: the official criteria of every level and the required evidence, loaded as
framework data and shown where an officer chooses a level and on the framework page."""

import pytest

from spbe.framework_files import FrameworkFileError, read_framework
from spbe.models import Indicator, Level, LevelCriterion
from spbe.services import frameworks_load

FORM_URL = "/spbe/self-assessments/{pk}/"
FRAMEWORK_URL = "/spbe/frameworks/permenpanrb-59-2020/"


def test_every_level_of_every_2020_indicator_has_its_criteria_but_indicator_3_level_4(framework_2020):
    criteria = LevelCriterion.objects.filter(indicator__framework=framework_2020)

    assert criteria.count() == 47 * 5
    assert list(criteria.filter(text="").values_list("indicator__number", "level")) == [(3, 4)]
    first = criteria.get(indicator__number=1, level=1).text
    assert first.startswith("Konsep kebijakan internal terkait Arsitektur SPBE")


def test_every_2020_indicator_says_what_evidence_it_requires_in_indonesian(framework_2020):
    indicators = Indicator.objects.filter(framework=framework_2020)

    assert not indicators.filter(evidence_required="").exists()
    assert indicators.get(number=1).evidence_required.startswith("Dokumen kebijakan yang sudah ditetapkan")
    assert indicators.get(number=1).evidence_required_en.startswith("Policy document")


def test_level_descriptions_are_indonesian_with_the_english_beside(framework_2020):
    level = Level.objects.get(scale__framework=framework_2020, scale__code="process", value=1)

    assert level.description.startswith("Proses penerapan SPBE dilakukan tanpa perencanaan")
    assert level.description_en.startswith("Initial/ad hoc")


def test_loading_again_changes_nothing(framework_2020):
    assert set(frameworks_load().values()) == {"unchanged"}
    assert LevelCriterion.objects.filter(indicator__framework=framework_2020).count() == 47 * 5


def test_a_criteria_file_missing_a_level_is_refused_naming_the_indicator(tmp_path, settings):
    from spbe.framework_files import DATA_DIR, FRAMEWORKS_DIR

    data = tmp_path / "data"
    data.mkdir()
    for source in DATA_DIR.iterdir():
        (data / source.name).write_bytes(source.read_bytes())
    lines = (data / "framework_2020_level_criteria.csv").read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.startswith("5,2,")]
    (data / "framework_2020_level_criteria.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")

    with pytest.raises(FrameworkFileError, match="indicator 5 has no row for level"):
        read_framework(FRAMEWORKS_DIR / "permenpanrb-59-2020.json", data)


def _card(html, number):
    return html.split(f'id="indicator-{number}"')[1].split("</section>")[0]


def test_the_form_shows_the_criteria_beside_each_level_and_the_required_evidence(
    scored_draft, sumedang_editor, client_for
):
    html = client_for(sumedang_editor).get(FORM_URL.format(pk=scored_draft.pk)).content.decode()

    card_1, card_3 = _card(html, 1), _card(html, 3)
    assert card_1.count('class="level-choice"') == 5
    assert "Konsep kebijakan internal terkait Arsitektur SPBE" in card_1
    assert "Dokumen kebijakan yang sudah ditetapkan" in card_1
    assert "kriteria tidak tersedia" in card_3
    assert "kriteria tidak tersedia" not in card_1
    # An Indonesian page carries no English gloss.
    assert "Policy document" not in html
    assert "Initial/ad hoc" not in html


def test_a_verified_self_assessment_shows_the_criteria_of_the_level_chosen(
    scored_draft, anon, make_evaluation, sumedang
):
    from spbe.models import Evaluation

    Evaluation.objects.filter(pk=scored_draft.pk).update(status=Evaluation.Status.VERIFIED)

    card_1 = _card(anon.get(FORM_URL.format(pk=scored_draft.pk)).content.decode(), 1)

    assert "Kebijakan internal Arsitektur SPBE Instansi Pusat/Pemerintah Daerah telah ditetapkan" in card_1


def test_the_framework_page_shows_criteria_and_evidence_without_english_in_indonesian(framework_2020, anon):
    html = anon.get(FRAMEWORK_URL).content.decode()

    assert html.count('class="indicator-rules"') == 47
    assert "Konsep kebijakan internal terkait Arsitektur SPBE" in html
    assert "kriteria tidak tersedia" in html
    assert "Dokumen kebijakan yang sudah ditetapkan" in html
    assert "Proses penerapan SPBE dilakukan tanpa perencanaan" in html
    assert 'lang="en"' not in html.split("<main")[1]
    assert "Initial/ad hoc" not in html
    assert "Policy document" not in html


def test_the_english_framework_page_may_gloss_in_english(framework_2020, anon):
    anon.cookies["django_language"] = "en"

    html = anon.get(FRAMEWORK_URL).content.decode()

    assert "Initial/ad hoc" in html
    assert "Policy document" in html
    assert "criteria not available" in html
