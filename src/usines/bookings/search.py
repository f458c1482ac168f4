"""Finding a booking by what a host types: "chloe" finds Chloé, "CHLOÉ" too.

Names are compared folded: lower-cased, without accents, ligatures spelt out. The
same fold runs in three places, which must agree: `fold` in Python (the typed
text), `Folded` in SQL (the stored names) and `fold` in static/js/checkin.js (the
phone's offline search).

SQLite has no function to strip accents and its LOWER() knows only ASCII, so the
Python `fold` is registered on every SQLite connection (`USINES_FOLD`, connected in
the app's `ready()`). PostgreSQL gets the same result from TRANSLATE() (every
accented Latin letter to its base letter), LOWER() and REPLACE() for the ligatures,
without any extension to install.
"""

import unicodedata

from django.db.models import CharField, Func, Q, QuerySet

# Letters that do not decompose in Unicode but that a host types without their mark.
_UNMARKED = {"ø": "o", "ł": "l", "đ": "d", "ı": "i", "’": "'", "ʼ": "'"}
_LIGATURES = {"œ": "oe", "æ": "ae", "ß": "ss"}
_AFTER_LOWER = str.maketrans({**_UNMARKED, **_LIGATURES})


def fold(text: str) -> str:
    """Lower case, no accents: what a name is compared as."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return bare.lower().translate(_AFTER_LOWER)


def _translate_table() -> tuple[str, str]:
    """TRANSLATE()'s two strings: each Latin letter with a mark (Latin-1 to Latin
    Extended-B, both cases) and the same letter without it."""
    source, target = [], []
    for point in range(0xC0, 0x250):
        char = chr(point)
        bare = "".join(
            part for part in unicodedata.normalize("NFD", char) if not unicodedata.combining(part)
        )
        if bare != char and len(bare) == 1 and bare.isascii():
            source.append(char)
            target.append(bare)
    for char, bare in _UNMARKED.items():
        for variant in dict.fromkeys((char, char.upper())):
            if len(variant) == 1 and not variant.isascii() and variant not in source:
                source.append(variant)
                target.append(bare)
    return "".join(source), "".join(target)


_TRANSLATE_FROM, _TRANSLATE_TO = _translate_table()


class Folded(Func):
    """A text column as `fold` gives it, on SQLite and PostgreSQL alike."""

    arity = 1
    output_field = CharField()

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        sql = f"LOWER(TRANSLATE({sql}, %s, %s))"
        params = [*params, _TRANSLATE_FROM, _TRANSLATE_TO]
        for ligature, letters in _LIGATURES.items():
            for variant in dict.fromkeys((ligature, ligature.upper())):
                if len(variant) == 1:
                    sql = f"REPLACE({sql}, %s, %s)"
                    params += [variant, letters]
        return sql, params

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"USINES_FOLD({sql})", params


def _fold_or_null(value):
    return fold(value) if isinstance(value, str) else value


def register_sqlite_fold(sender, connection, **kwargs) -> None:
    """Give every new SQLite connection the `USINES_FOLD` function `Folded` calls."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("USINES_FOLD", 1, _fold_or_null, deterministic=True)


def matching(bookings: QuerySet, query: str, *, email: bool = False) -> QuerySet:
    """The bookings whose name (or e-mail, if asked) holds what was typed, folded."""
    folded = fold(query.strip())
    condition = Q(folded_name__contains=folded)
    if email:
        condition |= Q(email__icontains=query.strip())
    return bookings.alias(folded_name=Folded("name")).filter(condition)
