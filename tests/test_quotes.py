"""The quote component: marks, speakers and cues on the seed, small sentences, and MEANTIME."""

from __future__ import annotations

import pytest

from byline.annotators.article import read_article
from byline.annotators.pipeline.quotes.speakers import Context
from byline.annotators.pipeline.syntax import Sentences
from tests.conftest import SEED
from tests.scoring import QuoteScore, names_match, score_quotes


@pytest.mark.parametrize("text", ["", "“", "He said “", "” ” “ “", "'\n'\n\"", "“\n\n“x."])
def test_odd_marks_never_break_the_component(nlp, text):
    doc = nlp(text)
    for quote in doc.spans["quotes"]:
        assert quote.text.strip()


# -- the seed -------------------------------------------------------------------------------------

# (start of the quoted words, words that must name the speaker: resolved mention or speaker text)
SEED_QUOTES = [
    ("noted the legitimacy", "Kremlin"),
    ("traditionally warm and friendly", "Xi"),
    ("at an unprecedented level", "Xi"),
    ("willing to continue mutual support", "Xinhua"),
    ("upset", "United States"),
    ("bitter experience", "United States"),
    ("independently assessed", "Chinese leader"),
    ("promoted world peace", "Beijing"),
    ("We must receive a response", "Zelensky"),
    ("when the time is right", "Macron"),
    ("new talks", "Macron"),
    ("I think we are at a time", "Macron"),
    ("offensive war", "Macron"),
    ("At some point", "Macron"),
    ("humiliated", "French president"),
    ("Let there be common sense", "Macron"),
    ("The only desired outcome", "Macron"),
]


@pytest.fixture(scope="module")
def seed_doc(nlp):
    return nlp(read_article(SEED).text)


def mention_text(span) -> str | None:
    mention = span._.speaker_mention
    return span.doc.text[mention[0]:mention[1]] if mention else None


def test_every_seed_quote_is_found_once_with_its_speaker(seed_doc):
    quotes = list(seed_doc.spans["quotes"])
    assert len(quotes) == len(SEED_QUOTES)
    for quote, (words, speaker) in zip(quotes, SEED_QUOTES, strict=True):
        assert quote.text.lstrip("“\"").startswith(words), quote.text
        assert names_match(mention_text(quote) or "", speaker), (quote.text, mention_text(quote))


def test_seed_speaker_words_and_cues(seed_doc):
    found = {q.text.strip("“”\".,"): q for q in seed_doc.spans["quotes"]}
    assert found["upset"]._.speaker_text == "the United States"
    assert found["upset"]._.cue == "claim"
    assert found["new talks"]._.speaker_text == "He"
    assert found["humiliated"]._.speaker_text == "The French president"
    assert found["offensive war"]._.cue == "reiterate"
    kremlin = next(q for q in found.values() if q.text.startswith("“noted"))
    assert kremlin._.speaker_text == "The Kremlin" and kremlin._.cue == "say"
    assert any(q.ents for q in [kremlin.doc.char_span(*kremlin._.speaker_mention)])


def test_seed_wrong_closing_marks_end_their_quotes(seed_doc):
    ends = [q.text for q in seed_doc.spans["quotes"] if q.text.endswith("“")]
    assert len(ends) == 2
    assert ends[0].endswith("great concern “") and ends[1].endswith("really work “")


def test_seed_analysis_records_the_quotes(seed_analysis):
    text = seed_analysis.article.text
    assert len(seed_analysis.quotes) == len(SEED_QUOTES)
    for quote in seed_analysis.quotes:
        assert text[quote.start:quote.end] == quote.text
        assert quote.speaker_text
    actors = {a.id: a for a in seed_analysis.actors}
    # through the actors component: a role ("The Chinese leader") or pronoun names its person
    expected = [speaker for _, speaker in SEED_QUOTES]
    expected[6], expected[14] = "Xi", "Macron"
    for quote, speaker in zip(seed_analysis.quotes, expected, strict=True):
        actor = actors.get(quote.speaker)
        assert actor is not None, quote.text
        assert any(names_match(n, speaker) for n in (actor.name, *actor.aliases)), (
            quote.text, actor.name)


