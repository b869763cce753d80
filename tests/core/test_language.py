from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse


@pytest.mark.django_db
class TestLanguageChoice:
    def test_bahasa_indonesia_is_served_even_to_an_english_browser(self) -> None:
        response = Client(headers={"accept-language": "en-US,en;q=0.9"}).get(reverse("accounts:login"))
        assert response.headers["Content-Language"] == "id"
        assert '<html lang="id">' in response.content.decode()
        assert "Masuk ke Duta" in response.content.decode()

    def test_the_switch_remembers_english_for_an_anonymous_visitor(self) -> None:
        client = Client()
        response = client.post(reverse("accounts:language"), {"language": "en", "next": reverse("accounts:login")})
        assert response.status_code == 302
        assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
        page = client.get(reverse("accounts:login")).content.decode()
        assert '<html lang="en">' in page
        assert "Log in to Duta" in page

    def test_a_member_is_served_in_the_language_of_their_profile(self, client_for, pr_admin) -> None:
        pr_admin.user.language = "en"
        pr_admin.user.save()
        client = client_for(pr_admin)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
        response = client.get(reverse("accounts:profile"))
        assert response.headers["Content-Language"] == "en"

    def test_an_unknown_cookie_value_falls_back_to_the_default(self) -> None:
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
        assert client.get(reverse("accounts:login")).headers["Content-Language"] == "id"
