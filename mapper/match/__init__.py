"""Placing free-text facility references on facility ids.

Testimony spreadsheets name a facility as people write it: "СІЗО-2 Таганрог",
"Таганрозький слідчий ізолятор №2", "SIZO No. 2 (Taganrog)", "ФКУ СИЗО-2 ГУФСИН России по
Ростовской области", "Taganrog sizo2" — and, copied from reports, "катівня в підвалі
відділу поліції в Ізюмі", "the school in Bezimenne", "в бывшей колонии в селе Еленовка под
Донецком". Fuzzy-matching such a string against every facility name picks the nearest
lookalike, which for a researcher is worse than no answer: SIZO-1 Kursk must never become
SIZO-2 Kursk. So a reference goes through small named steps:

1. `normalise` (`mapper.match.normalise`) — text artefacts out: HTML entities, soft and
   line-break hyphens, non-breaking spaces, every kind of quote and apostrophe.
2. `parse` (`mapper.match.parse`) — what identifies a facility: its *kind* (SIZO, colony,
   IVS...), its *number* and its *place* (settlement or region), plus distinctive name
   words ("Лефортово", "Polar Wolf"). The generic vocabulary — kind words, descriptive
   words ("катівня", "illegal prison"), street words, institutional boilerplate, ordinals,
   acronyms, region words — lives in the data file ``mapper/data/match_vocabulary.toml``,
   which researchers extend; what a word means comes from its context (a number next to a
   street word is a house number; a town before "області" is region evidence; a town after
   "под", "near" is a landmark).
3. `Matcher._evidence` (`mapper.match.matcher`) — candidates from an index over the
   facility layer: per facility, how specific the place evidence is, how many distinct
   name words and quoted names hit.
4. `Matcher._decide` — precision first. The number decides (a stated number never matches
   another number); a kind from another family rules out (a filtration site is not a
   police station); a softer disagreement (SIZO vs colony, "school" vs filtration site, a
   stated number where the registry records none) is accepted only when the place or a
   name singles the facility out, and is said in ``match_reason``. The most specific
   evidence wins; a tie is ``ambiguous`` with every candidate id — never decided by which
   facility is better known. A quoted name or a proper name the registry does not know
   ("«Полярная сова»", "Хомутовка") blocks a match on place alone. It reads in steps:
   `_screen` sets each candidate against the text's place, kind and number, `_none_fits`
   says why when none passes, `_break_ties` keeps only what the text's own words single out
   (else `_tied`), and `_vet` (with `_vet_number`) checks the one best candidate.

Scripts and transliteration systems meet on `mapper.names.skeleton`; Russian and Ukrainian
endings are cut so adjectives and cases meet the town's name; typos are absorbed by an edit
distance (rapidfuzz OSA) that grows with word length. Results are cached per distinct
reference: a million-row file holds a few thousand distinct strings, which is what makes
`mapper join` fast; the matcher itself is cached per facility table *content*, so aliases
edited in place take effect at once (`mapper.match.cache`).

The gazetteer, read for these steps (which words are towns, how towns are written), is
`mapper.match.towns`; the generic words are `mapper.match.vocabulary`.
"""

# checking a testimony table is not matching; it lives in `mapper.testimonies` and is
# named here too because scripts written against the first edition import it from here
from ..testimonies import validate_testimonies
from .cache import cache_dir, content_key, match_references, matcher_for, with_places
from .matcher import STATUSES, Match, Matcher
from .normalise import normalise, stem
from .parse import Parsed, Word, parse
from .vocabulary import VOCABULARY_PATH, Vocabulary, load_vocabulary

__all__ = ["STATUSES", "VOCABULARY_PATH", "Match", "Matcher", "Parsed", "Vocabulary", "Word",
           "cache_dir", "content_key", "load_vocabulary", "match_references", "matcher_for",
           "normalise", "parse", "stem", "validate_testimonies", "with_places"]
