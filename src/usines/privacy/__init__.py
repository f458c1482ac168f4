"""The personal-data lifecycle: what the platform stores and why, a person's copy
and deletion of their data, and the retention purge."""
