import pytest
from babel.messages.pofile import read_po
from django.conf import settings


def catalogue(language):
    path = settings.BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


@pytest.mark.parametrize("language", ["fr", "nl", "de"])
def test_every_interface_string_is_translated(language):
    messages = [message for message in catalogue(language) if message.id]
    assert messages
    untranslated = [message.id for message in messages if not message.string or not all(message.string if isinstance(message.string, tuple) else [message.string])]
    fuzzy = [message.id for message in messages if message.fuzzy]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("language", ["fr", "nl", "de", "en"])
def test_catalogues_have_the_same_strings(language):
    reference = {message.id for message in catalogue("en") if message.id}
    assert {message.id for message in catalogue(language) if message.id} == reference
