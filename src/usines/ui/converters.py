"""URL converters of the pages."""


class IdConverter:
    """A row's id: 1 to 18 digits, so that it always fits the database's 64-bit
    integers; anything longer does not match, and the page answers 404."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