# -- patterns, one small text each ----------------------------------------------------------------

PATTERNS = [
    # (text, quoted words, speaker words, cue)
    ("“We will build the bridge,” Angela Moreau said.", "We will build", "Angela Moreau", "say"),
    ("“Prices will fall next year,” said Tomas Berg.", "Prices will fall", "Tomas Berg", "say"),
    ("“The talks have failed.” said Priya Natarajan.", "The talks", "Priya Natarajan", "say"),
    ("Kofi Mensah said: “Our budget is balanced.”", "Our budget", "Kofi Mensah", "say"),
    ("Lena Vogel said that the plan was “a reckless gamble”.", "a reckless", "Lena Vogel", "say"),
    ("Carlos Ruiz toured the factory in Seville and met the engineer Hannah Lee. "
     "He said “new orders” were coming.", "new orders", "Carlos Ruiz", "say"),
    ("Maria Santos spoke in Lisbon on Monday. “We are ready to sign,” she said when asked "
     "about the deal.", "We are ready", "Maria Santos", "say"),
    ("The Pentagon said the contract was “fully compliant”.", "fully compliant", "Pentagon", "say"),
    ("Reuters said that the merger was “imminent”.", "imminent", "Reuters", "say"),
    ("The United Nations claims the ceasefire is “fragile”.", "fragile", "United Nations",
     "claim"),
    ("In a speech to parliament, Ahmed Karimi urged ministers to act. “We cannot wait any "
     "longer.”", "We cannot wait", "Ahmed Karimi", "urge"),
    ("Acme Corp CEO Daniel Okafor said “Sales doubled this year.”", "Sales doubled",
     "Daniel Okafor", "say"),
    ("Company spokesman Peter Novak said “We regret the delay.”", "We regret", "Peter Novak",
     "say"),
    ("An analyst, Rachel Stein, said that “the market is overheated.”", "the market",
     "Rachel Stein", "say"),
    ("Jonas Weber opened the summit in Berlin, saying the region should not be “abandoned”.",
     "abandoned", "Jonas Weber", "say"),
    ("Elena Petrova said the reform was “long overdue “. The vote is on Friday.", "long overdue",
     "Elena Petrova", "say"),
    ("‘We have no choice,’ Omar Haddad said.", "We have no choice", "Omar Haddad", "say"),
    ("“We will never accept this . . . under any circumstances,” Kim Jae-won warned.",
     "We will never", "Kim Jae-won", "warn"),
    ("The deal is “almost done”, according to Lars Eriksen.", "almost done", "Lars Eriksen",
     "according to"),
    ("The newspaper quoted Ivan Petrov as saying “the decision is final”.", "the decision",
     "Ivan Petrov", "say"),
    ("“It is a sad day,” the minister said.", "It is a sad day", "the minister", "say"),
]


@pytest.fixture(scope="module")
def pattern_docs(nlp):
    return list(nlp.pipe(text for text, *_ in PATTERNS))


@pytest.mark.parametrize("index", range(len(PATTERNS)), ids=[p[1] for p in PATTERNS])
def test_a_speaker_pattern(pattern_docs, index):
    _, words, speaker, cue = PATTERNS[index]
    quotes = list(pattern_docs[index].spans["quotes"])
    assert len(quotes) == 1, [q.text for q in quotes]
    quote = quotes[0]
    assert quote.text.lstrip("“‘\"").startswith(words)
    assert mention_text(quote) and names_match(mention_text(quote), speaker), mention_text(quote)
    assert quote._.cue == cue


