"""Byline's screens: library, reader, and the dialogs."""
