"""The relays' pages, every URL under /relais/."""
