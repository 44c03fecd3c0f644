"""The claims catalogue typed: each printed figure with its wording (this figure as '@', the others as '#')."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from metropolis_report import storage
from metropolis_report.extract import figures
from metropolis_report.transform.cleaning import CleaningError, cell_error, read_keyed

THIS_FIGURE, OTHER_FIGURE = "@", "#"


def figure_spans(text: str, *, words: bool = False) -> list[tuple[int, int]]:
    """Where the figures of a block of text stand, in reading order (years are not figures); with ``words``,
    the figures written out in words too."""
    spans = [
        m.span()
        for m in figures.NUMBER.finditer(text)
        if not (figures.YEAR.match(m.group("number")) and not m.group("unit"))
    ]
    if words:
        spans = sorted(spans + [(a, b) for a, b, _, _ in figures.word_figures(text)])
    return spans


def is_word_figure(printed: str) -> bool:
    """A figure written out in words ('quatre', 'troisième'), not in digits."""
    return not any(ch.isdigit() for ch in printed)


def wording(text: str, position: int, words: bool = False) -> str:
    """The block's text with this figure as '@' and every other figure as '#': what claim rules match,
    so that a rule finds its figure by the words around it and never by its value. A figure written out in
    words is marked among the figures in digits and in words (``words``)."""
    spans = figure_spans(text, words=words)
    out, last = [], 0
    for n, (start, end) in enumerate(spans, 1):
        out += [text[last:start], THIS_FIGURE if n == position else OTHER_FIGURE]
        last = end
    return "".join(out + [text[last:]])


def clean_claims(raw_dir: Path) -> pd.DataFrame:
    raw = read_keyed(raw_dir, "headline_claims")  # columns named by their keys: text, printed_value, ...
    numeric = pd.to_numeric(raw["value"], errors="coerce")
    if numeric.isna().any():
        bad = raw[numeric.isna()].iloc[0]
        raise cell_error("headline_claims", "value", bad["source_line"], bad["value"], "a number")
    # consecutive figures of one block share its text; their rank in the block is their position. A figure in
    # words is ranked among the block's figures in digits and in words (its rank among the words, mapped)
    words = raw["printed_value"].map(is_word_figure)
    block = (raw["text"] != raw["text"].shift()) | (raw["section"] != raw["section"].shift()) | (words != words.shift())
    block |= words & (raw["source_line"] != raw["source_line"].shift())  # the same note printed on several pages
    position = raw.groupby(block.cumsum()).cumcount() + 1
    for i in raw.index[words]:
        text = raw.at[i, "text"]
        in_words = [(a, b) for a, b, _, _ in figures.word_figures(text)]
        k = position[i] - 1
        position[i] = figure_spans(text, words=True).index(in_words[k]) + 1 if k < len(in_words) else len(text) + 1
    for text, pos, printed, line, w in zip(raw["text"], position, raw["printed_value"], raw["source_line"], words):
        spans = figure_spans(text, words=w)
        if pos > len(spans) or text[slice(*spans[pos - 1])].strip() != printed:
            raise CleaningError(
                f"headline_claims, line {line}: figure {pos} of the block is not the printed figure "
                f"{printed!r} (the extractor and the cleaning read the block differently)"
            )
    frame = pd.DataFrame(
        {
            "claim_id": raw["claim_id"],
            "section": raw["section"],
            "claim_text": raw["text"],
            "figure_position": position,
            "wording": [wording(t, p, w) for t, p, w in zip(raw["text"], position, words)],
            "printed_value": raw["printed_value"],
            "value": numeric,
            "unit": raw["unit"],
            "qualifier": raw["qualifier"].replace("", "exact"),
            "source_line": raw["source_line"].astype(int),
        }
    )
    return storage.conform(frame, "claims")
