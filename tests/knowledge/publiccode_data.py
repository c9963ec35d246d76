"""A Sumedang application and publiccode.yml texts for the page and API tests of publiccode.yml."""

import copy

import yaml

from .factories import PracticeFactory

LONG_ID = (
    "SIMPEL Desa memindahkan layanan surat-menyurat desa ke jaringan: warga mengajukan surat dari ponsel, "
    "perangkat desa memeriksa berkas, dan kepala desa menandatangani secara elektronik."
)
SOFTWARE = {
    "title": "SIMPEL Desa",
    "summary": "Layanan surat desa secara daring.",
    "body": LONG_ID,
    "repository_url": "https://git.sumedangkab.go.id/simpel-desa.git",
    "license": "AGPL-3.0-or-later",
    "development_status": "stable",
    "software_type": "standalone/web",
    "platforms": ["web"],
    "available_languages": ["id"],
    "maintenance_type": "internal",
    "maintenance_contacts": [{"name": "Dewi Lestari", "email": "", "phone": "", "affiliation": ""}],
}
FILE = {
    "publiccodeYmlVersion": "0.7",
    "name": "SIMPEL Desa",
    "url": "https://git.sumedangkab.go.id/simpel-desa.git",
    "platforms": ["web", "android"],
    "developmentStatus": "stable",
    "softwareType": "standalone/web",
    "organisation": {"uri": "urn:x-kemendagri:32.11", "name": "Kabupaten Sumedang"},
    "description": {
        "id": {
            "shortDescription": "Layanan surat desa secara daring untuk warga.",
            "longDescription": LONG_ID,
            "features": ["Surat keterangan daring"],
        }
    },
    "legal": {"license": "AGPL-3.0-or-later"},
    "maintenance": {"type": "internal", "contacts": [{"name": "Dewi Lestari"}]},
    "localisation": {"localisationReady": False, "availableLanguages": ["id"]},
}
DELETE = object()

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(9)
)
HOSTILE = {
    "bomb": (BOMB, "aliases (*name) are not accepted"),
    "python tag": ("name: !!python/object/apply:os.system ['id']\n", "YAML tags such as"),
    "custom tag": ("name: !evil x\n", "YAML tags such as"),
    "too deep": ("a: " + "[" * 50 + "]" * 50 + "\n", "nested deeper than 20 levels"),
    "too large": ("name: " + "x" * (300 * 1024) + "\n", "the file is too large"),
    "not a mapping": ("- just\n- a list\n", "the file must be a mapping of keys"),
    "not yaml": ("name: [unclosed\n", "not valid YAML"),
}


def publiccode_text(changes=(), base=FILE):
    """FILE as YAML, with (dotted path, value) changes; DELETE removes the key."""
    tree = copy.deepcopy(base)
    for path, value in changes:
        *parents, last = path.split(".")
        node = tree
        for key in parents:
            node = node.setdefault(key, {})
        if value is DELETE:
            node.pop(last, None)
        else:
            node[last] = value
    return yaml.safe_dump(tree, allow_unicode=True, sort_keys=False)


def application(regency, **fields):
    return PracticeFactory(regency=regency, slug="simpel-desa", **{**SOFTWARE, **fields})
