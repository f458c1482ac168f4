"""The hosts' pages, every URL under /hote/."""
