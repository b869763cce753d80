"""The pure rules of tracked sharing: codes, safe destinations, UTM parameters, share intents, who clicked."""

from __future__ import annotations

from urllib.parse import parse_qs, parse_qsl, urlsplit

import pytest

from duta.links import rules
from tests.links.conftest import GOOGLEBOT, IPHONE, PHONE, WHATSAPP_PREVIEW


class TestCodeNew:
    def test_it_is_nine_letters_and_digits(self) -> None:
        for _ in range(200):
            code = rules.new_code()
            assert len(code) == 9
            assert code.isascii()
            assert code.isalnum()
            assert rules.is_code(code)

    def test_it_does_not_repeat_over_many_draws(self) -> None:
        codes = {rules.new_code() for _ in range(20_000)}

        assert len(codes) == 20_000

    def test_it_uses_upper_and_lower_case_letters_and_digits(self) -> None:
        drawn = "".join(rules.new_code() for _ in range(500))

        assert any(char.isupper() for char in drawn)
        assert any(char.islower() for char in drawn)
        assert any(char.isdigit() for char in drawn)

    @pytest.mark.parametrize("text", ["", "abc", "abcdefgh", "abcdefghij", "abcd-fghi", "abcd_fghi", "abcdéfghi"])
    def test_it_refuses_what_is_not_a_code(self, text: str) -> None:
        assert not rules.is_code(text)


class TestDestinationCheck:
    @pytest.mark.parametrize(
        "url",
        [
            "https://contoh.example/berita/layanan-baru",
            "http://contoh.example",
            "https://contoh.example:8443/a?b=c#d",
            "HTTPS://CONTOH.EXAMPLE/",
            "https://[2001:db8::1]/halaman",
        ],
    )
    def test_it_accepts_absolute_http_and_https_addresses(self, url: str) -> None:
        assert rules.is_safe_destination(url)

    @pytest.mark.parametrize(
        "url",
        [
            "",
            "javascript:alert(1)",
            "JavaScript:alert(document.cookie)",
            "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
            "//evil.example/phish",
            "/relative/path",
            "contoh.example/berita",
            "ftp://files.example/a.zip",
            "mailto:humas@contoh.example",
            "https://user:pass@contoh.example/",
            "https://user@contoh.example/",
            "https:///no-host",
            "https://contoh.example/a b",
            " https://contoh.example/",
            "https://contoh.example/\n",
            "https://contoh.example/\tx",
            "https://contoh.example/\x00",
            "https://contoh.example/\x7f",
            "https://contoh.example:port/",
            "https://contoh.example:99999/",
        ],
    )
    def test_it_refuses_everything_else(self, url: str) -> None:
        assert not rules.is_safe_destination(url)

    def test_it_refuses_an_address_longer_than_500_characters(self) -> None:
        base = "https://contoh.example/"
        assert rules.is_safe_destination(base + "a" * (500 - len(base)))
        assert not rules.is_safe_destination(base + "a" * (501 - len(base)))


class TestUrlTrack:
    def test_it_sets_the_four_utm_parameters(self) -> None:
        url = rules.tracked_url("https://contoh.example/berita", source="whatsapp", campaign="aduan-7", content="v2")

        parts = urlsplit(url)
        assert (parts.scheme, parts.netloc, parts.path) == ("https", "contoh.example", "/berita")
        assert parse_qsl(parts.query) == [
            ("utm_source", "whatsapp"),
            ("utm_medium", "ambassador"),
            ("utm_campaign", "aduan-7"),
            ("utm_content", "v2"),
        ]

    def test_it_replaces_utm_parameters_already_there_and_keeps_the_others_and_the_fragment(self) -> None:
        url = rules.tracked_url(
            "https://contoh.example/p?id=5&utm_source=old&utm_medium=email&lang=id&utm_campaign=x&utm_content=y#bagian-2",
            source="x",
            campaign="kampanye-3",
            content="v1",
        )

        parts = urlsplit(url)
        assert parts.fragment == "bagian-2"
        query = parse_qsl(parts.query)
        assert query[:2] == [("id", "5"), ("lang", "id")]
        assert parse_qs(parts.query) == {
            "id": ["5"],
            "lang": ["id"],
            "utm_source": ["x"],
            "utm_medium": ["ambassador"],
            "utm_campaign": ["kampanye-3"],
            "utm_content": ["v1"],
        }

    def test_it_encodes_spaces_and_reserved_characters(self) -> None:
        url = rules.tracked_url("https://contoh.example/?q=a b", source="whatsapp", campaign="a&b c", content="v1")

        assert " " not in url
        assert "q=a%20b" in url
        assert "utm_campaign=a%26b%20c" in url
        assert parse_qs(urlsplit(url).query)["utm_campaign"] == ["a&b c"]

    def test_it_gives_an_address_that_is_still_safe(self) -> None:
        url = rules.tracked_url("https://contoh.example/a?b=1", source="telegram", campaign="c-1", content="v3")

        assert rules.is_safe_destination(url)