def test_a_quote_without_a_cue_continues_the_previous_speaker(nlp):
    doc = nlp("“The economy is strong,” Sofia Lindqvist said. “Unemployment is at a record low.”"
              " Analysts were not convinced.")
    first, second = doc.spans["quotes"]
    assert mention_text(first) == mention_text(second) == "Sofia Lindqvist"
    assert second._.cue is None


def test_two_speakers_in_turn(nlp):
    doc = nlp("Asked about the strike, Chen Jing said: “Nobody wants this.” Her deputy, Wang Lei, "
              "disagreed. “Everyone wants this,” he told reporters.")
    first, second = doc.spans["quotes"]
    assert mention_text(first) == "Chen Jing"
    assert second._.speaker_text == "he" and mention_text(second) == "Wang Lei"


def test_two_sources_in_one_sentence(nlp):
    doc = nlp("The Washington Post called the episode “a diplomatic fiasco”, while Fox News said "
              "it was “a bold move”.")
    first, second = doc.spans["quotes"]
    assert (first._.speaker_text, first._.cue) == ("The Washington Post", "call")
    assert (second._.speaker_text, second._.cue) == ("Fox News", "say")


def test_a_quote_over_paragraphs_keeps_its_speaker(nlp):
    doc = nlp("Nadia Kowalski told reporters:\n“The first part of the plan is ready.\n"
              "“The second part will follow next year.”")
    (quote,) = doc.spans["quotes"]
    assert quote.text.endswith("next year.”") and "\n" in quote.text
    assert mention_text(quote) == "Nadia Kowalski"


def test_a_lone_quote_after_a_sentence_about_a_named_person_is_theirs(nlp):
    doc = nlp("Zelensky addressed the Czech parliament by video link on Tuesday. “We must receive "
              "a response.” Protesters marched through the city. “No war!”")
    first, second = doc.spans["quotes"]
    assert mention_text(first) == "Zelensky" and first._.cue is None
    assert second._.speaker_text is None


def test_they_resolves_to_a_plural_group(nlp):
    doc = nlp("Union leaders met on Monday. They said the offer was “an insult”.")
    (quote,) = doc.spans["quotes"]
    assert quote._.speaker_text == "They" and mention_text(quote) == "Union leaders"


def test_an_impersonal_passive_names_nobody(nlp):
    doc = nlp("“The plant will close,” it was reported on Friday.")
    (quote,) = doc.spans["quotes"]
    assert quote._.speaker_mention is None


def test_a_lone_quote_with_no_source_has_no_speaker(nlp):
    doc = nlp("“Freedom is not free.”")
    (quote,) = doc.spans["quotes"]
    assert quote._.speaker_text is None and quote._.speaker_mention is None


@pytest.mark.parametrize("text", [
    "The company unveiled the 350 “Skyliner” at the show.",
    "The model, nicknamed “Falcon”, will fly in May.",
    "Critics called it “The Deal of the Century”.",
    "The first flight will carry a “goodwill mission” from Oslo to Rome.",
    "The so-called \"Truss effect\" still weighs on gilts, analysts say.",
    "A new virus, dubbed “Omega”, has spread across the region.",
    "The condition known as ‘long covid’ persists, doctors say.",
])
def test_names_titles_and_unattributed_terms_are_not_quotes(nlp, text):
    doc = nlp(text)
    assert list(doc.spans["quotes"]) == []
    assert len(doc.spans["quoted_terms"]) == 1


def test_scare_quotes_with_a_source_are_quotes(nlp):
    doc = nlp("Alice Moore, who founded the charity in 1990, said the cuts were “devastating” and "
              "“deeply unfair”.")
    assert [q.text for q in doc.spans["quotes"]] == ["“devastating”", "“deeply unfair”"]
    assert {mention_text(q) for q in doc.spans["quotes"]} == {"Alice Moore"}


def test_what_someone_calls_a_thing_is_their_words(nlp):
    doc = nlp("The bill, which critics call “a power grab”, passed on Monday.")
    (quote,) = doc.spans["quotes"]
    assert quote._.speaker_text == "critics" and quote._.cue == "call"


