"""Write fixtures/entities/gazetteer.json from CLDR, BPS regions, a curated list and public-life.json.

python -m articles.entities.build_gazetteer [--data ../shared/data] [--out fixtures/entities/gazetteer.json]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from babel import Locale

from articles.entities.gazetteer import DEFAULT_PATH

# Curated records come first: they keep an alias that a bulk list also claims.
ORGANIZATIONS: list[tuple[str, list[str]]] = [
    (
        "NATO",
        [
            "Pakta Pertahanan Atlantik Utara",
            "Organisasi Pakta Pertahanan Atlantik Utara",
            "North Atlantic Treaty Organization",
            "Nato",
        ],
    ),
    ("Perserikatan Bangsa-Bangsa", ["PBB", "UN", "Persatuan Bangsa-Bangsa", "United Nations"]),
    ("Dewan Keamanan PBB", ["DK PBB", "Dewan Keamanan Perserikatan Bangsa-Bangsa", "DK-PBB"]),
    ("Uni Eropa", ["UE", "EU", "European Union"]),
    ("G7", ["G-7", "Kelompok Tujuh"]),
    ("G20", ["G-20"]),
    ("ASEAN", ["Perhimpunan Bangsa-Bangsa Asia Tenggara"]),
    ("Kremlin", []),
    ("Gedung Putih", ["White House"]),
    ("Pentagon", ["Departemen Pertahanan AS"]),
    ("Komisi Pemberantasan Korupsi", ["KPK"]),
    ("Dewan Perwakilan Rakyat", ["DPR", "DPR RI"]),
    ("Majelis Permusyawaratan Rakyat", ["MPR"]),
    # Bare "DPD" is mostly a party's regional board (Dewan Pimpinan Daerah): only "DPD RI" is the chamber.
    ("Dewan Perwakilan Daerah", ["DPD RI"]),
    ("Tentara Nasional Indonesia", ["TNI"]),
    ("Kepolisian Negara Republik Indonesia", ["Polri"]),
    ("Mahkamah Konstitusi", ["MK"]),
    ("Mahkamah Agung", ["MA"]),
    ("Komisi Pemilihan Umum", ["KPU"]),
    ("Badan Pengawas Pemilihan Umum", ["Bawaslu"]),
    ("Badan Nasional Penanggulangan Bencana", ["BNPB"]),
    ("Badan Meteorologi, Klimatologi, dan Geofisika", ["BMKG"]),
    ("Badan Intelijen Negara", ["BIN"]),
    ("Kementerian Luar Negeri", ["Kemlu", "Kemenlu"]),
    ("Organisasi Kesehatan Dunia", ["WHO"]),
    ("Dana Moneter Internasional", ["IMF"]),
    ("Bank Dunia", ["World Bank"]),
    ("Mahkamah Pidana Internasional", ["ICC"]),
    ("Badan Energi Atom Internasional", ["IAEA"]),
    ("OPEC", []),
    ("Reuters", []),
    ("Antara", ["LKBN Antara", "Kantor Berita Antara"]),
    ("Anadolu Agency", ["Anadolu"]),
    ("AFP", ["Agence France-Presse"]),
    ("The Times", []),
    ("Okezone", []),
    ("Balipost", ["Bali Post", "BALIPOST.com"]),
    ("Medcom", ["medcom.id"]),
]

# Foreign news media that Indonesian reports quote (`Berbicara kepada Telegraf, ...`, `dikutip dari Xinhua`), in the
# spellings Indonesian newsrooms use. All weak: a one-word name (`Guardian`, `Sputnik`) only retypes what the
# recogniser found there, never makes a common word a name.
MEDIA: list[tuple[str, list[str]]] = [
    ("The Telegraph", ["Telegraph", "Telegraf", "The Daily Telegraph", "Daily Telegraph"]),
    ("The Guardian", ["Guardian"]),
    ("BBC", ["BBC News", "British Broadcasting Corporation"]),
    ("CNN", []),
    ("Al Jazeera", ["Aljazeera"]),
    ("Bloomberg", []),
    ("Associated Press", []),
    ("Xinhua", ["Kantor Berita Xinhua"]),
    ("Kyodo", ["Kyodo News"]),
    ("Yonhap", []),
    ("TASS", ["Kantor Berita TASS"]),
    ("RIA Novosti", []),
    ("Interfax", []),
    ("Sputnik", []),
    ("The New York Times", ["New York Times"]),
    ("The Washington Post", ["Washington Post"]),
    ("The Wall Street Journal", ["Wall Street Journal"]),
    ("Financial Times", []),
    ("The Economist", []),
    ("Politico", []),
    ("South China Morning Post", []),
    ("The Straits Times", ["Straits Times"]),
    ("NHK", []),
    ("Deutsche Welle", []),
    ("Le Monde", []),
    ("Der Spiegel", []),
    ("Fox News", []),
]

PEOPLE: list[tuple[str, list[str]]] = [
    ("Jens Stoltenberg", ["Stoltenberg"]),
    ("Vladimir Putin", ["Putin", "Vladimir Vladimirovich Putin"]),
    ("Volodymyr Zelensky", ["Zelensky", "Zelenskyy", "Volodymyr Zelenskyy", "Zelenskiy", "Volodymyr Zelenskiy"]),
    ("Joe Biden", ["Biden", "Joseph Biden", "Joseph R. Biden"]),
    ("Antony Blinken", ["Blinken", "Anthony Blinken"]),
    ("Jake Sullivan", []),
    ("Lloyd Austin", []),
    ("Kamala Harris", []),
    ("Donald Trump", ["Trump"]),
    ("Sergei Lavrov", ["Lavrov", "Sergey Lavrov"]),
    ("Dmitry Peskov", ["Peskov", "Dmitri Peskov"]),
    ("Sergei Shoigu", ["Shoigu"]),
    ("Emmanuel Macron", ["Macron"]),
    ("Olaf Scholz", ["Scholz"]),
    ("Xi Jinping", []),
    ("Recep Tayyip Erdogan", ["Erdogan", "Erdoğan"]),
    ("Ursula von der Leyen", ["von der Leyen"]),
    ("Antonio Guterres", ["Guterres", "António Guterres"]),
    ("Bashar al-Assad", ["Assad", "Bashar Assad"]),
    ("Joko Widodo", ["Jokowi"]),
    ("Prabowo Subianto", ["Prabowo"]),
    ("Ma'ruf Amin", ["Maruf Amin"]),
    ("Retno Marsudi", ["Retno"]),
    ("Susilo Bambang Yudhoyono", ["SBY", "Soesilo Bambang Yudhoyono"]),
    ("Megawati Soekarnoputri", ["Megawati"]),
]

MISC: list[tuple[str, list[str]]] = [
    ("Perang Dunia II", ["Perang Dunia Kedua"]),
    ("Perang Dunia I", ["Perang Dunia Pertama"]),
    ("Nord Stream", []),
    ("F-16", []),
    ("Iskander-M", []),
    ("HIMARS", []),
]

# CLDR names that need a shorter canonical form or the aliases Indonesian news actually uses.
COUNTRY_FIXES: dict[str, tuple[str, list[str]]] = {
    "CN": ("Tiongkok", ["China", "Cina", "RRT", "Republik Rakyat Tiongkok"]),
    "US": ("Amerika Serikat", ["AS", "Amerika", "USA", "Paman Sam"]),
    "GB": ("Inggris", ["Inggris Raya", "Britania Raya", "UK"]),
    "KP": ("Korea Utara", ["Korut"]),
    "KR": ("Korea Selatan", ["Korsel"]),
    "RU": ("Rusia", ["Federasi Rusia"]),
    "NL": ("Belanda", []),
    "HK": ("Hong Kong", []),
    "MO": ("Makau", []),
    "PS": ("Palestina", ["Wilayah Palestina"]),
    "MM": ("Myanmar", ["Burma"]),
    "ID": ("Indonesia", ["RI", "Republik Indonesia"]),
    "CZ": ("Ceko", ["Republik Ceko"]),
    "VA": ("Vatikan", ["Kota Vatikan"]),
    "AE": ("Uni Emirat Arab", ["UEA"]),
    "SA": ("Arab Saudi", []),
}
# Page furniture and common acronyms that a capital letter or a title line makes look like names.
NOT_ENTITIES = [
    "baca",
    "juga",
    "share",
    "bagikan",
    "halaman",
    "topik",
    "artikel",
    "terpopuler",
    "berita",
    "terkait",
    "foto",
    "sumber",
    "arsip",
    "follow",
    "tinggalkan",
    "balasan",
    "capcha",
    "komentar",
    "jurnalis",
    "reporter",
    "editor",
    "penulis",
    "penerjemah",
    "ktt",
    "wib",
    "wita",
    "wit",
]
# Not places a reader looks up: pseudo-regions, the EU and UN (curated as organisations), "Dunia" (world).
SKIPPED_TERRITORIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ", "001"}
# "Amerika" alone means the United States in Indonesian news, so the Americas are left out.
CONTINENTS = {"002": "Afrika", "142": "Asia", "150": "Eropa", "009": "Oseania"}

CAPITALS: list[tuple[str, list[str]]] = [
    ("Jakarta", []),
    ("Moskwa", ["Moskow", "Moscow"]),
    ("Kyiv", ["Kiev", "Kiyv"]),
    ("Beijing", ["Peking"]),
    ("Washington", ["Washington DC", "Washington D.C."]),
    ("Brussel", ["Brussels", "Brusel"]),
    ("London", []),
    ("Paris", []),
    ("Berlin", []),
    ("Tokyo", []),
    ("Seoul", []),
    ("Pyongyang", []),
    ("Warsawa", ["Warsaw"]),
    ("Den Haag", []),
    ("Amsterdam", []),
    ("Madrid", []),
    ("Roma", ["Rome"]),
    ("Ankara", []),
    ("Teheran", ["Tehran"]),
    ("Damaskus", []),
    ("Baghdad", []),
    ("Riyadh", []),
    ("Kairo", ["Cairo"]),
    ("Yerusalem", ["Jerusalem"]),
    ("Tel Aviv", []),
    ("New Delhi", []),
    ("Islamabad", []),
    ("Kabul", []),
    ("Bangkok", []),
    ("Kuala Lumpur", []),
    ("Manila", []),
    ("Hanoi", []),
    ("Canberra", []),
    ("Ottawa", []),
    ("Minsk", []),
    ("Wina", ["Vienna"]),
    ("Jenewa", ["Geneva"]),
    ("Bern", []),
    ("Stockholm", []),
    ("Helsinki", []),
    ("Oslo", []),
    ("Kopenhagen", []),
    ("Budapest", []),
    ("Bukares", ["Bucharest"]),
    ("Sofia", []),
    ("Praha", ["Prague"]),
    ("Vilnius", []),
    ("Riga", []),
    ("Tallinn", []),
    ("Athena", ["Athens"]),
    ("Lisbon", []),
    ("New York", []),
    ("Kharkiv", []),
    ("Mariupol", []),
    ("Donetsk", []),
    ("Luhansk", []),
    ("Krimea", []),
]

HONORIFIC_CAPS = {"DKI", "DI"}
PLACE_TYPES = ("KABUPATEN ", "KOTA ")


def title_case(name: str) -> str:
    """`KEPULAUAN BANGKA BELITUNG` -> `Kepulauan Bangka Belitung`, `TOLI-TOLI` -> `Toli-Toli`, DKI kept."""
    words = []
    for word in name.split():
        if word in HONORIFIC_CAPS:
            words.append(word)
        else:
            words.append("-".join(part.capitalize() for part in word.split("-")))
    return " ".join(words)


def countries() -> list[dict]:
    """Country names in Indonesian from CLDR, with the variants newsrooms use."""
    names = Locale("id").territories
    records = []
    for code, name in sorted(names.items()):
        if code in SKIPPED_TERRITORIES or (code.isdigit() and code not in CONTINENTS):
            continue
        canonical, aliases = COUNTRY_FIXES.get(code, (name, []))
        aliases = [a for a in [name, *aliases] if a != canonical]
        records.append({"name": canonical, "type": "location", "aliases": aliases})
    return records


def _read_regions(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row[-1].strip() for row in csv.reader(handle) if row]


def bps_regions(folder: Path) -> list[dict]:
    """Provinces and regencies/cities; a bare name goes to the province, then the city, then the regency.

    They are marked weak: many are also common words (Serang, Batu, Agam), so a one-word match
    needs the model's agreement.
    """
    records = [
        {"name": title_case(p), "type": "location", "aliases": [], "weak": True}
        for p in _read_regions(folder / "provinces.csv")
    ]
    taken = {r["name"] for r in records}
    regencies = _read_regions(folder / "regencies.csv")
    # Cities first so that "Bandung" means Kota Bandung and the regency keeps "Kabupaten Bandung".
    regencies.sort(key=lambda n: not n.startswith("KOTA "))
    for raw in regencies:
        prefix = next((p for p in PLACE_TYPES if raw.startswith(p)), "")
        full, bare = title_case(raw), title_case(raw[len(prefix) :])
        if bare in taken or not prefix:
            records.append({"name": full, "type": "location", "aliases": [], "weak": True})
            continue
        taken.add(bare)
        aliases = [full] + (["Kab. " + bare] if prefix == "KABUPATEN " else [])
        records.append({"name": bare, "type": "location", "aliases": aliases, "weak": True})
    return records


# Indonesian parties, ministries, state bodies, Polri and TNI units: data with its sources, beside this module's
# short lists.
PUBLIC_LIFE = DEFAULT_PATH.with_name("public-life.json")


def public_life(path: Path = PUBLIC_LIFE) -> list[dict]:
    """The records of public-life.json: `{"name", "type", "aliases"}` each, curated (never weak)."""
    return json.loads(path.read_text(encoding="utf-8"))["entities"]


def curated(records: list[tuple[str, list[str]]], type_: str) -> list[dict]:
    return [{"name": name, "type": type_, "aliases": aliases} for name, aliases in records]


def media() -> list[dict]:
    """MEDIA as weak organisations."""
    return [{"name": name, "type": "organization", "aliases": aliases, "weak": True} for name, aliases in MEDIA]


def common_words(data: Path) -> list[str]:
    """Indonesian stopwords (stopwords-iso) and page furniture: words that alone are never an entity."""
    lines = (data / "stopwords" / "stopwords-id.txt").read_text(encoding="utf-8").splitlines()
    return sorted({w.strip().lower() for w in lines if w.strip()} | set(NOT_ENTITIES))


def build(data: Path) -> dict:
    entities = (
        curated(ORGANIZATIONS, "organization")
        + public_life()
        + media()
        + curated(PEOPLE, "person")
        + curated(MISC, "misc")
        + countries()
        + curated(CAPITALS, "location")
        + bps_regions(data / "gazetteer" / "bps-wilayah-2018")
    )
    return {
        "about": "Built by `python -m articles.entities.build_gazetteer`; sources and licences in LICENSES.md.",
        "entities": entities,
        "common_words": common_words(data),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=DEFAULT_PATH)
    args = parser.parse_args(argv)
    if not (args.data / "gazetteer" / "bps-wilayah-2018").is_dir():
        print(f"error: BPS regions not found under {args.data} (pass --data)", file=sys.stderr)
        return 2
    gazetteer = build(args.data)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(gazetteer, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {len(gazetteer['entities'])} entities to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
