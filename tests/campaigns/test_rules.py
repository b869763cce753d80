"""The pure rules of campaigns (no database): post addresses, variants and posting windows, sharing guardrails,
the text fields of a brief, fingerprints and copy clusters."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta

import pytest
from django.utils import translation

from duta.campaigns import rules
from duta.campaigns.rules import (
    CopyCluster,
    PostUrl,
    copy_clusters,
    facts_parse,
    facts_text,
    hashtags_parse,
    lines,
    post_url_parse,
    qa_parse,
    qa_text,
    share_delays,
    share_refusal,
    sharing_open,
    stagger_offset,
    text_fingerprint,
    variant_index,
)
from duta.core.exceptions import ApplicationError


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def refused(value: str) -> ApplicationError:
    with pytest.raises(ApplicationError) as caught:
        post_url_parse(value)
    assert caught.value.field == "url"
    return caught.value


# ---------------------------------------------------------------------------------------------------------------
# Post addresses


@pytest.mark.parametrize(
    ("value", "platform", "canonical"),
    [
        # Instagram: every kind of post is /p/<code>, the code's case kept
        ("https://www.instagram.com/p/CxYz12AB/", "instagram", "https://instagram.com/p/CxYz12AB"),
        ("instagram.com/p/CxYz12AB", "instagram", "https://instagram.com/p/CxYz12AB"),
        (
            "https://www.instagram.com/reel/C7aBcD_e-1/?igsh=MWQ1ZGUxMzBkMA==",
            "instagram",
            "https://instagram.com/p/C7aBcD_e-1",
        ),
        ("https://instagram.com/reels/C7aBcD_e-1/", "instagram", "https://instagram.com/p/C7aBcD_e-1"),
        ("https://www.instagram.com/tv/B_abcdEFG/", "instagram", "https://instagram.com/p/B_abcdEFG"),
        (
            "https://www.instagram.com/budi.santoso/p/CxYz12AB/?img_index=2",
            "instagram",
            "https://instagram.com/p/CxYz12AB",
        ),
        (
            "https://m.instagram.com/p/CxYz12AB/?igshid=abc&utm_source=ig_web_copy_link",
            "instagram",
            "https://instagram.com/p/CxYz12AB",
        ),
        ("http://instagr.am/p/CxYz12AB", "instagram", "https://instagram.com/p/CxYz12AB"),
        (
            "https://www.instagram.com/stories/Budi.Santoso/3412345678901234567/",
            "instagram",
            "https://instagram.com/stories/budi.santoso/3412345678901234567",
        ),
        # Facebook
        (
            "https://www.facebook.com/Kominfo/posts/pfbid02aBcDeFgHiJkLmN?__cft__[0]=AZX&__tn__=%2CO%2CP-R",
            "facebook",
            "https://facebook.com/kominfo/posts/pfbid02aBcDeFgHiJkLmN",
        ),
        (
            "https://m.facebook.com/kominfo/posts/1234567890123/",
            "facebook",
            "https://facebook.com/kominfo/posts/1234567890123",
        ),
        (
            "https://www.facebook.com/kominfo/videos/987654321012345/",
            "facebook",
            "https://facebook.com/watch?v=987654321012345",
        ),
        (
            "https://www.facebook.com/kominfo/videos/rapat-kerja/987654321012345/",
            "facebook",
            "https://facebook.com/watch?v=987654321012345",
        ),
        (
            "https://www.facebook.com/watch/?v=987654321012345&mibextid=abc",
            "facebook",
            "https://facebook.com/watch?v=987654321012345",
        ),
        (
            "https://web.facebook.com/video.php?v=987654321012345",
            "facebook",
            "https://facebook.com/watch?v=987654321012345",
        ),
        (
            "https://www.facebook.com/photo?fbid=112233445566&set=a.998877",
            "facebook",
            "https://facebook.com/photo?fbid=112233445566",
        ),
        (
            "https://www.facebook.com/photo.php?fbid=112233445566&set=a.998877&type=3",
            "facebook",
            "https://facebook.com/photo?fbid=112233445566",
        ),
        (
            "https://www.facebook.com/kominfo/photos/a.998877/112233445566/",
            "facebook",
            "https://facebook.com/photo?fbid=112233445566",
        ),
        (
            "https://www.facebook.com/permalink.php?story_fbid=pfbid0xyzXYZ123456&id=100012345",
            "facebook",
            "https://facebook.com/permalink.php?id=100012345&story_fbid=pfbid0xyzXYZ123456",
        ),
        (
            "https://m.facebook.com/story.php?id=100012345&story_fbid=pfbid0xyzXYZ123456&mibextid=Nif5oz",
            "facebook",
            "https://facebook.com/permalink.php?id=100012345&story_fbid=pfbid0xyzXYZ123456",
        ),
        (
            "https://www.facebook.com/reel/1122334455667788?s=yWDuG2&fs=e",
            "facebook",
            "https://facebook.com/reel/1122334455667788",
        ),
        ("https://www.facebook.com/share/p/1AbCdEfGhJ/", "facebook", "https://facebook.com/share/p/1AbCdEfGhJ"),
        (
            "https://www.facebook.com/share/r/15XyZaBcD/?mibextid=WC7FNe",
            "facebook",
            "https://facebook.com/share/r/15XyZaBcD",
        ),
        ("https://www.facebook.com/share/v/1Gh7KlMnP/", "facebook", "https://facebook.com/share/v/1Gh7KlMnP"),
        (
            "https://www.facebook.com/groups/AsnDigital/posts/778899001122/",
            "facebook",
            "https://facebook.com/groups/asndigital/posts/778899001122",
        ),
        (
            "https://www.facebook.com/groups/123456789/permalink/778899001122/",
            "facebook",
            "https://facebook.com/groups/123456789/posts/778899001122",
        ),
        ("https://fb.watch/rT5aBcDeFg/", "facebook", "https://fb.watch/rT5aBcDeFg"),
        # X: one canonical form, whatever the host and the author's name
        ("https://x.com/kemkominfo/status/1801234567890123456", "x", "https://x.com/i/status/1801234567890123456"),
        (
            "https://twitter.com/Kemkominfo/status/1801234567890123456?s=20&t=abcDEF",
            "x",
            "https://x.com/i/status/1801234567890123456",
        ),
        (
            "mobile.twitter.com/renamed_user/status/1801234567890123456/photo/1",
            "x",
            "https://x.com/i/status/1801234567890123456",
        ),
        ("https://x.com/i/web/status/1801234567890123456", "x", "https://x.com/i/status/1801234567890123456"),
        (
            "https://twitter.com/#!/kemkominfo/status/1801234567890123456",
            "x",
            "https://x.com/i/status/1801234567890123456",
        ),
        # TikTok
        (
            "https://www.tiktok.com/@budi.s/video/7381234567890123456?is_from_webapp=1&sender_device=pc",
            "tiktok",
            "https://tiktok.com/@/video/7381234567890123456",
        ),
        (
            "https://www.tiktok.com/@budi.s/photo/7381234567890123457",
            "tiktok",
            "https://tiktok.com/@/photo/7381234567890123457",
        ),
        ("https://vm.tiktok.com/ZMrAbC123/", "tiktok", "https://tiktok.com/t/ZMrAbC123"),
        ("vt.tiktok.com/ZSyXwV987", "tiktok", "https://tiktok.com/t/ZSyXwV987"),
        ("https://www.tiktok.com/t/ZTRabc123/", "tiktok", "https://tiktok.com/t/ZTRabc123"),
        # YouTube
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s&list=PL123",
            "youtube",
            "https://youtube.com/watch?v=dQw4w9WgXcQ",
        ),
        ("https://youtu.be/dQw4w9WgXcQ?si=AbCdEf", "youtube", "https://youtube.com/watch?v=dQw4w9WgXcQ"),
        ("https://youtube.com/shorts/aBcDeFgHiJk?feature=share", "youtube", "https://youtube.com/watch?v=aBcDeFgHiJk"),
        ("https://m.youtube.com/live/aBcDeFgHiJk", "youtube", "https://youtube.com/watch?v=aBcDeFgHiJk"),
        # LinkedIn
        (
            "https://www.linkedin.com/posts/budi-santoso_transformasi-digital-activity-7212345678901234567-AbCd?utm_source=share&utm_medium=member_android",
            "linkedin",
            "https://linkedin.com/feed/update/urn:li:activity:7212345678901234567",
        ),
        (
            "https://www.linkedin.com/feed/update/urn:li:activity:7212345678901234567/",
            "linkedin",
            "https://linkedin.com/feed/update/urn:li:activity:7212345678901234567",
        ),
        (
            "https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A7212345678901234999",
            "linkedin",
            "https://linkedin.com/feed/update/urn:li:share:7212345678901234999",
        ),
        (
            "https://id.linkedin.com/posts/budi-santoso_kegiatan-kantor",
            "linkedin",
            "https://linkedin.com/posts/budi-santoso_kegiatan-kantor",
        ),
        # Threads, on either host
        ("https://www.threads.net/@budi.s/post/C9aBcDeFgH?xmt=AQGz", "threads", "https://threads.net/post/C9aBcDeFgH"),
        ("https://www.threads.com/@budi.s/post/C9aBcDeFgH", "threads", "https://threads.net/post/C9aBcDeFgH"),
        # Telegram
        ("https://t.me/kemkominfo/1234", "telegram", "https://t.me/kemkominfo/1234"),
        ("https://t.me/s/KemKominfo/1234?single", "telegram", "https://t.me/kemkominfo/1234"),
        ("telegram.me/kemkominfo/1234", "telegram", "https://t.me/kemkominfo/1234"),
        # WhatsApp Channels updates have an address of their own
        (
            "https://whatsapp.com/channel/0029VaE1cqk4NViotcPz2T3M/125",
            "whatsapp",
            "https://whatsapp.com/channel/0029VaE1cqk4NViotcPz2T3M/125",
        ),
    ],
)
def test_post_url_is_recognized_and_made_canonical(value: str, platform: str, canonical: str) -> None:
    parsed = post_url_parse(value)
    assert parsed == PostUrl(platform=platform, canonical=canonical, url=parsed.url)
    assert parsed.url.startswith(("http://", "https://"))


def test_post_url_keeps_what_was_pasted_as_an_absolute_address() -> None:
    assert post_url_parse("  instagram.com/p/CxYz12AB/  ").url == "https://instagram.com/p/CxYz12AB/"
    assert post_url_parse("https://x.com/a/status/1").url == "https://x.com/a/status/1"


def test_twitter_and_x_and_a_renamed_author_are_the_same_post() -> None:
    forms = [
        "https://twitter.com/old_name/status/1801234567890123456",
        "https://x.com/new_name/status/1801234567890123456?s=46",
        "https://mobile.twitter.com/new_name/status/1801234567890123456",
        "x.com/i/web/status/1801234567890123456",
    ]
    assert len({post_url_parse(value).canonical for value in forms}) == 1


def test_tracking_parameters_do_not_make_another_post() -> None:
    plain = post_url_parse("https://www.instagram.com/p/CxYz12AB/").canonical
    for query in ("utm_source=ig_web_copy_link&utm_medium=x", "igsh=MWQ1ZGU", "igshid=abc", "s=20&t=x", "ref=share"):
        assert post_url_parse(f"https://www.instagram.com/p/CxYz12AB/?{query}").canonical == plain
    assert "?" not in plain
    youtube = post_url_parse("https://www.youtube.com/watch?si=xyz&v=dQw4w9WgXcQ&utm_campaign=a&pp=ygU").canonical
    assert youtube == "https://youtube.com/watch?v=dQw4w9WgXcQ"


def test_identifying_parameters_are_kept_sorted() -> None:
    first = post_url_parse("https://www.facebook.com/permalink.php?story_fbid=555&id=777&__cft__[0]=AZ&ref=share")
    second = post_url_parse("https://facebook.com/permalink.php?id=777&story_fbid=555")
    assert first.canonical == second.canonical == "https://facebook.com/permalink.php?id=777&story_fbid=555"


def test_instagram_codes_keep_their_case() -> None:
    upper = post_url_parse("https://www.instagram.com/p/CxYz12AB/").canonical
    lower = post_url_parse("https://www.instagram.com/p/cxyz12ab/").canonical
    assert upper.endswith("/p/CxYz12AB")
    assert upper != lower


def test_host_is_lower_case_and_trailing_slashes_go() -> None:
    canonical = post_url_parse("HTTPS://WWW.Instagram.COM/p/CxYz12AB///").canonical
    assert canonical == "https://instagram.com/p/CxYz12AB"


def test_the_same_reel_as_p_and_reel_is_one_post() -> None:
    assert (
        post_url_parse("instagram.com/reel/C7aBcD_e-1").canonical
        == post_url_parse("instagram.com/p/C7aBcD_e-1").canonical
    )


def test_tiktok_short_links_are_posts_and_keep_their_code() -> None:
    vm = post_url_parse("https://vm.tiktok.com/ZMrAbC123/")
    assert vm.platform == "tiktok"
    assert vm.canonical == post_url_parse("https://www.tiktok.com/t/ZMrAbC123").canonical
    assert vm.canonical != post_url_parse("https://vm.tiktok.com/ZMrabc123/").canonical


@pytest.mark.parametrize(
    "value",
    [
        "https://www.instagram.com/budi.santoso/",
        "https://www.instagram.com/",
        "https://www.instagram.com/explore/tags/bumn/",
        "https://www.instagram.com/budi.santoso/reels/",
        "https://www.instagram.com/stories/highlights/17900000000000000/",
        "https://www.facebook.com/kominfo",
        "https://www.facebook.com/profile.php?id=100012345",
        "https://www.facebook.com/groups/asndigital/",
        "https://www.facebook.com/watch/",
        "https://facebook.com/",
        "https://x.com/kemkominfo",
        "https://twitter.com/kemkominfo/media",
        "https://x.com/home",
        "https://www.tiktok.com/@budi.s",
        "https://www.tiktok.com/",
        "https://www.youtube.com/@kemkominfo",
        "https://www.youtube.com/channel/UC1234567890abcdefghijkl",
        "https://www.youtube.com/playlist?list=PL123",
        "https://www.youtube.com/watch?v=short",
        "https://www.linkedin.com/in/budi-santoso/",
        "https://www.linkedin.com/company/kominfo/",
        "https://www.linkedin.com/feed/",
        "https://www.threads.net/@budi.s",
        "https://t.me/kemkominfo",
        "https://t.me/+AbCdEfGhIjK",
        "https://t.me/joinchat/AbCdEfGhIjK",
        "https://developers.facebook.com/docs/graph-api",
    ],
)
def test_a_profile_or_home_page_is_not_a_post(value: str) -> None:
    error = refused(value)
    assert "not of one post" in error.message
    assert value in error.message


def test_the_platform_is_named_in_the_profile_refusal() -> None:
    assert "on TikTok" in refused("https://www.tiktok.com/@budi.s").message
    assert "on Facebook" in refused("facebook.com/kominfo").message


@pytest.mark.parametrize(
    "value",
    [
        "https://wa.me/6281234567890",
        "https://chat.whatsapp.com/AbCdEfGhIjKlMnOp",
        "https://api.whatsapp.com/send?phone=6281234567890",
        "https://whatsapp.com/channel/0029VaE1cqk4NViotcPz2T3M",
    ],
)
def test_a_whatsapp_chat_invitation_or_channel_is_not_a_post(value: str) -> None:
    assert "WhatsApp posts need no address" in refused(value).message


@pytest.mark.parametrize(
    "value",
    ["https://bit.ly/3AbCdEf", "s.id/kominfo-rilis", "https://t.co/AbC123", "lnkd.in/gAbCdEf", "https://fb.me/x1"],
)
def test_a_short_link_that_hides_the_post_is_refused(value: str) -> None:
    assert "short link" in refused(value).message


def test_a_facebook_share_link_without_its_kind_is_a_short_link() -> None:
    assert "short link" in refused("https://www.facebook.com/share/1AbCdEfGh/").message


@pytest.mark.parametrize(
    "value", ["https://detik.com/berita/123", "example.org/p/CxYz12AB", "https://instagram.com.evil.id/p/Cx"]
)
def test_an_unknown_site_is_refused(value: str) -> None:
    assert "not on a platform Duta knows" in refused(value).message


@pytest.mark.parametrize(
    "value",
    [
        "budi santoso",
        "@budi",
        "ftp://instagram.com/p/CxYz12AB",
        "mailto:budi@example.com",
        "javascript:alert(1)",
        "http://",
    ],
)
def test_text_that_is_not_a_web_address_is_refused(value: str) -> None:
    assert "not the address of a web page" in refused(value).message


def test_an_empty_address_is_refused() -> None:
    assert refused("   ").message == "Paste the address of your post."


def test_invisible_characters_from_a_phone_are_ignored() -> None:
    assert post_url_parse("\u200bhttps://x.com/a/status/123\ufeff").canonical == "https://x.com/i/status/123"


# ---------------------------------------------------------------------------------------------------------------
# Variants and posting windows


def test_variant_index_is_deterministic_and_in_range() -> None:
    first = variant_index(item_id=7, member_id=42, platform="x", count=3)
    assert first == variant_index(item_id=7, member_id=42, platform="x", count=3)
    assert 0 <= first < 3
    assert variant_index(item_id=7, member_id=42, platform="x", count=1) == 0


def test_variant_index_spreads_ambassadors_evenly() -> None:
    counts = Counter(
        variant_index(item_id=11, member_id=member, platform="instagram", count=4) for member in range(4000)
    )
    assert set(counts) == {0, 1, 2, 3}
    assert all(900 <= count <= 1100 for count in counts.values()), counts


def test_variant_index_depends_on_the_item_and_the_platform() -> None:
    members = range(200)
    one = [variant_index(item_id=1, member_id=m, platform="x", count=5) for m in members]
    other_item = [variant_index(item_id=2, member_id=m, platform="x", count=5) for m in members]
    other_platform = [variant_index(item_id=1, member_id=m, platform="facebook", count=5) for m in members]
    assert one != other_item
    assert one != other_platform


@pytest.mark.parametrize("count", [0, -1])
def test_variant_index_needs_a_variant(count: int) -> None:
    with pytest.raises(ValueError, match="count"):
        variant_index(item_id=1, member_id=1, platform="x", count=count)


def test_stagger_offset_is_whole_minutes_within_the_window() -> None:
    offsets = [stagger_offset(item_id=5, member_id=member, window_minutes=180) for member in range(3000)]
    assert all(timedelta(0) <= offset < timedelta(minutes=180) for offset in offsets)
    assert all(offset.total_seconds() % 60 == 0 for offset in offsets)
    assert offsets[0] == stagger_offset(item_id=5, member_id=0, window_minutes=180)
    thirds = Counter(int(offset.total_seconds() // 60) // 60 for offset in offsets)
    assert all(900 <= count <= 1100 for count in thirds.values()), thirds


def test_stagger_offset_without_a_window_is_zero() -> None:
    assert stagger_offset(item_id=5, member_id=9, window_minutes=0) == timedelta(0)


def test_stagger_offset_is_independent_of_the_variant() -> None:
    pairs = Counter(
        (
            variant_index(item_id=3, member_id=member, platform="x", count=2),
            stagger_offset(item_id=3, member_id=member, window_minutes=2).seconds // 60,
        )
        for member in range(4000)
    )
    # with the same hash, variant and offset would always agree (only (0, 0) and (1, 1) would occur)
    assert set(pairs) == {(0, 0), (0, 1), (1, 0), (1, 1)}
    assert all(850 <= count <= 1150 for count in pairs.values()), pairs


# ---------------------------------------------------------------------------------------------------------------
# Sharing hours and the daily limit


def test_no_sharing_hours_is_always_open() -> None:
    assert sharing_open(time(3, 0), None, None)
    assert sharing_open(time(23, 59), None, None)


@pytest.mark.parametrize(
    ("now", "expected"),
    [(time(6, 59), False), (time(7, 0), True), (time(12, 0), True), (time(20, 59, 59), True), (time(21, 0), False)],
)
def test_daytime_sharing_hours(now: time, expected: bool) -> None:
    assert sharing_open(now, time(7, 0), time(21, 0)) is expected


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (time(21, 59), False),
        (time(22, 0), True),
        (time(23, 30), True),
        (time(0, 0), True),
        (time(4, 59), True),
        (time(5, 0), False),
        (time(12, 0), False),
    ],
)
def test_overnight_sharing_hours(now: time, expected: bool) -> None:
    assert sharing_open(now, time(22, 0), time(5, 0)) is expected


def test_equal_start_and_end_is_open_all_day() -> None:
    assert all(sharing_open(time(hour, 30), time(7, 0), time(7, 0)) for hour in range(24))


def test_one_missing_end_means_no_hours() -> None:
    assert sharing_open(time(3, 0), time(7, 0), None)
    assert sharing_open(time(3, 0), None, time(21, 0))


def test_time_zones_on_the_times_do_not_break_the_comparison() -> None:
    assert sharing_open(time(8, 0, tzinfo=UTC), time(7, 0), time(21, 0))


def test_share_refusal_outside_the_hours_gives_them() -> None:
    reason = share_refusal(
        now_local=datetime(2026, 7, 1, 22, 15), starts=time(7, 0), ends=time(21, 0), daily_limit=5, shares_today=0
    )
    assert reason == "Sharing is open from 07:00 to 21:00."


def test_share_refusal_overnight_hours() -> None:
    closed = share_refusal(
        now_local=datetime(2026, 7, 1, 12, 0), starts=time(22, 0), ends=time(5, 0), daily_limit=0, shares_today=0
    )
    assert closed is not None
    assert "22:00" in closed
    assert "05:00" in closed
    opened = share_refusal(
        now_local=datetime(2026, 7, 1, 2, 0), starts=time(22, 0), ends=time(5, 0), daily_limit=0, shares_today=0
    )
    assert opened is None


def test_share_refusal_daily_limit() -> None:
    noon = datetime(2026, 7, 1, 12, 0)
    assert share_refusal(now_local=noon, starts=None, ends=None, daily_limit=5, shares_today=4) is None
    reason = share_refusal(now_local=noon, starts=None, ends=None, daily_limit=5, shares_today=5)
    assert reason is not None
    assert "5 posts today" in reason
    one = share_refusal(now_local=noon, starts=None, ends=None, daily_limit=1, shares_today=3)
    assert one is not None
    assert "1 post today" in one


def test_a_daily_limit_of_zero_is_no_limit() -> None:
    noon = datetime(2026, 7, 1, 12, 0)
    assert share_refusal(now_local=noon, starts=time(7, 0), ends=time(21, 0), daily_limit=0, shares_today=999) is None


# ---------------------------------------------------------------------------------------------------------------
# Share delays


def test_share_delays_first_and_median() -> None:
    broadcast = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)
    shares = [broadcast + timedelta(minutes=minutes) for minutes in (30, 5, 60)]
    assert share_delays(broadcast, shares) == (timedelta(minutes=5), timedelta(minutes=30))


def test_share_delays_even_count_averages_the_middle_two() -> None:
    broadcast = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)
    shares = [broadcast + timedelta(minutes=minutes) for minutes in (10, 20, 40, 90)]
    assert share_delays(broadcast, shares) == (timedelta(minutes=10), timedelta(minutes=30))


def test_share_delays_ignore_shares_before_the_broadcast() -> None:
    broadcast = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)
    shares = [broadcast - timedelta(hours=2), broadcast, broadcast + timedelta(minutes=20)]
    assert share_delays(broadcast, shares) == (timedelta(0), timedelta(minutes=10))
    assert share_delays(broadcast, [broadcast - timedelta(minutes=1)]) == (None, None)
    assert share_delays(broadcast, []) == (None, None)


# ---------------------------------------------------------------------------------------------------------------
# Lines, facts, questions and answers, hashtags


def test_lines_strips_drops_empty_and_repeats_keeping_order() -> None:
    text = "  Pertama \n\nkedua\nPERTAMA\n  \nKetiga\nkedua  "
    assert lines(text) == ["Pertama", "kedua", "Ketiga"]
    assert lines("") == []
    assert lines("a\r\nb\r\n") == ["a", "b"]


def test_facts_parse_reads_fact_and_source() -> None:
    text = (
        "Inflasi Juni 2026 sebesar 2,1% | Siaran pers BPS 1 Juli 2026\n"
        "\n"
        "Jalan tol baru sepanjang 120 km | https://pu.go.id/berita/tol-baru\n"
    )
    assert facts_parse(text) == [
        {"fact": "Inflasi Juni 2026 sebesar 2,1%", "source": "Siaran pers BPS 1 Juli 2026"},
        {"fact": "Jalan tol baru sepanjang 120 km", "source": "https://pu.go.id/berita/tol-baru"},
    ]
    assert facts_parse("") == []


def test_every_fact_needs_a_source_and_every_bad_line_is_numbered() -> None:
    text = (
        "Fakta dengan sumber | https://bps.go.id\n"
        "\n"
        "Fakta tanpa sumber\n"
        "Fakta dengan garis saja |\n"
        "| sumber tanpa fakta\n"
        "Sumber pura-pura | -\n"
        "Alamat rusak | https://bukan alamat\n"
    )
    with pytest.raises(ApplicationError) as caught:
        facts_parse(text)
    message = caught.value.message
    assert caught.value.field == "facts"
    assert "Line 3 has no source: write “fact | source”." in message
    assert "Line 4 has no source" in message
    assert "Line 5 has a source but no fact" in message
    assert "Line 6: “-” is not a source" in message
    assert "Line 7: the source “https://bukan alamat” is not a web address." in message
    assert "Line 1" not in message


def test_facts_drop_repeats_and_format_back() -> None:
    facts = facts_parse("A | Dokumen satu\na  |  Dokumen dua\nB | www.example.go.id/rilis")
    assert facts == [{"fact": "A", "source": "Dokumen satu"}, {"fact": "B", "source": "www.example.go.id/rilis"}]
    assert facts_text(facts) == "A | Dokumen satu\nB | www.example.go.id/rilis"
    assert facts_parse(facts_text(facts)) == facts


def test_qa_parse_reads_blocks_with_multi_line_answers() -> None:
    text = (
        "T: Apakah tarif naik?\n"
        "J: Tidak. Tarif tetap sampai Desember.\n"
        "Rincian ada di situs resmi.\n"
        "\n"
        "Q: Is the service down?\n"
        "A: No.\n"
        "Tanya: Kapan\n"
        "selesai?\n"
        "Jawab: Minggu depan.\n"
    )
    assert qa_parse(text) == [
        {"q": "Apakah tarif naik?", "a": "Tidak. Tarif tetap sampai Desember.\nRincian ada di situs resmi."},
        {"q": "Is the service down?", "a": "No."},
        {"q": "Kapan selesai?", "a": "Minggu depan."},
    ]
    assert qa_parse("  \n") == []


def test_a_question_without_an_answer_is_an_error_with_its_line() -> None:
    text = "T: Satu?\nJ: Ya.\n\nT: Dua tanpa jawaban?\nT: Tiga?\nj: Ya."
    with pytest.raises(ApplicationError) as caught:
        qa_parse(text)
    assert caught.value.field == "questions_answers"
    assert caught.value.message == ("The question on line 4 has no answer: add a line starting with “J:”.")


def test_qa_lines_outside_a_block_are_errors() -> None:
    with pytest.raises(ApplicationError) as caught:
        qa_parse("Pengantar tanpa awalan\nJ: jawaban yatim\nT: Ada?\nJ: Ada.")
    assert "Line 1 is not part of a question" in caught.value.message
    assert "Line 2 is an answer without a question" in caught.value.message


def test_qa_text_round_trips() -> None:
    entries = [
        {"q": "Apakah tarif naik?", "a": "Tidak.\nRincian di situs resmi.\nA: bukan pertanyaan baru"},
        {"q": "Kapan selesai?", "a": "Minggu depan."},
    ]
    text = qa_text(entries)
    assert text.startswith("T: Apakah tarif naik?\nJ: Tidak.\nRincian di situs resmi.\n")
    assert "\nJ: A: bukan pertanyaan baru\n" in text  # an answer line that looks like a prefix keeps its own
    assert qa_parse(text) == entries


def test_hashtags_parse_splits_and_adds_the_hash() -> None:
    assert hashtags_parse("#a #b, c") == ["#a", "#b", "#c"]
    assert hashtags_parse("#BUMNUntukIndonesia;#ASNBerAKHLAK #bumnuntukindonesia  Kominfo_2026") == [
        "#BUMNUntukIndonesia",
        "#ASNBerAKHLAK",
        "#Kominfo_2026",
    ]
    assert hashtags_parse("#satu#dua") == ["#satu", "#dua"]
    assert hashtags_parse("") == []
    assert hashtags_parse("#日本語") == ["#日本語"]


@pytest.mark.parametrize("bad", ["#bumn-baru", "#2026", "#", "#hari.ini", "#100%"])
def test_a_bad_hashtag_is_named(bad: str) -> None:
    with pytest.raises(ApplicationError) as caught:
        hashtags_parse(f"#baik {bad} #juga_baik")
    assert caught.value.field == "hashtags"
    assert f"“{bad}” is not a hashtag" in caught.value.message


def test_a_bad_hashtag_can_be_reported_on_another_field() -> None:
    with pytest.raises(ApplicationError) as caught:
        hashtags_parse("#pilih-nomor-1", field="election_hashtags")
    assert caught.value.field == "election_hashtags"


def test_every_bad_hashtag_is_named() -> None:
    with pytest.raises(ApplicationError) as caught:
        hashtags_parse("#a-b #ok #c!d")
    assert "“#a-b”" in caught.value.message
    assert "“#c!d”" in caught.value.message
    assert "“#ok”" not in caught.value.message


# ---------------------------------------------------------------------------------------------------------------
# Fingerprints


CAPTION = (
    "Tarif listrik TIDAK naik sampai Desember 2026! Cek faktanya di https://esdm.go.id/rilis "
    "@kemenesdm #HoaksBukanFakta"
)


def test_fingerprints_equal_under_trivial_changes() -> None:
    base = text_fingerprint(CAPTION)
    variants = [
        CAPTION.lower(),
        CAPTION.upper(),
        "tarif listrik tidak naik sampai desember 2026 cek faktanya di @kemenesdm hoaksbukanfakta",
        CAPTION.replace("https://esdm.go.id/rilis", "bit.ly/3xYz"),
        CAPTION.replace("https://esdm.go.id/rilis", "www.esdm.go.id"),
        CAPTION.replace("!", " 🔥🔥 ") + " 🙏",
        "  " + CAPTION.replace(" ", "\n  ") + "\n",
        CAPTION.replace("Cek", "...Cek,"),
    ]
    assert all(text_fingerprint(text) == base for text in variants)
    assert len(base) == 64


def test_fingerprints_differ_for_different_texts() -> None:
    assert text_fingerprint(CAPTION) != text_fingerprint(CAPTION.replace("TIDAK", "akan"))
    assert text_fingerprint(CAPTION) != text_fingerprint(CAPTION.replace("@kemenesdm", "@kemenkeu"))
    assert text_fingerprint("satu dua") != text_fingerprint("dua satu")


def test_mentions_are_kept() -> None:
    assert text_fingerprint("terima kasih @budi") != text_fingerprint("terima kasih budi")
    assert text_fingerprint("terima kasih @budi_s") != text_fingerprint("terima kasih @budi")


def test_a_text_with_no_words_has_no_fingerprint() -> None:
    assert text_fingerprint("") == ""
    assert text_fingerprint("  🔥🔥 !!! https://example.com/x ") == ""


def test_fingerprint_of_a_caption_and_its_copy_matches_for_copied_variant() -> None:
    assert text_fingerprint("Ayo vaksin! #SehatBersama") == text_fingerprint("ayo vaksin sehatbersama")


# ---------------------------------------------------------------------------------------------------------------
# Copy clusters


LONG = (
    "Pemerintah memastikan tarif listrik untuk rumah tangga tidak naik sampai akhir tahun ini "
    "sehingga masyarakat tidak perlu khawatir dengan kabar yang beredar di media sosial"
)


def test_identical_texts_by_three_members_form_a_cluster() -> None:
    posts = [
        (1, 10, LONG),
        (2, 11, LONG.upper() + "!!"),
        (3, 12, LONG + " https://bit.ly/x"),
        (4, 13, "Teks lain sama sekali"),
    ]
    clusters = copy_clusters(posts, [])
    assert clusters == [
        CopyCluster(report_ids=[1, 2, 3], member_ids=[10, 11, 12], sample=LONG, similarity=1.0, variant_id=None)
    ]


def test_nearly_identical_texts_join_the_cluster_with_their_similarity() -> None:
    edited = LONG + " ya"  # one word more: 23 shingles shared of 24
    posts = [(1, 10, LONG), (2, 11, LONG), (3, 12, edited), (4, 13, "Tarif listrik aman, tenang saja")]
    [cluster] = copy_clusters(posts, [])
    assert cluster.report_ids == [1, 2, 3]
    assert cluster.similarity == round(23 / 24, 4)
    assert cluster.sample == LONG


def test_texts_below_the_threshold_do_not_join() -> None:
    rewritten = "Kabar tarif listrik naik itu hoaks, saya sudah cek ke PLN dan memang tetap sampai akhir tahun"
    posts = [(1, 10, LONG), (2, 11, LONG), (3, 12, rewritten)]
    assert copy_clusters(posts, []) == []
    assert copy_clusters(posts, [], min_members=2)[0].report_ids == [1, 2]


def test_fewer_distinct_members_than_min_members_is_not_reported() -> None:
    posts = [(1, 10, LONG), (2, 11, LONG)]
    assert copy_clusters(posts, []) == []
    assert len(copy_clusters(posts, [], min_members=2)) == 1


def test_the_same_member_posting_twice_is_one_member() -> None:
    posts = [(1, 10, LONG), (2, 10, LONG), (3, 10, LONG + "!"), (4, 11, LONG)]
    assert copy_clusters(posts, []) == []
    [cluster] = copy_clusters([*posts, (5, 12, LONG)], [])
    assert cluster.member_ids == [10, 11, 12]
    assert cluster.report_ids == [1, 2, 3, 4, 5]


def test_the_copied_variant_is_named() -> None:
    other_variant = "Mari dukung program pemerintah untuk listrik yang terjangkau bagi seluruh rakyat Indonesia"
    posts = [(1, 10, LONG), (2, 11, LONG), (3, 12, LONG)]
    [cluster] = copy_clusters(posts, [(7, other_variant), (8, LONG + " #TarifTetap"), (9, "")])
    assert cluster.variant_id == 8
    [cluster] = copy_clusters(posts, [(7, other_variant)])
    assert cluster.variant_id is None


def test_clusters_are_sorted_by_member_count() -> None:
    second = "Program pelatihan digital untuk pegawai negeri dibuka kembali bulan depan dengan kuota lebih banyak"
    posts = [(1, 1, second), (2, 2, second), (3, 3, second)] + [(10 + n, 10 + n, LONG) for n in range(5)]
    clusters = copy_clusters(posts, [])
    assert [len(cluster.member_ids) for cluster in clusters] == [5, 3]
    assert clusters[0].sample == LONG


def test_empty_texts_are_ignored() -> None:
    assert copy_clusters([(1, 1, ""), (2, 2, "  "), (3, 3, "🔥")], []) == []
    assert copy_clusters([], [(1, LONG)]) == []


def test_short_texts_only_match_exactly() -> None:
    posts = [(1, 1, "Mantap sekali"), (2, 2, "mantap sekali!"), (3, 3, "Mantap"), (4, 4, "MANTAP SEKALI")]
    [cluster] = copy_clusters(posts, [])
    assert cluster.report_ids == [1, 2, 4]


def test_a_bad_threshold_is_refused() -> None:
    with pytest.raises(ValueError, match="threshold"):
        copy_clusters([], [], threshold=0)


def _vocabulary(rng: random.Random) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return ["".join(rng.choices(letters, k=rng.randint(3, 9))) for _ in range(3000)]


def test_five_thousand_posts_are_grouped() -> None:
    """5,000 posts: 2,000 copies of three captions with small edits, 3,000 original texts (no timing asserted)."""
    rng = random.Random(20260701)
    words = _vocabulary(rng)
    captions = [rng.choices(words, k=40) for _ in range(3)]
    posts: list[tuple[int, int, str]] = []
    for report in range(5000):
        member = report % 4000
        if report < 2000:
            text = list(captions[report % 3])
            if report % 2:  # one word changed near the end: still a copy
                text[-1] = rng.choice(words)
            posts.append((report, member, " ".join(text)))
        else:
            posts.append((report, member, " ".join(rng.choices(words, k=rng.randint(8, 60)))))
    clusters = copy_clusters(posts, [(100, " ".join(captions[0])), (101, "sesuatu yang lain sama sekali")])
    assert len(clusters) == 3
    assert sorted(len(cluster.report_ids) for cluster in clusters) == [666, 667, 667]
    assert all(cluster.similarity >= 0.85 for cluster in clusters)
    first = next(cluster for cluster in clusters if 0 in cluster.report_ids)
    assert first.variant_id == 100
    assert all(report < 2000 for cluster in clusters for report in cluster.report_ids)


def test_many_near_copies_of_one_text_stay_one_cluster() -> None:
    rng = random.Random(7)
    words = _vocabulary(rng)
    caption = rng.choices(words, k=60)
    posts = []
    for report in range(3000):
        text = list(caption)
        text[rng.randrange(len(text))] = rng.choice(words)  # one word changed anywhere
        posts.append((report, report, " ".join(text)))
    clusters = copy_clusters(posts, [])
    assert sum(len(cluster.report_ids) for cluster in clusters) == 3000
    assert clusters[0].similarity >= 0.85


def _brute_force_clusters(posts: list[tuple[int, int, str]], threshold: float) -> list[list[int]]:
    """The same leader clustering, comparing every text with every sample (no index): the reference."""
    from duta.campaigns.rules.copies import _shingles, _words

    texts: dict[str, list[tuple[int, int]]] = {}
    first: dict[str, int] = {}
    for position, (report_id, member_id, text) in enumerate(posts):
        key = " ".join(_words(text))
        if key:
            texts.setdefault(key, []).append((report_id, member_id))
            first.setdefault(key, position)
    ordered = sorted(texts.items(), key=lambda item: (-len({m for _r, m in item[1]}), -len(item[1]), first[item[0]]))
    samples: list[tuple[frozenset[str], list[int]]] = []
    for key, reports in ordered:
        shingles = _shingles(key.split())
        scores = [len(shingles & other) / len(shingles | other) for other, _ids in samples]
        best = max(range(len(scores)), key=lambda n: (scores[n], -n), default=-1)
        if best >= 0 and scores[best] >= threshold - 1e-9:
            samples[best][1].extend(report for report, _m in reports)
        else:
            samples.append((shingles, [report for report, _m in reports]))
    return sorted(sorted(ids) for _set, ids in samples)


@pytest.mark.parametrize("threshold", [0.5, 0.7, 0.85, 1.0])
def test_the_index_misses_no_pair(threshold: float) -> None:
    rng = random.Random(int(threshold * 100))
    words = ["w" + str(number) for number in range(40)]
    bases = [rng.choices(words, k=rng.randint(2, 25)) for _ in range(12)]
    posts = []
    for report in range(600):
        text = list(rng.choice(bases))
        for _ in range(rng.choice([0, 0, 1, 1, 2, 4])):
            text[rng.randrange(len(text))] = rng.choice(words)
        if rng.random() < 0.3:
            text.append(rng.choice(words))
        posts.append((report, report, " ".join(text)))
    found = sorted(cluster.report_ids for cluster in copy_clusters(posts, [], threshold=threshold, min_members=1))
    assert found == _brute_force_clusters(posts, threshold)


def test_the_package_exports_everything_the_services_call() -> None:
    for name in ("post_url_parse", "variant_index", "stagger_offset", "share_refusal", "lines", "facts_parse"):
        assert callable(getattr(rules, name))