def test_a_pronoun_after_a_role_description_resolves_to_the_description(nlp):
    doc = nlp("The minister arrived late. He said the plan was \"unworkable\".")
    (quote,) = doc.spans["quotes"]
    assert quote._.speaker_text == "He" and mention_text(quote) == "The minister"


def test_a_chain_of_pronouns_reaches_a_speaker_named_many_sentences_back(nlp):
    """No fixed window: "He praised" links the last "he" to the mayor seven sentences back."""
    doc = nlp("Alex Moreau, the mayor, opened the bridge on Monday. He praised the workers. The "
              "bridge cost $5 million. Traffic was heavy. Drivers waited for hours. Shops stayed "
              "open. Buses were delayed. Police closed two roads. “It was worth it,” he said.")
    (quote,) = doc.spans["quotes"]
    assert quote._.speaker_text == "he" and mention_text(quote) == "Alex Moreau"


def test_he_and_she_go_to_the_man_and_the_woman_their_titles_name(nlp):
    doc = nlp("Ms Anna Berg met Mr Marc Weber in Paris on Tuesday. The talks went on for hours. "
              "“We are close,” she said. “Not yet,” he said.")
    she, he = doc.spans["quotes"]
    assert "Anna Berg" in mention_text(she) and mention_text(he) == "Marc Weber"


def test_a_text_without_marks_has_no_quotes(nlp):
    doc = nlp("Nobody said anything today.")
    assert list(doc.spans["quotes"]) == [] and list(doc.spans["quoted_terms"]) == []


# -- the attribution triple: source, cue, content ---------------------------------------------


def at(doc, pair) -> str | None:
    return doc.text[pair[0]:pair[1]] if pair is not None else None


@pytest.mark.parametrize("index", range(len(PATTERNS)), ids=[p[1] for p in PATTERNS])
def test_a_patterns_source_spells_its_speaker_text_and_its_cue_span_holds_the_cue(
        pattern_docs, index):
    doc = pattern_docs[index]
    (quote,) = doc.spans["quotes"]
    assert at(doc, quote._.source) == quote._.speaker_text
    cue = at(doc, quote._.cue_span)
    if quote._.cue == "according to":
        assert cue.lower() == "according to"
    else:
        (verb,) = doc.char_span(*quote._.cue_span)
        assert verb.lemma_.lower() == quote._.cue


def test_a_pronoun_source_is_the_pronoun_and_its_speaker_the_person(nlp):
    doc = nlp("Helen Carver, the mayor of Dunmore, opened the bridge on Monday. “This bridge joins "
              "two towns,” she said.")
    (quote,) = doc.spans["quotes"]
    assert at(doc, quote._.source) == "she" and at(doc, quote._.cue_span) == "said"
    assert mention_text(quote) == "Helen Carver"


def test_a_continued_quote_keeps_the_source_and_has_no_cue(nlp):
    doc = nlp("“Nobody asked us,” said Tom Ferris, a farmer. “The road cuts my land in half.”")
    first, second = doc.spans["quotes"]
    assert at(doc, first._.source) == "Tom Ferris" and at(doc, first._.cue_span) == "said"
    assert second._.source == first._.source and second._.cue_span is None


def test_a_transcript_label_is_the_source_with_no_cue(nlp):
    doc = nlp("The hearing went on for an hour.\nMaria Lopez: “We did everything we could.”")
    (quote,) = doc.spans["quotes"]
    assert at(doc, quote._.source) == "Maria Lopez" and quote._.cue_span is None


def test_a_quote_nobody_is_named_for_has_no_source_and_no_cue(nlp):
    doc = nlp("“Freedom is not free.”")
    (quote,) = doc.spans["quotes"]
    assert quote._.source is None and quote._.cue_span is None


