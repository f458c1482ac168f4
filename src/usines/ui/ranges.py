"""One byte range of a file, as an HTTP Range header asks for it (RFC 9110, 14.2)."""

import re
from dataclasses import dataclass

_SINGLE_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


@dataclass(frozen=True)
class ByteRange:
    start: int
    end: int  # inclusive, as in Content-Range
    satisfiable: bool = True

    @property
    def length(self) -> int:
        return self.end - self.start + 1


UNSATISFIABLE = ByteRange(0, -1, satisfiable=False)


def requested_range(header: str, size: int) -> ByteRange | None:
    """The part of a file of `size` bytes that a Range header asks for.

    None means "send the whole file": no header, another unit, several ranges or a
    malformed one (a server may ignore a Range it does not serve). A range starting
    past the end is UNSATISFIABLE (the answer is 416); an end past the file's is cut.
    """
    match = _SINGLE_RANGE.match(header.replace(" ", ""))
    if match is None or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if not first:  # "bytes=-500": the last 500 bytes
        suffix = int(last)
        if suffix == 0 or size == 0:
            return UNSATISFIABLE
        return ByteRange(max(0, size - suffix), size - 1)
    start, end = int(first), int(last) if last else None
    if end is not None and end < start:
        return None
    if start >= size:
        return UNSATISFIABLE
    return ByteRange(start, size - 1 if end is None else min(end, size - 1))
