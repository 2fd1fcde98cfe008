"""Publishing: reports, cards, guides."""
