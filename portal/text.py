"""Small text helpers of the public pages."""

import unicodedata


def sort_key(text: str) -> str:
    """Alphabetical order a reader expects: accents and case do not count."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
