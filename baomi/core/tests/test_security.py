"""Login security: Argon2, lockout, idle timeout, CSP and security headers, deploy check."""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings
from django.test import override_settings

from baomi.people.models import Person


def test_argon2_is_the_password_hasher():
    from config.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_idle_session_timeout_is_renewed_on_each_request():
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert 0 < settings.SESSION_COOKIE_AGE <= 3600


def test_lockout_after_repeated_failures(client, people):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit):
        client.post("/login/", {"username": "staff", "password": "wrong"})
    response = client.post("/login/", {"username": "staff", "password": "pw-staff"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_security_headers(client, people):
    response = client.get("/login/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.production",
           "DJANGO_SECRET_KEY": "k" * 20 + "Zx9!q" * 10, "BAOMI_DATA_DIR": str(tmp_path),
           "DJANGO_ALLOWED_HOSTS": "baomi.example.internal"}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' conftest
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True, text=True, env=env, cwd=settings.BASE_DIR, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@override_settings(AXES_ENABLED=False)
def test_person_model_links_one_login(people):
    assert Person.objects.filter(user__isnull=False).count() == len(people)


def test_chinese_first_whatever_the_browser_says(client, people):
    response = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "zh-hans"
    assert "登录" in response.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/login/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert response.headers["Content-Language"] == "en"
