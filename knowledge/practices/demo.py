"""Example practices for demonstrations, flagged "contoh" wherever they appear.

Written only from what public reporting says, as collected in spbe/frameworks/data/
(replication_cases.csv, pemda_scores.csv, idsll_events.csv and SOURCES.md); every figure quotes its
source, and nothing the sources do not say is filled in (no launch dates, budgets, team sizes or
indicator levels). The project's sources say nothing about Indramayu's Lebu Digital and I-Ceta beyond
their names, so their entries say exactly that.
"""

from django.db import transaction

from regencies.models import Regency

from . import services
from .models import Practice, RbTheme

DIGITAL_ADMINISTRATION_THEME = 3  # "Digitalisasi Administrasi Pemerintahan" in rb_tematik_themes.csv

PORTAL_MAJALENGKA = (
    "https://portalmajalengka.pikiran-rakyat.com/nasional/amp/pr-83747693/"
    "permudah-birokrasi-pemkab-sumedang-terapkan-aplikasi-e-office?page=all"
)
JABAR_EKSPRES = (
    "https://jabarekspres.com/berita/2021/12/01/sumedang-jadi-acuan-e-office-dan-spbe-se-indonesia"
)
BELITONG_EKSPRES = "https://belitongekspres.disway.id/read/475770/"
RUBER_BANJAR = (
    "https://sumedang.ruber.id/pemkot-banjar-replikasi-aplikasi-e-office-dan-e-sakip-sumedang/?amp=1"
)
KORSUM_BOJONEGORO = (
    "https://korsum.id/pemkab-sumedang-hibahkan-aplikasi-e-office-dan-e-sakip-kepada-pemkab-bojonegoro"
)

REPLICATIONS = (
    "Replikasi yang diberitakan: Kabupaten Bandung dan Kabupaten Pangandaran studi banding e-Office "
    "(sampai September 2020; Portal Majalengka/Pikiran Rakyat); Kabupaten Ogan Ilir berkunjung pada "
    "1 Desember 2021 dan aplikasinya akan dihibahkan (Jabar Ekspres); Kabupaten Belitung Timur menandatangani "
    "nota kesepahaman pada 2 Desember 2021, dengan hibah aplikasi beserta kode sumber dan pendampingan "
    "penerapan oleh tenaga ahli Sumedang (Belitong Ekspres); Kota Banjar menandatangani kerja sama dan "
    'menerima hibah aplikasi pada Januari 2022, dan menurut berita itu "puluhan" kabupaten/kota '
    "mengadopsinya dalam setahun (Ruber.id); Kabupaten Bojonegoro menerima hibah gratis dan alih "
    "pengetahuan pada Februari 2022 (Korsum.id); Kabupaten Jombang studi banding e-Office dan SPBE pada 2021 "
    "(Jabar Ekspres)."
)


def _indramayu(slug, title):
    """An Indramayu programme the portal's sources name but do not describe: only what is known."""
    return {
        "slug": slug,
        "regency": "32.12",
        "title": title,
        "title_en": title,
        "summary": (
            "Program Kabupaten Indramayu. Sumber data portal ini belum memuat uraian atau angka tentang "
            "program ini; Pemkab Indramayu dapat melengkapinya."
        ),
        "summary_en": (
            "A programme of Kabupaten Indramayu. The portal's data sources do not describe it yet; "
            "Indramayu's staff can complete this page."
        ),
        "kind": Practice.Kind.INNOVATION,
        "body": (
            "*Halaman contoh.* Berkas sumber data portal (spbe/frameworks/data/SOURCES.md) hanya memuat "
            "berita Diskominfo Kabupaten Indramayu tentang nota kesepahaman untuk mendukung lompatan SPBE "
            "(21 November 2022), tanpa uraian program ini."
        ),
        "tags": [],
        "rb_themes": [],
        "source_title": (
            'Diskominfo Kabupaten Indramayu, "Bupati Nina Agustina Tandatangani MoU Mendukung Lompatan SPBE" '
            "(berita, 21 November 2022; tanpa tautan dalam sumber data portal)"
        ),
        "source_url": "",
    }


