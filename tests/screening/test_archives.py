"""The export readers: every format and variant built as the platforms write it, the limits and the refusals.

Pure: no database. Exports are generated in ``tmp_path``; media entries are in them to be skipped.
"""

from __future__ import annotations

import json
import random
import tracemalloc
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from duta.screening.archives import (
    FORMATS,
    ArchiveError,
    ArchiveLimits,
    ArchivePost,
    detect_format,
    open_archive,
)

TWEET_DATE = "Wed Oct 10 20:19:24 +0000 2018"


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in their source language, whatever translations exist."""
    with translation.override("en"):
        yield


# --- building exports ---------------------------------------------------------------------------------------------


def make_zip(path: Path, entries: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def media(size: int = 4096, seed: int = 1) -> bytes:
    """Incompressible bytes standing in for a photo or a video."""
    return random.Random(seed).randbytes(size)


def js(variable: str, items: list[Any]) -> str:
    return f"window.YTD.{variable}.part0 = " + json.dumps(items, indent=2)


def tweet(tweet_id: str, text: str, *, created: str = TWEET_DATE, **extra: Any) -> dict[str, Any]:
    fields = {
        "edit_info": {"initial": {"editTweetIds": [tweet_id], "editableUntil": "2018-10-10T21:19:24.000Z"}},
        "retweeted": False,
        "source": '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
        "entities": {"hashtags": [], "symbols": [], "user_mentions": [], "urls": []},
        "display_text_range": ["0", str(len(text))],
        "favorite_count": "2",
        "id_str": tweet_id,
        "truncated": False,
        "retweet_count": "0",
        "id": tweet_id,
        "created_at": created,
        "favorited": False,
        "full_text": text,
        "lang": "in",
    }
    fields.update(extra)
    return {"tweet": fields}


def mojibake(text: str) -> str:
    """How Facebook and Instagram store text: the UTF-8 bytes, each as a Latin-1 character."""
    return text.encode("utf-8").decode("latin-1")


def meta_json(value: Any) -> str:
    """``json.dumps`` as Meta writes it: indented, every non-ASCII character escaped."""
    return json.dumps(value, indent=2)


def read(path: Path, **options: Any) -> tuple[list[ArchivePost], str, str]:
    with open_archive(path, **options) as archive:
        posts = list(archive)
        return posts, archive.format, archive.account


def error_of(path: Path, **options: Any) -> ArchiveError:
    with pytest.raises(ArchiveError) as caught:
        read(path, **options)
    return caught.value


# --- X ------------------------------------------------------------------------------------------------------------


def x_entries() -> dict[str, bytes | str]:
    account = [{"account": {"email": "a@b.id", "username": "budi_s", "accountId": "42", "accountDisplayName": "Budi"}}]
    link = {"url": "https://t.co/abc", "expanded_url": "https://kompas.com/berita", "display_url": "kompas.com/berita"}
    photo = {"url": "https://t.co/pic", "media_url_https": "https://pbs.twimg.com/media/x.jpg", "type": "photo"}
    part0 = [
        tweet(
            "1050118621198921728",
            "Harga cabai &amp; bawang naik &lt;lagi&gt; https://t.co/abc https://t.co/pic",
            entities={"hashtags": [], "urls": [link], "media": [photo], "user_mentions": []},
        ),
        tweet("1050118621198921729", "@teman setuju banget", in_reply_to_status_id_str="1050000000000000000"),
        tweet("1050118621198921730", "RT @kawan: Ayo ikut kerja bakti besok pagi"),
        tweet("1050118621198921731", "Tanggal rusak", created="kemarin sore"),
    ]
    part1 = [tweet("1050118621198921740", "Dari bagian kedua arsip", created="Mon Jan 01 00:00:00 +0700 2024")]
    return {
        "Your archive.html": "<html><body>Your archive</body></html>",
        "data/manifest.js": 'window.__THAR_CONFIG = {"userInfo": {"userName": "budi_s"}}',
        "data/account.js": js("account", account),
        "data/like.js": js("like", [{"like": {"tweetId": "1", "fullText": "bukan tulisan saya"}}]),
        "data/tweets.js": js("tweets", part0),
        "data/tweets_media/1050118621198921728-x.jpg": media(),
        "data/tweets-part1.js": "window.YTD.tweets.part1 = " + json.dumps(part1),
        "assets/images/favicon.ico": media(512),
    }


def test_x_archive_reads_every_part_in_order_with_links_kinds_and_dates(tmp_path):
    posts, fmt, account = read(make_zip(tmp_path / "twitter-2024.zip", x_entries()))

    assert fmt == "x"
    assert account == "budi_s"
    assert [post.source_id for post in posts] == [
        "1050118621198921728",
        "1050118621198921729",
        "1050118621198921730",
        "1050118621198921731",
        "1050118621198921740",
    ]
    first = posts[0]
    assert first.text == "Harga cabai & bawang naik <lagi> https://kompas.com/berita"
    assert first.url == "https://x.com/budi_s/status/1050118621198921728"
    assert first.created_at == datetime(2018, 10, 10, 20, 19, 24, tzinfo=UTC)
    assert [post.kind for post in posts] == ["post", "reply", "repost", "post", "post"]
    assert posts[3].created_at is None  # a date that cannot be read does not stop the archive
    assert posts[4].created_at == datetime(2023, 12, 31, 17, 0, tzinfo=UTC)
    assert {post.platform for post in posts} == {"x"}


def test_x_older_archive_without_wrapper_or_account_links_through_the_web_status_page(tmp_path):
    old = [
        {"id_str": "99", "text": "Arsip lama tanpa pembungkus", "created_at": TWEET_DATE, "in_reply_to_status_id": None}
    ]
    path = make_zip(tmp_path / "old.zip", {"data/tweet.js": js("tweet", old), "data/tweet_media/a.jpg": media()})

    posts, _, account = read(path)

    assert account == ""
    assert [(post.text, post.url) for post in posts] == [
        ("Arsip lama tanpa pembungkus", "https://x.com/i/web/status/99")
    ]


def test_x_long_posts_replace_their_cut_version_and_unmatched_notes_follow(tmp_path):
    whole = "Ini tulisan panjang tentang banjir di Jakarta. " * 10 + "Penutup yang hanya ada di versi utuh."
    cut = whole[:270] + "… https://t.co/more"
    notes = [
        {"noteTweet": {"noteTweetId": "5001", "createdAt": "2023-06-01T08:00:00.000Z", "core": {"text": whole}}},
        {
            "noteTweet": {
                "noteTweetId": "5002",
                "createdAt": "2023-06-02T09:00:00.000Z",
                "core": {
                    "text": "Catatan panjang kedua https://t.co/z",
                    "urls": [{"shortUrl": "https://t.co/z", "expandedUrl": "https://detik.com/a"}],
                },
            }
        },
    ]
    tweets = [tweet("7001", cut, created="Thu Jun 01 08:00:01 +0000 2023"), tweet("7002", "Tulisan pendek biasa")]
    path = make_zip(
        tmp_path / "x.zip", {"data/tweets.js": js("tweets", tweets), "data/note-tweet.js": js("note_tweet", notes)}
    )

    posts, _, _ = read(path)

    assert [post.source_id for post in posts] == ["7001", "7002", "5002"]
    assert posts[0].text == whole
    assert posts[2].text == "Catatan panjang kedua https://detik.com/a"


def test_x_tweets_js_alone_is_recognised_by_its_content(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text(js("tweets", [tweet("1", "Hanya satu berkas")]), encoding="utf-8")

    assert detect_format(path) == "x"
    assert [post.text for post in read(path)[0]] == ["Hanya satu berkas"]


def test_x_account_file_alone_holds_no_posts(tmp_path):
    path = tmp_path / "account.js"
    path.write_text(js("account", [{"account": {"username": "budi"}}]), encoding="utf-8")

    error = error_of(path)

    assert error.code == "archive_no_text"
    assert "data/tweets.js" in error.message


# --- Facebook -----------------------------------------------------------------------------------------------------


def facebook_posts(first_stamp: int) -> list[dict[str, Any]]:
    return [
        {
            "timestamp": first_stamp,
            "data": [{"post": mojibake("Selamat pagi 😀 kopi di Café Batavia")}, {"update_timestamp": first_stamp}],
            "attachments": [{"data": [{"external_context": {"url": "https://tempo.co/read/1"}}]}],
            "title": mojibake("Rina Ümit updated her status."),
        },
        {
            "timestamp": first_stamp + 60,
            "attachments": [{"data": [{"media": {"uri": "posts/media/photo.jpg", "creation_timestamp": 1}}]}],
            "title": "Rina added a new photo.",
        },
    ]


def test_facebook_export_repairs_text_reads_every_posts_file_and_comments(tmp_path):
    comments = {
        "comments_v2": [
            {
                "timestamp": 1577836900,
                "data": [{"comment": {"timestamp": 1577836900, "comment": mojibake("Mantap 👍"), "author": "Rina"}}],
                "title": "Rina commented on a post.",
            },
            {"timestamp": 1577836950, "attachments": [], "data": [{"comment": {"timestamp": 1, "comment": ""}}]},
        ]
    }
    profile = {"profile_v2": {"name": {"full_name": mojibake("Rina Ümit"), "first_name": "Rina"}}}
    base = "your_activity_across_facebook"
    path = make_zip(
        tmp_path / "facebook-rina.zip",
        {
            f"{base}/posts/your_posts__check_ins__photos_and_videos_2.json": meta_json(facebook_posts(1600000000)),
            f"{base}/posts/your_posts__check_ins__photos_and_videos_1.json": meta_json(facebook_posts(1577836800)),
            f"{base}/posts/media/photo.jpg": media(),
            f"{base}/comments_and_reactions/comments.json": meta_json(comments),
            f"{base}/comments_and_reactions/likes_and_reactions_1.json": meta_json([{"timestamp": 1, "title": "x"}]),
            "personal_information/profile_information/profile_information.json": meta_json(profile),
        },
    )
    with zipfile.ZipFile(path) as archive:  # written exactly as Facebook does: UTF-8 bytes as \u00XX escapes
        raw = archive.read(f"{base}/posts/your_posts__check_ins__photos_and_videos_1.json")
    assert b"\\u00f0\\u009f\\u0098\\u0080" in raw

    posts, fmt, account = read(path)

    assert (fmt, account) == ("facebook", "Rina Ümit")
    assert [(post.text, post.kind) for post in posts] == [
        ("Selamat pagi 😀 kopi di Café Batavia", "post"),
        ("Selamat pagi 😀 kopi di Café Batavia", "post"),
        ("Mantap 👍", "comment"),
    ]
    assert posts[0].created_at == datetime(2020, 1, 1, tzinfo=UTC)
    assert posts[1].created_at == datetime.fromtimestamp(1600000000, tz=UTC)
    assert posts[0].url == "https://tempo.co/read/1"
    assert posts[2].url == ""
    assert len(posts[0].source_id) == 40
    assert posts[0].source_id != posts[1].source_id


def test_facebook_older_paths_and_group_posts(tmp_path):
    groups = {"group_posts_v2": [{"timestamp": 1500000000, "data": [{"post": "Info lowongan di grup RT"}]}]}
    group_comments = {
        "group_comments_v2": [{"timestamp": 1500000100, "data": [{"comment": {"comment": "Siap", "timestamp": 0}}]}]
    }
    path = make_zip(
        tmp_path / "fb-2019.zip",
        {
            "posts/your_posts_1.json": meta_json(facebook_posts(1400000000)),
            "comments/comments.json": meta_json({"comments": []}),
            "groups/your_posts_in_groups.json": meta_json(groups),
            "groups/your_comments_in_groups.json": meta_json(group_comments),
            "photos_and_videos/album/0.json": meta_json({"photos": []}),
        },
    )

    posts, fmt, _ = read(path)

    assert fmt == "facebook"
    assert [post.text for post in posts] == ["Selamat pagi 😀 kopi di Café Batavia", "Info lowongan di grup RT", "Siap"]
    assert posts[2].created_at == datetime.fromtimestamp(1500000100, tz=UTC)  # the comment's own 0 is no date


def test_facebook_single_json_file_is_recognised_by_content(tmp_path):
    path = tmp_path / "tweets.js"
    path.write_text(meta_json(facebook_posts(1577836800)), encoding="ascii")

    posts, fmt, _ = read(path)

    assert fmt == "facebook"
    assert posts[0].text == "Selamat pagi 😀 kopi di Café Batavia"


def test_repair_leaves_text_that_is_not_mojibake_alone(tmp_path):
    posts = [
        {"timestamp": 1577836800, "data": [{"post": "Kopi ☕ dan é yang sudah benar"}]},
        {"timestamp": 1577836801, "data": [{"post": "Ã© apa adanya"}]},
    ]
    path = tmp_path / "your_posts_1.json"
    path.write_text(json.dumps(posts), encoding="utf-8")

    texts = [post.text for post in read(path)[0]]

    assert texts == ["Kopi ☕ dan é yang sudah benar", "é apa adanya"]


# --- Instagram ----------------------------------------------------------------------------------------------------


def test_instagram_current_layout_captions_reels_stories_comments_and_account(tmp_path):
    activity = "your_instagram_activity"
    posts = [
        {
            "media": [
                {"uri": "media/posts/202301/a.jpg", "creation_timestamp": 1672560000, "title": ""},
                {"uri": "media/posts/202301/b.jpg", "creation_timestamp": 1672560000, "title": ""},
            ],
            "title": mojibake("Liburan ke Bali 🌴"),
            "creation_timestamp": 1672560000,
        },
        {"media": [{"uri": "media/posts/202302/c.mp4", "creation_timestamp": 1675238400, "title": "Video pendek"}]},
        {"media": [{"uri": "media/posts/202303/d.jpg", "creation_timestamp": 1677657600, "title": ""}]},
    ]
    reels = {
        "ig_reels_media": [{"media": [{"uri": "media/reels/r.mp4", "creation_timestamp": 1680000000, "title": "Reel"}]}]
    }
    stories = {"ig_stories": [{"uri": "media/stories/s.jpg", "creation_timestamp": 1690000000, "title": "Cerita"}]}
    comments = [
        {
            "media_list_data": [{"uri": ""}],
            "string_map_data": {
                "Comment": {"value": mojibake("Keren banget 🔥")},
                "Media Owner": {"value": "teman"},
                "Time": {"timestamp": 1700000000},
            },
        }
    ]
    reel_comments = {
        "comments_reels_comments": [{"string_map_data": {"Comment": {"value": "Lucu"}, "Time": {"timestamp": 1}}}]
    }
    profile = {"profile_user": [{"string_map_data": {"Username": {"value": "rina.umit"}, "Name": {"value": "Rina"}}}]}
    path = make_zip(
        tmp_path / "instagram-rina.zip",
        {
            "personal_information/personal_information/personal_information.json": meta_json(profile),
            f"{activity}/content/posts_1.json": meta_json(posts),
            f"{activity}/content/reels.json": meta_json(reels),
            f"{activity}/content/stories.json": meta_json(stories),
            f"{activity}/comments/post_comments_1.json": meta_json(comments),
            f"{activity}/comments/reels_comments.json": meta_json(reel_comments),
            "media/posts/202301/a.jpg": media(),
            "media/posts/202302/c.mp4": media(8192, seed=2),
        },
    )

    found, fmt, account = read(path)

    assert (fmt, account) == ("instagram", "rina.umit")
    assert [(post.text, post.kind) for post in found] == [
        ("Liburan ke Bali 🌴", "photo"),
        ("Video pendek", "video"),
        ("Reel", "video"),
        ("Cerita", "photo"),
        ("Keren banget 🔥", "comment"),
        ("Lucu", "comment"),
    ]
    assert found[0].created_at == datetime(2023, 1, 1, 8, tzinfo=UTC)
    assert found[4].created_at == datetime.fromtimestamp(1700000000, tz=UTC)
    assert all(post.url == "" and post.platform == "instagram" for post in found)


def test_instagram_oldest_export_keeps_captions_in_media_json(tmp_path):
    media_json = {
        "photos": [
            {"caption": mojibake("Foto lama ✨"), "taken_at": "2018-01-01T10:00:00+00:00", "path": "photos/a.jpg"}
        ],
        "videos": [{"caption": "Video lama", "taken_at": "2018-02-01T10:00:00", "path": "videos/b.mp4"}],
        "stories": [{"caption": "", "taken_at": "2018-03-01T10:00:00+00:00", "path": "stories/c.jpg"}],
    }
    path = make_zip(tmp_path / "ig.zip", {"media.json": meta_json(media_json), "photos/a.jpg": media()})

    posts, fmt, _ = read(path)

    assert fmt == "instagram"
    assert [(post.text, post.kind, post.created_at) for post in posts] == [
        ("Foto lama ✨", "photo", datetime(2018, 1, 1, 10, tzinfo=UTC)),
        ("Video lama", "video", datetime(2018, 2, 1, 10, tzinfo=UTC)),
    ]


def test_instagram_comments_labelled_in_another_language(tmp_path):
    comments = [
        {
            "string_map_data": {
                "Komentar": {"value": "Semangat terus"},
                "Pemilik Media": {"value": "kawan"},
                "Waktu": {"timestamp": 1700000000},
            }
        }
    ]
    path = tmp_path / "post_comments_1.json"
    path.write_text(meta_json(comments), encoding="ascii")

    posts, fmt, _ = read(path)

    assert fmt == "instagram"
    assert [(post.text, post.created_at) for post in posts] == [
        ("Semangat terus", datetime.fromtimestamp(1700000000, tz=UTC))
    ]


# --- TikTok -------------------------------------------------------------------------------------------------------


def tiktok_current() -> dict[str, Any]:
    watched = [{"Date": "2024-01-01 10:00:00", "Link": f"https://www.tiktokv.com/share/video/{n}/"} for n in range(300)]
    return {
        "Your Activity": {"Watch History": {"VideoList": watched}},
        "Comment": {
            "Comments": {
                "CommentsList": [
                    {"date": "2024-02-01 12:00:00", "comment": "Wah keren 😍", "photo": "N/A", "url": ""},
                    {"date": "2024-02-02 12:00:00", "comment": "", "photo": "N/A", "url": ""},
                ]
            }
        },
        "Post": {
            "Posts": {
                "VideoList": [
                    {
                        "Date": "2024-03-01 08:30:00",
                        "Link": "https://www.tiktokv.com/share/video/7340000000000000001/",
                        "Likes": "5",
                        "Title": "Resep sambal matah #masak",
                    },
                    {"Date": "2024-03-02 08:30:00", "Link": "https://www.tiktokv.com/share/video/2/", "Title": ""},
                ]
            }
        },
        "Profile": {"Profile Info": {"ProfileMap": {"userName": "rina_masak", "bioDescription": "Dapur"}}},
    }


def test_tiktok_current_export_in_a_zip_with_account_read_before_iterating(tmp_path):
    path = make_zip(
        tmp_path / "TikTok_Data_1700000000.zip", {"TikTok_Data/user_data_tiktok.json": json.dumps(tiktok_current())}
    )

    with open_archive(path) as archive:
        assert (archive.format, archive.account) == ("tiktok", "rina_masak")
        posts = list(archive)

    assert [(post.text, post.kind, post.source_id) for post in posts] == [
        ("Wah keren 😍", "comment", posts[0].source_id),
        ("Resep sambal matah #masak", "video", "7340000000000000001"),
    ]
    assert posts[1].url == "https://www.tiktokv.com/share/video/7340000000000000001/"
    assert posts[1].created_at == datetime(2024, 3, 1, 8, 30, tzinfo=UTC)
    assert posts[0].url == ""


def test_tiktok_account_is_known_after_iterating_without_a_second_read(tmp_path):
    path = tmp_path / "user_data_tiktok.json"
    path.write_text(json.dumps(tiktok_current()), encoding="utf-8")

    with open_archive(path) as archive:
        list(archive)
        read_bytes = archive._source.total_read
        assert archive.account == "rina_masak"
        assert archive._source.total_read == read_bytes


def test_tiktok_profile_and_settings_section_gives_the_account(tmp_path):
    export = tiktok_current()
    export["Profile And Settings"] = {
        "Profile Info": {"ProfileMap": {"userName": "baru"}},
        "Follower": {"FansList": []},
    }
    del export["Profile"]
    path = tmp_path / "user_data_tiktok.json"
    path.write_text(json.dumps(export), encoding="utf-8")

    posts, fmt, account = read(path)

    assert (fmt, account, len(posts)) == ("tiktok", "baru", 2)


def test_tiktok_older_export_names_videos_and_comments_differently(tmp_path):
    older = {
        "Activity": {"Video Browsing History": {"VideoList": [{"Date": "2021-01-01 00:00:00", "Link": "x"}]}},
        "Comment": {"Comments": {"CommentsList": [{"Date": "2021-05-01 10:00:00", "Comment": "Mantul"}]}},
        "Video": {"Videos": {"VideoList": [{"Date": "2021-06-01 10:00:00", "Link": "https://t/v/1", "Likes": "0"}]}},
        "Profile": {"Profile Information": {"ProfileMap": {"userName": "lama"}}},
    }
    path = tmp_path / "data.txt"
    path.write_text(json.dumps(older, indent=2), encoding="utf-8")

    posts, fmt, account = read(path)

    assert (fmt, account) == ("tiktok", "lama")
    assert [(post.text, post.created_at) for post in posts] == [("Mantul", datetime(2021, 5, 1, 10, tzinfo=UTC))]


# --- CSV ----------------------------------------------------------------------------------------------------------


def test_csv_with_bom_iso_and_day_first_dates_in_jakarta_time(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text(
        "\ufeffdate,text,url\n"
        "2026-11-23T14:05:00+00:00,Sudah pakai zona,https://x.com/a/status/1\n"
        '23/11/2026 14:05,"Baris dengan koma, dan ""kutip""",\n'
        ",,\n"
        "2026-11-24,Tanggal saja,\n",
        encoding="utf-8",
    )

    posts, fmt, account = read(path)

    assert (fmt, account) == ("csv", "")
    assert [(post.text, post.created_at, post.url) for post in posts] == [
        ("Sudah pakai zona", datetime(2026, 11, 23, 14, 5, tzinfo=UTC), "https://x.com/a/status/1"),
        ('Baris dengan koma, dan "kutip"', datetime(2026, 11, 23, 7, 5, tzinfo=UTC), ""),
        ("Tanggal saja", datetime(2026, 11, 23, 17, 0, tzinfo=UTC), ""),
    ]
    assert {post.kind for post in posts} == {"post"}
    assert {post.platform for post in posts} == {"csv"}


