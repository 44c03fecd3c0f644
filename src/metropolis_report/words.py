"""The words a reader sees for the data's codes, shared by the sentences the derived step writes (findings) and
the pages that show them (publish): one place for them.

- ``reader_label``: a code of the data (``not_derivable``, ``report_inconsistent``) -> its words from
  ``metadata/reader_labels.csv`` (column, code, label); ``readable``: a sentence of the data with its codes in
  words; the data keep the codes.
- ``FINDING_WORDS``: the words each rule of the findings may give.
- ``listing``, ``plural``, ``listed``, ``header``: lists, counts and names as a sentence says them.
"""

from __future__ import annotations

import csv
import functools
import re

# The words each rule of the findings may give (the rules are functions of analysis.inference; the findings
# suite allows exactly these pairs of rule and word)
FINDING_WORDS: dict[str, tuple[str, ...]] = {
    "difference": ("higher", "lower", "no clear difference", "depends on a choice the data leave open"),
    "association": (
        "go together",
        "go in opposite directions",
        "no clear association",
        "depends on a choice the data leave open",
    ),
    "parity": ("below parity", "above parity", "no clear difference from parity", "rounding-sensitive"),
    "repeated_people": ("holds if people repeat", "lost if people repeat", "not applicable"),
    "robustness": ("ranking holds", "ranking depends on the index's choices"),
    "reliability": ("acceptable internal consistency", "modest internal consistency", "low internal consistency"),
    "share_sum": ("exact", "consistent with ordinary rounding", "a disagreement beyond rounding"),
    "printed_share": ("matches one reading", "matches several readings", "matches no reading"),
    "descriptive": ("",),
}


@functools.lru_cache(maxsize=1)
def reader_labels() -> dict[str, dict[str, str]]:
    """column -> code -> label, from metadata/reader_labels.csv (the one place where codes get words)."""
    from metropolis_report import schema

    labels: dict[str, dict[str, str]] = {}
    for row in schema.rows("reader_labels.csv"):
        labels.setdefault(row["column"], {})[row["code"]] = row["label"]
    return labels


def reader_label(column: str, code) -> str:
    """The words a reader sees for a code of the data (the code itself when it has none)."""
    if isinstance(code, str) and "|" in code and column in ("claim_id", "total_id"):
        return printed_total_label(code)
    if column == "claim_text" and isinstance(code, str):  # "..., column wmd_organiser" -> the column in words
        return re.sub(r"\bcolumn ([a-z][a-z0-9_]+)\b", lambda m: f"column '{column_words(m.group(1))}'", code)
    return reader_labels().get(column, {}).get(str(code), readable(str(code)) if isinstance(code, str) else str(code))


def column_words(column: str) -> str:
    try:
        from metropolis_report import schema

        words = schema.column("members", column).description
    except Exception:  # a column the data dictionary does not know: its name in words
        return header(column)
    # the dictionary's note on empty cells is for the data's users, not for a reader of a sentence
    return re.sub(r"\s*\(empty only for [^)]*\)", "", words)


@functools.lru_cache(maxsize=1)
def registry_members() -> tuple[dict[str, str], ...]:
    """The rows of the curated member registry (config.MEMBERS_REGISTRY) as printed there; none before the
    registry exists. (The cleaning reads it through transform.registry, which also checks it.)"""
    from metropolis_report import config

    if not config.MEMBERS_REGISTRY.exists():
        return ()
    with open(config.MEMBERS_REGISTRY, encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


@functools.lru_cache(maxsize=1)
def codes_in_text() -> tuple[re.Pattern, dict[str, str]]:
    """Every code a sentence of the data may carry, with its words: internal names (reader_labels.csv, column
    "_text"), the codes of the labelled columns that read as identifiers (gender groups, funding sources, rules,
    statuses), member ids (the English name) and the members' column names (their description, quoted)."""
    from metropolis_report import schema

    words: dict[str, str] = {}
    try:
        for c in schema.table("members").columns:
            words[f"members.{c.name}"] = f"the members' '{column_words(c.name)}'"
            if "_" in c.name:  # a one-word column name ("region") reads as a word
                words[c.name] = f"'{column_words(c.name)}'"
    except Exception:
        pass
    for column, labels in reader_labels().items():
        if column in ("list_name", "raw_table"):  # a table's or list's name: a cell's words, not a sentence's
            continue
        for code, label in labels.items():
            if re.fullmatch(r"[a-z][a-z0-9]*(?:[_.][a-z0-9]+)+", code):
                words.setdefault(code, label)
    words.update(reader_labels().get("_text", {}))
    for row in registry_members():
        # a member id that is also an English word ("male" for Malé) is left to the prose
        if row.get("member_id") and row.get("name_en") and row["member_id"] not in ("male",):
            words[row["member_id"]] = row["name_en"]
    codes = sorted(words, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w./-])(" + "|".join(map(re.escape, codes)) + r")(?![\w-])")
    return pattern, words


