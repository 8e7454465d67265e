"""The command palette (``ctrl+p``): every key's action, plus the actors and events of the article
(in the library: the actors of its actor index).

Commands come from the bindings of the app, the current screen and the article view, so a new key
is a new command without a second list to keep. Names from the article are shown literally.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.dom import DOMNode

from byline.annotators.temporal.values import describe_date
from byline.annotators.wording import count
from byline.tui.glyphs import inert

Command = tuple[str, str, Callable[[], object]]


def literal_highlight(matcher: Matcher, text: str) -> Content:
    """``Matcher.highlight`` parses markup; this highlights the matched letters of plain text."""
    content = Content(text)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def own_bindings(node: DOMNode) -> list:
    """The bindings of the node's class and of Byline's classes it builds on (not Textual's)."""
    found = []
    for cls in type(node).__mro__:
        if cls.__module__.startswith("byline.tui."):
            found += cls.__dict__.get("BINDINGS", [])
    return found


def binding_commands(node: DOMNode) -> Iterator[Command]:
    app = node.app
    for binding in own_bindings(node):
        if not isinstance(binding, Binding):
            binding = Binding(*binding)
        if not binding.description or binding.action in ("command_palette",):
            continue
        yield binding.description, app.binding_keys(binding), partial(node.run_action,
                                                                      binding.action)


# Annotations the palette lists (the next ones from the cursor): matching runs on each key typed,
# and an article may hold 100,000; the annotations panel lists them all.
PALETTE_NOTES = 500


class BylineCommands(Provider):
    """Key actions of the app, screen and article view; actors and events of the reader."""

    def commands(self) -> list[Command]:
        from byline.tui.screens.library import LibraryScreen
        from byline.tui.screens.reader import ReaderScreen
        from byline.tui.widgets.article_view import ArticleView

        screen = self.screen
        found: list[Command] = []
        seen: set[str] = set()
        nodes: list[DOMNode] = [screen]
        if isinstance(screen, ReaderScreen):
            nodes += [*screen.controllers, screen.query_one(ArticleView)]
        nodes.append(self.app)
        for node in nodes:
            for name, keys, run in binding_commands(node):
                if name not in seen:
                    seen.add(name)
                    found.append((name, keys, run))
        if isinstance(screen, ReaderScreen) and screen.index is not None:
            for actor in screen.index.actors_by_importance():
                found.append((f"Actor: {inert(actor.name, 80)}",
                              f"{actor.type.lower()}, {count(len(actor.mentions), 'mention')}",
                              partial(screen.choose_actor, actor.id)))
            for event in screen.index.timeline():
                found.append((f"Event: {describe_date(event.date)} — {inert(event.text, 60)}",
                              "jump to it", partial(screen.view.move_to, event.start, center=True)))
        if isinstance(screen, LibraryScreen):  # the actor index as the library shows it now
            for library_actor in screen.actors:
                found.append((f"Actor: {inert(library_actor.name, 80)}",
                              f"{library_actor.type.lower()},"
                              f" {count(library_actor.articles, 'article')}",
                              partial(screen.choose_actor, library_actor)))
        if isinstance(screen, ReaderScreen):
            notes = [note for note in screen.notes if not note.orphan]
            cursor = screen.view.cursor
            after = [note for note in notes if note.start >= cursor]
            nearby = (after + notes[:len(notes) - len(after)])[:PALETTE_NOTES]
            for note in nearby:
                found.append((f"Annotation: {inert(note.label, 40)} — {inert(note.exact, 60)}",
                              inert(note.note, 60) or "jump to it",
                              partial(screen.view.move_to, note.start, center=True)))
            if len(notes) > len(nearby):
                found.append((f"Annotations: all {len(notes):,} of them", "the list (l)",
                              screen.action_toggle_annotations))
        return found

    async def discover(self) -> Hits:
        for name, keys, run in self.commands():
            yield DiscoveryHit(Content(name), run, help=Content(keys))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, keys, run in self.commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, literal_highlight(matcher, name), run, text=name,
                          help=Content(keys))