def test_the_analysis_records_the_triple(nlp):
    from byline.annotators.analysis.run import analyze
    from byline.annotators.article import make_article

    text = "The fare will rise, according to the Dunmore Herald. “It is money well spent,” " \
           "Helen Carver told reporters."
    (analysis,) = analyze([make_article(text)], nlp)
    (quote,) = analysis.quotes
    assert text[slice(*quote.source)] == quote.speaker_text == "Helen Carver"
    assert text[slice(*quote.cue_span)] == "told" and quote.cue == "tell"
    assert analysis.to_dict()["quotes"][0]["source"] == list(quote.source)


UNNAMED = (
    "Senator Jane Doe met farmers in Ohio and senators in Washington on Monday.\n\n"
    "A Senate aide said: “The bill will not pass this year.”\n\n"
    "“We have the votes,” an aide to Senator Jane Doe told reporters.\n\n"
    "“Washington has failed us,” a group of Ohio farmers said on Friday.\n\n"
    "Officials familiar with the talks in Washington said the deal was “close to done.”\n\n"
    "The chief executive of General Motors said the plan was “a good start.”\n\n"
    "Airbus shares rose. The Airbus consortium said the offer was “too low.”"
)


def test_an_unnamed_source_has_its_words_and_no_actor(nlp):
    """A description is not the name inside it: an aide is not the Senate nor the senator they
    work for, farmers from Ohio are not Ohio; an organisation noun is the organisation named on
    it ("the Airbus consortium")."""
    from byline.annotators.analysis.run import analyze
    from byline.annotators.article import make_article

    (analysis,) = analyze([make_article(UNNAMED)], nlp)
    text = analysis.article.text
    names = {a.id: a.name for a in analysis.actors}
    found = {q.speaker_text: names.get(q.speaker) for q in analysis.quotes}
    assert found == {
        "A Senate aide": None,
        "an aide to Senator Jane Doe": None,
        "a group of Ohio farmers": None,
        "Officials familiar with the talks in Washington": None,
        "The chief executive of General Motors": None,
        "The Airbus consortium": "Airbus",
    }, found
    assert all(text[slice(*q.source)] == q.speaker_text for q in analysis.quotes)


@pytest.mark.parametrize("text, source", [
    ("Jane Doe, the mayor, spoke at the rally. According to Doe, the plan is “dead on arrival.”",
     "Doe"),
    ("According to Tom Ferris, a local farmer, “the road cuts my land in half.”", "Tom Ferris"),
])
def test_according_to_before_the_quote_names_its_source(nlp, text, source):
    doc = nlp(text)
    (quote,) = doc.spans["quotes"]
    assert at(doc, quote._.source) == source
    assert quote._.cue == "according to" and at(doc, quote._.cue_span) == "According to"


def test_a_speaker_named_in_the_following_sentence(nlp):
    """A quotation that is a sentence of its own, then a reporting verb with no words of its own:
    the verb reports the quotation; one reporting a clause ("said the banks were wrong") or an
    object ("denied the claim") does not, and the quotation goes on from the one before."""
    doc = nlp("“Prices will fall next year,” said Tomas Berg, an economist. “The banks disagree.” "
              "Priya Natarajan told the BBC on Monday.")
    first, second = doc.spans["quotes"]
    assert mention_text(first) == "Tomas Berg"
    assert mention_text(second) == "Priya Natarajan" and at(doc, second._.cue_span) == "told"
    for then in ("Priya Natarajan said the banks were wrong.",
                 "Priya Natarajan denied the claim on Monday."):  # its own words; what it denies
        doc = nlp("“Prices will fall next year,” said Tomas Berg, an economist. “The banks "
                  f"disagree.” {then}")
        first, second = doc.spans["quotes"]
        assert mention_text(second) == "Tomas Berg" and second._.cue is None, then