@functools.lru_cache(maxsize=1)
def raw_column_words() -> dict[str, str]:
    """The report's (French) column names of the member tables -> the column in English words (data dictionary)."""
    try:
        from metropolis_report import schema

        return {c.raw_column: column_words(c.name) for c in schema.table("members").columns if c.raw_column}
    except Exception:
        return {}


def plural(n: int, word: str, words: str | None = None) -> str:
    """'1 item', '2 items'."""
    return f"{n:,} {noun(n, word, words or word + 's')}"


SMALL_NUMBERS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]


def number_word(n: int) -> str:
    """A count as prose writes it: a word up to twelve ("ten items"), digits beyond."""
    return SMALL_NUMBERS[n] if 0 <= n < len(SMALL_NUMBERS) else f"{n:,}"


def noun(n: int, one: str, many: str) -> str:
    """The word for ``n`` things, without the number: ``one`` for exactly one, else ``many``."""
    return one if n == 1 else many


def _list_words(m: re.Match) -> str:
    return "'" + m.group(1).replace("_", " ") + "'"


def listed(value):
    """A list of the data as a reader reads it: "['a', 'b', 'c'" (a Python list, perhaps cut) -> "a, b, c, …",
    "a|b|c" (allowed values) -> "a, b, c"; anything else as it is."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if text.startswith("[") and "'" in text:
        complete = text.endswith("]")
        body = text[1:-1] if complete else text[1:]
        pieces = body.split(",")
        if not complete and not pieces[-1].rstrip().endswith(("'", '"')):
            pieces = pieces[:-1]  # the item the cut went through
        items = [item.strip().strip("'\"") for item in pieces]
        return ", ".join(i for i in items if i) + ("" if complete else ", …")
    if "|" in text and " | " not in text:
        return ", ".join(part.strip() for part in text.split("|"))
    return value


def readable(text: str) -> str:
    """A sentence of the data with its codes in words (the data keep the codes): 'members with a non-zero
    pilot_projects' -> "members with a non-zero 'Number of pilot projects (...)'", member ids -> names, internal
    names (reading_values, rule_sensitive) -> their words from reader_labels.csv, and test ids
    ('eng_region_pair:africa-asia') -> 'regions compared: Africa vs Asia'."""
    if not isinstance(text, str) or not re.search(r"[a-z]", text):
        return text
    finding = reader_labels().get("finding", {})

    def test_id(m: re.Match) -> str:
        what = m.group(2).replace("_", " ")
        if m.group(1) == "eng_region_pair":
            what = " vs ".join(part.title() for part in m.group(2).split("-"))
        return f"{finding[m.group(1)]}: {what}"

    if finding:
        keys = "|".join(map(re.escape, finding))
        text = re.sub(rf"\b({keys}):([a-z0-9_-]+)", test_id, text)
        text = re.sub(rf"(?<![\w:])({keys})(?![\w:])", lambda m: finding[m.group(1)], text)
    pattern, words = codes_in_text()
    text = pattern.sub(lambda m: words[m.group(1)], text)
    # an annex list's id ("list_city_managers_members") as its name in words ('city managers members')
    text = re.sub(r"(?<![\w'])list_([a-z][a-z_]*[a-z])(?!\w)", _list_words, text)
    # a machine plural ("2 reading(s)") as a sentence says it
    text = re.sub(r"\b(\d+) (\w+)\(s\)", lambda m: plural(int(m.group(1)), m.group(2)), text)
    return re.sub(r"\b(\w+)\(s\)", r"\1s", text)  # without a count: the plural


def printed_total_label(total_id: str) -> str:
    """'4.1|Total membres|wmd_organiser' -> 'table 4.1, row Total membres: <the column in words>'."""
    parts = total_id.split("|")
    if len(parts) != 3:
        return total_id
    table_no, row, column = parts
    return f"table {table_no}, row {row}: {column_words(column)}"


def header(name: str) -> str:
    words = str(name).replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def listing(items) -> str:
    """'a, b and c'."""
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else "none"
