"""The rules "one module owns this write" hold in the code, not only in the docs.

- Only the bookings app's own modules create, change or delete bookings,
  waiting-list entries, walk-ins and the help desk's records of its actions
  (services, waitlist offers, slot-wide changes, check-in, the help desk, bulk
  loading).
- Only `bookings/capacity.py` writes a slot's counters `booked` and `held`.

The scan reads every source module (tests and migrations aside) as a syntax tree.
"""

import ast
import re
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[1]
WRITES = {
    "create",
    "bulk_create",
    "update",
    "bulk_update",
    "delete",
    "get_or_create",
    "update_or_create",
    "save",
}
BOOKING_MODELS = {"Booking", "WaitlistEntry", "WalkIn", "BookingAction"}
COUNTERS = {"booked", "held"}


def _root_name(node: ast.AST) -> str | None:
    """The name a chain of calls and attributes starts from (`Booking` in
    `Booking.objects.filter(…).update(…)`)."""
    while isinstance(node, ast.Attribute | ast.Call | ast.Subscript):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def booking_writes(tree: ast.AST) -> list[int]:
    """Lines that write booking rows: a write method on a chain starting from a
    booking model, or a booking model built by hand."""
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in WRITES:
            if _root_name(func.value) in BOOKING_MODELS:
                lines.append(node.lineno)
        elif isinstance(func, ast.Name) and func.id in BOOKING_MODELS:
            lines.append(node.lineno)
    return sorted(set(lines))


def _sql_writing_counters(node: ast.Constant | ast.JoinedStr) -> bool:
    """A string (or f-string) of SQL that updates `booked` or `held`."""
    text = ast.unparse(node)
    return bool(re.search(r"\bUPDATE\b", text)) and bool(re.search(r"\b(booked|held)\b", text))


def counter_writes(tree: ast.AST) -> list[int]:
    """Lines that write `booked` or `held`: as a keyword of a write method, as a
    field listed for `bulk_update`, in SQL that updates them, or by assigning the
    attribute of a slot (a name with "slot" in it; other objects, such as
    attendance figures, have a `booked` of their own)."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr not in WRITES:
                continue
            if any(keyword.arg in COUNTERS for keyword in node.keywords):
                lines.append(node.lineno)
            fields = [arg for arg in node.args if isinstance(arg, ast.List | ast.Tuple)]
            for field_list in fields:
                if any(
                    isinstance(item, ast.Constant) and item.value in COUNTERS
                    for item in field_list.elts
                ):
                    lines.append(node.lineno)
        elif isinstance(node, ast.Constant | ast.JoinedStr) and _sql_writing_counters(node):
            lines.append(node.lineno)
        elif isinstance(node, ast.Assign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(
                isinstance(t, ast.Attribute)
                and t.attr in COUNTERS
                and "slot" in (_root_name(t) or "").lower()
                for t in targets
            ):
                lines.append(node.lineno)
    return sorted(set(lines))


def _sources() -> list[Path]:
    return [
        path
        for path in SOURCE.rglob("*.py")
        if "tests" not in path.parts
        and "migrations" not in path.parts
        and path.name != "testsupport.py"
    ]


def _offences(check, allowed) -> list[str]:
    found = []
    for path in _sources():
        relative = path.relative_to(SOURCE).as_posix()
        if allowed(relative):
            continue
        for line in check(ast.parse(path.read_text(), str(path))):
            found.append(f"{relative}:{line}")
    return found


def test_only_the_bookings_app_writes_bookings_waitlist_entries_and_walk_ins():
    assert _offences(booking_writes, lambda path: path.startswith("bookings/")) == []


def test_only_capacity_writes_a_slots_counters():
    assert _offences(counter_writes, lambda path: path == "bookings/capacity.py") == []


@pytest.mark.parametrize(
    "code",
    [
        "Booking.objects.create(slot=slot, party_size=2)",
        "Booking.objects.filter(slot=slot).update(status='cancelled')",
        "WaitlistEntry.objects.bulk_create(entries)",
        "Booking(slot=slot).save()",
    ],
)
def test_the_scan_sees_a_booking_written_elsewhere(code):
    assert booking_writes(ast.parse(code)) == [1]


@pytest.mark.parametrize(
    "code",
    [
        "Slot.objects.filter(pk=1).update(booked=0, held=0)",
        "Slot.objects.bulk_update(slots, ['booked'])",
        "slot.held = 3",
        "slot.booked += 1",
        'cursor.execute("UPDATE factories_slot SET booked = booked + 1 WHERE id = 1")',
        "SQL = f\"UPDATE {table} SET {_column('held')} = 0\"",
    ],
)
def test_the_scan_sees_a_counter_written_elsewhere(code):
    assert counter_writes(ast.parse(code)) == [1]


def test_no_source_module_passes_500_lines():
    long = {
        path.relative_to(SOURCE).as_posix(): count
        for path in _sources()
        if (count := len(path.read_text().splitlines())) > 500
    }
    assert long == {}