DIALOGUE = (
    "Tomas Berg and Priya Natarajan faced each other in the debate on Tuesday.\n\n"
    "“Can you name one job you created?” asked Tomas Berg.\n\n"
    "“Thousands,” replied Priya Natarajan.\n\n"
    "“Name one.”\n\n"
    "“The bridge workers.”\n\n"
    "The moderator moved on.\n\n"
    "“We will cut taxes,” said Tomas Berg.\n\n"
    "“The banks disagree,” said Priya Natarajan.\n\n"
    "“They are wrong about rates.”"
)


def test_back_and_forth_dialogue_alternates_and_a_statement_goes_on(nlp):
    """Turns of two speakers in paragraphs of their own, opened by a question: a turn with no
    cue is the other speaker's, and the next one's again. Two statements in turn and then a bare
    one (no question): it goes on with the last speaker's words, as news quotes do."""
    doc = nlp(DIALOGUE)
    speakers = [mention_text(q) for q in doc.spans["quotes"]]
    assert speakers == ["Tomas Berg", "Priya Natarajan", "Tomas Berg", "Priya Natarajan",
                        "Tomas Berg", "Priya Natarajan", "Priya Natarajan"]
    assert [q._.cue for q in doc.spans["quotes"]][2:4] == [None, None]


# -- per-document lookups without an object per sentence or entity ---------------------------------


def test_sentences_and_person_words_are_read_from_the_token_columns(nlp):
    doc = nlp("Sofia Lindqvist spoke first. Then Chen Jing and Acme Corp replied.\n"
              "“We will see,” Marc Weber said. Nobody else did.")
    ctx = Context(doc, doc.text, [])
    sents = list(doc.sents)
    assert len(sents) >= 4
    assert ctx.sent_starts.tolist() == [s.start for s in sents]
    assert [ctx.sent(k) for k in range(len(sents))] == sents
    assert [ctx.sent_index(t.i) for t in doc] == [
        next(k for k, s in enumerate(sents) if s.start <= t.i < s.end) for t in doc]
    assert ctx.person_words == frozenset(
        t.lower_ for e in doc.ents if e.label_ == "PERSON" for t in e) >= {"sofia", "weber"}
    assert [ctx.paragraph(t) for t in (doc[0], doc[-1])] == [0, 1]
    assert Sentences(nlp.make_doc("One. Two.")).starts.tolist() == [0]  # no sentence boundaries


def test_a_speaker_and_a_cue_said_again_are_one_string_each(nlp):
    doc = nlp("“We are ready,” Marc Weber said. “We are not,” Anna Berg said. "
              "“We will talk,” Marc Weber said.")
    first, second, third = doc.spans["quotes"]
    assert first._.speaker_text == third._.speaker_text == "Marc Weber"
    assert first._.speaker_text is third._.speaker_text  # kept once in doc.user_data
    assert first._.cue is second._.cue is third._.cue


# -- MEANTIME -------------------------------------------------------------------------------------


@pytest.mark.slow
def test_meantime_quotes_and_speakers(nlp, meantime):
    names = sorted(meantime)
    score = QuoteScore()
    for name, doc in zip(names, nlp.pipe(meantime[n]["text"] for n in names), strict=True):
        actors = {a.id: a for a in doc._.actors or []}
        reported = []
        for quote in doc.spans["quotes"]:
            said = {mention_text(quote) or ""}
            if (actor := actors.get(quote._.speaker)) is not None:
                said |= {actor.name, *actor.aliases}
            reported.append((quote.start_char, quote.end_char, said))
        score_quotes(name, meantime[name]["quotes"], reported, score)
    assert score.gold_quotes >= 50 and score.gold_other >= 5
    assert score.with_speaker >= 0.90, score.misses
    assert score.other_reported <= 1, score.misses


# -- partial quotes, titles and terms (issue 9 item 3) ---------------------------------------------


