"""Small text helpers shared by the describing stages."""


def collapse_spaces(text: str) -> str:
    """`text` with every run of whitespace (newlines included) made one space, and no space at either end."""
    return " ".join(text.split())
