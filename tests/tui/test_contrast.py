"""Every highlight of the article view readable in both themes: WCAG AA, measured on the screen.

The real app draws a story whose layers this test sets to one probe word per layer (each entity
type alone and inside a quote, a quote, the chosen actor's marks: names, and the quieter ones of
its descriptions and pronouns, with a name inside; the source, on a name, and the cue, also inside
a quote, of the quote under the cursor; a search hit, an annotation); the colours are read back
from the composed screen (the segments' styles, after Textual has blended every alpha), and the
WCAG 2 contrast ratio of each cell's foreground against its background is computed. Text must
reach 4.5:1 (success criterion 1.4.3, AA), and so must the unticked box's mark; the unfocused
panels' borders are not text, and must reach 3:1 (1.4.11). Each entity type keeps its own hue.
``pytest -s`` prints the table.

The second test does the same for every other text of the app's screens (the panels with their
highlighted rows, the header, the status line, the footer, the dialogs, the help, the library):
the named layers whose colours come from a theme's text variables are printed, and no cell that
shows a letter may fall below 4.5:1 in either theme.
"""

from __future__ import annotations

import colorsys

from rich.color import Color
from rich.segment import Segment
from rich.style import Style

from byline.tui.app import DARK, LIGHT, BylineApp
from byline.tui.screens.annotating import NOTE_CLASS
from byline.tui.screens.dialogs import Tick
from byline.tui.screens.export import ExportScreen
from byline.tui.screens.reader import ReaderScreen

from .conftest import Story, settle

TEXT, NON_TEXT = 4.5, 3.0
ENTITY_TYPES = ("person", "org", "place", "group", "date")
# layer name -> (the words it covers, the nth time they occur, spans by layer).
PROBES: dict[str, tuple[str, int]] = {
    "plain text": ("disagreed", 0),
    "person": ("mayor", 0),
    "org": ("council", 0),
    "place": ("Lyon", 0),
    "group": ("plan", 0),
    "date": ("Thursday", 0),
    "other entity": ("waited", 0),
    "quote": ("will", 0),
    "person in a quote": ("money", 0),
    "org in a quote": ("not", 0),
    "place in a quote": ("early", 0),
    "group in a quote": ("tell", 0),
    "date in a quote": ("there", 0),
    "chosen actor's mark": ("Petit", 0),
    "chosen actor's quiet mark": ("Later", 0),
    "person in a quiet mark": ("Anna", 2),
    "quote's source": ("Berg", 1),
    "quote's cue": ("added", 0),
    "cue in a quote": ("build", 0),
    "search hit": ("said", 0),
    "search hit in a quote": ("bridge", 0),
    "annotation": ("voted", 0),
}
QUOTES = ("“We will build the bridge,”", "“too early to tell”", "“The money is not there.”")


def luminance(color: Color) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = color.get_truecolor()
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def ratio(fg: Color, bg: Color) -> float:
    light, dark = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def hexa(color: Color) -> str:
    return "#{:02x}{:02x}{:02x}".format(*color.get_truecolor())


def hue(color: Color) -> float:
    r, g, b = (v / 255 for v in color.get_truecolor())
    return colorsys.rgb_to_hls(r, g, b)[0] * 360


def cell_style(app: BylineApp, x: int, y: int) -> Style:
    """The style of the screen cell at (x, y), as composed for the terminal."""
    strip = app.screen._compositor.render_strips()[y]
    at = 0
    for segment in strip:
        text, style, _ = segment
        width = Segment(text).cell_length
        if at <= x < at + width:
            return style or Style()
        at += width
    raise AssertionError(f"no cell at {x},{y}")


def colours(style: Style, base: Style) -> tuple[Color, Color]:
    fg = style.color or base.color
    bg = style.bgcolor or base.bgcolor
    if style.reverse:
        fg, bg = bg, fg
    return fg, bg


