"""A realistic, visibly fictitious national edition for demonstrations and benchmarks.

The top layer: it builds on every other app and nothing imports it. Bookings,
waiting-list entries and slot counters are written through `usines.bookings.bulk`.
"""
