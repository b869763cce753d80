"""The large demo's made-up names, unit tree, campaign themes, browsers and post addresses."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from duta.demo.data import FIRST_NAMES, LAST_NAMES
from duta.demo.links import PHONES
from duta.programs.models import Candidate

SLUG = "nasional"
NAME = "Kementerian Contoh Nasional"
DOMAIN = "nasional.example"
PROGRAM_SLUG = "duta-nasional"
DISCLOSURE_TAG = "#DutaNasional"
NODE = "demo-large"
CHUNK_CLICKS = 500_000  # lines per journal file: the shipper stores a file, then the next one is written
BATCH = 2000  # rows per INSERT (bulk_create)
CHUNK = 10_000  # rows per raw INSERT or COPY
DAY_MS = 86_400_000
HOUR_MS = 3_600_000
WIB = 7 * HOUR_MS  # Jakarta is UTC+7 all year
HOURS_2, HOURS_20 = timedelta(hours=2), timedelta(hours=20)

# --- names ------------------------------------------------------------------------------------------------------

MORE_FIRST_NAMES = [
    "Adi", "Aditya", "Agung", "Ani", "Annisa", "Aryani", "Asih", "Bagus", "Cahya", "Cahyono", "Danang", "Desi",
    "Dodi", "Eko", "Elisabeth", "Erna", "Evi", "Fadli", "Fauzi", "Gita", "Hadi", "Hari", "Heru", "Ika", "Iwan",
    "Januarti", "Komang", "Kristina", "Lina", "Lukman", "Mega", "Melati", "Nanda", "Nita", "Oktavia", "Pratiwi",
    "Rahma", "Ratih", "Reza", "Rudi", "Sapto", "Setyo", "Suharti", "Susilo", "Taufik", "Titik", "Utari", "Vina",
    "Wulan", "Yanti", "Yusuf", "Zainal", "Rosa", "Fransiska", "Daniel", "Stefanus",
]  # fmt: skip
MIDDLE_NAMES = ["Nur", "Dwi", "Tri", "Eka", "Ayu", "Putri", "Adi", "Sri", "Dewi", "Budi", "Rizki", "Intan", "Maria"]
MORE_LAST_NAMES = [
    "Suharto", "Wahyudi", "Kurniawati", "Handayani", "Prasetyo", "Sulistyo", "Hartono", "Rahayu", "Fitriani",
    "Sembiring", "Ginting", "Tarigan", "Purba", "Situmorang", "Pardede", "Hutapea", "Panjaitan", "Nainggolan",
    "Mandagi", "Rondonuwu", "Tumbelaka", "Sinaga", "Mahmud", "Hamzah", "Rasyid", "Baharuddin", "Syamsuddin",
    "Arifin", "Iskandar", "Effendi", "Sihombing", "Tanoto", "Kusnadi", "Wulandari", "Saragih", "Batubara",
]  # fmt: skip
FIRSTS = FIRST_NAMES + MORE_FIRST_NAMES
LASTS = LAST_NAMES + MORE_LAST_NAMES

# --- the unit tree ----------------------------------------------------------------------------------------------

DITJEN_THEMES = [
    "Pelayanan Publik",
    "Tata Kelola Pemerintahan",
    "Pembangunan Daerah",
    "Infrastruktur Digital",
    "Pemberdayaan Masyarakat",
    "Kependudukan dan Pencatatan Sipil",
    "Perlindungan Konsumen",
    "Pengembangan Ekonomi Lokal",
]
BADAN = ["Badan Penelitian dan Pengembangan", "Badan Pengembangan Sumber Daya Manusia"]
BIRO = [
    "Biro Perencanaan",
    "Biro Keuangan",
    "Biro Hukum",
    "Biro Organisasi dan Sumber Daya Manusia",
    "Biro Hubungan Masyarakat",
    "Biro Umum",
    "Biro Kerja Sama Internasional",
    "Biro Pengadaan Barang dan Jasa",
    "Pusat Data dan Sistem Informasi",
]
DIREKTORAT_TOPICS = [
    "Standardisasi Layanan", "Pembinaan Aparatur", "Fasilitasi Daerah", "Kebijakan dan Regulasi",
    "Pemantauan dan Evaluasi", "Sistem Informasi", "Kemitraan", "Tata Kelola Data", "Pengembangan Kapasitas",
    "Layanan Terpadu", "Perencanaan Program", "Penguatan Kelembagaan", "Inovasi Layanan", "Pengendalian Mutu",
    "Pengaduan Masyarakat", "Literasi Digital", "Keamanan Informasi", "Infrastruktur Jaringan", "Ekonomi Kreatif",
    "Usaha Mikro", "Ketahanan Pangan", "Perlindungan Sosial", "Pemberdayaan Desa", "Wilayah Perbatasan",
]  # fmt: skip
SECTION_TOPICS = [
    "Perencanaan dan Anggaran", "Evaluasi dan Pelaporan", "Data dan Informasi", "Kerja Sama", "Standardisasi",
    "Pemantauan", "Pembinaan", "Fasilitasi", "Regulasi", "Kebijakan", "Program", "Publikasi", "Tata Usaha",
    "Kepegawaian", "Keuangan", "Perlengkapan", "Rumah Tangga", "Arsip dan Dokumentasi", "Hubungan Media",
    "Komunikasi Publik", "Protokol", "Analisis", "Pengembangan", "Penilaian", "Sertifikasi", "Kemitraan",
    "Wilayah Barat", "Wilayah Tengah", "Wilayah Timur", "Layanan Daring", "Sistem Aplikasi", "Verifikasi",
]  # fmt: skip
TEAM_TOPICS = [
    "Konten Digital", "Pengelolaan Media Sosial", "Layanan Informasi", "Survei Kepuasan", "Pengolahan Data",
    "Penyusunan Laporan", "Hubungan Antarlembaga", "Penjaminan Mutu", "Administrasi Umum", "Monitoring Isu",
]  # fmt: skip

Tree = list[tuple[str, list[Any]]]


def unit_tree(rng: random.Random) -> Tree:
    """Eselon I > Eselon II > Bagian, Subdirektorat, Bidang > Subbagian, Seksi, Subbidang > Tim Kerja: about 2,200
    units, as (name, children) pairs."""

    def below(prefix: str, child_prefix: str, count: int) -> Tree:
        return [
            (f"{prefix} {topic}", level_four(child_prefix, rng.randint(2, 3)))
            for topic in rng.sample(SECTION_TOPICS, count)
        ]

    def level_four(prefix: str, count: int) -> Tree:
        return [(f"{prefix} {topic}", teams()) for topic in rng.sample(SECTION_TOPICS, count)]

    def teams() -> Tree:
        if rng.random() < 0.45:
            return []
        return [(f"Tim Kerja {topic}", []) for topic in rng.sample(TEAM_TOPICS, rng.randint(1, 2))]

    tree: Tree = [
        (
            "Sekretariat Jenderal",
            [(name, below("Bagian", "Subbagian", rng.randint(3, 5))) for name in BIRO],
        ),
        (
            "Inspektorat Jenderal",
            [("Sekretariat Inspektorat Jenderal", below("Bagian", "Subbagian", 3))]
            + [(f"Inspektorat {roman}", below("Kelompok", "Tim", 3)) for roman in ("I", "II", "III", "IV", "V")],
        ),
    ]
    for theme in DITJEN_THEMES:
        directorates = [
            (f"Direktorat {topic}", below("Subdirektorat", "Seksi", rng.randint(4, 5)))
            for topic in rng.sample(DIREKTORAT_TOPICS, 7)
        ]
        tree.append(
            (
                f"Direktorat Jenderal {theme}",
                [("Sekretariat Direktorat Jenderal", below("Bagian", "Subbagian", 4)), *directorates],
            )
        )
    for name in BADAN:
        centres = [(f"Pusat {topic}", below("Bidang", "Subbidang", 4)) for topic in rng.sample(DIREKTORAT_TOPICS, 4)]
        tree.append((name, [("Sekretariat Badan", below("Bagian", "Subbagian", 4)), *centres]))
    return tree


# --- campaigns --------------------------------------------------------------------------------------------------

THEMES = [
    ("Layanan Publik Makin Mudah", "layanan publik daring", "#LayananMudah"),
    ("Bangga Produk Dalam Negeri", "produk dalam negeri", "#BanggaBuatanIndonesia"),
    ("Cek Dulu Baru Bagi", "literasi digital", "#CekDuluBaruBagi"),
    ("ASN Berakhlak", "nilai dasar ASN", "#ASNBerAKHLAK"),
    ("Desa Digital", "desa digital", "#DesaDigital"),
    ("Pelayanan Tanpa Pungli", "pelayanan bebas pungli", "#StopPungli"),
    ("Hari Pahlawan", "Hari Pahlawan", "#HariPahlawan"),
    ("Bulan Bakti", "bulan bakti", "#BulanBakti"),
    ("Sadar Data Pribadi", "perlindungan data pribadi", "#JagaDataPribadi"),
    ("Mudik Aman", "mudik aman dan nyaman", "#MudikAman"),
    ("UMKM Naik Kelas", "UMKM naik kelas", "#UMKMNaikKelas"),
    ("Pemilu Damai", "pemilu damai dan netralitas ASN", "#ASNNetral"),
    ("Hari Kemerdekaan", "HUT Republik Indonesia", "#DirgahayuRI"),
    ("Reformasi Birokrasi", "reformasi birokrasi", "#BirokrasiBerdampak"),
    ("Sigap Bencana", "kesiapsiagaan bencana", "#SigapBencana"),
    ("Inovasi Pelayanan", "inovasi pelayanan publik", "#InovasiPelayanan"),
    ("Satu Data", "Satu Data Indonesia", "#SatuData"),
    ("Hari Kesehatan Nasional", "hidup sehat", "#HariKesehatanNasional"),
    ("Anti Korupsi", "budaya antikorupsi", "#BeraniJujur"),
    ("Keterbukaan Informasi", "keterbukaan informasi publik", "#InformasiPublik"),
    ("Ramadan Berbagi", "semangat berbagi di bulan Ramadan", "#RamadanBerbagi"),
    ("Pariwisata Nusantara", "wisata Nusantara", "#WonderfulIndonesia"),
    ("Talenta Digital", "talenta digital", "#TalentaDigital"),
    ("Hari Guru", "Hari Guru Nasional", "#TerimaKasihGuru"),
]
CRISIS_THEMES = [
    ("Klarifikasi Hoaks Bantuan Sosial", "kabar bohong soal bantuan sosial"),
    ("Gangguan Layanan Daring", "gangguan layanan daring"),
    ("Klarifikasi Video Viral", "video yang beredar di media sosial"),
    ("Penipuan Mengatasnamakan Kementerian", "penipuan yang mengatasnamakan kementerian"),
    ("Banjir di Wilayah Kerja", "penanganan banjir"),
]
ITEM_TITLES = [
    "Infografis: {topic}",
    "Video singkat: {topic}",
    "Siaran pers: {topic}",
    "Cerita pegawai tentang {topic}",
    "Tanya jawab seputar {topic}",
    "Lima hal penting soal {topic}",
]
CRISIS_TITLES = ["Klarifikasi resmi: {topic}", "Fakta atau hoaks: {topic}", "Kanal resmi soal {topic}"]
OPENERS = [
    "Kabar baik dari kantor kami:",
    "Teman-teman, ini penting:",
    "Sudah tahu belum?",
    "Saya ikut bangga:",
    "Bagikan kalau bermanfaat:",
]
# how many caption variants each platform gets (always WhatsApp, Instagram, Facebook and X; others sometimes)
VARIANT_PLATFORMS = [("whatsapp", 2, 1.0), ("instagram", 2, 1.0), ("facebook", 2, 1.0), ("x", 1, 1.0)]
VARIANT_PLATFORMS += [("tiktok", 1, 0.7), ("telegram", 1, 0.4), ("threads", 1, 0.3), ("linkedin", 1, 0.25)]

# --- sharing and clicking ---------------------------------------------------------------------------------------

# accounts on the roster (people.Platform), share of ambassadors with one
ACCOUNT_PLATFORMS = [
    ("instagram", 0.85),
    ("facebook", 0.75),
    ("tiktok", 0.45),
    ("x", 0.35),
    ("threads", 0.1),
    ("linkedin", 0.1),
    ("youtube", 0.05),
]
MESSENGERS = ("whatsapp", "telegram")  # everyone can share there (campaigns.selectors.MESSENGERS)
SHARE_WEIGHT = {"whatsapp": 6.0, "facebook": 2.0, "instagram": 1.6, "x": 0.8, "tiktok": 0.8, "telegram": 0.3}
SHARE_WEIGHT |= {"threads": 0.3, "linkedin": 0.3, "youtube": 0.2}
CLICK_WEIGHT = {"whatsapp": 1.6, "facebook": 1.0, "telegram": 1.2, "x": 0.8, "linkedin": 0.7, "threads": 0.5}
CLICK_WEIGHT |= {"instagram": 0.35, "tiktok": 0.4, "youtube": 0.5}
LINK_PLATFORMS = tuple(CLICK_WEIGHT)
LINKS_PER_SHARER = ([1, 2, 3, 4, 5, 6], [0.38, 0.26, 0.15, 0.1, 0.07, 0.04])
REFERRERS = {
    "whatsapp": ["", "", "android-app://com.whatsapp/"],
    "facebook": ["https://l.facebook.com/", "https://m.facebook.com/", "https://lm.facebook.com/"],
    "telegram": ["", "android-app://org.telegram.messenger/"],
    "x": ["https://t.co/", ""],
    "linkedin": ["https://www.linkedin.com/", "https://lnkd.in/"],
    "threads": ["https://l.threads.net/", ""],
    "instagram": ["https://l.instagram.com/", ""],
    "tiktok": ["", "https://www.tiktok.com/"],
    "youtube": ["https://www.youtube.com/", ""],
}
PREVIEW_AGENTS = {
    "whatsapp": "WhatsApp/2.24.6.77 A",
    "facebook": "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "telegram": "TelegramBot (like TwitterBot)",
    "x": "Twitterbot/1.0",
    "linkedin": "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
    "threads": "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
}
BOTS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "python-requests/2.31.0",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
]
BROWSERS = [
    *PHONES,
    "Mozilla/5.0 (Linux; Android 12; CPH2387) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 14; 2312DRA50G) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0 Mobile "
    "Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 "
    "Instagram 330.0.0.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
    "Mozilla/5.0 (Linux; Android 13; SM-A045F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile "
    "Safari/537.36 [FBAN/EMA;FBLC/id_ID;FBAV/400.0.0.0]",
]
SOURCES = [Candidate.Source.APPLIED, Candidate.Source.NOMINATED, Candidate.Source.SELECTED]
HUMAN, PREVIEW, BOT = 0, 2, 3  # the kinds of journal lines generated
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober"]
MONTHS += ["November", "Desember"]


def handle_for(platform: str, handle: str) -> str:
    """The demo user name ``handle`` (``dewi.lestari12``) as each platform allows it."""
    if platform == "x":
        return handle.replace(".", "_")[:15].rstrip("_")
    if platform == "linkedin":
        return handle.replace(".", "-")
    if platform == "youtube":
        return "@" + handle.replace(".", "")
    return handle


_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def _shortcode(number: int) -> str:
    text = ""
    number += 62**9
    while number:
        number, digit = divmod(number, 62)
        text = _ALPHABET[digit] + text
    return ("C" + text)[:11]


def post_address(platform: str, handle: str, number: int) -> tuple[str, str]:
    """A post's address as an ambassador pastes it, and its canonical form (``post_url_parse(url).canonical``);
    ``number`` makes it unique. WhatsApp posts have none."""
    name = handle_for(platform, handle)
    if platform == "instagram":
        code = _shortcode(number)
        return f"https://www.instagram.com/p/{code}/", f"https://instagram.com/p/{code}"
    if platform == "facebook":
        post = f"pfbid0{_shortcode(number)}"
        return f"https://www.facebook.com/{name}/posts/{post}", f"https://facebook.com/{name}/posts/{post}"
    if platform == "x":
        status = 1_790_000_000_000_000_000 + number * 7919
        return f"https://x.com/{name}/status/{status}", f"https://x.com/i/status/{status}"
    if platform == "tiktok":
        video = 7_350_000_000_000_000_000 + number * 7919
        return f"https://www.tiktok.com/@{name}/video/{video}", f"https://tiktok.com/@/video/{video}"
    if platform == "threads":
        code = _shortcode(number)
        return f"https://www.threads.net/@{name}/post/{code}", f"https://threads.net/post/{code}"
    if platform == "linkedin":
        activity = 7_190_000_000_000_000_000 + number * 7919
        url = f"https://www.linkedin.com/feed/update/urn:li:activity:{activity}/"
        return url, url.replace("https://www.", "https://").rstrip("/")
    if platform == "telegram":
        channel = handle.replace(".", "_")[:28]
        return f"https://t.me/{channel}/{number}", f"https://t.me/{channel}/{number}"
    if platform == "youtube":
        watch = _shortcode(number)
        return f"https://www.youtube.com/watch?v={watch}", f"https://youtube.com/watch?v={watch}"
    return "", ""  # WhatsApp: chats and statuses have no address
