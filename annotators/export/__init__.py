"""Exports: the formats and the one safe writer."""
