"""Ballots for the most wanted visits: entries with ranked choices, the seeded draw,
and its fairness figures."""
