"""The Byline app: screens, global keys, and the worker that analyses articles off the event loop.

``run()`` is what ``byline`` calls. spaCy is imported only inside the worker thread, and only
when the analysis is not already in the disk cache, so the text is on screen at once.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from pathlib import Path
from weakref import WeakKeyDictionary

from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import get_current_worker

from byline.annotators.article import Article, read_article
from byline.annotators.errors import BylineError
from byline.tui.glyphs import inert, inert_lines
from byline.tui.messages import AnalysisFailed, AnalysisProgress, AnalysisReady

MIN_WIDTH, MIN_HEIGHT = 40, 10
FIRST_FRAMES_GRACE = 0.3  # seconds
STORE_AFTER_FIRST_FRAME = 0.1  # seconds
NOTIFY_LIMIT = 600  # characters of a notification; a 6 MB label is not a toast
TERMINAL_CHECK_SECONDS = 1.0  # how often the app looks whether its terminal is still there
HANGUP_STATUS = 129  # the exit status when it is not: a hang-up's (128 + SIGHUP)
DARK, LIGHT = "textual-dark", "textual-light"


class TooSmallScreen(Screen):
    """Shown instead of a squashed layout while the terminal is smaller than the minimum."""

    BINDINGS = [Binding("q", "app.quit", "Quit", id="too_small.quit")]

    def compose(self):  # noqa: ANN201
        yield Static(id="too-small")

    def show_size(self, width: int, height: int) -> None:
        self.query_one("#too-small", Static).update(Content(
            f"Byline needs a terminal of at least {MIN_WIDTH}×{MIN_HEIGHT}; this one is"
            f" {width}×{height}. Make it larger, or press q to quit."
        ))


def byline_commands():  # noqa: ANN201
    """The palette's provider, imported when the palette first opens (not at start-up)."""
    from byline.tui.commands import BylineCommands

    return BylineCommands


