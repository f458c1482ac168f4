"""The organisers' pages, every URL under /organisation/."""
