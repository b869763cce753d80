"""Demo campaigns: a brief with three caption variants, approved by a second admin and live in the feed."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

from django.utils import timezone

from duta.campaigns import services
from duta.campaigns.models import Campaign, ContentItem
from duta.organizations.models import Membership

CAMPAIGNS: dict[str, dict[str, Any]] = {
    "kemkomnus": {
        "name": "Literasi Digital Nusantara 2026",
        "objective": "Mengajak warga memeriksa kabar sebelum membagikannya.",
        "tag": "#DutaKemkomnus",
        "hashtags": "#CekDuluBaruBagi #LiterasiDigital",
        "key_messages": "Periksa sumber sebelum membagikan kabar.\nLaporkan hoaks lewat kanal aduan resmi.",
        "facts": "Kanal aduan konten menerima laporan 24 jam | https://aduankonten.id",
        "title": "Cek dulu baru bagi",
        "target_url": "https://kemkomnus.test/berita/cek-dulu-baru-bagi",
        "variants": [
            (
                "instagram",
                "Pernah dapat pesan berantai yang bikin panik? Minggu lalu ibu saya hampir meneruskan kabar "
                "vaksin palsu ke grup keluarga. Kami cek bersama di situs resmi, ternyata hoaks. Yuk, biasakan "
                "cek dulu baru bagi! #CekDuluBaruBagi #LiterasiDigital #DutaKemkomnus",
            ),
            (
                "whatsapp",
                "Sebelum meneruskan kabar di grup, saya selalu cek dulu sumbernya. Kemarin satu pesan soal "
                "bansos ternyata palsu. Kalau ragu, tanya dulu ya. #DutaKemkomnus",
            ),
            (
                "x",
                "Kabar heboh di grup keluarga pagi ini ternyata hoaks. Saya cek sumbernya dulu, 2 menit saja. "
                "Yuk cek dulu baru bagi. #CekDuluBaruBagi #DutaKemkomnus",
            ),
        ],
    },
    "bionusa": {
        "name": "Vaksin untuk Negeri",
        "objective": "Mengenalkan produksi vaksin dalam negeri lewat cerita pegawai.",
        "tag": "#DutaBioFarma",
        "hashtags": "#VaksinUntukNegeri #BanggaBUMN",
        "key_messages": (
            "Vaksin diproduksi di dalam negeri dengan standar internasional.\n"
            "Pegawai bangga ikut menjaga kesehatan warga."
        ),
        "facts": "Fasilitas produksi tersertifikasi CPOB | Siaran pers perusahaan, Juni 2026",
        "title": "Di balik satu vial vaksin",
        "target_url": "https://bionusa.test/cerita/di-balik-satu-vial-vaksin",
        "variants": [
            (
                "instagram",
                "Pukul 05.30 saya sudah di ruang produksi. Dulu saya khawatir: bisakah kita membuat vaksin "
                "sendiri? Kini setiap vial yang keluar dari lini kami menjaga jutaan warga. Simak ceritanya di "
                "tautan bio! #VaksinUntukNegeri #BanggaBUMN #DutaBioFarma",
            ),
            (
                "facebook",
                "Banyak yang bertanya, bagaimana vaksin dibuat? Saya ajak kalian melihat satu hari di lini "
                "produksi kami, dari bahan baku sampai vial siap kirim. Bagikan kalau bermanfaat. #DutaBioFarma",
            ),
            (
                "whatsapp",
                "Teman-teman, ini cerita singkat dari tempat kerja saya: satu vial vaksin melewati puluhan "
                "pemeriksaan sebelum sampai ke Puskesmas. #DutaBioFarma",
            ),
        ],
    },
}


def demo_campaigns(admin: Membership, approver: Membership) -> int:
    """One live campaign item per organization (written by ``admin``, approved by ``approver``). Idempotent."""
    spec = CAMPAIGNS.get(admin.organization.slug)
    if spec is None or Campaign.objects.filter(organization=admin.organization, name=spec["name"]).exists():
        return 0
    services.campaign_settings_update(
        member=admin,
        data=services.SettingsData(
            default_disclosure_tag=spec["tag"],
            sharing_starts_at=time(6, 0),
            sharing_ends_at=time(22, 0),
            daily_share_limit=5,
            stagger_minutes=30,
        ),
    )
    today = timezone.localdate()
    campaign = services.campaign_create(
        member=admin,
        data=services.BriefData(
            name=spec["name"],
            objective=spec["objective"],
            starts_on=today - timedelta(days=1),
            ends_on=today + timedelta(days=60),
            key_messages=spec["key_messages"],
            facts=spec["facts"],
            hashtags=spec["hashtags"],
            disclosure_tag=spec["tag"],
            say="Cerita pengalaman sendiri, dengan bahasa sendiri.",
            avoid="Angka yang tidak ada di daftar fakta; menyerang pihak lain.",
        ),
    )
    item = services.item_create(
        member=admin,
        campaign=campaign,
        title=spec["title"],
        target_url=spec["target_url"],
        variants=[services.VariantData(platform=platform, text=text) for platform, text in spec["variants"]],
    )
    services.item_submit(member=admin, item=item)
    services.item_approve(member=approver, item=item, comment="Sesuai brief.")
    item = ContentItem.objects.get(pk=item.pk)
    services.item_publish(member=admin, item=item)
    return 1
