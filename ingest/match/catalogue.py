"""Service items -> the national catalogue (ref_national_service_items), recording how each match was
made: reviewed alias, exact, containment within the same domain, or character-bigram similarity within
the domain (with score). Pure functions; the reviewed lists are seeds (generic name endings:
match.item_generic_ending).
"""
from __future__ import annotations

from rapidfuzz.distance import Indel

from ingest.reference.catalogue import NationalItem
from ingest.reference.lexicon import Lexicon

SIMILARITY_MIN = 0.5


def _core(name: str, lex: Lexicon) -> str:
    """'残疾人托养服务' -> '残疾人托养': generic endings dropped, repeatedly (a name that is all ending stays)."""
    generic = lex.pattern("match.item_generic_ending")
    prev = None
    while prev != name:
        prev, name = name, generic.sub("", name)
    return name or prev


def bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)} or {text}


def dice(a: str, b: str) -> float:
    """Dice coefficient of the character-bigram sets, 2·|A∩B| / (|A|+|B|). rapidfuzz's Indel similarity
    of the two sorted bigram lists is 2·|A∩B| (the longest common subsequence of two sorted lists of
    distinct items is their intersection); no rapidfuzz string scorer gives this score directly."""
    x, y = sorted(bigrams(a)), sorted(bigrams(b))
    return Indel.similarity(x, y) / (len(x) + len(y))


def match_item(name: str, domain_code: str | None, national: list[NationalItem], aliases: dict[str, int],
               lex: Lexicon) -> tuple[int | None, str, float | None]:
    """(national item_no, match_method, score)."""
    if name in aliases:
        return aliases[name], "reviewed_alias", None
    for item in national:
        if item.name == name:
            return item.item_no, "exact", 1.0
    same_domain = [i for i in national if i.domain_code == domain_code]
    core = _core(name, lex)
    contained = [i for i in same_domain if len(_core(i.name, lex)) >= 2 and (_core(i.name, lex) in name or core in i.name)]
    if len(contained) == 1:
        return contained[0].item_no, "contains", round(dice(name, contained[0].name), 3)
    scored = sorted(((dice(core, _core(i.name, lex)), i.item_no) for i in (contained or same_domain)), reverse=True)
    if scored and scored[0][0] >= SIMILARITY_MIN and (len(scored) == 1 or scored[0][0] > scored[1][0]):
        return scored[0][1], "similar", round(scored[0][0], 3)
    return None, "unmapped", round(scored[0][0], 3) if scored else None
