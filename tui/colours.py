"""The highlight colours, defined once: for the article view's CSS, the legend and the panels.

Theme variables only (``$text-accent``, ``$primary-muted`` …), so dark and light themes both read.
"""

from __future__ import annotations

# component class: (colour, background, text style); "" leaves an attribute alone.
HIGHLIGHTS: dict[str, tuple[str, str, str]] = {
    "entity--person": ("$text-accent", "", "bold"),
    "entity--org": ("$text-primary", "", "bold"),
    "entity--place": ("$text-success", "", ""),
    "entity--group": ("$text-secondary", "", ""),
    "entity--date": ("$text-warning", "", ""),
    "entity--other": ("", "", "underline"),
    "article--quote": ("", "$primary-muted", "italic"),
    "article--mark": ("$text", "$accent-muted", "bold underline"),
    "article--search": ("$text", "$warning-muted", "bold"),
    "annotation--user": ("", "$success-muted", "underline"),  # the reader's own annotations
}
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
