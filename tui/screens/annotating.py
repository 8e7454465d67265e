"""The reader's annotating: what the annotating intents do, and the work on the store's thread.

The keys are ``AnnotatingKeys`` (``byline.tui.controllers``); they post intents that the reader
screen (``reader.py``) handles by calling the functions here with itself. Each opens its dialog
and, once answered, saves through the app's ``StoreOwner`` (one thread) in the reader's one
``annotate`` worker; the store then publishes its ``changes`` signal and the reader reloads what
changed. The reader keeps the article's annotations (``ReaderScreen.sorted_notes``) and shows
``corrections.apply(analysis, corrections, rules)``, never the raw analysis once something was
corrected.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from textual.content import Content

from byline.annotators.errors import BylineError
from byline.annotators.wording import indefinite
from byline.tui.glyphs import inert
from byline.tui.model.notes import NotesDelta, NotesFeed, note_key
from byline.tui.widgets.article_view import word_at

if TYPE_CHECKING:
    from byline.annotators.corrections import Correction, Rule
    from byline.annotators.store import Annotation, Step, Store
    from byline.tui.screens.dialogs import Answer
    from byline.tui.screens.reader import ReaderScreen

NOTE_CLASS = "annotation--user"


def dialogs():  # noqa: ANN201
    """The dialogs module, imported when first needed (it is not needed to read)."""
    from byline.tui.screens import dialogs as annotate

    return annotate


# -- work done on the store's thread -----------------------------------------------------------


def snapshot(store: Store, feed: NotesFeed) -> tuple[NotesDelta, list[Correction], list[Rule],
                                                     list[str]]:
    """What the reader shows of the store for one article, read in one go: its annotations as
    the difference from what the reader has (``feed``), its corrections, rules and labels."""
    return (feed.sync(store), store.corrections(feed.article_id), store.rules(),
            store.labels())


def correct(store: Store, article_id: str, kind: str, start: int | None, end: int | None,
            label: str | None, value: dict[str, Any], every: bool, rule: bool) -> None:
    """A correction and, if asked, the personal rule made from it: one save, one undo step."""
    with store.operation(f"correct: {kind.replace('_', ' ')}"):
        made = store.add_correction(article_id, kind, start, end, label=label, value=value,
                                    scope="article" if every else "span")
        if rule:
            store.rule_from_correction(made.id)


def add_entity(store: Store, article_id: str, start: int, end: int, kind: str, every: bool,
               rule: bool, note: str, actor: str | None) -> bool:
    """The entity the analysis missed and, when the reader typed a note or an actor with it,
    an annotation of the span that keeps them (labelled with the type): one save, one undo step.
    Kept rather than refused: the dialog took them, and an entity record has no room for them."""
    with store.operation("add entity"):
        correct(store, article_id, "add_entity", start, end, kind, {}, every, rule)
        if note or actor:
            store.add_annotation(article_id, start, end, kind, note, actor)
    return True


def next_step(store: Store, article_id: str, redo: bool) -> tuple[Step, str | None] | None:
    """The step ``u`` (``ctrl+r``) takes here, and the article to take it in: this session's
    latest if it is in this article or in none (a rule removed on the rules screen), else its
    latest in this article; another session's only when this one has none (``Step.foreign``:
    the reader asks first)."""
    peek = store.next_redo if redo else store.next_undo
    latest = peek()
    if latest is None:
        return None
    if not latest.articles or article_id in latest.articles:
        return latest, None
    scoped = peek(article_id)
    return (scoped, article_id) if scoped is not None else None


def take_step(store: Store, step: Step, scope: str | None, redo: bool) -> str | None:
    """Undo (or redo) exactly ``step``: refused if another step was saved first meanwhile."""
    take = store.redo if redo else store.undo
    return take(scope, allow_foreign=True, expected=step.id)


# -- what is shown -----------------------------------------------------------------------------


def note_span(note: Annotation) -> tuple[int, int, str]:
    """The annotation's highlight (a record edited by hand into other types: an empty one)."""
    _, start, end, _, _ = note_key(note)
    return (start, end, NOTE_CLASS)


def with_annotation(note: Annotation | None, details: Content) -> Content:
    """The status line's details, led by the annotation under the cursor (label: note)."""
    if note is None:
        return details
    mark = "✓ " if note.status == "accepted" else "✎ "  # the machine's, accepted: not written
    parts: list[str | tuple[str, str]] = [(mark, "$text-success"),
                                          (inert(note.label, 40), "bold $text-success")]
    if note.status == "accepted":
        parts.append(" accepted")
    if note.note:
        parts += [": ", inert(note.note, 160)]
    if note.actor:
        parts += [" → ", (inert(note.actor, 40), "bold")]
    content = Content.assemble(*parts)
    return content + Content("  · ") + details if details.cell_length else content


def target_span(reader: ReaderScreen) -> tuple[int, int] | None:
    """The selection, else the entity under the cursor, else the word under it."""
    view = reader.view
    if view.selection is not None:
        return view.selection
    if reader.index is not None and (entity := reader.index.entity_at(view.cursor)):
        return entity.start, entity.end
    return word_at(view.text, view.cursor)


def actor_names(reader: ReaderScreen) -> list[str]:
    return [a.name for a in reader.index.actors_by_importance()] if reader.index else []


# -- the intents -------------------------------------------------------------------------------


