"""The reader's review of the machine's output: accept an entity or a quote as right, reject an
entity, change its label or its bounds, change a quote's speaker, merge two actors, take an alias
out of one.

The keys are ``CorrectingKeys`` (``byline.tui.controllers``); the intents they post are handled by
the reader screen, which calls these functions with itself. Each correction can apply to every
identical mention in the article and be kept as a personal rule for every article; it is saved
through the store's owner like an annotation (one undo step with its rule), and the reader then
shows ``corrections.apply``'s result. Adding an entity the machine missed is annotating with an
entity type as the label (``annotating.py``).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from textual.content import Content

from byline.annotators.wording import indefinite
from byline.tui.glyphs import inert
from byline.tui.screens.annotating import correct, dialogs

if TYPE_CHECKING:
    from byline.annotators.records import Actor, Entity, Quote
    from byline.annotators.store import Store
    from byline.tui.screens.dialogs import Answer
    from byline.tui.screens.reader import ReaderScreen


def entity_here(reader: ReaderScreen) -> Entity | None:
    """The entity the selection overlaps (if only one), else the one under the cursor."""
    if reader.index is None:
        return None
    selection = reader.view.selection
    if selection is not None:
        overlapping = [e for e in reader.index.analysis.entities
                       if e.start < selection[1] and selection[0] < e.end]
        if len(overlapping) == 1:
            return overlapping[0]
    return reader.index.entity_at(reader.view.cursor)


def actor_here(reader: ReaderScreen) -> Actor | None:
    """The actor highlighted in the actor panel when it has focus, else the one under the
    cursor, else the chosen one."""
    from byline.tui.widgets.actor_panel import ActorPanel

    if reader.index is None:
        return None
    panels = reader.query(ActorPanel)
    if panels and panels.first().has_focus:
        panel = panels.first()
        if panel.highlighted is not None:
            option = panel.get_option_at_index(panel.highlighted)
            return reader.index.actor(option.id)
    entity = reader.index.entity_at(reader.view.cursor)
    if entity is not None and entity.actor:
        return reader.index.actor(entity.actor)
    quote = reader.index.quote_at(reader.view.cursor)
    if quote is not None and quote.speaker:
        return reader.index.actor(quote.speaker)
    return reader.index.actor(reader.chosen_actor)


QUOTE_LABEL = "quote"  # the label of an accepted quote (an entity's is its type)


def accepted(store: Store, article_id: str, start: int, end: int, label: str,
             actor: str | None) -> bool:
    """Record the machine's span as accepted: an annotation of source "model", status
    "accepted" (the export schema's), labelled with the entity type or "quote", its actor the
    entity's actor or the quote's speaker. False when it is accepted already (nothing saved)."""
    if any((n.start, n.end, n.label, n.source, n.status) == (start, end, label, "model",
                                                            "accepted")
           for n in store.annotations(article_id)):
        return False
    with store.operation(f"accept {label}"):
        store.add_annotation(article_id, start, end, label, "", actor, source="model",
                             status="accepted")
    return True


def accept(reader: ReaderScreen) -> None:
    """``AcceptHere``: the entity here (else the quote here) is right, as Prodigy's accept."""
    if not (reader.analysed() and reader.usable(partial(accept, reader))):
        return
    assert reader.index is not None
    entity = entity_here(reader)
    quote: Quote | None = None if entity else reader.index.quote_at(reader.view.cursor)
    if entity is not None:
        actor = reader.index.actor(entity.actor)
        span, label = (entity.start, entity.end), entity.label
    elif quote is not None:
        actor = reader.index.actor(quote.speaker)
        span, label = (quote.start, quote.end), QUOTE_LABEL
    else:
        reader.notify("Nothing of the machine's here: move to a highlighted name or into a"
                      " quote.", timeout=3)
        return
    name = actor.name if actor else (quote.speaker_text if quote else None)
    reader.in_background(partial(saved_accept, reader, span, label, name))


async def saved_accept(reader: ReaderScreen, span: tuple[int, int], label: str,
                       actor: str | None) -> None:
    done = await reader.change(accepted, reader.article.id, *span, label, actor)
    if done is True:
        reader.notify(f"Accepted: {inert(label, 40)} (u to undo)", timeout=2)
    elif done is False:
        reader.notify("Accepted already.", timeout=2)


def reject_entity(reader: ReaderScreen) -> None:
    ui = dialogs()
    if not (reader.analysed() and reader.usable(partial(reject_entity, reader))):
        return
    entity = entity_here(reader)
    if entity is None:
        reader.notify("No entity here: move to a highlighted name.", timeout=2)
        return
    prompt = Content.assemble(ui.quoted(entity.text), f" is not {indefinite(entity.label)}")
    reader.app.push_screen(
        ui.ChoiceScreen("Reject the entity", prompt, [("reject", "reject it")],
                        (ui.EVERY, ui.RULE)),
        reader.later(partial(corrected_entity, reader, entity, "reject_entity", {})),
    )


def correct_entity(reader: ReaderScreen) -> None:
    ui = dialogs()
    if not (reader.analysed() and reader.usable(partial(correct_entity, reader))):
        return
    entity = entity_here(reader)
    if entity is None:
        reader.notify("No entity here: move to a highlighted name (to add one, select it and"
                    " annotate it with its type).", timeout=3)
        return
    start, end = reader.view.selection or (entity.start, entity.end)
    hint = f"{entity.label}: “{inert(entity.text, 40)}”"
    if (start, end) != (entity.start, entity.end):
        hint += f" → “{inert(reader.view.text[start:end], 40)}” (the selection)"
    reader.app.push_screen(
        ui.AnnotateScreen(reader.view.text[start:end], title="Correct the entity",
                       label=entity.label, correcting=True, hint=hint),
        reader.later(partial(changed_entity, reader, entity, start, end)),
    )


async def changed_entity(reader: ReaderScreen, entity: Entity, start: int, end: int,
                          answer: Answer) -> None:
    ui = dialogs()
    label = ui.entity_type(answer.label) or answer.label
    value: dict[str, Any] = {}
    if label != entity.label:
        value["label"] = label
    if start != entity.start:
        value["start_shift"] = start - entity.start
    if end != entity.end:
        value["end_shift"] = end - entity.end
    if not value:
        reader.notify("Nothing changed.", timeout=2)
        return
    await corrected_entity(reader, entity, "change_entity", value, answer)


async def corrected_entity(reader: ReaderScreen, entity: Entity, kind: str, value: dict[str, Any],
                          answer: Answer) -> None:
    await reader.change(correct, reader.article.id, kind, entity.start, entity.end,
                       entity.label, value, answer.every, answer.rule)
    reader.view.selection = None
    reader.notify(f"Corrected: {kind.replace('_', ' ')} (u to undo)", timeout=2)


def change_speaker(reader: ReaderScreen) -> None:
    ui = dialogs()
    if not (reader.analysed() and reader.usable(partial(change_speaker, reader))):
        return
    assert reader.index is not None
    quote = reader.index.quote_at(reader.view.cursor)
    if quote is None:
        reader.notify("No quote here: move into a quotation (] jumps to the next).", timeout=2)
        return
    actors = reader.index.actors_by_importance()
    options = [(a.id, a.name) for a in actors if a.id != quote.speaker]
    options.append(("", "nobody: the speaker is unknown"))
    current = reader.index.actor(quote.speaker)
    prompt = Content.assemble("Who said ", ui.quoted(quote.text, 60), "? (now: ",
                              inert(current.name if current else quote.speaker_text
                                    or "unknown", 40), ")")
    reader.app.push_screen(ui.ChoiceScreen("Change the speaker", prompt, options),
                         reader.later(partial(speaker_chosen, reader, quote.start, quote.end)))


async def speaker_chosen(reader: ReaderScreen, start: int, end: int, answer: Answer) -> None:
    actor = reader.index.actor(answer.choice) if reader.index and answer.choice else None
    value = {"speaker": actor.name if actor else None, "speaker_id": actor.id if actor
             else None}
    await reader.change(correct, reader.article.id, "quote_speaker", start, end, None, value,
                       False, False)
    reader.notify("Speaker changed (u to undo)", timeout=2)


def merge_actors(reader: ReaderScreen) -> None:
    ui = dialogs()
    if not (reader.analysed() and reader.usable(partial(merge_actors, reader))):
        return
    assert reader.index is not None
    actor = actor_here(reader)
    if actor is None:
        reader.notify("Choose an actor first: in the actor panel, or a name in the text.",
                    timeout=3)
        return
    options = [(a.id, a.name) for a in reader.index.actors_by_importance() if a.id != actor.id]
    if not options:
        reader.notify("There is no other actor to merge with.", timeout=2)
        return
    prompt = Content.assemble("Merge into ", (inert(actor.name, 60), "bold"), ":")
    reader.app.push_screen(ui.ChoiceScreen("Merge actors", prompt, options, (ui.RULE,)),
                         reader.later(partial(merged, reader, actor)))


async def merged(reader: ReaderScreen, keep: Actor, answer: Answer) -> None:
    other = reader.index.actor(answer.choice) if reader.index else None
    if other is None:
        return
    value = {"keep": keep.name, "merge": other.name, "keep_id": keep.id,
             "merge_id": other.id}
    await reader.change(correct, reader.article.id, "merge_actors", None, None, None, value,
                       False, answer.rule)
    reader.notify(f"Merged {inert(other.name, 40)} into {inert(keep.name, 40)} (u to undo)",
                timeout=2)


def remove_alias(reader: ReaderScreen) -> None:
    ui = dialogs()
    if not (reader.analysed() and reader.usable(partial(remove_alias, reader))):
        return
    actor = actor_here(reader)
    if actor is None:
        reader.notify("Choose an actor first: in the actor panel, or a name in the text.",
                    timeout=3)
        return
    if len(actor.aliases) < 2:
        reader.notify(f"{inert(actor.name, 40)} has a single name.", timeout=2)
        return
    # The actor's own name is what the question asks about, never an answer to it. Each other
    # name is either someone else (an actor of its own) or nobody (not an actor: a title, a
    # pronoun taken for a name), the id's "!" prefix says which.
    others = [(str(i), alias) for i, alias in enumerate(actor.aliases) if alias != actor.name]
    options = [(i, f"{alias}: someone else") for i, alias in others]
    options += [(f"!{i}", f"{alias}: not an actor") for i, alias in others]
    prompt = Content.assemble("Which name is not ", (inert(actor.name, 60), "bold"), "?")
    reader.app.push_screen(ui.ChoiceScreen("Take an alias out", prompt, options, (ui.RULE,)),
                         reader.later(partial(alias_removed, reader, actor)))


async def alias_removed(reader: ReaderScreen, actor: Actor, answer: Answer) -> None:
    choice = answer.choice or ""
    not_actor = choice.startswith("!")
    alias = actor.aliases[int(choice.lstrip("!"))]
    value: dict[str, Any] = {"actor": actor.name, "actor_id": actor.id, "alias": alias}
    if not_actor:
        value["not_actor"] = True
    await reader.change(correct, reader.article.id, "remove_alias", None, None, None, value,
                       False, answer.rule)
    said = "is not an actor" if not_actor else "is now an actor of its own"
    reader.notify(f"“{inert(alias, 40)}” {said} (u to undo)", timeout=2)
