"""The one translation function every user-facing string goes through."""

# English is the source language; a Simplified Chinese catalogue can be plugged in by
# filling CATALOGUE (message id -> translation) without touching call sites.
CATALOGUE: dict[str, str] = {}


def _(message: str) -> str:
    """Return the translation of `message`, or the message itself."""
    return CATALOGUE.get(message, message)
