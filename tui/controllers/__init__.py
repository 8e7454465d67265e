"""Controllers: keys that belong to a job, not to a widget, as nodes the screen composes.

A controller holds its ``BINDINGS`` (each with its id, so the user's keymap, the help and the
palette find them) and turns each key into an intent (``byline.tui.messages``) that it posts up to
its screen, which does the work. ``AnnotatingKeys`` and ``CorrectingKeys`` are the reader's; they
replace the ``ReaderScreen`` ← ``CorrectingScreen`` ← ``AnnotatingScreen`` inheritance.
"""
