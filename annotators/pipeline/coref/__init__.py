"""Coreference: the ``byline_coref`` component and its sieves (names, descriptions, pronouns),
the clusters they make, and the one pronoun resolver."""