def probe_layers(story: Story) -> dict[str, list[tuple[int, int, str]]]:
    def span(name: str) -> tuple[int, int]:
        words, nth = PROBES[name]
        start = story.at(words, nth)
        return start, start + len(words)

    entities = [(*span(kind), f"entity--{kind}") for kind in ENTITY_TYPES if kind != "date"]
    entities += [(*span(f"{kind} in a quote"), f"entity--{kind}") for kind in ENTITY_TYPES
                 if kind != "date"]
    entities.append((*span("person in a quiet mark"), "entity--person"))
    entities.append((*span("quote's source"), "entity--person"))
    entities.append((*span("other entity"), "entity--other"))
    quotes = [(story.at(q), story.at(q) + len(q), "article--quote") for q in QUOTES]
    return {
        "entities": sorted(entities),
        "dates": sorted([(*span("date"), "entity--date"), (*span("date in a quote"),
                                                           "entity--date")]),
        "quotes": sorted(quotes),
        "annotations": [(*span("annotation"), NOTE_CLASS)],
        "marks": sorted([(*span("chosen actor's mark"), "article--mark"),
                         (*span("chosen actor's quiet mark"), "article--mark-quiet"),
                         (*span("person in a quiet mark"), "article--mark-quiet")]),
        "attribution": sorted([(*span("quote's source"), "article--source"),
                               (*span("quote's cue"), "article--cue"),
                               (*span("cue in a quote"), "article--cue")]),
        "search": sorted([(*span("search hit"), "article--search"),
                          (*span("search hit in a quote"), "article--search")]),
    }


def measure_text(app: BylineApp, story: Story) -> dict[str, tuple[Color, Color]]:
    """(fg, bg) of the first letter of each probe as drawn on the screen."""
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    view = screen.view
    region = view.content_region
    base = view.rich_style
    out = {}
    for name, (words, nth) in PROBES.items():
        offset = story.at(words, nth) + 1  # not the first letter: the cursor could sit there
        row = view.layout_rows.row_of(offset) - int(view.scroll_y)
        column = view.layout_rows.column_of(offset)
        style = cell_style(app, region.x + column, region.y + row)
        out[name] = colours(style, base)
    return out


def measure_border(app: BylineApp, widget_id: str) -> tuple[Color, Color]:
    """The unfocused panel's left border against the screen behind it."""
    widget = app.screen.query_one(f"#{widget_id}")
    assert not widget.has_focus
    x, y = widget.region.x, widget.region.y + 1
    style = cell_style(app, x, y)
    return style.color, app.screen.rich_style.bgcolor


async def measure_tick(app: BylineApp, pilot) -> tuple[Color, Color]:  # noqa: ANN001
    """The unticked box's mark (the ``X`` of an empty checkbox) against the box."""
    screen = ExportScreen(app.paths[0].parent, "id", "title")
    app.push_screen(screen)
    await pilot.pause()
    tick = screen.query_one(Tick)
    tick.value = False
    await pilot.pause()
    strip = app.screen._compositor.render_strips()[tick.region.y]
    at, found = 0, None
    for text, style, _ in strip:
        if at >= tick.region.x and "X" in text:
            found = style
            break
        at += Segment(text).cell_length
    assert found is not None, "the unticked box is not drawn"
    await pilot.press("escape")
    await pilot.pause()
    return colours(found, tick.rich_style)


async def measure_theme(story: Story, theme: str) -> list[tuple[str, str, Color, Color, float]]:
    app = BylineApp([story.path])
    app.theme = theme
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        for layer, spans in probe_layers(story).items():
            screen.view.set_layer(layer, spans)
        await pilot.pause()
        rows = [(name, theme, fg, bg, ratio(fg, bg))
                for name, (fg, bg) in measure_text(app, story).items()]
        for panel in ("actors", "timeline"):
            fg, bg = measure_border(app, panel)
            rows.append((f"unfocused {panel} border", theme, fg, bg, ratio(fg, bg)))
        fg, bg = await measure_tick(app, pilot)
        rows.append(("unticked checkbox", theme, fg, bg, ratio(fg, bg)))
    return rows


def needed(name: str) -> float:
    return NON_TEXT if "border" in name else TEXT