class BylineApp(App[int]):
    CSS_PATH = "byline.tcss"
    TITLE = "Byline"
    COMMANDS = App.COMMANDS | {byline_commands}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("t", "toggle_theme", "Light/dark theme", show=False, id="app.toggle_theme"),
        Binding("ctrl+e", "export", "Export annotations", show=False, id="app.export"),
        Binding("R", "rules", "Personal rules", show=False, id="app.rules"),
    ]

    def __init__(
        self,
        paths: list[Path],
        published: str | None = None,
        model: str | None = None,
        db: str | None = None,
    ) -> None:
        super().__init__()
        self.paths = [Path(p) for p in paths]
        self.published = published
        self.model = model
        self.db = db
        from byline.tui.services.store_owner import StoreOwner

        self.owner = StoreOwner(self, db)  # the annotation store, on its own thread
        # Each key's first target (see ``_on_key``); weak, as most keys never come back here.
        self._key_focus: WeakKeyDictionary[events.Key, Widget | None] = WeakKeyDictionary()
        self.owner.on_notice = lambda line: self.notify(line, title="Annotation file",
                                                         severity="warning", timeout=10)
        self.article: Article | None = None
        if len(self.paths) == 1:
            self.article = read_article(self.paths[0], published)
        elif published is not None:
            raise BylineError("--published applies to one article; give each its front matter")
        self._pipeline_lock = threading.Lock()
        self._too_small: TooSmallScreen | None = None
        self._started = False
        self.keymap: dict[str, str] = {}  # binding id -> keys, from settings.toml (see on_mount)
        from byline.tui.settings import Preferences

        self.preferences = Preferences()  # what the app remembers, read in apply_settings
        self._remembered_theme: str | None = None  # the theme the settings file holds
        self._settings_warned = False  # a settings file that cannot be written: told once

    # -- screens ------------------------------------------------------------------------------

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notification is plain, inert text, whatever the caller asks.

        Messages carry labels, notes, file names and actions from files and imports: parsed as
        markup, ``[/x]`` crashes the app and ``[@click=...]`` runs an action; shown raw, an escape
        sequence in a file name reaches the terminal. One home, so no caller can forget.
        """
        super().notify(inert_lines(str(message), NOTIFY_LIMIT), title=inert(str(title), 200),
                       severity=severity, timeout=timeout, markup=False)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            self._key_focus[event] = self.focused  # where Textual is about to send it
        await super().on_event(event)

    async def _on_key(self, event: events.Key) -> None:
        """Type-ahead follows the focus. Textual sends each key to the widget focused when it
        arrives, and a binding runs only once its key has bubbled back here; so in a burst (a
        fast typist, a paste, a slow frame) the keys after ``/`` reach the article view, not
        the search box that ``/`` opens, and are lost. A key whose target lost the focus
        meanwhile is handed to the new focus instead."""
        target = self._key_focus.pop(event, None)
        focused = self.focused
        if target is not None and focused is not None and focused is not target:
            event.stop()
            event.prevent_default()  # Textual's own ``App._on_key`` (bindings) is skipped
            focused.post_message(events.Key(event.key, event.character))
        # else Textual's ``App._on_key`` runs next, as for any key (handlers run down the MRO)

    async def on_mount(self) -> None:
        self.apply_settings()
        if self.article is not None:
            from byline.tui.screens.reader import ReaderScreen

            await self.push_screen(ReaderScreen(self.article))
        else:
            from byline.tui.screens.library import LibraryScreen

            await self.push_screen(LibraryScreen(self.paths))
        self._started = True
        self._check_size(self.size.width, self.size.height)
        if not self.is_headless:
            self.set_interval(TERMINAL_CHECK_SECONDS, self._leave_if_terminal_gone)

    def _leave_if_terminal_gone(self) -> None:
        """Leave when the terminal is gone (``services.terminal``), with a hang-up's status."""
        from byline.tui.services.terminal import terminal_gone

        if terminal_gone():
            self.exit(return_code=HANGUP_STATUS)

    def on_ready(self) -> None:
        """The first frame is on the terminal (when the reader's first layout was the app's)."""
        from byline.tui.screens.reader import ReaderScreen

        if isinstance(self.screen, ReaderScreen):
            self.screen.first_frame_written()
        # after the reader's panels: the frame with the text reaches the terminal first
        self.set_timer(STORE_AFTER_FIRST_FRAME, self.open_store)

    def open_store(self) -> None:
        """Open the annotation file after the first frame; look for others' saves now and then."""
        from byline.tui.services.store_owner import POLL_SECONDS

        self.open_store_in_background()
        self.set_interval(POLL_SECONDS, self.poll_store)

    @work(group="store")
    async def open_store_in_background(self, fresh: bool = False) -> None:
        """Open (or, ``fresh``, start again) the annotation file on the store's owner thread."""
        from byline.tui.screens.store_problem import open_store

        await open_store(self, fresh=fresh)

    @work(group="store-poll", exclusive=True)
    async def poll_store(self) -> None:
        """Look for another window's saves to the annotation file."""
        await self.owner.poll()

    def on_unmount(self) -> None:
        self.owner.close()

    def on_resize(self, event) -> None:  # noqa: ANN001
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int, height: int) -> None:
        if not self._started:
            return
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        if small and self._too_small is None:
            self._too_small = TooSmallScreen()
            self.push_screen(self._too_small)
        if small and self._too_small is not None:
            screen = self._too_small
            self.call_after_refresh(lambda: screen.is_mounted and screen.show_size(width, height))
        elif not small and self._too_small is not None:
            if self.screen is self._too_small:
                self.pop_screen()
            self._too_small = None

    def annotated_ids(self) -> set[str]:
        """Ids of articles with annotations (kept by the store's owner)."""
        return set(self.owner.annotated)

    def apply_settings(self) -> None:
        """The user's keymap and remembered theme (``settings.toml``), before the first screen;
        a broken file is one warning and the defaults, never a reader that does not open."""
        from byline.tui.settings import load_keymap, read_preferences, settings_path

        self.keymap, problem = load_keymap()
        if self.keymap:
            self.set_keymap(self.keymap)
        self.preferences, wrong = read_preferences()
        prefs = self.preferences
        problem = problem or wrong
        if prefs.theme in self.available_themes:
            self.theme = prefs.theme
        elif prefs.theme is not None and not problem:
            problem = f"{settings_path()}: no theme {prefs.theme!r}; using {self.theme}"
        if problem:
            self.notify(problem, title="Settings", severity="warning", timeout=15)
            self._settings_warned = True  # one warning for a broken file, not one per change
        self._remembered_theme = self.theme
        self.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, theme) -> None:  # noqa: ANN001
        """A new theme (``t``, or the palette's theme picker) is the one the next start uses."""
        if theme.name != self._remembered_theme:
            self._remembered_theme = theme.name
            self.remember("reader", lambda: {"theme": self.theme})

    def remember(self, section: str, values: Callable[[], dict[str, str]]) -> None:
        """Write ``values()`` into the settings file's ``[section]`` in a thread (one file write
        at a time, each with the values of its own moment, so the last change is the one kept);
        a file that cannot be rewritten is one warning, once."""
        from byline.tui.settings import remember

        def write() -> None:
            try:
                remember(section, values())
            except BylineError as err:
                if not self._settings_warned:
                    self._settings_warned = True
                    with contextlib.suppress(RuntimeError):  # the app has already ended
                        self.call_from_thread(self.notify, f"{err}; settings not saved",
                                              title="Settings", severity="warning", timeout=15)

        self._write_settings(write)

    @work(group="export")
    async def export_in_background(self, request, screen) -> None:  # noqa: ANN001
        """Write an export the dialog asked for (``screens.export.export_to_file``)."""
        from byline.tui.screens.export import export_to_file

        await export_to_file(self, request, screen)

    @work(thread=True, group="settings", exit_on_error=False)
    def _write_settings(self, write: Callable[[], None]) -> None:
        """Write the settings file off the event loop, one write at a time (group)."""
        write()

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """Byline's highlight colours (``colours.THEME_COLOURS``) for the current theme."""
        from byline.tui.colours import theme_variables

        return theme_variables(self.current_theme.dark)

    def get_css_variables(self) -> dict[str, str]:
        """The theme's variables with its text colours made readable (``colours.READABLE``:
        Textual's own can fall below WCAG AA, as textual-light's $text-warning does)."""
        from byline.tui.colours import readable_variables

        variables = super().get_css_variables()
        variables.update(readable_variables(variables))
        self.theme_variables = variables
        return variables

    def binding_keys(self, binding: Binding) -> str:
        """The keys that run ``binding`` now, the user's keymap applied, as the footer shows
        them: the help screen and the command palette say the same."""
        keys = self.keymap.get(binding.id, binding.key) if binding.id else binding.key
        return ", ".join(self.get_key_display(Binding(key.strip(), "")) for key in keys.split(","))

    def help_sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        from byline.tui.controllers.annotating import AnnotatingKeys
        from byline.tui.controllers.correcting import CorrectingKeys
        from byline.tui.screens.help import binding_rows, summary_rows
        from byline.tui.screens.library import LibraryScreen
        from byline.tui.screens.reader import ReaderScreen
        from byline.tui.widgets.annotations_panel import AnnotationList, AnnotationsPanel
        from byline.tui.widgets.article_view import ArticleView

        def rows(bindings: list) -> list[tuple[str, str]]:
            return binding_rows(bindings, self.binding_keys)

        annotate = rows([b for b in AnnotatingKeys.BINDINGS if b.id == "reader.annotate"])
        jump = rows([b for b in AnnotationList.BINDINGS if b.id == "annotation_list.select"])
        return [
            ("Reader", rows(ReaderScreen.BINDINGS)),
            ("Moving in the text", rows(ArticleView.BINDINGS)),
            ("Everywhere", rows(self.BINDINGS)
             + [(self.get_key_display(Binding(self.COMMAND_PALETTE_BINDING, "")),
                 "Command palette: every command by name")]),
            ("Annotating", summary_rows(ArticleView.SELECTION_HELP, ArticleView.HELP_KEYS,
                                        ArticleView.BINDINGS, self.binding_keys, self.keymap)
             + rows(AnnotatingKeys.BINDINGS)),
            ("Correcting the analysis", rows(CorrectingKeys.BINDINGS)
             + [(keys, "with an entity type as label (ORG, PERSON…): add a missed entity")
                for keys, _ in annotate]),
            ("Annotations panel", rows(AnnotationsPanel.BINDINGS) + jump),
            ("Library", rows(LibraryScreen.BINDINGS)),
        ]

    def action_help(self) -> None:
        from byline.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.help_sections()))

    def action_export(self) -> None:
        from byline.tui.screens.export import ask_export

        ask_export(self)

    def action_rules(self) -> None:
        from byline.tui.screens.rules import RulesScreen

        if not isinstance(self.screen, RulesScreen):
            self.push_screen(RulesScreen())

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT if self.current_theme.dark else DARK

    # -- analysis -----------------------------------------------------------------------------

    @work(thread=True, group="analysis", exit_on_error=False)
    def analyse(self, screen: Screen, article: Article) -> None:
        """Analyse ``article`` in a thread (a call returns its ``Worker``, which the reader
        cancels); ``screen`` receives ``AnalysisProgress``, then ``AnalysisReady`` or
        ``AnalysisFailed``."""
        from byline.annotators.analysis.cache import analyze_cached, load_cached
        from byline.annotators.analysis.model import load_pipeline, model_id
        from byline.annotators.analysis.run import Cancelled

        worker = get_current_worker()
        started = time.perf_counter()
        try:
            key = model_id(self.model)
            cached = load_cached(article, key)
            if cached is None:
                # Importing spaCy holds the GIL for a second: let the first frames reach the
                # terminal (Textual writes them from a thread) before starting.
                time.sleep(FIRST_FRAMES_GRACE)
                with self._pipeline_lock:
                    if worker.is_cancelled:
                        return
                    screen.post_message(AnalysisProgress(article.id, "loading the language model…"))
                    load_pipeline(self.model)
                    if worker.is_cancelled:
                        return
                    screen.post_message(AnalysisProgress(article.id, "analysing…"))
                    analysis = next(analyze_cached(
                        [article], self.model, cancelled=lambda: worker.is_cancelled,
                        progress=lambda done: screen.post_message(
                            AnalysisProgress(article.id, f"analysing {done:.0%}")),
                    ))
            else:
                analysis = cached
        except Cancelled:  # the reader closed, or moved on to another article or date
            return
        except BylineError as err:
            screen.post_message(AnalysisFailed(article.id, str(err)))
            return
        except Exception as err:  # the reader stays usable without highlights
            screen.post_message(AnalysisFailed(article.id, f"{type(err).__name__}: {err}"))
            return
        if not worker.is_cancelled:
            screen.post_message(
                AnalysisReady(analysis, time.perf_counter() - started, cached is not None)
            )


def run(
    paths: list[Path], published: str | None = None, model: str | None = None,
    db: str | None = None,
) -> int:
    """Open the reader (one article) or the library (several); returns the exit code."""
    app = BylineApp(paths, published=published, model=model, db=db)
    app.run()
    return app.return_code or 0
