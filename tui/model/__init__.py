"""What the reader shows, as plain data: no Textual here, so all of it is tested without a screen.

- ``lookups.py``: an analysis sorted for the reader (``AnalysisIndex``: what is at an offset, the
  next quote, the timeline's order) and the places ``n`` / ``N`` step through (``Navigator``);
- ``actor_order.py``: the order of the actor panel, and of every list of actors offered;
- ``notes.py``: the article's annotations in the panel's order, kept current by difference.
"""
