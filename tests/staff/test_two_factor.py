"""Issue 16, item 5: a second factor for staff (django-otp): who needs one, setting it up, signing in
with it or a recovery code, and an administrator's reset."""

import re
import time

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from factsheets.models import Editor, Institution
from tests.factsheets.workspace import PASSWORD, account, fiche_of
from tests.staff.helpers import app_device, code_for_secret, current_code, verified_login

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
SET_UP = "/admin/two-factor/"


@pytest.fixture
def people():
    sfp = Institution.objects.get(slug="sfp")
    return {
        "editor": account("sfp-writer", Editor.Role.EDITOR, sfp),
        "reviewer": account("sfp-checker", Editor.Role.REVIEWER, sfp),
        "architect": account("fps-architect", Editor.Role.ARCHITECT),
        "superuser": account("root", superuser=True),
    }


def sign_in(client, username, code=None, **extra):
    data = {"username": username, "password": PASSWORD}
    if code is not None:
        data["otp_token"] = code
    return client.post(LOGIN, data, **extra)


@pytest.mark.parametrize("who", ["reviewer", "architect", "superuser"])
def test_reviewers_architects_and_superusers_cannot_reach_the_admin_without_a_second_factor(client, people, two_factor, who):
    fiche, draft = fiche_of("sfp")
    response = sign_in(client, people[who].username)
    assert response.status_code == 302  # the password was right
    for url in (
        reverse("admin:index"),
        reverse("admin:factsheets_fiche_changelist"),
        reverse("admin:factsheets_revision_change", args=[draft.pk]),
        reverse("admin:factsheets_revision_preview", args=[draft.pk, "en"]),
        reverse("admin:auth_user_changelist"),
        reverse("admin:password_change"),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == SET_UP, url
    assert client.get(SET_UP).status_code == 200


def test_an_editor_needs_one_only_when_the_setting_says_so(client, people, two_factor):
    sign_in(client, "sfp-writer")
    assert client.get(reverse("admin:index")).status_code == 200
    two_factor.REQUIRE_2FA_FOR_EDITORS = True
    assert client.get(reverse("admin:index"))["Location"] == SET_UP


def test_production_requires_it_for_editors_by_default_and_development_does_not():
    from portal.settings import base, test

    assert base.REQUIRE_2FA and not base.REQUIRE_2FA_FOR_EDITORS
    assert not test.REQUIRE_2FA
    source = (base.BASE_DIR / "portal" / "settings" / "prod.py").read_text()
    assert 'REQUIRE_2FA_FOR_EDITORS = env_bool("REQUIRE_2FA_FOR_EDITORS", True)' in source


def set_up(client):
    page = client.get(SET_UP).content.decode()
    secret = re.search(r'id="two-factor-secret">([A-Z2-7 ]+)<', page).group(1)
    return page, secret


def test_setting_up_the_app_shows_the_secret_then_ten_recovery_codes_once(client, people, two_factor):
    sign_in(client, "sfp-checker")
    page, secret = set_up(client)
    assert "<svg" in page  # the QR code, drawn on the server
    assert "otpauth://totp/" in page
    assert set_up(client)[1] == secret  # the same secret until it is confirmed
    assert client.get(reverse("admin:index"))["Location"] == SET_UP

    wrong = client.post(SET_UP, {"code": "000000" if code_for_secret(secret) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert "This is not the current code of the app." in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=people["reviewer"], confirmed=True).exists()
    # django-otp makes the device wait after a wrong code (1 s, then 2, 4, 8…).
    assert "Too many wrong codes" in client.post(SET_UP, {"code": code_for_secret(secret)}).content.decode()
    time.sleep(1.1)

    done = client.post(SET_UP, {"code": code_for_secret(secret)})
    assert done.status_code == 200
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", done.content.decode())
    assert len(codes) == 10
    assert TOTPDevice.objects.get(user=people["reviewer"]).confirmed
    # The session is now confirmed: the admin opens.
    assert client.get(reverse("admin:index")).status_code == 200
    # The page does not show the secret or the codes again.
    again = client.get(SET_UP)
    assert again["Location"] == reverse("admin:index")


def test_with_a_device_the_sign_in_needs_a_valid_code(client, people, two_factor):
    device = app_device(people["reviewer"])
    missing = sign_in(client, "sfp-checker")
    assert missing.status_code == 200
    assert "Enter the code of your authenticator app" in missing.content.decode()
    wrong = sign_in(client, "sfp-checker", "123456" if current_code(device) != "123456" else "654321")
    assert wrong.status_code == 200
    assert "This code is not valid." in wrong.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302  # not signed in
    assert "_auth_user_id" not in client.session
    time.sleep(1.1)  # django-otp's delay after a wrong code

    right = sign_in(client, "sfp-checker", current_code(device))
    assert right.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_code_is_good_once(client, people, two_factor):
    device = app_device(people["reviewer"])
    code = current_code(device)
    assert sign_in(client, "sfp-checker", code).status_code == 302
    client.logout()
    assert sign_in(client, "sfp-checker", code).status_code == 200


def test_a_recovery_code_signs_in_once(client, people, two_factor):
    device = app_device(people["reviewer"])
    from staff.two_factor import new_recovery_codes

    codes = new_recovery_codes(people["reviewer"])
    assert len(set(codes)) == 10
    assert sign_in(client, "sfp-checker", codes[3].upper()).status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
    client.logout()
    assert sign_in(client, "sfp-checker", codes[3]).status_code == 200
    assert StaticToken.objects.filter(device__user=people["reviewer"]).count() == 9
    # The app's code still works: a recovery code tried never slows the app down.
    assert sign_in(client, "sfp-checker", current_code(device)).status_code == 302


def test_wrong_codes_count_as_failed_sign_ins_for_the_lockout(client, people, two_factor):
    device = app_device(people["reviewer"])
    for attempt in range(4):
        response = sign_in(client, "sfp-checker", f"0000{attempt:02d}", REMOTE_ADDR="203.0.113.9")
        assert response.status_code == 200
    assert sign_in(client, "sfp-checker", "000099", REMOTE_ADDR="203.0.113.9").status_code == 429
    assert sign_in(client, "sfp-checker", current_code(device), REMOTE_ADDR="203.0.113.9").status_code == 429


def test_a_session_not_confirmed_with_the_device_must_sign_in_again(client, people, two_factor):
    app_device(people["reviewer"])
    client.force_login(people["reviewer"])
    response = client.get(reverse("admin:factsheets_fiche_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN + "?next=")
    assert "_auth_user_id" not in client.session


def test_a_verified_session_reaches_the_admin(client, people, two_factor):
    verified_login(client, people["architect"])
    assert client.get(reverse("admin:index")).status_code == 200


def test_an_administrator_resets_a_lost_device(client, people, two_factor):
    device = app_device(people["reviewer"])
    call_command("reset_two_factor", "sfp-checker", verbosity=0)
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    sign_in(client, "sfp-checker")
    assert client.get(reverse("admin:index"))["Location"] == SET_UP


def test_a_superuser_deletes_a_device_in_the_admin(client, people, two_factor):
    device = app_device(people["reviewer"])
    verified_login(client, people["superuser"])
    url = reverse("admin:otp_totp_totpdevice_delete", args=[device.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()


def test_the_device_admin_shows_no_secret_even_to_a_superuser(client, people, two_factor):
    device = app_device(people["reviewer"])
    from staff.two_factor import new_recovery_codes

    codes = new_recovery_codes(people["reviewer"])
    verified_login(client, people["superuser"])
    page = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk])).content.decode()
    assert device.key not in page
    static = StaticToken.objects.filter(device__user=people["reviewer"]).first().device
    page = client.get(reverse("admin:otp_static_staticdevice_change", args=[static.pk])).content.decode()
    assert not any(code in page for code in codes)


def test_reviewers_may_not_see_the_devices(client, people, two_factor):
    verified_login(client, people["reviewer"])
    assert client.get(reverse("admin:otp_totp_totpdevice_changelist")).status_code == 403


def test_demo_accounts_say_how_to_set_up_the_second_factor(capsys):
    call_command("create_demo_accounts", "--password", PASSWORD)
    out = capsys.readouterr().out
    assert "/admin/two-factor/" in out
    assert "reset_two_factor" in out
