"""The list of people who asked for news of the next edition: double opt-in,
one-click unsubscribe, export."""
