"""Issue 16, item 6: the client address behind the proxy, and a lockout per account that many
addresses cannot get around."""

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from factsheets.models import Editor, Institution
from staff.lockout import client_ip
from tests.factsheets.workspace import PASSWORD, account

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


@pytest.fixture
def editor():
    return account("onem-person", Editor.Role.EDITOR, Institution.objects.get(slug="onem"))


def attempt(client, username, password="wrong", **meta):
    return client.post(LOGIN, {"username": username, "password": password}, **meta).status_code


def request(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post(LOGIN, **meta)


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request("198.51.100.9", "203.0.113.7")) == "198.51.100.9"


def test_behind_one_proxy_the_client_is_the_address_the_proxy_added(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request("10.0.0.2", "203.0.113.7")) == "203.0.113.7"
    # What the client wrote itself, left of the proxy's entry, is never believed.
    assert client_ip(request("10.0.0.2", "192.0.2.1, 192.0.2.2, 203.0.113.7")) == "203.0.113.7"
    # No header (the request did not come through the proxy) or garbage: the address that reached us.
    assert client_ip(request("10.0.0.2")) == "10.0.0.2"
    assert client_ip(request("10.0.0.2", "not-an-address")) == "10.0.0.2"


def test_behind_two_proxies_the_outer_proxys_entry_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request("10.0.0.3", "192.0.2.99, 203.0.113.7, 10.0.0.2")) == "203.0.113.7"
    assert client_ip(request("10.0.0.3", "10.0.0.2")) == "10.0.0.3"


def test_the_lockout_records_the_forwarded_address_behind_the_proxy(client, editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    attempt(client, "onem-person", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.7")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.7"]
    settings.TRUSTED_PROXY_COUNT = 0
    attempt(client, "onem-person", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7", "10.0.0.2"}


def test_visitors_behind_the_proxy_do_not_lock_each_other_out(client, editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        attempt(client, "onem-person", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.66")
    assert attempt(client, "onem-person", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.66") == 429
    # The editor, from their own address through the same proxy, still signs in.
    response = client.post(
        LOGIN, {"username": "onem-person", "password": PASSWORD}, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.20"
    )
    assert response.status_code == 302


def test_many_addresses_get_no_more_than_ten_guesses_per_account(client, editor, settings):
    assert settings.LOGIN_FAILURE_LIMITS["account"] == 10
    for number in range(9):
        assert attempt(client, "onem-person", REMOTE_ADDR=f"203.0.113.{number + 1}") == 200
    # The tenth failure, from a tenth address, locks the account: every address is refused now,
    # even with the right password.
    assert attempt(client, "onem-person", REMOTE_ADDR="203.0.113.10") == 429
    assert attempt(client, "onem-person", REMOTE_ADDR="203.0.113.200") == 429
    assert attempt(client, "onem-person", PASSWORD, REMOTE_ADDR="198.51.100.1") == 429
    # Another account is not affected.
    account("onem-other", Editor.Role.EDITOR, Institution.objects.get(slug="onem"))
    assert client.post(LOGIN, {"username": "onem-other", "password": PASSWORD}, REMOTE_ADDR="198.51.100.1").status_code == 302


def test_one_address_gets_five_guesses_per_account_and_thirty_in_all(client, editor):
    for _ in range(4):
        assert attempt(client, "onem-person", REMOTE_ADDR="203.0.113.5") == 200
    assert attempt(client, "onem-person", REMOTE_ADDR="203.0.113.5") == 429
    # Spraying many accounts from one address stops at the thirtieth failure in the hour.
    for number in range(29):
        assert attempt(client, f"nobody-{number}", REMOTE_ADDR="192.0.2.50") == 200
    assert attempt(client, "nobody-29", REMOTE_ADDR="192.0.2.50") == 429
    assert attempt(client, "someone-else", REMOTE_ADDR="192.0.2.50") == 429
    # Other addresses are not affected.
    assert attempt(client, "someone-else", REMOTE_ADDR="192.0.2.51") == 200


def test_the_lock_lasts_fifteen_minutes_then_doubles_with_each_further_failure(client, editor, time_machine):
    time_machine.move_to("2026-06-01 09:00:00+00:00", tick=False)
    for number in range(10):
        attempt(client, "onem-person", REMOTE_ADDR=f"203.0.113.{number + 1}")
    assert attempt(client, "onem-person", PASSWORD, REMOTE_ADDR="198.51.100.1") == 429
    # Attempts while locked are refused and not counted: they do not lengthen the lock.
    time_machine.move_to("2026-06-01 09:14:00+00:00", tick=False)
    assert attempt(client, "onem-person", REMOTE_ADDR="203.0.113.77") == 429
    # After 15 minutes, one more guess; wrong, it locks for 30 minutes, then 60.
    time_machine.move_to("2026-06-01 09:15:01+00:00", tick=False)
    assert attempt(client, "onem-person", REMOTE_ADDR="203.0.113.78") == 429
    time_machine.move_to("2026-06-01 09:45:00+00:00", tick=False)
    assert attempt(client, "onem-person", PASSWORD, REMOTE_ADDR="198.51.100.1") == 429
    time_machine.move_to("2026-06-01 09:45:02+00:00", tick=False)
    assert attempt(client, "onem-person", REMOTE_ADDR="203.0.113.79") == 429
    time_machine.move_to("2026-06-01 10:45:03+00:00", tick=False)
    # The owner, with the right password, signs in; that clears the account's failures.
    assert attempt(client, "onem-person", PASSWORD, REMOTE_ADDR="198.51.100.1") == 302
    client.logout()
    assert attempt(client, "onem-person", REMOTE_ADDR="203.0.113.80") == 200


def test_the_lock_never_exceeds_a_day_and_failures_are_forgotten_after_one(editor, settings):
    from staff.lockout import lock_delay

    assert lock_delay(9, 10) is None
    assert [lock_delay(n, 10).total_seconds() / 60 for n in (10, 11, 12, 13)] == [15, 30, 60, 120]
    assert lock_delay(40, 10).total_seconds() == 24 * 3600
    assert settings.AXES_COOLOFF_TIME == 24


def test_an_administrator_unlocks_an_account_with_the_axes_command(client, editor):
    for number in range(10):
        attempt(client, "onem-person", REMOTE_ADDR=f"203.0.113.{number + 1}")
    assert attempt(client, "onem-person", PASSWORD, REMOTE_ADDR="198.51.100.1") == 429
    call_command("axes_reset_username", "onem-person", verbosity=0)
    assert attempt(client, "onem-person", PASSWORD, REMOTE_ADDR="198.51.100.1") == 302


def test_signing_in_to_ones_own_account_does_not_reset_the_guesses_on_another(client, editor):
    account("onem-attacker", Editor.Role.EDITOR, Institution.objects.get(slug="onem"))
    for _ in range(4):
        attempt(client, "onem-person", REMOTE_ADDR="203.0.113.5")
    assert attempt(client, "onem-attacker", PASSWORD, REMOTE_ADDR="203.0.113.5") == 302
    client.logout()
    assert attempt(client, "onem-person", REMOTE_ADDR="203.0.113.5") == 429
