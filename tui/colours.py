"""The highlight colours, defined once: for the article view's CSS, the legend and the panels.

Each colour is a theme variable of Byline's own (``$byline-person`` …) with one value for dark
themes and one for light ones (``theme_variables``, which the app adds to every theme), chosen
so that every highlight reaches WCAG AA: text at least 4.5:1 against the background it is drawn
on — the article's, a quote's and an annotation's, as entities sit inside both — and an
unticked box's mark too; the unfocused panels' borders at least 3:1 (non-text, WCAG 1.4.11).
``tests/tui/test_contrast.py`` measures them on the screen. Each entity type has its own hue
(orange, green, cyan, blue, purple: at least 30° apart), so none is told apart by brightness
alone; search hits and the chosen actor's marks are backgrounds (yellow, pink; a paler pink for
its descriptions and pronouns) that keep the entity colours readable on top of them. The quote
under the cursor shows its source on an indigo background and its cue in indigo text, underlined.
"""

from __future__ import annotations

# variable: (dark theme, light theme)
THEME_COLOURS: dict[str, tuple[str, str]] = {
    "byline-person": ("#ffb86c", "#8a4000"),
    "byline-org": ("#7ab8ff", "#0b4a8f"),
    "byline-place": ("#8ad4a1", "#17602a"),
    "byline-group": ("#d7a0ff", "#7a2e8f"),
    "byline-date": ("#5fd7d7", "#005c5c"),
    "byline-quote": ("#0c304c", "#c5d5e6"),  # backgrounds from here on
    "byline-annotation": ("#24452e", "#c2dec9"),
    "byline-mark": ("#6a1f4a", "#f7b0d0"),
    "byline-mark-quiet": ("#3a1a2c", "#fbe1ec"),  # the chosen actor's descriptions and pronouns
    "byline-source": ("#3d3a8c", "#d6d2ff"),  # the source of the quote under the cursor
    "byline-search": ("#6b5300", "#ffd966"),
    "byline-on-highlight": ("#ffffff", "#1a1a1a"),  # text on a mark or a search hit
    "byline-border-blurred": ("#6e6e6e", "#767676"),  # unfocused panels
    "byline-unticked": ("#9e9e9e", "#555555"),  # the mark of an empty checkbox
    "byline-cue": ("#b4adff", "#3f34a0"),  # text: the cue of the quote under the cursor
}


def theme_variables(dark: bool) -> dict[str, str]:
    """Byline's colour variables for a dark or a light theme (``App.get_theme_variable_defaults``:
    a theme that sets one of them itself keeps its own)."""
    return {name: values[0 if dark else 1] for name, values in THEME_COLOURS.items()}


# component class: (colour, background, text style); "" leaves an attribute alone.
HIGHLIGHTS: dict[str, tuple[str, str, str]] = {
    "entity--person": ("$byline-person", "", "bold"),
    "entity--org": ("$byline-org", "", "bold"),
    "entity--place": ("$byline-place", "", ""),
    "entity--group": ("$byline-group", "", ""),
    "entity--date": ("$byline-date", "", ""),
    "entity--other": ("", "", "underline"),
    "article--quote": ("", "$byline-quote", "italic"),
    "article--mark": ("$byline-on-highlight", "$byline-mark", "bold underline"),
    "article--mark-quiet": ("", "$byline-mark-quiet", "underline"),
    "article--source": ("$byline-on-highlight", "$byline-source", "bold"),
    "article--cue": ("$byline-cue", "", "bold underline"),
    "article--search": ("$byline-on-highlight", "$byline-search", "bold"),
    "annotation--user": ("", "$byline-annotation", "underline"),  # the reader's own annotations
}
# The chosen actor's places by kind (``lookups.MentionKind``): names and quotes loud, descriptions
# and resolved pronouns quieter; the source and cue of the quote under the cursor
# (``AnalysisIndex.attribution_spans``).
MARK_CLASSES = {"name": "article--mark", "quote": "article--mark",
                "reference": "article--mark-quiet"}
ATTRIBUTION_CLASSES = {"source": "article--source", "cue": "article--cue"}
# Entity labels (spaCy's OntoNotes set; also actor types) grouped into the legend's colours.
ENTITY_CLASSES = {
    "PERSON": "entity--person",
    "ORG": "entity--org",
    "GPE": "entity--place",
    "LOC": "entity--place",
    "FAC": "entity--place",
    "NORP": "entity--group",
    "DATE": "entity--date",
    "TIME": "entity--date",
}
LEGEND = (
    ("person", "entity--person"),
    ("organisation", "entity--org"),
    ("place", "entity--place"),
    ("group", "entity--group"),
    ("date", "entity--date"),
    ("other", "entity--other"),
    ("“quote”", "article--quote"),
    ("annotated", "annotation--user"),
)


def entity_class(label: str) -> str:
    return ENTITY_CLASSES.get(label, "entity--other")


def content_style(name: str) -> str:
    """The highlight as a Content style string (``"bold $text-accent on $primary-muted"``)."""
    colour, background, text_style = HIGHLIGHTS[name]
    parts = [text_style, colour] + ([f"on {background}"] if background else [])
    return " ".join(p for p in parts if p)


def css_rules(selector: str = "&") -> str:
    """TCSS rules for the component classes, nested under ``selector``."""
    rules = []
    for name, (colour, background, text_style) in HIGHLIGHTS.items():
        body = "".join(
            f" {key}: {value};"
            for key, value in (("color", colour), ("background", background),
                               ("text-style", text_style))
            if value
        )
        rules.append(f"{selector} > .{name} {{{body} }}")
    return "\n".join(rules)
