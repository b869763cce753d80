"""Word lists of the storytelling checks (Bahasa Indonesia first, with the common informal spellings and a few
English words employees mix in). An entry ending in "*" matches every word that starts so; several words are a
phrase. See :class:`duta.coach.words.Lexicon`.
"""

from __future__ import annotations

from duta.coach.words import Lexicon

# --- hook ----------------------------------------------------------------------------------------------------
# A first line that opens with a greeting and says little else is weak ("Selamat pagi, sobat Duta!").
GREETINGS = Lexicon(
    """
    selamat pagi|selamat siang|selamat sore|selamat malam|selamat datang|assalamualaikum|
    assalamu alaikum|asalamualaikum|salam sejahtera|salam sehat|salam hangat|salam|
    om swastiastu|shalom|namo buddhaya|salam kebajikan|rahayu|halo|hallo|hai|hi|hello|good morning
    """.replace("\n", "").split("|")
)
# the other words of such a greeting line ("wr. wb.", "sobat", "semuanya")
GREETING_WORDS = frozenset(
    """
    selamat pagi siang sore malam datang assalamualaikum assalamu alaikum asalamualaikum warahmatullahi
    warahmatullah wabarakatuh wr wb salam sejahtera sehat hangat bagi kita semua semuanya sobat sahabat kawan
    teman teman-teman rekan rekan-rekan bapak ibu dan yang berbahagia dirahmati allah sekalian om swastiastu
    shalom namo buddhaya kebajikan rahayu halo hallo hai hi hello good morning everyone guys gaes netizen warganet
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
# Openers of a press release or a report: weak whatever follows them.
BUREAUCRATIC_OPENERS: tuple[str, ...] = (
    "berikut ini",
    "berikut",
    "dalam rangka",
    "telah dilaksanakan",
    "telah diselenggarakan",
    "bertempat di",
    "pada hari ini",
    "pada hari",
    "diberitahukan",
    "dengan hormat",
    "sehubungan dengan",
    "menindaklanjuti",
    "kegiatan",
    "informasi kegiatan",
    "dokumentasi kegiatan",
    "telah berlangsung",
)
# --- person and moment ---------------------------------------------------------------------------------------
PEOPLE = Lexicon(
    """
    saya aku gue gua gw sy ibu bu bapak pak mas mbak kak kakak adik dik nenek kakek mbah oma opa om tante
    perawat guru petugas dokter bidan polisi tentara petani nelayan pedagang warga siswa siswi murid mahasiswa
    mahasiswi pasien relawan pegawai karyawan sopir supir pengemudi ojol kader penyuluh apoteker pustakawan
    satpam teknisi operator pilot masinis kurir peternak pengrajin perajin buruh pekerja penjual pembeli
    pelanggan pengunjung penumpang peserta lansia balita bayi anak-anak anak ayah bunda mama papa istri suami
    keluarga tetangga sahabat dosen kepala camat lurah bupati wali pendamping fasilitator admin staf staff
    jurnalis wartawan atlet pelajar penyintas pemuda pemudi ustaz ustadz pendeta romo bhikkhu
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
HONORIFICS = frozenset({"ibu", "bu", "bapak", "pak", "mas", "mbak", "kak", "dik", "bang", "uda", "teh", "nyoman"})
TIME_MARKERS = Lexicon(
    """
    pagi itu|siang itu|sore itu|malam itu|hari itu|saat itu|waktu itu|ketika itu|subuh itu|kemarin|kemarin sore|
    tadi pagi|tadi siang|tadi malam|semalam|minggu lalu|pekan lalu|bulan lalu|tahun lalu|dulu|dahulu|
    pukul|jam|senin|selasa|rabu|kamis|jumat|sabtu|minggu|januari|februari|maret|april|mei|juni|juli|
    agustus|september|oktober|november|desember|subuh|fajar|
    dini hari|pagi ini|siang ini|sore ini|malam ini|suatu pagi|suatu hari|suatu siang|suatu malam|
    yesterday|this morning
    """.replace("\n", "").split("|")
)
# a place: "di" or "ke" followed by a kind of place, or by a capitalized name (checked in the text as written)
PLACES = Lexicon(
    """
    puskesmas rumah sakit rs posyandu sekolah kampus kantor desa kelurahan kecamatan kampung dusun pasar
    terminal stasiun bandara pelabuhan balai loket ruang ruangan lapangan sawah kebun ladang pantai sungai
    jalan jalur gang halaman masjid gereja pura vihara klenik klinik apotek bank gudang pabrik kios warung
    toko perpustakaan lab laboratorium posko dapur bengkel gedung aula pendopo lokasi
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
# --- problem and resolution ----------------------------------------------------------------------------------
PROBLEMS = Lexicon(
    """
    masalah|permasalahan|bermasalah|kendala|terkendala|hambatan|terhambat|sulit|kesulitan|susah|kesusahan|antre*|
    antri*|mengantre|mengantri|banjir|kebanjiran|rusak|kerusakan|khawatir|cemas|takut|bingung|kebingungan|
    macet|kemacetan|terlambat|telat|gagal|kegagalan|keluhan|mengeluh|mengeluhkan|sakit|kesakitan|mahal|repot|
    ribet|lelah|capek|capai|penuh|padat|sesak|berdesakan|berjam-jam|menunggu|lambat|mogok|bocor|longsor|
    kekeringan|kebakaran|terbakar|gangguan|terganggu|error|kacau|tantangan|krisis|darurat|kurang|kekurangan|
    minim|terbatas|keterbatasan|terpencil|terisolasi|putus|padam|hilang|kehilangan|sepi|menangis|tangis|
    sedih|kecewa|frustrasi|stres|panik|was-was|ragu|bahaya|berbahaya|rawan|korban|tertinggal|tertunda|
    menumpuk|numpuk|problem|problems|issue|struggle|pusing
    """.replace("\n", "").split("|")
)
RESOLUTIONS = Lexicon(
    """
    akhirnya|kini|sekarang|berhasil|keberhasilan|terselesaikan|diselesaikan|menyelesaikan|selesai|solusi|
    teratasi|diatasi|mengatasi|lancar|kelancaran|dipermudah|mempermudah|memudahkan|lebih mudah|lebih cepat|
    lebih singkat|lebih dekat|membaik|pulih|tuntas|lega|tersenyum|senyum|sukses|terbantu|terbantukan|
    tertangani|ditangani|terpecahkan|jalan keluar|tidak perlu lagi|tak perlu lagi|tidak lagi|tak lagi|
    hanya butuh|beres|aman|tenang|bahagia|senang|bangga|finally|now|solved
    """.replace("\n", "").split("|")
)
# --- call to action ------------------------------------------------------------------------------------------
CALLS_TO_ACTION = Lexicon(
    """
    yuk|yok|yuks|ayo|ayok|mari|daftar|daftarkan|segera daftar|cek|cekidot|kunjungi|klik|bagikan|share|simak|
    tonton|saksikan|link di bio|tautan di bio|link in bio|cek bio|komentar|tulis|ceritakan|tag|follow|ikuti|
    unduh|download|hubungi|datanglah|gunakan|coba|manfaatkan|jangan lupa|jangan sampai|info lebih lanjut|
    selengkapnya|swipe|geser|kirim|isi|akses|install|pasang|lapor|laporkan|baca|dengarkan|dukung|
    daftarlah|silakan|silahkan|kunjungilah|sebarkan|ajak|bergabung|gabung|join|register|visit|click
    """.replace("\n", "").split("|")
)
# --- voice ---------------------------------------------------------------------------------------------------
FIRST_PERSON = Lexicon(("saya", "aku", "gue", "gua", "gw", "sy", "daku"))
INSTITUTIONAL_WE = Lexicon(("kami", "kita"))
PRESS_RELEASE = Lexicon(
    """
    telah dilaksanakan|telah diselenggarakan|bertempat di|dalam rangka|yang dihadiri oleh|dihadiri oleh|
    pihaknya|beliau|menurutnya|ungkapnya|ujarnya|katanya|tuturnya|jelasnya|imbuhnya|tambahnya|pungkasnya|
    kata dia|mengatakan|menyampaikan|jajaran|acara tersebut|kegiatan tersebut|kegiatan ini|giat
    """.replace("\n", "").split("|")
)
# --- key messages --------------------------------------------------------------------------------------------
STOPWORDS = frozenset(
    """
    yang dan di ke dari untuk dengan pada ini itu akan dalam juga atau adalah ialah oleh sebagai bagi para kita
    kami kamu anda saya aku lebih agar supaya dapat bisa telah sudah kepada karena tidak ada jadi hingga sampai
    setiap semua seluruh serta tersebut yaitu yakni makin semakin kian pun lah nya sang si tiap mereka dia ia
    masih baru hanya harus perlu mau ingin sangat banget secara melalui lewat antara tanpa bukan belum sejak
    the and of to a an in for on is are with by from at our your we you
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