async def test_every_layer_reaches_wcag_aa_in_both_themes(story):
    rows = await measure_theme(story, DARK) + await measure_theme(story, LIGHT)
    print(f"\n{'layer':28} {'theme':14} {'fg':8} {'bg':8} {'ratio':>6} need")
    for name, theme, fg, bg, value in rows:
        print(f"{name:28} {theme:14} {hexa(fg):8} {hexa(bg):8} {value:6.2f} {needed(name)}")
    low = [f"{name} ({theme}) {value:.2f}" for name, theme, _, _, value in rows
           if value < needed(name)]
    assert not low, f"below WCAG AA: {low}"
    for theme in (DARK, LIGHT):
        fgs = {name: fg for name, t, fg, _, _ in rows if t == theme and name in ENTITY_TYPES}
        hues = sorted((hue(fg), name) for name, fg in fgs.items())
        gaps = [(b[0] - a[0], a[1], b[1]) for a, b in zip(hues, hues[1:], strict=False)]
        gaps.append((hues[0][0] + 360 - hues[-1][0], hues[-1][1], hues[0][1]))
        close = [f"{a}/{b} {gap:.0f}°" for gap, a, b in gaps if gap < 25]
        assert not close, f"entity types too close in hue ({theme}): {close}"


# -- every other text: panels, status line, header, footer, dialogs, help, library ------------
#
# Each screen state below is drawn in both themes; every cell that shows a letter (not a space,
# a border or a bar) is measured, the named layers are printed, and every cell must reach AA.
# The named layers are those whose colour comes from a theme's text variables ($text-warning,
# $text-accent, $text-success, $text-muted, placeholders, the footer's keys, highlighted rows).
# A modal dialog is measured inside its box only: the screen behind it is dimmed on purpose.
GLYPHLESS = set(" ─│╭╮╰╯▔▁▏▕▎▍▌▋▊▉█▐━┃┏┓┗┛╹╻▆▇▅▄▃▂")
# state -> (layer name, the widget showing it, words there, which of their letters is measured:
# the second, away from a cursor, unless the layer is the cursor).
NAMED: dict[str, tuple[tuple[str, str, str, int], ...]] = {
    "reader": (("header (dim)", "#header", "d to change", 1),
               ("timeline date", "#timeline", "16 Jun 2022", 1),
               ("timeline date, highlighted row", "#timeline", "week 23", 1),
               ("timeline event", "#timeline", "added", 1),
               ("actor name", "#actors", "Marc Petit", 1),
               ("actor counts", "#actors", "mentions", 1),
               ("annotation label", "#notes", "place", 1),
               ("annotation note", "#notes", "a note here", 1),
               ("filter placeholder", "#notes", "filter by label", 1),
               ("unfocused panel title", "#actors", "Actors (", 1),
               ("footer key", "Footer", "tab", 1), ("footer description", "Footer", "Panels", 1),
               ("legend", "#legend", "organisation", 1),
               ("status line", "#statusbar", "analysis from the cache", 1),
               ("article cursor", "#article", "Anna Berg met", 0)),
    "search not found": (("not found", "#statusbar", "not found", 1),),
    "actors focused": (("actor name, focused panel", "#actors", "Anna Berg", 1),
                       ("focused panel title", "#actors", "Actors (", 1),
                       ("annotation label, blurred row", "#notes", "place", 1),
                       ("article cursor, blurred", "#article", "Anna Berg met", 0)),
    "annotations focused": (("annotation label, focused row", "#notes", "place", 1),
                            ("annotation note, focused row", "#notes", "a note here", 1)),
    "annotate dialog": (("dialog title", "#dialog", "Annotate", 1),
                        ("field caption", "#dialog", "note", 1),
                        ("empty field placeholder", "#dialog", "(optional)", 1),
                        ("entity kind", "#dialog", "adds an entity", 1),
                        ("select prompt", "#dialog", "arrows open", 1),
                        ("dialog hint", "#dialog", "enter: save", 1)),
    "label needed": (("error", "#dialog", "a label is needed", 1),),
    "help": (("help section title", "#help", "Moving in the text", 1),),
    "library": (("library title", "#library-title", "Byline", 1),
                ("library row", "#articles", "Second", 1)),
}


def glyph_rows(app: BylineApp) -> list[list[tuple[int, str, Style]]]:
    """Per screen row: (x, text, style) of each segment as composed for the terminal."""
    rows = []
    for strip in app.screen._compositor.render_strips():
        at, row = 0, []
        for text, style, _ in strip:
            row.append((at, text, style or Style()))
            at += Segment(text).cell_length
        rows.append(row)
    return rows


