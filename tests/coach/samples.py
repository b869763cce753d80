"""Captions the coach tests read: a strong story, a weak announcement, and the brief of their campaign."""

from __future__ import annotations

from duta.coach import Check, CoachBrief, ElectionRules, Verdict

# A nurse at a Puskesmas whose queue problem was solved: first person, a scene, problem then resolution, a call to
# action, the disclosure tag and three hashtags.
STRONG = """Pukul 06.30, antrean di Puskesmas Sukamaju sudah sampai parkiran.

Saya Rina, perawat di sana. Dulu pasien lansia menunggu berjam-jam, ada yang pulang sebelum diperiksa. Saya \
khawatir setiap pagi.

Sejak Maret kami memakai pendaftaran online lewat aplikasi. Kini antre cukup 15 menit, dan Bu Sumi (72) akhirnya \
bisa kontrol tensi tanpa kelelahan.

Yuk, daftar dulu dari rumah sebelum berangkat: link di bio.

#DutaBioFarma #PuskesmasSukamaju #AntreOnline #SehatBersama"""

WEAK = "Selamat pagi. Berikut informasi kegiatan hari ini."

BRIEF = CoachBrief(
    key_messages=("Pendaftaran online mempersingkat antrean", "Pasien lansia tidak perlu menunggu lama"),
    hashtags=("#SehatBersama", "AntreOnline"),
    disclosure_tag="#DutaBioFarma",
    blocklist=("hoaks", "rusak"),
    election=ElectionRules(
        candidates=("Budi Santoso",), parties=("Partai Maju", "PMJ"), numbers=("02",), hashtags=("#BudiMenang",)
    ),
)


def check_of(verdict: Verdict, code: str) -> Check:
    found = verdict.check(code)
    assert found is not None, code
    return found
