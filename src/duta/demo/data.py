"""The demo organizations: a ministry running an ASN influencer program and a state-owned company
running a 20-person "Digitroops"-style program. Names are made up; e-mail domains are ``.test``."""

from __future__ import annotations

from typing import Any

DEMO_PASSWORD = "duta-demo-2026"  # noqa: S105 - printed on purpose: demo log-ins only

FIRST_NAMES = [
    "Agus",
    "Ahmad",
    "Andi",
    "Anisa",
    "Arief",
    "Ayu",
    "Bambang",
    "Bayu",
    "Budi",
    "Citra",
    "Dedi",
    "Dewi",
    "Dian",
    "Dimas",
    "Eka",
    "Endang",
    "Fajar",
    "Fitri",
    "Gilang",
    "Hendra",
    "Indah",
    "Intan",
    "Irfan",
    "Joko",
    "Kartika",
    "Kurniawan",
    "Lestari",
    "Made",
    "Maya",
    "Muhammad",
    "Nadia",
    "Nining",
    "Novi",
    "Nur",
    "Putri",
    "Rahmat",
    "Rina",
    "Rizky",
    "Sari",
    "Siti",
    "Slamet",
    "Sri",
    "Teguh",
    "Tri",
    "Wahyu",
    "Wayan",
    "Yudi",
    "Yuliana",
    "Zahra",
    "Ketut",
    "Nyoman",
    "Benny",
    "Yohanes",
    "Maria",
    "Ratna",
    "Hana",
]
LAST_NAMES = [
    "Santoso",
    "Wijaya",
    "Saputra",
    "Hidayat",
    "Nugroho",
    "Kusuma",
    "Pratama",
    "Setiawan",
    "Lestari",
    "Siregar",
    "Nasution",
    "Simanjuntak",
    "Harahap",
    "Lubis",
    "Sinaga",
    "Pohan",
    "Wibowo",
    "Gunawan",
    "Permana",
    "Rahman",
    "Hakim",
    "Utami",
    "Susanto",
    "Suryadi",
    "Purnomo",
    "Halim",
    "Tanjung",
    "Daulay",
    "Pangaribuan",
    "Manurung",
    "Tambunan",
    "Sitompul",
    "Mahendra",
    "Firmansyah",
    "Ramadhan",
    "Syahputra",
    "Putra",
    "Anggraini",
    "Maharani",
    "Rumbewas",
    "Wenda",
    "Karubaba",
    "Pattimura",
    "Latuconsina",
]

# A tree is a list of (name, children) pairs.
MINISTRY_UNITS: list[tuple[str, list[Any]]] = [
    (
        "Sekretariat Jenderal",
        [
            (
                "Biro Hubungan Masyarakat",
                [
                    ("Bagian Media dan Komunikasi Publik", []),
                    ("Bagian Hubungan Antar Lembaga", []),
                ],
            ),
            ("Biro Perencanaan", [("Bagian Penyusunan Program", [])]),
            ("Biro Sumber Daya Manusia dan Organisasi", [("Bagian Pengembangan Pegawai", [])]),
        ],
    ),
    (
        "Direktorat Jenderal Informasi dan Komunikasi Publik",
        [
            ("Direktorat Tata Kelola Komunikasi Publik", [("Subdirektorat Opini Publik", [])]),
            ("Direktorat Layanan Informasi Publik", [("Subdirektorat Pengaduan Masyarakat", [])]),
        ],
    ),
    (
        "Direktorat Jenderal Aplikasi Informatika",
        [
            ("Direktorat Pemberdayaan Informatika", [("Subdirektorat Literasi Digital", [])]),
            ("Direktorat Keamanan Siber", [("Subdirektorat Tanggap Insiden", [])]),
        ],
    ),
    ("Inspektorat Jenderal", [("Inspektorat I", []), ("Inspektorat II", [])]),
    ("Badan Pengembangan Sumber Daya Manusia", [("Pusat Pengembangan Profesi", [])]),
]

