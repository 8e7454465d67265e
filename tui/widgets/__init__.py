"""Byline's widgets; the article view is a Line-API widget fast on any length."""
