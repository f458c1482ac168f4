"""What every page app shares: the base layout and its partials, the static files, the
context processor, the map settings and the current edition. It imports no page app."""