def test_csv_with_indonesian_headers_and_semicolons(tmp_path):
    path = tmp_path / "unggahan.txt"
    path.write_text("Tanggal;Isi;Link\n01.02.2025 07:00;Halo semua;\n", encoding="utf-8")

    posts, fmt, _ = read(path)

    assert fmt == "csv"
    assert [(post.text, post.created_at) for post in posts] == [("Halo semua", datetime(2025, 2, 1, 0, 0, tzinfo=UTC))]


@pytest.mark.parametrize(
    ("rows", "row", "words"),
    [
        ("2026-01-01,Baik\nbesok,Tanggal salah\n", 3, "besok"),
        ("2026-01-01\n", 2, "columns"),
        ("2026-01-01,Teks,ftp://contoh\n", 2, "https://"),
        ("2026-31-31,Teks\n", 2, "2026-31-31"),
    ],
)
def test_csv_bad_row_is_refused_with_its_number(tmp_path, rows, row, words):
    path = tmp_path / "posts.csv"
    path.write_text("date,text,url\n" + rows, encoding="utf-8")

    error = error_of(path)

    assert error.code == "archive_csv_row"
    assert f"Row {row}" in error.message
    assert words in error.message


def test_csv_row_that_is_not_utf8_is_named(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_bytes(b"date,text\n2026-01-01,Baik\n2026-01-02,Caf\xe9 latin-1\n")

    error = error_of(path)

    assert error.code == "archive_csv_row"
    assert "Row 3" in error.message
    assert "UTF-8" in error.message


def test_csv_without_header_is_not_recognised(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text("2026-01-01,Teks tanpa judul kolom\n", encoding="utf-8")

    assert error_of(path).code == "archive_unknown_format"
    assert error_of(path, fmt="csv").code == "archive_format_mismatch"


# --- detection ----------------------------------------------------------------------------------------------------


def test_formats_are_detected_from_content_whatever_the_file_is_called(tmp_path):
    x_zip = make_zip(tmp_path / "facebook.csv", x_entries())
    fb = tmp_path / "tweets.zip"
    fb.write_text(meta_json(facebook_posts(1577836800)), encoding="ascii")
    ig = make_zip(tmp_path / "tiktok.json", {"content/posts_1.json": meta_json([{"media": [], "title": "a"}])})
    tiktok = tmp_path / "posts.csv"
    tiktok.write_text(json.dumps(tiktok_current()), encoding="utf-8")
    csv_file = tmp_path / "archive.zip"
    csv_file.write_text("tanggal,teks\n2026-01-01,Halo\n", encoding="utf-8")

    found = [detect_format(path) for path in (x_zip, fb, ig, tiktok, csv_file)]

    assert found == ["x", "facebook", "instagram", "tiktok", "csv"]
    assert set(found) == set(FORMATS)


def test_a_forced_format_must_match_the_content(tmp_path):
    path = make_zip(tmp_path / "x.zip", x_entries())

    error = error_of(path, fmt="facebook")

    assert error.code == "archive_format_mismatch"
    assert "Facebook" in error.message
    assert read(path, fmt="x")[1] == "x"


# --- damaged, wrong and hostile files -----------------------------------------------------------------------------


def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "kosong.zip"
    path.write_bytes(b"")
    blank = tmp_path / "blank.json"
    blank.write_text("  \n ", encoding="utf-8")

    assert error_of(path).code == "archive_empty"
    assert error_of(blank).code == "archive_empty"


def test_bad_and_truncated_zips_are_refused(tmp_path):
    garbage = tmp_path / "garbage.zip"
    garbage.write_bytes(b"PK\x03\x04" + media(3000))
    whole = make_zip(tmp_path / "whole.zip", x_entries()).read_bytes()
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(whole[: len(whole) // 2])

    for path in (garbage, truncated):
        error = error_of(path)
        assert error.code == "archive_bad_zip"
        assert "damaged or incomplete" in error.message


def test_damaged_entry_is_named(tmp_path):
    path = make_zip(
        tmp_path / "x.zip", {"data/tweets.js": js("tweets", [tweet(str(n), "teks " * 50) for n in range(50)])}
    )
    data = bytearray(path.read_bytes())
    middle = len(data) // 3
    data[middle : middle + 40] = bytes(40)  # the deflate stream is damaged, the zip's table of contents is not
    path.write_bytes(bytes(data))

    error = error_of(path)

    assert error.code in ("archive_damaged", "archive_invalid_json")
    assert "data/tweets.js" in error.message


def encrypt_flag(path: Path) -> None:
    """Mark every entry as encrypted, as a password-protected zip does (``zipfile`` cannot write one)."""
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        while at >= 0:
            data[at + offset] |= 0x01
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))


def test_encrypted_zip_is_refused(tmp_path):
    path = make_zip(tmp_path / "secret.zip", {"data/tweets.js": js("tweets", [tweet("1", "rahasia")])})
    encrypt_flag(path)

    error = error_of(path)

    assert error.code == "archive_encrypted"
    assert "data/tweets.js" in error.message
    assert "password" in error.message


def test_zip_packed_with_an_unknown_method_is_refused(tmp_path):
    path = make_zip(tmp_path / "deflate64.zip", {"data/tweets.js": js("tweets", [tweet("1", "a")])})
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        at = data.find(signature)
        data[at + offset : at + offset + 2] = (9).to_bytes(2, "little")  # Deflate64, as Windows sometimes packs
    path.write_bytes(bytes(data))

    error = error_of(path)

    assert error.code == "archive_unsupported_compression"
    assert "data/tweets.js" in error.message


def test_json_that_breaks_off_names_the_entry_and_what_was_expected(tmp_path):
    content = js("tweets", [tweet(str(n), f"tulisan ke-{n}") for n in range(20)])
    path = make_zip(tmp_path / "x.zip", {"data/tweets.js": content[: len(content) * 2 // 3]})

    with open_archive(path) as archive:
        posts: list[ArchivePost] = []
        with pytest.raises(ArchiveError) as caught:
            posts.extend(archive)

    assert 0 < len(posts) < 20
    assert caught.value.code == "archive_invalid_json"
    assert "data/tweets.js breaks off" in caught.value.message
    assert "X archive" in caught.value.message


def test_json_with_garbage_is_refused(tmp_path):
    path = tmp_path / "your_posts_1.json"
    path.write_text('[{"timestamp": 1577836800, "data": [{"post": "a"}]}, {"timestamp": oops}]', encoding="utf-8")

    error = error_of(path)

    assert error.code == "archive_invalid_json"
    assert error.message.startswith("The uploaded file is not valid JSON")  # never its temporary name
    assert "Facebook posts" in error.message


def test_zip_bomb_is_stopped_by_the_ratio_while_reading(tmp_path):
    bomb = "window.YTD.tweets.part0 = [" + " " * (40 * 1024 * 1024) + "]"
    path = make_zip(tmp_path / "bomb.zip", {"data/tweets.js": bomb})
    assert path.stat().st_size < 200 * 1024

    with open_archive(path) as archive:
        with pytest.raises(ArchiveError) as caught:
            list(archive)
        unpacked = archive._source.total_read

    assert caught.value.code == "archive_zip_bomb"
    assert "data/tweets.js" in caught.value.message
    assert unpacked < 8 * 1024 * 1024  # stopped early, not after unpacking it all


def test_too_many_entries_are_refused_before_the_table_is_read(tmp_path):
    entries: dict[str, bytes | str] = {f"data/tweets_media/{n}.jpg": media(16, seed=n) for n in range(30)}
    entries["data/tweets.js"] = js("tweets", [tweet("1", "a")])
    path = make_zip(tmp_path / "many.zip", entries)

    error = error_of(path, limits=ArchiveLimits(max_zip_entries=10))

    assert error.code == "archive_too_many_entries"
    assert "31" in error.message


def test_size_limits(tmp_path):
    content = js("tweets", [tweet(str(n), "isi tulisan " * 20) for n in range(40)])
    path = make_zip(tmp_path / "x.zip", {"data/tweets.js": content, "data/tweets-part1.js": content})
    single = tmp_path / "tweets.js"
    single.write_text(content, encoding="utf-8")

    assert error_of(path, limits=ArchiveLimits(max_file_bytes=1000)).code == "archive_too_large"
    assert error_of(path, limits=ArchiveLimits(max_entry_bytes=5000)).code == "archive_entry_too_large"
    assert error_of(single, limits=ArchiveLimits(max_entry_bytes=5000)).code == "archive_entry_too_large"
    total = ArchiveLimits(max_total_read_bytes=len(content) + 1000)
    assert error_of(path, limits=total).code == "archive_too_much_data"
    assert error_of(path, limits=ArchiveLimits(max_posts=50)).code == "archive_too_many_posts"
    assert len(read(path, limits=ArchiveLimits(max_posts=80))[0]) == 80


def test_long_texts_are_cut_not_refused(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text("date,text\n2026-01-01," + "a" * 500 + "\n", encoding="utf-8")

    posts, _, _ = read(path, limits=ArchiveLimits(max_text_chars=100))

    assert posts[0].text == "a" * 100


def test_media_is_never_unpacked(tmp_path):
    entries = x_entries()
    entries["data/tweets_media/video.mp4"] = media(3 * 1024 * 1024, seed=9)
    path = make_zip(tmp_path / "x.zip", entries)

    posts, _, _ = read(path, limits=ArchiveLimits(max_total_read_bytes=1024 * 1024))

    assert len(posts) == 5


@pytest.mark.parametrize(
    ("names", "platform"),
    [
        (
            ["your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.html", "start_here.html"],
            "Facebook",
        ),
        (["your_instagram_activity/content/posts_1.html", "start_here.html"], "Instagram"),
    ],
)
def test_html_export_asks_for_json(tmp_path, names, platform):
    path = make_zip(tmp_path / "export.zip", dict.fromkeys(names, "<html><body>Posts</body></html>"))

    error = error_of(path)

    assert error.code == "archive_html_export"
    assert f"{platform} export in HTML" in error.message
    assert "JSON" in error.message


def test_single_html_page_asks_for_json(tmp_path):
    path = tmp_path / "your_posts_1.json"
    path.write_text("<!DOCTYPE html><html><head><title>Your posts</title></head><body>Facebook</body></html>")

    assert error_of(path).code == "archive_html_export"


def test_tiktok_txt_export_asks_for_json(tmp_path):
    path = make_zip(tmp_path / "tiktok.zip", {"Activity/Login History.txt": "Date: 2024", "Videos/Videos.txt": "x"})

    error = error_of(path)

    assert error.code == "archive_txt_export"
    assert "TikTok" in error.message


def test_zip_without_text_says_what_it_expected(tmp_path):
    only_media = make_zip(tmp_path / "part2.zip", {"media/posts/a.jpg": media(), "media/posts/b.jpg": media(seed=3)})
    nested = make_zip(tmp_path / "nested.zip", {"facebook-part1.zip": media(), "facebook-part2.zip": media(seed=4)})
    empty = make_zip(tmp_path / "empty.zip", {})

    assert error_of(only_media).code == "archive_no_text"
    assert "data/tweets.js" in error_of(only_media).message
    assert error_of(nested).code == "archive_nested_zip"
    assert error_of(empty).code == "archive_no_text"


def test_unknown_single_files_are_refused(tmp_path):
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0" + media(2048))
    text = tmp_path / "notes.txt"
    text.write_text("Catatan biasa, bukan ekspor.\nBaris kedua.\n", encoding="utf-8")
    other_json = tmp_path / "data.json"
    other_json.write_text('{"hello": "world"}', encoding="utf-8")

    for path in (binary, text, other_json):
        error = error_of(path)
        assert error.code == "archive_unknown_format"
        assert "CSV" in error.message


def test_randomly_damaged_exports_only_ever_raise_archive_error(tmp_path):
    """Cut and scrambled copies of real-looking exports: whatever breaks, the reader says so in words."""
    seeds = [
        make_zip(tmp_path / "x.zip", x_entries()).read_bytes(),
        meta_json(facebook_posts(1577836800)).encode(),
        json.dumps(tiktok_current()).encode(),
        b'date,text,url\n2026-01-01,Halo,https://a.id\n23/11/2026 10:00,"a,b",\n',
    ]
    generator = random.Random(11)
    refusals: list[tuple[str, str]] = []
    for number in range(400):
        data = bytearray(generator.choice(seeds))
        if number % 3 == 0:
            del data[generator.randrange(len(data)) :]
        else:
            for _ in range(generator.randint(1, 6)):
                data[generator.randrange(len(data))] = generator.randrange(256)
        path = tmp_path / "damaged"
        path.write_bytes(bytes(data))
        try:
            with open_archive(path) as archive:
                assert isinstance(archive.account, str)
                list(archive)
        except ArchiveError as error:
            refusals.append((error.code, error.message))

    assert len(refusals) > 100
    assert all(code.startswith("archive_") and message for code, message in refusals)


# --- progress and streaming ---------------------------------------------------------------------------------------


def test_progress_runs_from_zero_to_the_file_size(tmp_path):
    entries = x_entries()
    entries["data/tweets.js"] = js("tweets", [tweet(str(n), f"tulisan {n} " + "kata " * 30) for n in range(3000)])
    path = make_zip(tmp_path / "x.zip", entries)
    size = path.stat().st_size

    with open_archive(path) as archive:
        assert archive.progress() == (0, size)
        seen = []
        for number, _post in enumerate(archive):
            if number % 500 == 0:
                seen.append(archive.progress()[0])
        assert archive.progress() == (size, size)

    assert seen == sorted(seen)
    assert 0 < seen[1] < size


def test_progress_counts_the_reading_of_posts_not_of_the_account_name(tmp_path):
    export = tiktok_current()
    watched = export.pop("Your Activity")["Watch History"]["VideoList"] * 30
    export = {"Comment": export.pop("Comment"), "Your Activity": {"Watch History": {"VideoList": watched}}, **export}
    path = tmp_path / "user_data_tiktok.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    size = path.stat().st_size

    with open_archive(path) as archive:
        assert archive.account == "rina_masak"  # read through the whole document once
        posts = iter(archive)
        next(posts)
        assert 0 < archive.progress()[0] < size
        list(posts)
        assert archive.progress() == (size, size)


def write_big_x_archive(path: Path, count: int) -> None:
    words = ["banjir", "macet", "kopi", "pemilu", "hujan", "kantor", "rapat", "libur", "pasar", "sekolah", "bola"]
    generator = random.Random(7)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data/account.js", js("account", [{"account": {"username": "besar"}}]))
        with archive.open("data/tweets.js", "w", force_zip64=True) as stream:
            stream.write(b"window.YTD.tweets.part0 = [\n")
            for number in range(count):
                text = " ".join(generator.choices(words, k=30)) + f" #{generator.getrandbits(40):x}"
                item = {"tweet": {"id_str": str(10**17 + number), "full_text": text, "created_at": TWEET_DATE}}
                stream.write(json.dumps(item).encode() + (b",\n" if number < count - 1 else b"\n"))
            stream.write(b"]")
        archive.writestr("data/tweets_media/big.mp4", media(2 * 1024 * 1024, seed=5))


def test_a_large_archive_streams_in_bounded_memory(tmp_path):
    path = tmp_path / "big.zip"
    write_big_x_archive(path, 200_000)
    size = path.stat().st_size

    with open_archive(path) as archive:
        tracemalloc.start()
        try:
            count = 0
            last = None
            for count, post in enumerate(archive, start=1):  # noqa: B007 (the count is read after the loop)
                last = post
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()

    assert count == 200_000
    assert last is not None
    assert last.source_id == str(10**17 + 199_999)
    assert size > 5 * 1024 * 1024
    assert peak < size / 20, f"peak {peak} bytes for a {size}-byte archive"