class TestUtmValues:
    def test_it_gives_the_campaign_as_its_slug_and_number(self) -> None:
        assert rules.utm_campaign_value("Kanal Aduan 24 Jam!", 17) == "kanal-aduan-24-jam-17"

    def test_it_keeps_two_campaigns_of_the_same_name_apart(self) -> None:
        assert rules.utm_campaign_value("Sama", 1) != rules.utm_campaign_value("Sama", 2)

    def test_it_gives_a_value_for_a_name_without_letters(self) -> None:
        assert rules.utm_campaign_value("!!!", 4) == "kampanye-4"

    def test_it_cuts_a_long_name(self) -> None:
        value = rules.utm_campaign_value("kata " * 100, 12345)

        assert len(value) <= 100  # ShareLink.utm_campaign
        assert value.endswith("-12345")

    @pytest.mark.parametrize(("position", "value"), [(0, "v1"), (1, "v2"), (9, "v10")])
    def test_it_gives_the_content_as_the_variants_place_from_one(self, position: int, value: str) -> None:
        assert rules.utm_content_value(position) == value


CAPTION = "Kanal aduan kini buka 24 jam & dijawab cepat #DutaContoh"
LINK = "https://duta.example/s/Ab3dE6gH9"


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


class TestIntentUrl:
    def test_it_gives_whatsapp_the_caption_and_the_link_in_one_text(self) -> None:
        url = rules.intent_url("whatsapp", text=f"  {CAPTION} ", url=LINK)

        assert url is not None
        assert url.startswith("https://wa.me/?")
        assert query_of(url) == {"text": [f"{CAPTION}\n\n{LINK}"]}
        assert " " not in url

    def test_it_gives_whatsapp_the_caption_without_a_link(self) -> None:
        url = rules.intent_url("whatsapp", text=CAPTION, url="")

        assert url is not None
        assert query_of(url) == {"text": [CAPTION]}

    def test_it_gives_x_the_text_and_the_url_apart(self) -> None:
        url = rules.intent_url("x", text=CAPTION, url=LINK)

        assert url is not None
        assert url.startswith("https://x.com/intent/post?")
        assert query_of(url) == {"text": [CAPTION], "url": [LINK]}

    def test_it_gives_x_the_text_without_a_link(self) -> None:
        url = rules.intent_url("x", text=CAPTION, url="")

        assert url is not None
        assert query_of(url) == {"text": [CAPTION]}

    def test_it_gives_facebook_the_link_only(self) -> None:
        url = rules.intent_url("facebook", text=CAPTION, url=LINK)

        assert url is not None
        assert url.startswith("https://www.facebook.com/sharer/sharer.php?")
        assert query_of(url) == {"u": [LINK]}

    def test_it_gives_linkedin_the_link_only(self) -> None:
        url = rules.intent_url("linkedin", text=CAPTION, url=LINK)

        assert url is not None
        assert url.startswith("https://www.linkedin.com/sharing/share-offsite/?")
        assert query_of(url) == {"url": [LINK]}

    def test_it_gives_telegram_the_link_and_the_text(self) -> None:
        url = rules.intent_url("telegram", text=CAPTION, url=LINK)

        assert url is not None
        assert url.startswith("https://t.me/share/url?")
        assert query_of(url) == {"url": [LINK], "text": [CAPTION]}

    def test_it_gives_threads_the_caption_and_the_link_in_one_text(self) -> None:
        url = rules.intent_url("threads", text=CAPTION, url=LINK)

        assert url is not None
        assert url.startswith("https://www.threads.net/intent/post?")
        assert query_of(url) == {"text": [f"{CAPTION}\n\n{LINK}"]}

    @pytest.mark.parametrize("platform", ["instagram", "tiktok", "youtube", "unknown"])
    def test_it_has_none_for_platforms_without_a_web_intent(self, platform: str) -> None:
        assert rules.intent_url(platform, text=CAPTION, url=LINK) is None

    @pytest.mark.parametrize("platform", ["facebook", "linkedin", "telegram"])
    def test_it_has_none_without_a_link_for_platforms_that_share_a_link(self, platform: str) -> None:
        assert rules.intent_url(platform, text=CAPTION, url="") is None

    @pytest.mark.parametrize("platform", rules.INTENT_PLATFORMS)
    def test_it_always_goes_to_a_known_host_over_https(self, platform: str) -> None:
        url = rules.intent_url(platform, text=CAPTION, url=LINK)

        assert url is not None
        parts = urlsplit(url)
        assert parts.scheme == "https"
        assert parts.hostname in rules.INTENT_HOSTS

    def test_it_joins_the_caption_and_the_link_with_a_blank_line(self) -> None:
        assert rules.caption_with_link(" teks ", LINK) == f"teks\n\n{LINK}"
        assert rules.caption_with_link("  ", LINK) == LINK
        assert rules.caption_with_link(" teks ", "") == "teks"


