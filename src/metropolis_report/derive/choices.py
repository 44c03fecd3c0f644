"""The choices the data leave open (metadata/choices.csv), and a verdict across them.

Each choice is declared once with its options, where the report gives rise to it, and the findings it can move.
A finding with a verdict word is computed under every admissible combination of the choices that can move it;
its word is the common one when all agree, otherwise it is ``DEPENDS`` and the sentence gives the word under each.
"""

from __future__ import annotations

from metropolis_report import schema

DEPENDS = "depends on a choice the data leave open"


def declared() -> list[dict[str, str]]:
    """The rows of metadata/choices.csv (choice, option, source, moves, note)."""
    return schema.rows("choices.csv")


def options(choice: str) -> list[str]:
    found = [r["option"] for r in declared() if r["choice"] == choice]
    if not found:
        raise KeyError(f"{choice!r} is not declared in metadata/choices.csv")
    return found


def moving(template_id: str) -> list[str]:
    """The choices declared as able to move the findings of ``template_id``."""
    return sorted({r["choice"] for r in declared() if template_id in r["moves"].split("|")})


def across(words: dict[str, str]) -> tuple[str, str]:
    """(word, what it depends on) for the words of one finding under each combination of choices (named by the
    combination): the common word and an empty text when they agree; ``DEPENDS`` and, for each word, the
    combinations that give it, when they do not."""
    distinct = sorted(set(words.values()))
    if len(distinct) <= 1:
        return (distinct[0] if distinct else ""), ""
    # the most frequent word is said once, for "the other" combinations; the rest are named
    counts = {w: sum(v == w for v in words.values()) for w in distinct}
    common = max(distinct, key=lambda w: (counts[w], w))
    parts = [
        f"“{w}” under {counts[w]} of {len(words)} ({_names([n for n, v in words.items() if v == w])})"
        for w in distinct
        if w != common
    ]
    parts.append(f"“{common}” under the other {counts[common]}")
    return DEPENDS, "; ".join(parts)


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