def measure_screen(app: BylineApp, state: str, theme: str) -> list[tuple[str, str, str, str,
                                                                           Color, Color, float]]:
    """(state, layer, theme, sample, fg, bg, ratio): the named layers of ``state``, then every
    other text segment drawn below AA (none, when all is well)."""
    from textual.screen import ModalScreen

    base = app.screen.rich_style
    box = None
    if isinstance(app.screen, ModalScreen):
        box = app.screen.query("#dialog, #help").first().region
    rows = glyph_rows(app)
    out = []
    for layer, selector, words, letter in NAMED.get(state, ()):
        region = app.screen.query(selector).first().region
        found = None
        for y in range(region.y, region.bottom):
            line = "".join(text for _, text, _ in rows[y])
            at = line.find(words)
            while at >= 0 and not region.contains(Segment(line[:at]).cell_length, y):
                at = line.find(words, at + 1)
            if at >= 0:
                found = (Segment(line[:at + letter]).cell_length, y)
                break
        assert found is not None, f"{state} ({theme}): no {words!r} in {selector} ({layer})"
        fg, bg = colours(cell_style(app, *found), base)
        out.append((state, layer, theme, words, fg, bg, ratio(fg, bg)))
    for y, row in enumerate(rows):
        for x, text, style in row:
            if set(text) <= GLYPHLESS or (box is not None and not box.contains(x, y)):
                continue
            fg, bg = colours(style, base)
            if fg is not None and bg is not None and ratio(fg, bg) < TEXT:
                out.append((state, "(a text)", theme, text.strip()[:24], fg, bg, ratio(fg, bg)))
    return out


async def screens_of(story: Story, theme: str) -> list[tuple[str, str, str, str, Color, Color,
                                                             float]]:
    from byline.annotators.article import collect_paths, read_article
    from byline.annotators.store import Store

    db = story.path.parent / "notes.json"
    article = read_article(story.path)
    with Store(db) as store:
        store.add_article(article)
        store.add_annotation(article.id, story.at("bridge"), story.at("bridge") + 6, "place",
                             note="a note here")
    rows = []
    app = BylineApp([story.path], db=str(db))
    app.theme = theme
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot, app)
        for _ in range(100):  # the annotations panel, once the store is read
            if "a note here" in "".join(s.text for s in app.screen._compositor.render_strips()):
                break
            await pilot.pause(0.05)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        rows += measure_screen(app, "reader", theme)
        await pilot.press("slash", *"zzz", "enter")
        await pilot.pause()
        rows += measure_screen(app, "search not found", theme)
        await pilot.press("tab")
        await pilot.pause()
        rows += measure_screen(app, "actors focused", theme)
        await pilot.press("tab", "tab")
        await pilot.pause()
        rows += measure_screen(app, "annotations focused", theme)
        screen.set_focus(screen.view)
        await pilot.press("question_mark")
        await pilot.pause()
        rows += measure_screen(app, "help", theme)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("shift+right", "shift+right", "a")
        await pilot.pause()
        await pilot.press(*"ORG")
        await pilot.pause()
        rows += measure_screen(app, "annotate dialog", theme)
        await pilot.press(*["backspace"] * 3, "enter")
        await pilot.pause()
        rows += measure_screen(app, "label needed", theme)
    (story.path.parent / "second.md").write_text(
        "---\ntitle: Second\npublished: 2021-03-04\n---\nBody.\n", encoding="utf-8")
    app = BylineApp(collect_paths([story.path.parent]), db=str(db))
    app.theme = theme
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        rows += measure_screen(app, "library", theme)
    return rows


async def test_every_text_of_every_screen_reaches_wcag_aa_in_both_themes(story):
    rows = await screens_of(story, DARK) + await screens_of(story, LIGHT)
    print(f"\n{'state':20} {'layer':32} {'theme':14} {'fg':8} {'bg':8} {'ratio':>6}")
    for state, layer, theme, words, fg, bg, value in sorted(
            rows, key=lambda r: (r[1] == "(a text)", r[0], r[1], r[2])):
        name = layer if layer != "(a text)" else f"{layer} {words!r}"
        print(f"{state:20} {name:32} {theme:14} {hexa(fg):8} {hexa(bg):8} {value:6.2f}")
    low = [f"{state}: {layer} {words!r} ({theme}) {hexa(fg)} on {hexa(bg)} {value:.2f}"
           for state, layer, theme, words, fg, bg, value in rows if value < TEXT]
    assert not low, "below WCAG AA:\n" + "\n".join(low)
