"""Byline's terminal reader. Depends on ``annotators``; nothing there depends on this package."""
