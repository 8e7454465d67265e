"""Quotations: their marks, their speakers and cues, the component."""
