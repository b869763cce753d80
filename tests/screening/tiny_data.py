"""A tiny copy of the data directory's layout, with made-up rows, for fast training tests."""

from __future__ import annotations

import csv
import random
from pathlib import Path

HATE = ["dasar cebong goblok", "kafir laknat usir saja", "bangsat kau anjing", "dasar bodoh tolol idiot"]
ABUSIVE = ["anjing lu", "bangsat", "tai kucing", "kampret lo"]
CLEAN = ["selamat pagi semua", "terima kasih atas bantuannya", "hari ini cerah sekali", "ayo makan siang bersama"]
PORN = ["video bokep gratis", "foto telanjang seksi", "ngentot mesum"]
SARA = ["cina kafir usir dari sini", "agama mereka sesat semua", "suku itu pemalas"]
RADICAL = ["jihad bom thogut", "khilafah tegakkan dengan perang", "bunuh kafir demi negara islam"]
INSULT = ["pejabat itu maling koruptor", "dia penipu pembohong besar", "artis itu pelakor murahan"]
POSITIVE = ["makanannya enak sekali dan murah", "pelayanan ramah dan cepat", "tempatnya nyaman dan bersih"]
NEUTRAL = ["toko buka jam sembilan", "rapat diadakan hari senin", "kereta berangkat dari bandung"]
NEGATIVE = ["pelayanan buruk dan lambat", "makanannya basi dan mahal", "kecewa sekali dengan sinyal jelek"]
EMOTIONS = {
    "anger": ["kesal marah sekali sama kamu", "muak dengan janji palsu"],
    "fear": ["takut sekali gempa lagi", "ngeri dan cemas malam ini"],
    "happy": ["senang sekali hari ini", "bahagia lulus ujian"],
    "love": ["sayang kamu selamanya", "cinta keluarga tercinta"],
    "sadness": ["sedih ditinggal pergi", "menangis kehilangan dia"],
}


def _variants(rng: random.Random, phrases: list[str], count: int) -> list[str]:
    fillers = ["", "USER", "ya", "sih", "deh", "URL", "!!!", "banget", "hari ini"]
    return [f"{rng.choice(fillers)} {rng.choice(phrases)} {rng.choice(fillers)}".strip() for _ in range(count)]


def write_tiny_data(root: Path, rows: int = 24) -> Path:
    rng = random.Random(7)
    ib = root / "id-multilabel-hatespeech"
    ib.mkdir(parents=True)
    header = (
        "Tweet,HS,Abusive,HS_Individual,HS_Group,HS_Religion,HS_Race,HS_Physical,HS_Gender,HS_Other,HS_Weak,"
        "HS_Moderate,HS_Strong"
    )
    with (ib / "re_dataset.csv").open("w", encoding="latin-1", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(header.split(","))
        for text in _variants(rng, HATE, rows):
            out.writerow([text + "'", 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 0, 0])
        for text in _variants(rng, ABUSIVE, rows):
            out.writerow([text, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        for text in _variants(rng, CLEAN, 2 * rows):
            out.writerow([text, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    (ib / "new_kamusalay.csv").write_text("gak,tidak\nbgt,banget\nyg,yang\n", encoding="latin-1")
    (ib / "abusive.csv").write_text("ABUSIVE\nanjing\nbangsat\n", encoding="latin-1")
    kamus = root / "kamus-alay"
    kamus.mkdir()
    (kamus / "colloquial-indonesian-lexicon.csv").write_text(
        "slang,formal,In-dictionary,context,category1,category2,category3\n"
        "gk,tidak,1,gk tau,abreviasi,0,0\nbangeeet,banget,1,x,elongasi,0,0\nlu,kamu,1,x,abreviasi,0,0\n",
        encoding="utf-8",
    )
    net = root / "netifier"
    net.mkdir()
    for split, count in (("train", rows), ("test", rows // 2)):
        with (net / f"{split}.csv").open("w", encoding="utf-8", newline="") as handle:
            out = csv.writer(handle)
            out.writerow(["original_text", "source", "pornografi", "sara", "radikalisme", "pencemaran_nama_baik"])
            kinds = (
                (PORN, (1, 0, 0, 0)),
                (SARA, (0, 1, 0, 0)),
                (RADICAL, (0, 0, 1, 0)),
                (INSULT, (0, 0, 0, 1)),
                (CLEAN, (0, 0, 0, 0)),
                (POSITIVE, (0, 0, 0, 0)),
            )
            for phrases, labels in kinds:
                for text in _variants(rng, phrases, count):
                    out.writerow([text, "twitter", *labels])
    smsa = root / "indonlu-smsa"
    smsa.mkdir()
    for split, count in (("train", rows), ("valid", rows // 4), ("test", rows // 2)):
        lines = [
            f"{text}\t{label}"
            for label, phrases in (("positive", POSITIVE), ("neutral", NEUTRAL), ("negative", NEGATIVE))
            for text in _variants(rng, phrases, count)
        ]
        (smsa / f"{split}_preprocess.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    emot = root / "indonlu-emot"
    emot.mkdir()
    for split, count in (("train", rows), ("valid", rows // 4), ("test", rows // 2)):
        with (emot / f"{split}_preprocess.csv").open("w", encoding="utf-8", newline="") as handle:
            out = csv.writer(handle)
            out.writerow(["label", "tweet"])
            for label, phrases in EMOTIONS.items():
                for text in _variants(rng, phrases, count):
                    out.writerow([label, text])
    return root