DEMO_PRACTICES = [
    {
        "slug": "contoh-sumedang-super-aplikasi-e-office",
        "regency": "32.11",
        "title": "Super Aplikasi e-Office",
        "title_en": "e-Office super app",
        "summary": (
            "Aplikasi perkantoran Pemkab Sumedang untuk surat-menyurat, disposisi, tanda tangan digital "
            "dan absensi digital, yang direplikasi banyak kabupaten/kota."
        ),
        "summary_en": (
            "Sumedang's office application for correspondence, disposition, digital signature and digital "
            "attendance, replicated by many regencies and cities."
        ),
        "kind": Practice.Kind.APPLICATION,
        "body": (
            "Menurut pemberitaan, e-Office dibangun oleh Dinas Komunikasi dan Informatika, Persandian dan "
            "Statistik (Diskominfosanditik) Kabupaten Sumedang untuk mengurangi penggunaan kertas dalam "
            "administrasi perkantoran dan surat-menyurat, dan penerapan tanda tangan digitalnya menjadi "
            "percontohan bagi daerah lain ([Portal Majalengka/Pikiran Rakyat]("
            + PORTAL_MAJALENGKA
            + ")).\n\n"
            "Fitur yang diberitakan:\n\n"
            "- surat-menyurat (korespondensi)\n- disposisi\n- tanda tangan digital\n- absensi digital\n\n"
            "*Halaman contoh: ditulis dari pemberitaan untuk demonstrasi portal, bukan diisi oleh Pemkab "
            "Sumedang.*"
        ),
        "problem": (
            "Administrasi perkantoran dan surat-menyurat yang memakai kertas (Portal Majalengka/Pikiran Rakyat)."
        ),
        "results": (
            "Indeks SPBE Kabupaten Sumedang 2,46 pada 2019, sebelum Super Aplikasi e-Office dibangun (JPNN), "
            "dan 3,81 pada 2020 (iNews Bandung Raya; TiNewss). Berita-berita itu tidak mengukur seberapa "
            "besar kenaikan itu berasal dari e-Office. " + REPLICATIONS
        ),
        "tags": ["e-office", "tanda tangan digital", "absensi digital"],
        "rb_themes": [DIGITAL_ADMINISTRATION_THEME],
        "source_title": (
            "Portal Majalengka (Pikiran Rakyat), 16 September 2020 (berita Pemkab Sumedang menerapkan "
            'aplikasi e-Office) ; JPNN.com, "Lewat Aplikasi e-Office, Kabupaten Sumedang Menuju Happy '
            'Digital Region" ; Jabar Ekspres ; Belitong Ekspres ; Ruber.id ; Korsum.id'
        ),
        "source_url": PORTAL_MAJALENGKA,
    },
    {
        "slug": "contoh-sumedang-e-office-desa",
        "regency": "32.11",
        "title": "e-Office Desa",
        "title_en": "e-Office for villages",
        "summary": (
            "e-Office untuk pemerintahan desa dari Kabupaten Sumedang, yang dihibahkan bersama e-Office dan "
            "e-SAKIP kepada Kabupaten Bojonegoro."
        ),
        "summary_en": (
            "Sumedang's e-Office for village governments, granted to Kabupaten Bojonegoro together with "
            "e-Office and e-SAKIP."
        ),
        "kind": Practice.Kind.APPLICATION,
        "body": (
            "Menurut Korsum.id, Pemkab Sumedang menghibahkan e-Office, e-Office Desa dan e-SAKIP kepada "
            "Pemkab Bojonegoro melalui nota kesepahaman tentang e-Government, dengan alih pengetahuan "
            "([Korsum.id](" + KORSUM_BOJONEGORO + ")).\n\n"
            "*Halaman contoh: ditulis dari pemberitaan untuk demonstrasi portal, bukan diisi oleh Pemkab "
            "Sumedang.*"
        ),
        "results": (
            "Dihibahkan gratis kepada Kabupaten Bojonegoro bersama alih pengetahuan (berita Februari 2022, "
            "Korsum.id)."
        ),
        "tags": ["e-office", "desa"],
        "rb_themes": [DIGITAL_ADMINISTRATION_THEME],
        "source_title": (
            "Korsum.id (berita Pemkab Sumedang menghibahkan aplikasi e-Office dan e-SAKIP kepada Pemkab "
            "Bojonegoro)"
        ),
        "source_url": KORSUM_BOJONEGORO,
    },
    {
        "slug": "contoh-sumedang-e-sakip",
        "regency": "32.11",
        "title": "e-SAKIP",
        "title_en": "e-SAKIP (electronic performance accountability)",
        "summary": (
            "Aplikasi Sistem Akuntabilitas Kinerja Instansi Pemerintah (SAKIP) elektronik Kabupaten Sumedang, "
            "direplikasi bersama e-Office oleh beberapa kabupaten/kota."
        ),
        "summary_en": (
            "Sumedang's electronic government performance accountability system (SAKIP), replicated with "
            "e-Office by several regencies and cities."
        ),
        "kind": Practice.Kind.APPLICATION,
        "body": (
            "Pemberitaan menyebut e-SAKIP bersama e-Office dalam kerja sama Kabupaten Sumedang dengan "
            "[Kabupaten Belitung Timur](" + BELITONG_EKSPRES + "), [Kota Banjar](" + RUBER_BANJAR + ") dan "
            "[Kabupaten Bojonegoro](" + KORSUM_BOJONEGORO + "); Kabupaten Ogan Ilir tertarik pada e-SAKIP "
            "Desa ([Jabar Ekspres](" + JABAR_EKSPRES + ")).\n\n"
            "*Halaman contoh: ditulis dari pemberitaan untuk demonstrasi portal, bukan diisi oleh Pemkab "
            "Sumedang.*"
        ),
        "results": REPLICATIONS,
        "tags": ["e-sakip", "akuntabilitas kinerja"],
        "rb_themes": [DIGITAL_ADMINISTRATION_THEME],
        "source_title": (
            "Belitong Ekspres (Disway) (berita kerja sama Kabupaten Belitung Timur dan Kabupaten Sumedang) ; "
            "Ruber.id ; Korsum.id ; Jabar Ekspres, 1 Desember 2021"
        ),
        "source_url": BELITONG_EKSPRES,
    },
    _indramayu("contoh-indramayu-lebu-digital", "Lebu Digital"),
    _indramayu("contoh-indramayu-i-ceta", "I-Ceta"),
]