COMPANY_UNITS: list[tuple[str, list[Any]]] = [
    (
        "Holding",
        [
            (
                "Direktorat Utama",
                [
                    ("Sekretariat Perusahaan", [("Divisi Komunikasi Korporat", []), ("Divisi Hukum", [])]),
                    ("Satuan Pengawasan Intern", []),
                ],
            ),
            ("Direktorat Operasi", [("Divisi Produksi Vaksin", []), ("Divisi Jaminan Mutu", [])]),
            ("Direktorat Keuangan", [("Divisi Akuntansi", [])]),
            ("Direktorat Sumber Daya Manusia", [("Divisi Human Capital", [])]),
        ],
    ),
    ("PT Bio Nusantara Diagnostika", [("Divisi Penjualan", []), ("Divisi Riset Produk", [])]),
    ("PT Nusantara Distribusi Medika", [("Divisi Logistik", []), ("Divisi Pemasaran", [])]),
]

ORGANIZATIONS: list[dict[str, Any]] = [
    {
        "slug": "kemkomnus",
        "name": "Kementerian Komunikasi Nusantara",
        "kind": "ministry",
        "domain": "kemkomnus.test",
        "units": MINISTRY_UNITS,
        "employees": 240,
        "coordinator_unit": "Direktorat Jenderal Informasi dan Komunikasi Publik",
        "seed": 2020,
    },
    {
        "slug": "bionusa",
        "name": "PT Bio Nusantara Farma (Persero)",
        "kind": "state_owned_company",
        "domain": "bionusa.test",
        "units": COMPANY_UNITS,
        "employees": 120,
        "coordinator_unit": "Direktorat Operasi",
        "seed": 2022,
    },
]

# The programs of the seeds: Kominfo's ASN influencers (500 followers on each of Facebook, X and
# Instagram) and Bio Farma's "Digitroops" (20 millennials from various units, 1,000 followers).
PROGRAMS: dict[str, dict[str, Any]] = {
    "kemkomnus": {
        "slug": "duta-asn",
        "name": "Duta Digital ASN",
        "description": "ASN yang aktif di media sosial menjadi duta kementerian: minimal 500 pengikut di "
        "setiap platform Facebook, X dan Instagram, tanpa pengikut hasil beli.",
        "rules": {
            "min_followers": {"facebook": 500, "x": 500, "instagram": 500},
            "followers_mode": "all",
            "min_tenure_months": 12,
            "cohort_size": 30,
            "max_per_unit": 4,
        },
    },
    "bionusa": {
        "slug": "digitroops",
        "name": "Digitroops",
        "description": "20 pegawai milenial dari berbagai unit kerja, aktif di media sosial dengan minimal "
        "1.000 pengikut.",
        "rules": {
            "min_followers": {"instagram": 1000, "facebook": 1000, "x": 1000, "tiktok": 1000},
            "followers_mode": "any",
            "birth_year": {"min": 1981, "max": 1996},
            "cohort_size": 20,
            "max_per_unit": 2,
        },
    },
}

# Share of employees with an account on each platform.
PLATFORM_SHARE = {"instagram": 0.9, "facebook": 0.8, "x": 0.5, "tiktok": 0.45}

# The posts of one nominated employee's data export (date,text,url), read by the reputation check so that
# its report shows each kind of evidence: a campaign post, a leaked NIK, a profanity, and ordinary posts.
SCREENING_POSTS = [
    ("2023-03-04", "Alhamdulillah rapat koordinasi hari ini berjalan lancar, terima kasih tim!", ""),
    ("2023-06-17", "Pemandangan di Danau Toba indah sekali, wajib dikunjungi bareng keluarga", ""),
    ("2023-09-02", "Ini NIK saya 3174051205900001 tolong daftarkan ya", ""),
    ("2023-11-20", "Selamat Hari Guru untuk semua guru hebat di Indonesia", ""),
    ("2024-01-28", "Jangan lupa 14 Februari coblos nomor urut 3 ya bapak ibu, menangkan pasangan kita!", ""),
    ("2024-02-10", "Antre di kantor pajak tiga jam, sistemnya error terus, bangsat", ""),
    ("2024-05-05", "Car free day pagi ini ramai, semangat olahraga semuanya", ""),
    ("2025-08-17", "Dirgahayu Republik Indonesia! Upacara di kantor khidmat sekali", ""),
]
