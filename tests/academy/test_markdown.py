"""A lesson's Markdown as safe HTML, and video links as addresses to embed: pure functions, no database."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.utils.safestring import SafeString

from duta.academy.markdown import ALLOWED_TAGS, lesson_html, video_embed_url

IMAGE_URL = "/o/contoh/academy/manage/bercerita/files/7"
IMAGES = {"foto-kegiatan.jpg": IMAGE_URL}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    collector = _Collector()
    collector.feed(html)
    return collector.elements


def assert_harmless(html: str) -> None:
    """Only allowed tags; no event handler; links only to http(s) or mailto; images only from the lesson."""
    for tag, attributes in elements(html):
        assert tag in ALLOWED_TAGS, tag
        for name, value in attributes.items():
            assert not name.startswith("on"), (tag, name)
            assert name not in {"style", "srcset", "formaction"}, (tag, name)
            if tag == "a" and name == "href":
                assert (value or "").startswith(("http://", "https://", "mailto:")), value
            if tag == "img" and name == "src":
                assert value == IMAGE_URL, value


def render(body: str) -> str:
    html = lesson_html(body, IMAGES)
    assert_harmless(html)
    return html


class TestStructure:
    def test_it_returns_a_safe_string(self) -> None:
        assert isinstance(lesson_html("Halo", {}), SafeString)

    def test_an_empty_body_is_empty(self) -> None:
        assert lesson_html("  \n", IMAGES) == ""

    def test_headings_move_one_level_down_and_stop_at_h4(self) -> None:
        html = render("# Satu\n\n## Dua\n\n### Tiga\n\n#### Empat\n\n###### Enam\n\nSetext\n======")
        assert [tag for tag, _ in elements(html)] == ["h2", "h3", "h4", "h4", "h4", "h2"]
        assert "<h1" not in html
        assert "<h5" not in html

    def test_everyday_markdown(self) -> None:
        html = render(
            "Teks **tebal**, *miring* dan `kode`.\n\n- satu\n- dua\n\n3. tiga\n4. empat\n\n> kutipan\n\n---\n\n"
            "    blok kode\n"
        )
        assert "<strong>tebal</strong>" in html
        assert "<em>miring</em>" in html
        assert "<code>kode</code>" in html
        assert "<ul>\n<li>satu</li>" in html
        assert '<ol start="3">' in html
        assert "<blockquote>" in html
        assert "<hr>" in html
        assert "<pre><code>blok kode" in html

    def test_tables_keep_their_cells_but_not_their_inline_styles(self) -> None:
        html = render("| Platform | Panjang |\n|:--|--:|\n| X | 280 |")
        assert "<table>" in html
        assert "<th>Platform</th>" in html
        assert "<td>280</td>" in html
        assert "style" not in html


class TestRawHtml:
    @pytest.mark.parametrize(
        "body",
        [
            "<script>alert('x')</script>",
            "Halo <script>alert(1)</script> dunia",
            "<img src=x onerror=alert(1)>",
            '<a href="javascript:alert(1)">klik</a>',
            '<div onclick="alert(1)">\n<p>blok</p>\n</div>',
            '<iframe src="https://evil.example/"></iframe>',
            "<style>body{display:none}</style>",
            "<svg><script>alert(1)</script></svg>",
            "<details open ontoggle=alert(1)>",
            "<!-- komentar --><b>tebal</b>",
        ],
    )
    def test_typed_html_shows_as_text(self, body: str) -> None:
        html = render(body)
        for tag in ("script", "img", "iframe", "style", "svg", "div", "details", "b"):
            assert f"<{tag}" not in html
        assert "&lt;" in html  # the author sees what they typed

    def test_an_event_handler_inside_an_image_caption_stays_inside_the_attribute(self) -> None:
        html = render('![a" onerror="alert(1)](foto-kegiatan.jpg)')
        ((_tag, attributes),) = [element for element in elements(html) if element[0] == "img"]
        assert attributes["alt"] == 'a" onerror="alert(1)'
        assert "onerror" not in attributes

    def test_a_link_title_cannot_break_out(self) -> None:
        html = render('[x](https://contoh.go.id "judul\\" onmouseover=\\"alert(1)")')
        ((_tag, attributes),) = [element for element in elements(html) if element[0] == "a"]
        assert "onmouseover" not in attributes


class TestLinks:
    def test_web_and_mail_links_get_a_safe_rel(self) -> None:
        html = render("[situs](https://contoh.go.id/layanan) [surat](mailto:humas@contoh.go.id) <https://x.go.id>")
        links = [attributes for tag, attributes in elements(html) if tag == "a"]
        assert [link["href"] for link in links] == [
            "https://contoh.go.id/layanan",
            "mailto:humas@contoh.go.id",
            "https://x.go.id",
        ]
        assert all(link["rel"] == "noopener noreferrer nofollow" for link in links)

    def test_an_automatic_mail_link_is_kept(self) -> None:
        html = render("<humas@contoh.go.id>")
        assert 'href="mailto:humas@contoh.go.id"' in html

    @pytest.mark.parametrize(
        "target",
        [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "&#106;avascript:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
            "/o/lain/academy/",
            "//evil.example/",
            "ftp://contoh.go.id/file",
        ],
    )
    def test_other_link_targets_lose_their_address_but_keep_their_text(self, target: str) -> None:
        html = render(f"Lihat [di sini]({target}).")
        assert "href" not in html
        assert "di sini" in html

    def test_reference_links_are_checked_too(self) -> None:
        html = render("[klik][jahat]\n\n[jahat]: javascript:alert(1)")
        assert "href" not in html
        assert "klik" in html

    def test_an_autolink_to_javascript_is_no_link(self) -> None:
        assert "href" not in render("<javascript:alert(1)>")


class TestImages:
    def test_an_image_of_the_lesson_is_shown_from_its_address(self) -> None:
        html = render('![Warga di loket](foto-kegiatan.jpg "Loket")')
        ((_tag, attributes),) = [element for element in elements(html) if element[0] == "img"]
        assert attributes == {"alt": "Warga di loket", "src": IMAGE_URL, "title": "Loket", "loading": "lazy"}

    def test_the_name_is_matched_without_regard_to_case(self) -> None:
        assert f'src="{IMAGE_URL}"' in render("![x](Foto-Kegiatan.JPG)")

    def test_a_reference_image_of_the_lesson_is_shown(self) -> None:
        assert f'src="{IMAGE_URL}"' in render("![x][foto]\n\n[foto]: foto-kegiatan.jpg")

    @pytest.mark.parametrize(
        "source",
        [
            "https://evil.example/pixel.png",
            "http://contoh.go.id/logo.png",
            "//evil.example/pixel.png",
            "data:image/png;base64,iVBORw0KGgo=",
            "javascript:alert(1)",
            "lain.jpg",
            IMAGE_URL,  # the address itself is not a file name of the lesson
        ],
    )
    def test_any_other_image_is_dropped_and_its_caption_stays(self, source: str) -> None:
        html = render(f"Sebelum ![Keterangan gambar]({source}) sesudah")
        assert "<img" not in html
        assert "Sebelum Keterangan gambar sesudah" in html

    def test_without_images_no_image_is_shown(self) -> None:
        html = lesson_html("![x](foto-kegiatan.jpg)", {})
        assert "<img" not in html
        assert "x" in html


class TestVideoEmbed:
    @pytest.mark.parametrize(
        ("url", "embed"),
        [
            ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
            ("https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
            (
                "http://m.youtube.com/watch?feature=share&v=a_b-C1d2E3f",
                "https://www.youtube-nocookie.com/embed/a_b-C1d2E3f",
            ),
            ("https://youtu.be/dQw4w9WgXcQ?si=abc", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
            ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
            ("https://www.youtube.com/embed/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
            (
                "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
                "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
            ),
            ("  https://YOUTU.BE/dQw4w9WgXcQ  ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
            ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871"),
            ("https://www.vimeo.com/76979871", "https://player.vimeo.com/video/76979871"),
            ("https://vimeo.com/76979871/8272103f6e", "https://player.vimeo.com/video/76979871?h=8272103f6e"),
            ("https://player.vimeo.com/video/76979871", "https://player.vimeo.com/video/76979871"),
        ],
    )
    def test_youtube_and_vimeo_links(self, url: str, embed: str) -> None:
        assert video_embed_url(url) == embed

    @pytest.mark.parametrize(
        "url",
        [
            "",
            "https://www.youtube.com/watch?v=dQw4w9WgXc",  # 10 characters
            "https://www.youtube.com/watch?v=dQw4w9WgXcQQ",  # 12
            "https://www.youtube.com/watch?v=dQw4w9W%22Q",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&v=abcdefghijk",
            "https://www.youtube.com/watch",
            "https://www.youtube.com/channel/UC123",
            "https://youtu.be/dQw4w9WgXcQ/extra",
            "https://youtu.be/",
            "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
            "https://evil.example/youtube.com/watch?v=dQw4w9WgXcQ",
            "https://user:pass@www.youtube.com/watch?v=dQw4w9WgXcQ",
            "javascript:alert('https://youtu.be/dQw4w9WgXcQ')",
            "ftp://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://vimeo.com/channels/staffpicks",
            "https://vimeo.com/12a45",
            "https://vimeo.com/76979871/<script>",
            "https://player.vimeo.com/video/76979871/extra",
            "https://contoh.go.id/video.mp4",
            "http://[::1",
        ],
    )
    def test_anything_else_is_not_embedded(self, url: str) -> None:
        assert video_embed_url(url) is None