FIELDS = [
    "title",
    "title_en",
    "summary",
    "summary_en",
    "kind",
    "body",
    "problem",
    "results",
    "source_title",
    "source_url",
]


class DemoError(Exception):
    pass


@transaction.atomic
def demo_practices_load():
    """Create the example practices that are missing, published and flagged demo. Existing ones are
    left as they are: the owner pemda may have completed them since.

    Returns how many were created. Raises DemoError if an owner pemda or an RB theme is missing."""
    codes = {spec["regency"] for spec in DEMO_PRACTICES}
    regencies = Regency.objects.in_bulk(codes)
    numbers = {number for spec in DEMO_PRACTICES for number in spec["rb_themes"]}
    themes = RbTheme.objects.in_bulk(numbers, field_name="number")
    if set(regencies) != codes or set(themes) != numbers:
        raise DemoError("load the regions and the RB tematik priorities first")
    existing = set(
        Practice.objects.filter(slug__in=[s["slug"] for s in DEMO_PRACTICES]).values_list("slug", flat=True)
    )
    created = 0
    for spec in DEMO_PRACTICES:
        if spec["slug"] in existing:
            continue
        practice = Practice(slug=spec["slug"], regency=regencies[spec["regency"]], demo=True)
        for name in FIELDS:
            setattr(practice, name, spec.get(name, ""))
        services.practice_save(
            practice=practice,
            by_user=None,
            tags=spec["tags"],
            rb_themes=[themes[number] for number in spec["rb_themes"]],
        )
        services.practice_publish(practice=practice, by_user=None)
        created += 1
    return created