@pytest.mark.parametrize("text, words, speaker", [
    ("On the radio, the governor said that the “Senate was asleep” and left.", "Senate was",
     "the governor"),
    ("Marta Quist told the hearing that the “Board has failed” its members.", "Board has",
     "Marta Quist"),
    ("The coach said the referees “were blind” on Sunday.", "were blind", "The coach"),
])
def test_a_clause_in_marks_that_a_cue_governs_is_a_partial_quote(nlp, text, words, speaker):
    doc = nlp(text)
    (quote,) = doc.spans["quotes"]
    assert quote.text.lstrip("“").startswith(words)
    assert names_match(mention_text(quote) or "", speaker), mention_text(quote)


@pytest.mark.parametrize("text", [
    "Traders said the losses were a reaction to the events of ` Red Friday.' Nobody knew more.",
    "The critic wrote that she was moved by the finale of “The Glass Harbour.”",
    "He told the panel about his role in “Operation Silver Gate”, the senator said.",
])
def test_a_title_after_a_preposition_is_a_term_even_near_a_cue(nlp, text):
    doc = nlp(text)
    assert list(doc.spans["quotes"]) == [], [q.text for q in doc.spans["quotes"]]
    assert len(doc.spans["quoted_terms"]) == 1


def test_a_long_passage_in_marks_is_a_quote_without_a_cue(nlp):
    doc = nlp("The charter grants the board the right “to hire staff, sign contracts and sell "
              "property held by the trust.” It was signed in 1921.")
    (quote,) = doc.spans["quotes"]
    assert quote.text.startswith("“to hire staff") and quote._.speaker_text is None


@pytest.mark.parametrize("text", [
    "Bankers fear the “too big to fail” problem will return.",
    "The crowd chanted “lock them up” outside the hall.",
    "Readers loved “The Boy Who Sailed Around the World” last year.",
])
def test_short_terms_slogans_and_titles_without_a_cue_stay_out(nlp, text):
    doc = nlp(text)
    assert list(doc.spans["quotes"]) == [], [q.text for q in doc.spans["quotes"]]


def test_a_round_up_label_names_the_person_not_the_outlet(nlp):
    doc = nlp("Anna Kurz, The Daily Ledger: “The minister has lost the house.”\n"
              "The Morning Post, Tim Hale: “Nobody believes the budget figures.”")
    first, second = doc.spans["quotes"]
    assert (mention_text(first), first._.cue) == ("Anna Kurz", None)
    assert mention_text(second) == "Tim Hale"


def test_a_transcript_label_in_capitals_is_the_speaker(nlp):
    doc = nlp("The hearing went on for hours.\nPANELLIST: “How many jobs will the plant bring?”\n"
              "MS. REYES: “About two thousand.”")
    first, second = doc.spans["quotes"]
    assert first._.speaker_text == mention_text(first) == "PANELLIST"
    assert "REYES" in second._.speaker_text and "REYES" in mention_text(second)


def test_a_colon_after_a_sentence_is_not_a_label(nlp):
    doc = nlp("The memo had a single line: “Nobody leaves before six.”")
    (quote,) = doc.spans["quotes"]
    assert quote._.speaker_text is None


@pytest.mark.parametrize("text, speaker", [
    ("According to Joan Marsh, the plan is “dead on arrival”.", "Joan Marsh"),
    ("The plan, according to the city's lawyers, is “legally sound” and ready.", "lawyers"),
])
def test_according_to_before_a_partial_quote_names_its_source(nlp, text, speaker):
    doc = nlp(text)
    (quote,) = doc.spans["quotes"]
    assert quote._.cue == "according to" and speaker in mention_text(quote)


def test_according_to_does_not_make_a_product_name_a_quote(nlp):
    doc = nlp("According to the studio, the new “Nova X” sold out in a day.")
    assert list(doc.spans["quotes"]) == [] and len(doc.spans["quoted_terms"]) == 1


