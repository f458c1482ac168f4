"""The teachers' pages, every URL under /enseignant/."""
