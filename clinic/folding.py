"""Names folded for search: case, accents and umlauts do not matter, spelt out or not.

"Krüger", "Krueger", "KRUGER" and "kruger" all fold to "kruger", so a therapist finds the client
however the name was typed, on SQLite and PostgreSQL alike (the folded name is stored, and the
query is folded the same way, so no database collation is involved).
"""

import unicodedata

# German umlauts spelt out (ü → ue) fold like the umlaut itself (ü → u).
SPELT_OUT = (("ae", "a"), ("oe", "o"), ("ue", "u"))


def fold(text):
    text = unicodedata.normalize("NFKD", (text or "").casefold())  # casefold: ß → ss
    text = "".join(char for char in text if not unicodedata.combining(char))
    for spelt, letter in SPELT_OUT:
        text = text.replace(spelt, letter)
    return text
