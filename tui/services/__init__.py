"""What the reader runs beside its screens: the store's owner thread."""
