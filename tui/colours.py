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

from textual.color import Color

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
    # A list's highlighted row (the actors, the timeline, the annotations, a dialog's choices),
    # focused and not: the entity colours and $text-warning/-success are drawn on it, which
    # Textual's saturated blue (2.7:1 dark, 1.3:1 light) and its 30% tint (3:1 light) are not for.
    "byline-highlight": ("#37414d", "#b9d4f0"),
    "byline-highlight-blurred": ("#2a323c", "#cdd8e3"),
}


# WCAG AA for text (success criterion 1.4.3).
AA = 4.5
# Textual's own text colours, and the backgrounds they are drawn on in Byline (the article and
# lists on $background/$surface, the header, status line and library title on $panel, the
# footer). A theme's colours can fall short: textual-light's $text-warning and $text-accent are
# 3.3:1 on its background and 2.8:1 on $panel (the timeline's dates, "not found", "no
# publication date", the dialogs' "adds an entity", the help's titles), its $text-success 3.2:1
# on $panel (the annotations' labels), its footer keys 2.9:1. tests/tui/test_contrast.py
# measures every text of the screens with these applied.
SURFACES = ("background", "surface", "panel")
READABLE: dict[str, tuple[str, ...]] = {
    **{name: SURFACES for name in ("text-primary", "text-secondary", "text-accent",
                                   "text-warning", "text-error", "text-success", "text-muted",
                                   "foreground")},
    "footer-key-foreground": ("footer-background",),
    "footer-description-foreground": ("footer-background",),
    # the article's cursor (its letter; Textual's own white at 87% is 4.0:1 on textual-dark's)
    "block-cursor-foreground": ("block-cursor-background",),
}


def luminance(color: Color) -> float:
    """WCAG 2 relative luminance of an opaque sRGB colour."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(fg: Color, bg: Color) -> float:
    """WCAG 2 contrast ratio of ``fg`` drawn on ``bg`` (an alpha in ``fg`` is blended first)."""
    light, dark = sorted((luminance(bg + fg), luminance(bg)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable_variables(variables: dict[str, str]) -> dict[str, str]:
    """The ``READABLE`` text colours of a theme's variables that fall below AA on one of their
    backgrounds, moved until they reach it: darker on light backgrounds, lighter on dark ones
    (the hue kept), or, for Textual's ``auto N%`` (a contrasting colour at an alpha), a higher
    alpha. Any theme, not only Byline's two: a colour already readable is not returned."""
    out = {}
    for name, grounds in READABLE.items():
        value = variables.get(name)
        backs = [Color.parse(variables[g]) for g in grounds if g in variables]
        if value is None or not backs:
            continue
        if value.startswith("auto"):
            words = value.split()
            alpha = int(words[1].rstrip("%")) if len(words) > 1 else 100
            start = alpha
            while alpha < 100 and min(contrast(bg.get_contrast_text(alpha / 100), bg)
                                      for bg in backs) < AA:
                alpha += 5
            if len(backs) == 1:  # one background: the colour itself (a component class
                # resolves "auto" against its widget's background, not the one named here)
                out[name] = (backs[0] + backs[0].get_contrast_text(alpha / 100)).hex
            elif alpha != start:
                out[name] = f"auto {alpha}%"
            continue
        colour = Color.parse(value)
        light = sum(luminance(bg) for bg in backs) / len(backs) > 0.18
        moved = colour
        for _ in range(50):
            if min(contrast(moved, bg) for bg in backs) >= AA:
                break
            moved = moved.darken(0.02) if light else moved.lighten(0.02)
        if moved != colour:
            out[name] = moved.hex
    return out


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