def annotate(reader: ReaderScreen) -> None:
    """``Annotate``: a new annotation of the target span, or edit the one under the cursor."""
    ui = dialogs()
    if not reader.usable(partial(annotate, reader)):
        return
    view = reader.view
    if view.selection is None and (note := reader.note_at(view.cursor)) is not None:
        edit_note(reader, note)
        return
    span = target_span(reader)
    if span is None:
        reader.notify("Select some text first (shift+arrows, or drag the mouse).", timeout=3)
        return
    start, end = span
    reader.app.push_screen(
        ui.AnnotateScreen(view.text[start:end], labels=reader.labels_in_use,
                          actors=actor_names(reader)),
        reader.later(partial(annotated, reader, start, end)),
    )


async def annotated(reader: ReaderScreen, start: int, end: int, answer: Answer) -> None:
    ui = dialogs()
    from byline.annotators.store import Store

    kind = ui.entity_type(answer.label)
    if kind is not None:
        done = await reader.change(add_entity, reader.article.id, start, end, kind,
                                   answer.every, answer.rule, answer.note, answer.actor)
        message = f"Added {indefinite(kind)} entity"
        if answer.note or answer.actor:
            message += " and an annotation with your " + (
                "note and actor" if answer.note and answer.actor
                else "note" if answer.note else "actor")
    else:
        done = await reader.change(Store.add_annotation, reader.article.id, start, end,
                                   answer.label, answer.note, answer.actor)
        message = f"Annotated: {inert(answer.label, 40)}"
    if done is not None:
        reader.view.selection = None
        reader.notify(f"{message} (u to undo)", timeout=2)


def edit_note(reader: ReaderScreen, note: Annotation) -> None:
    """``EditNote``: the annotation's label, note and actor in the dialog."""
    ui = dialogs()
    if not reader.usable():
        return
    reader.app.push_screen(
        ui.AnnotateScreen(note.exact, title="Edit the annotation", label=note.label,
                          note=note.note, actor=note.actor, labels=reader.labels_in_use,
                          actors=actor_names(reader), entity_types=False),
        reader.later(partial(edited, reader, note)),
    )


async def edited(reader: ReaderScreen, note: Annotation, answer: Answer) -> None:
    """Save the dialog's answer; the same label, note and actor as before are no change (the
    store then saves nothing and makes no undo step, so "u to undo" would undo something else)."""
    from byline.annotators.store import Store

    saved = await reader.change(Store.update_annotation, note.id, label=answer.label,
                                note=answer.note, actor=answer.actor)
    if saved is None:
        return
    if (saved.label, saved.note, saved.actor) == (note.label, note.note, note.actor):
        reader.notify("Nothing changed.", timeout=2)
    else:
        reader.notify("Annotation saved (u to undo)", timeout=2)


def delete_note(reader: ReaderScreen, note: Annotation | None) -> None:
    """``DeleteNote``: that annotation, or the one under the cursor."""
    if note is None:
        note = reader.note_at(reader.view.cursor)
        if note is None:
            reader.notify("No annotation under the cursor.", timeout=2)
            return
    if reader.usable():
        reader.in_background(partial(deleted, reader, note))


async def deleted(reader: ReaderScreen, note: Annotation) -> None:
    from byline.annotators.store import Store

    await reader.change(Store.delete_annotation, note.id)
    reader.notify(f"Deleted: {inert(note.label, 40)} (u to undo)", timeout=2)


def jump_to_note(reader: ReaderScreen, note: Annotation) -> None:
    """``JumpToNote``: the cursor to the annotation's text, if it is still there."""
    if note.orphan:
        reader.notify("Its text is no longer in the article.", timeout=2)
    else:
        reader.view.move_to(note.start, center=True)


def undo_redo(reader: ReaderScreen, redo: bool) -> None:
    """``Undo`` / ``Redo``."""
    if reader.usable(partial(undo_redo, reader, redo)):
        reader.in_background(partial(find_step, reader, redo))


async def find_step(reader: ReaderScreen, redo: bool) -> None:
    """This session's step at once; another session's (another window, an import in a
    shell, an earlier run) only once the reader says yes."""
    verb = "Redo" if redo else "Undo"
    try:
        found = await reader.owner.call(next_step, reader.article.id, redo)
    except BylineError as err:
        reader.notify(inert(str(err), 300), severity="error", timeout=8)
        return
    if found is None:
        reader.notify(f"Nothing to {verb.lower()}.", timeout=2)
        return
    step, scope = found
    if not step.foreign:
        await taken(reader, step, scope, redo)
        return
    from byline.tui.screens.confirm import ConfirmScreen

    def answered(yes: bool | None) -> None:
        if yes:
            reader.in_background(partial(taken, reader, step, scope, redo))

    reader.app.push_screen(
        ConfirmScreen(f"{verb} {step.action} made in another session?", heading=verb),
        answered)


async def taken(reader: ReaderScreen, step: Step, scope: str | None, redo: bool) -> None:
    try:
        action = await reader.owner.change(take_step, step, scope, redo)
    except BylineError as err:
        reader.notify(inert(str(err), 300), severity="error", timeout=8)
        return
    if action is None:
        reader.notify(f"Nothing to {'redo' if redo else 'undo'}.", timeout=2)
    else:
        reader.notify(f"{'Redone' if redo else 'Undone'}: {action}", timeout=2)