class TestAgentKind:
    @pytest.mark.parametrize(
        "agent",
        [
            WHATSAPP_PREVIEW,
            "WhatsApp/2.2407.3 i",
            "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
            "facebookexternalhit/1.1",
            "TelegramBot (like TwitterBot)",
            "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
            "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
            "Twitterbot/1.0",
            "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
        ],
    )
    def test_it_knows_link_previews(self, agent: str) -> None:
        assert rules.agent_kind(agent) == "preview"

    @pytest.mark.parametrize(
        "agent",
        [
            GOOGLEBOT,
            "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
            "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
            "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
            "Mozilla/5.0 (compatible; Baiduspider/2.0)",
            "curl/8.5.0",
            "python-requests/2.31.0",
            "Wget/1.21.4",
            "Go-http-client/1.1",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0",
            "",
            "   ",
        ],
    )
    def test_it_takes_crawlers_scripts_and_no_agent_for_bots(self, agent: str) -> None:
        assert rules.agent_kind(agent) == "bot"

    @pytest.mark.parametrize(
        "agent",
        [
            PHONE,
            IPHONE,
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            "Mobile/21B80 [FBAN/FBIOS;FBAV/445.0.0.33.118;FBBV/542163627;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;"
            "FBSV/17.1;FBSS/3;FBID/phone;FBLC/id_ID;FBOP/5;FBRV/0]",
            "Mozilla/5.0 (Linux; Android 12; SM-A125F Build/SP1A.210812.016; wv) AppleWebKit/537.36 (KHTML, like "
            "Gecko) Version/4.0 Chrome/123.0.6312.118 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/458.0.0.54.108;]",
            "Mozilla/5.0 (Linux; Android 13; 2201117TG Build/TKQ1.221114.001; wv) AppleWebKit/537.36 (KHTML, like "
            "Gecko) Version/4.0 Chrome/122.0.6261.119 Mobile Safari/537.36 Instagram 323.0.0.35.65 Android "
            "(33/13; 440dpi; 1080x2400; Xiaomi; 2201117TG; spes; qcom; id_ID; 577210397)",
            "Mozilla/5.0 (Linux; Android 11; CUBOT KingKong 5 Pro) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/120.0.6099.144 Mobile Safari/537.36",
            "Mozilla/5.0 (Linux; Android 10; CUBOT_X30) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 "
            "Mobile Safari/537.36",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 "
            "Safari/537.36",
        ],
    )
    def test_it_takes_browsers_for_people(self, agent: str) -> None:
        assert rules.agent_kind(agent) == "human"


class TestAddressTruncate:
    @pytest.mark.parametrize(
        ("address", "network"),
        [
            ("203.0.113.45", "203.0.113.0"),
            (" 10.1.2.3 ", "10.1.2.0"),
            ("2001:db8:abcd:12:34:56:78:9a", "2001:db8:abcd::"),
            ("2001:0db8:abcd:0012::1", "2001:db8:abcd::"),
            ("::ffff:198.51.100.77", "198.51.100.0"),
        ],
    )
    def test_it_keeps_the_network_only(self, address: str, network: str) -> None:
        assert rules.truncated_address(address) == network

    @pytest.mark.parametrize("address", ["", "unknown", "300.1.1.1", "203.0.113", "example.com", "1.2.3.4:80"])
    def test_it_gives_nothing_for_an_unreadable_address(self, address: str) -> None:
        assert rules.truncated_address(address) == ""

    def test_it_gives_two_addresses_of_one_network_the_same_network(self) -> None:
        assert rules.truncated_address("203.0.113.1") == rules.truncated_address("203.0.113.254")
        assert rules.truncated_address("203.0.113.1") != rules.truncated_address("203.0.114.1")


SALT = bytes(range(32))


class TestVisitorHash:
    def test_it_gives_the_same_visitor_the_same_hash(self) -> None:
        first = rules.visitor_hash(SALT, "203.0.113.45", PHONE)

        assert first == rules.visitor_hash(SALT, "203.0.113.45", PHONE)
        assert first == rules.visitor_hash(SALT, "203.0.113.99", PHONE)  # the same network
        assert len(first) == 16
        assert int(first, 16) >= 0

    def test_it_gives_another_hash_with_another_salt(self) -> None:
        assert rules.visitor_hash(SALT, "203.0.113.45", PHONE) != rules.visitor_hash(bytes(32), "203.0.113.45", PHONE)

    def test_it_gives_another_hash_for_another_network_or_browser(self) -> None:
        first = rules.visitor_hash(SALT, "203.0.113.45", PHONE)

        assert first != rules.visitor_hash(SALT, "198.51.100.45", PHONE)
        assert first != rules.visitor_hash(SALT, "203.0.113.45", IPHONE)

    def test_it_never_contains_the_address(self) -> None:
        for address in ("203.0.113.45", "10.0.0.1", "2001:db8::1"):
            visitor = rules.visitor_hash(SALT, address, PHONE)
            network = rules.truncated_address(address)
            assert address not in visitor
            assert network not in visitor
            assert address.replace(".", "").replace(":", "") not in visitor