def test_transcript_turns_are_quotes_whose_speaker_is_the_label(nlp):
    doc = nlp("The debate ran late.\nMODERATOR: Senator, how will you pay for it?\n"
              "SEN. DANA REYES: We will close the loopholes. Every one of them.\n"
              "MODERATOR: And the \"hidden costs\" you mentioned?")
    quotes = list(doc.spans["quotes"])
    assert [q.text for q in quotes] == [
        "Senator, how will you pay for it?", "We will close the loopholes. Every one of them.",
        "And the \"hidden costs\" you mentioned?"]
    assert quotes[0]._.speaker_text == mention_text(quotes[0]) == "MODERATOR"
    assert "REYES" in mention_text(quotes[1]) and quotes[1]._.cue is None
    assert list(doc.spans["quoted_terms"]) == []  # words in marks inside a turn are the turn's


def test_a_header_or_a_dateline_with_a_colon_is_no_transcript(nlp):
    doc = nlp("UPDATE: The bridge has reopened.\nPARIS: Traffic was light on Monday.\n"
              "CORRECTION: An earlier version gave the wrong date.")
    assert list(doc.spans["quotes"]) == []


@pytest.mark.parametrize("text", [
    "The summit ended early. “Gridlock” dominated the talks, and the leaders left at noon.",
    "Paula Grant spoke at the rally. “Take Back Control” was the slogan on every banner.",
    "She has written for \"The Atlantic\" and \"Harper's Weekly.\"",
])
def test_words_in_marks_that_the_writers_sentence_goes_on_from_are_terms(nlp, text):
    doc = nlp(text)
    assert list(doc.spans["quotes"]) == [], [q.text for q in doc.spans["quotes"]]
    assert len(doc.spans["quoted_terms"]) >= 1


def test_a_sentence_opening_quote_that_a_later_cue_governs_stays_a_quote(nlp):
    doc = nlp("Tom Ellis faced the crowd. “Not today” was all he said.")
    (quote,) = doc.spans["quotes"]
    assert mention_text(quote) == "Tom Ellis" and quote._.cue == "say"


@pytest.mark.parametrize("text, speaker, cue", [
    ("Ines Varga's remark that the budget was \"dead on arrival\" angered the unions.",
     "Ines Varga", "remark"),
    ("The senator's warning of “dark days ahead” went unheeded.", "The senator", "warning"),
])
def test_a_noun_for_someones_words_governs_a_partial_quote(nlp, text, speaker, cue):
    doc = nlp(text)
    (quote,) = doc.spans["quotes"]
    assert (quote._.speaker_text, quote._.cue) == (speaker, cue)
    assert mention_text(quote) == speaker


def test_a_term_under_a_noun_with_no_source_stays_a_term(nlp):
    doc = nlp("The statement on “green bonds” was published online.")
    assert list(doc.spans["quotes"]) == [] and len(doc.spans["quoted_terms"]) == 1


def test_a_single_quoted_quote_over_paragraphs_keeps_its_speaker(nlp):
    doc = nlp("Nadia Kowalski told reporters:\n‘The first part of the plan is ready.\n"
              "‘The second part will follow next year.’")
    (quote,) = doc.spans["quotes"]
    assert quote.text.endswith("next year.’") and "\n" in quote.text
    assert mention_text(quote) == "Nadia Kowalski"


def test_a_clause_in_marks_that_opens_the_writers_sentence_is_still_a_quote(nlp):
    doc = nlp("Tom Ellis faced the crowd. “It is over” was how he put it.")
    (quote,) = doc.spans["quotes"]
    assert mention_text(quote) == "Tom Ellis"


def test_round_up_labels_that_name_only_an_outlet(nlp):
    doc = nlp("The press reacted on Monday.\n"
              "The Guardian (London): “The vote was a disaster for the government.”\n"
              "Le Figaro, Paris: “A bold gamble that may pay off.”")
    first, second = doc.spans["quotes"]
    assert "Guardian" in mention_text(first)
    assert mention_text(second) == "Le Figaro"  # not the line before's outlet
