"""Spreadsheet cells that a spreadsheet would run as a formula ("CSV injection").

A cell starting with = + - @ (or a tab or carriage return, which some spreadsheets skip
before looking) is a formula to Excel, LibreOffice and Google Sheets. Exports prefix such
text with an apostrophe, which spreadsheets show as text; imports keep such cells as plain
text and take the apostrophe off again."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def neutralise(text: str) -> str:
    """Text that a spreadsheet shows as it is instead of evaluating it."""
    return "'" + text if looks_like_formula(text) else text


def restore(text: str) -> str:
    """The text an export neutralised, as it was before (other text unchanged)."""
    return text[1:] if text.startswith("'") and looks_like_formula(text[1:]) else text
