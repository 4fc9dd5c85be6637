from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language


def languages(request):
    """The same page in every language, for the language switcher and the hreflang alternates."""
    path = request.get_full_path()
    current = get_language()
    return {
        "alternates": [
            {
                "code": code,
                "name": name,
                "url": translate_url(path, code),
                "is_current": code == current,
            }
            for code, name in settings.LANGUAGES
        ]
    }
