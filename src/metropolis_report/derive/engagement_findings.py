"""The findings of the engagement chapter (indices, regions, new members, web visibility, robustness)."""

from __future__ import annotations

import pandas as pd

from metropolis_report import editions
from metropolis_report.analysis import engagement, inference, robustness
from metropolis_report.derive.audit_findings import printed_share_row
from metropolis_report.derive.finding_rows import (
    ROBUST_MAX_MOVE,
    ROBUST_MAX_MOVED,
    ROBUST_MIN_KEPT,
    comparison_stats,
    comparison_values,
    finding_row,
    num,
    pct,
    signed,
)
from metropolis_report.words import listing, noun, number_word, plural, reader_label, reader_labels


def engagement_rows(tables: dict, tests: dict, p: dict) -> list[dict]:
    members, audit = tables["members"], tables["claims_audit"]
    conf, n = p["confidence"], len(members)
    scores = tests["scores"]
    totals = audit[audit["section"].isin(["4.1", "4.2"])]
    rows = [
        finding_row(
            "eng_totals", totals_by_verdict(totals), n=len(totals),
            sources=[f"claims_audit:{i}" for i in totals["claim_id"]],
        )
    ]  # fmt: skip
    activated = int(members["activated"].sum())
    # the report's 76 % has two readings (the members alone, or with the honorary member): both are said
    honorary = audit[audit["rule_id"] == "honorary_member"]
    with_honorary = n + (int(honorary["reported_value"].iloc[0]) if len(honorary) else 0)
    rows.append(
        finding_row(
            "eng_activated",
            {"activated": activated, "n": n, "share": pct(activated / n, 1), "with_honorary": with_honorary,
             "share_with_honorary": pct(activated / with_honorary, 1), "verdict": _printed_share_verdict(audit)},
            # the whole membership: the share is exact, no sampling or process to put an interval on
            n=n, basis="members (table 4.1), the whole membership", effect=activated / n,
            sources=["members:*"] + [f"claims_audit:{i}" for i in honorary["claim_id"]],
        )
    )  # fmt: skip
    rows.append(printed_share_row(audit, activated, n))
    rows += _index_rows(members, scores, p)
    rows += newness_rows(members, tests, conf)
    web, web_within = tests["web"], tests["web_within"]
    word, verdicts, choice_rows = verdict_across(tests, ["web"], "eng_web_choice", "engagement and web visibility")
    rows.append(
        finding_row(
            "eng_web",
            {"rho": num(web.rho), "p": inference.p_text(web.p_value), "p_holm": inference.p_text(web.p_holm),
             "web_columns": number_word(len(engagement.WEB_COLUMNS)), "within_p": inference.p_text(web_within.p_value),
             "verdicts": verdicts},
            word=word, n=web.n, basis="members", effect=web.rho,
            test=f"permutation test of Spearman's rho ({web.permutations} reassignments; also within regions)",
            p=web.p_value, p_holm=web.p_holm, sources=["members:*"],
        )
    )  # fmt: skip
    rows += choice_rows
    rows += region_rows(members, tests, conf)
    return rows


def newness_rows(members: pd.DataFrame, tests: dict, conf: float) -> list[dict]:
    """The new members under both definitions (one Holm family), over all members and within regions, and the word
    under every combination of the choices that can move it."""
    new, alt = tests["by_group"]["new_member"], tests["by_group"]["in_new_members_list"]
    within, alt_within = tests["within"]["new_member"], tests["within"]["in_new_members_list"]
    scores = tests["scores"]["items_set"]
    listed = members["in_new_members_list"].astype(bool)
    word, verdicts, choice_rows = verdict_across(
        tests, ["new_member", "in_new_members_list"], "eng_choice", "new members"
    )
    values = {
        **comparison_values(new, conf), "where": _where(members, "new_member"), "alt_n": alt.n_a,
        "alt_where": _where(members, "in_new_members_list"), "alt_median": f"{scores[listed].median():g}",
        "ties": _share_of_p(new.p_ties), "alt_difference": signed(alt.mean_difference),
        "alt_low": signed(alt.interval[0]), "alt_high": signed(alt.interval[1]), "alt_p": inference.p_text(alt.p_value),
        "alt_ties": _share_of_p(alt.p_ties), "alt_p_holm": inference.p_text(alt.p_holm),
        "within_where": _within_where(within), "within_difference": signed(within.difference),
        "within_p": inference.p_text(within.p_value), "within_p_holm": inference.p_text(within.p_holm),
        "within_ties": _share_of_p(within.p_ties), "alt_within_ties": _share_of_p(alt_within.p_ties),
        "alt_within_difference": signed(alt_within.difference), "alt_within_p": inference.p_text(alt_within.p_value),
        "alt_within_p_holm": inference.p_text(alt_within.p_holm), "verdicts": verdicts,
    }  # fmt: skip
    row = finding_row("eng_newness", values, word=word, sources=["members:*"], **comparison_stats(new))
    return [row, *choice_rows]


def _share_of_p(part: float) -> str:
    return "none" if part == 0 else f"{part:.2g}"


def _where(members: pd.DataFrame, flag: str) -> str:
    where = members.loc[members[flag].astype(bool), "region"].value_counts()
    return listing([f"{k} in {r}" for r, k in where.items()])


def _within_where(within: inference.Within) -> str:
    if len(within.strata) == 1:
        ((region, k),) = within.strata.items()
        return f"all {k} are in {region}"
    return "by region: " + listing([f"{k} in {r}" for r, k in within.strata.items()])


# the findings whose word is computed under each combination of choices, by the template of their rows per combination
CHOICE_ROWS_OF = {
    "eng_choice": "eng_newness",
    "eng_web_choice": "eng_web",
    "eng_region_choice": "eng_region_pair",
    "gen_choice": "gen_group",
}
COMPUTED_ACROSS = {"conversion_reading", "index_variant"}  # the choices every such finding is computed under


def verdict_across(
    tests: dict, keys: list[str], template: str, subject: str, within: bool = True
) -> tuple[str, str, list[dict]]:
    """(word, the sentence on the choices, one row per combination) for the findings ``keys`` of
    ``tests["under"]`` (the word under each reading of the conversion and each variant of the index; with ``within``,
    kept only where the test over all members and the test within regions agree)."""
    from metropolis_report.derive.choices import DEPENDS, across, moving

    # the choices computed here must be the ones metadata/choices.csv declares as moving the finding
    undeclared = COMPUTED_ACROSS - set(moving(CHOICE_ROWS_OF[template]))
    if undeclared:
        raise ValueError(
            f"metadata/choices.csv does not declare that {', '.join(sorted(undeclared))} can move "
            f"{CHOICE_ROWS_OF[template]}, which is computed under each of its options: add it to the column moves"
        )
    labels = {"new_member": "by table 4.1's marks", "in_new_members_list": "by the annex list", "web": "",
              "women_governed": "", "gender_mainstreaming": ""}  # fmt: skip
    words, rows = {}, []
    for position, ((reading, variant), by_key) in enumerate(tests["under"].items()):
        for column, key in enumerate(keys):
            name = ", ".join(part for part in (labels.get(key, ""), f"on the index “{variant}”", reading) if part)
            words[name] = by_key[key]
            # the numbers the word rests on, so that each row can be checked against its rule
            stats = tests.get("under_stats", {}).get((reading, variant), {}).get(key, {})
            within_stats = {k: round(v, 6) for k, v in stats.items() if k.startswith("within_")}
            rows.append(
                finding_row(template, {"subject": subject[:1].upper() + subject[1:], "combination": name,
                                       "definition": labels.get(key, ""), "index": variant, "reading": reading,
                                       "position": position, "column": column, **within_stats},
                     instance=_slug(f"{key} {reading} {stable(variant)}"), word=by_key[key], sources=["members:*"],
                     n=stats.get("n"), effect=stats.get("effect"), p=stats.get("p"), p_holm=stats.get("p_holm"))
            )  # fmt: skip
    word, _ = across(words)
    indices = len({v for _, v in tests["under"]})
    readings = (
        f", under each of the {len(tests['readings'])} readings of the text conversion (they give every member the same "
        "index)"
        if tests["readings_same"]
        else ""
    )
    both = " under both definitions," if len(keys) > 1 else ""
    if word == DEPENDS:
        verdicts = _split_text(tests["under"], keys, labels)
    else:
        verdicts = (
            f"{'Over all members and within regions,' if within else 'On'}{both} {'on ' if within else ''}each of the {indices} indices (the primary and its "
            f"variants){readings} the word is the same"
        )
    return word, verdicts, rows


def _split_text(under: dict, keys: list[str], labels: dict) -> str:
    """What a split word depends on, in few words: each minority word with the indices (and, where only one
    definition gives it, the definition) that give it, then the common word and what the primary index gives."""
    words = {(reading, variant, key): by_key[key] for (reading, variant), by_key in under.items() for key in keys}
    indices_only = all(reading == "" for reading, _ in under)
    counts = pd.Series(words).value_counts()

    def by_text(by: list[str]) -> str:
        if len(keys) == 1:
            return ""
        return " (both definitions)" if len(by) == len(keys) else f" ({labels[by[0]]} only)"

    common = max(counts.index, key=lambda w: (counts[w], w))
    parts = []
    for w in sorted(set(counts.index) - {common}):
        giving = {}
        for (reading, variant, key), v in words.items():
            if v == w:
                giving.setdefault((variant, reading), []).append(key)

        if len(giving) == len(under) and len({tuple(by) for by in giving.values()}) == 1:
            where = "on every index" + by_text(next(iter(giving.values())))  # one definition against the other
        else:
            where = "on the index " + listing(
                [f"“{variant}”{f', {reading},' if reading else ''}{by_text(by)}" for (variant, reading), by in giving.items()]
            )  # fmt: skip
        parts.append(f"“{w}” under {counts[w]} {where}")
    primary = next(iter(under))  # the primary index of the first reading
    giving_common = [k for k in keys if under[primary][k] == common]
    if not giving_common:
        primary_text = "not the primary index"
    elif len(giving_common) == len(keys):
        primary_text = f"among them the primary index{' by both definitions' if len(keys) > 1 else ''}"
    else:
        primary_text = f"among them the primary index {labels[giving_common[0]]}"
    return (
        f"Across the {len(words)} "
        + ("combinations of definition and index" if len(keys) > 1 else "indices" if indices_only else "combinations")
        + ", "
        + "; ".join(parts)
        + f"; “{common}” under the other {counts[common]}, {primary_text}"
    )


def stable(label: str) -> str:
    """A variant's label with the edition's year as a word: the finding ids stay the same from one edition to
    the next ("paid 2020 dues" -> "paid year dues")."""
    return label.replace(str(editions.current().year), "year")


def _slug(text: str) -> str:
    import re

    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _printed_share_verdict(audit: pd.DataFrame) -> str:
    """What the claims audit says of the printed share of active members: both readings reproduce it, or its
    verdict in words."""
    from metropolis_report.derive.audit_findings import _audit_row

    row = _audit_row(audit, "activated_share")
    where = f"the claims audit, figure {row['claim_id']}"
    two = (
        row["status"] == "under_definition"
        and not pd.isna(row["computed_min"])
        and row["computed_min"] != row["computed_max"]
    )
    if two:
        # the two definitions of c_share_members: the members alone (only if truncated), with the honorary member
        return (
            f"the report's {row['printed_value']} is reproduced by the first only if truncated and by the second "
            f"rounded, and the data cannot decide between them ({where})"
        )
    return f"the report's {row['printed_value']}: {reader_label('status', row['status'])} ({where})"


def totals_by_verdict(totals: pd.DataFrame) -> dict:
    """How many printed totals have each verdict, every verdict present named in words (metadata/reader_labels.csv,
    total_verdict; in the order of metadata/verdicts.csv, a verdict it does not list after them), and the
    disagreements named even when there are none: the counts add up to the number of totals."""
    from metropolis_report.derive.judging import verdicts

    counts = totals["status"].value_counts()
    order = [c for c in verdicts()["code"] if c in counts.index or c == "discrepancy"]
    order += sorted(set(counts.index) - set(order))

    def said(code: str) -> str:
        n = int(counts.get(code, 0))
        words = reader_labels().get("total_verdict", {}).get(code) or reader_label("status", code).replace("_", " ")
        return f"{n if n else 'none'} {noun(n, 'is', 'are') if n else 'is'} {words}"

    return {"total": len(totals), "counts": {c: int(counts.get(c, 0)) for c in order},
            "by_verdict": listing([said(c) for c in order])}  # fmt: skip


def _index_rows(members: pd.DataFrame, scores: pd.DataFrame, p: dict) -> list[dict]:
    n, minimum = len(members), p["engagement_min"]
    primary = engagement.participation_items()
    counts = engagement.variant_counts(members)
    engaged = (counts >= minimum).sum()
    declared = [v for v in counts.columns if v.startswith("primary + ")]
    low_v = min(declared, key=lambda v: (engaged[v], v))
    high_v = max(declared, key=lambda v: (engaged[v], v))
    rows = [
        finding_row(
            "eng_primary",
            {"k": len(primary), "engaged": int(engaged[engagement.PRIMARY]), "n": n,
             "share": pct(engaged[engagement.PRIMARY] / n, 1), "min_items": minimum,
             "median": f"{scores['items_set'].median():g}"},
            n=n, basis="members", effect=engaged[engagement.PRIMARY] / n, sources=["members:*"],
        ),
        finding_row(
            "eng_variants",
            {"low_share": pct(engaged[low_v] / n, 1), "low_variant": low_v, "high_share": pct(engaged[high_v] / n, 1),
             "high_variant": high_v, "ten_share": pct(engaged[engagement.TEN_ITEMS] / n, 1),
             "ten_engaged": int(engaged[engagement.TEN_ITEMS]), "n": n,
             "all_items": number_word(len(engagement.variant_items()[engagement.TEN_ITEMS]))},
            n=n, basis="members", sources=["members:*"],
        ),
    ]  # fmt: skip
    kr20 = engagement.kr20(engagement.flags(members, primary))
    rows.append(
        finding_row("eng_reliability", {"kr20": num(kr20)}, word=inference.reliability_word(kr20), n=n, effect=kr20,
             test="Kuder-Richardson 20", sources=["members:*"])
    )  # fmt: skip
    variants = robustness_variants(members)
    k = len(engagement.participation_items())
    # the primary index is a share of its items: a tie is stated in items
    in_items = {
        "score_text": lambda share: f"{round(share * k, 6):g} primary {noun(round(share * k, 6), 'item', 'items')}"
    }
    robust = robustness.robustness(variants, p["top_n"], ROBUST_MAX_MOVE, ROBUST_MAX_MOVED, ROBUST_MIN_KEPT, **in_items)
    null = shuffled_control(members, p["top_n"])
    r = robust
    left_out = [v for v in variants.columns if v.startswith("primary without ")]
    left_rho = [spearman(variants[engagement.PRIMARY], variants[v]) for v in left_out]
    rows.append(
        finding_row(
            "eng_robustness",
            {"variants": variant_kinds(variants.columns), "moved": r.moved, "n": r.n, "max_move": f"{r.max_move:g}",
             "max_move_share": pct(ROBUST_MAX_MOVE), "rho_low": num(r.rho_low), "rho_high": num(r.rho_high),
             "top_kept": r.top_kept, "top_size": r.top_size, "bottom_kept": r.bottom_kept,
             "bottom_size": r.bottom_size, "top_word": r.top_word, "bottom_word": r.bottom_word,
             "min_kept": pct(ROBUST_MIN_KEPT), "top_n": p["top_n"], "top_ranks": r.top_ranks,
             "bottom_ranks": r.bottom_ranks, "top_ties": r.top_ties, "bottom_ties": r.bottom_ties,
             "left_out": number_word(len(left_out)), "shared": number_word(k - 1), "k": number_word(k),
             "left_rho_low": num(min(left_rho)), "left_rho_high": num(max(left_rho)),
             "bottom_noise": _bottom_noise(r.bottom_word, null, p["confidence"])},
            word=r.word, n=r.n, effect=r.moved / r.n, test="rank ranges across the declared variants",
            sources=["members:*"],
        )
    )  # fmt: skip
    rows.append(
        finding_row(
            "eng_robustness_null",
            {**{k: v for k, v in null.items() if k != "word"}, "held_share": pct(null["held"] / null["shuffles"]),
             "max_move": f"{r.max_move:g}"},
            word=null["word"], n=r.n, effect=null["held"] / null["shuffles"],
            test=f"the same check on {null['shuffles']} independent shuffles of the items", sources=["members:*"],
        )
    )  # fmt: skip
    names = members["name"]
    moves = [
        f"{names[i]} (ranks {s.rank_primary} on the primary index, {s.far_rank} under “{s.far_variant}”)"
        for i, s in robust.largest.iterrows()
    ]
    rows.append(
        finding_row(
            "eng_largest_moves",
            {"move": f"{robust.largest['move'].max():g}", "moves": "; ".join(moves)},
            sources=[f"members:{members.at[i, 'member_id']}" for i in robust.largest.index],
        )
    )
    return rows


def robustness_variants(members: pd.DataFrame, shuffle: bool = False, seed: int = inference.SEED) -> pd.DataFrame:
    """Every variant of the index, one column each (primary first): the declared variants, the ones leaving one
    primary item out (a ranking that rests on a single item is not robust) and the intensity weighting; with
    ``shuffle`` every item is first permuted across members independently, from ``seed`` (the check's null)."""
    if shuffle:
        columns = sorted({c for i in engagement.items() for c in i.columns})
        members = members.assign(**robustness.shuffled(members[columns], seed))
    return engagement.variant_scores(members)


SHUFFLES = 50  # shuffled controls, from the fixed seed on: one shuffle's verdict is itself a draw


def shuffled_control(members: pd.DataFrame, top_n: int, shuffles: int = SHUFFLES) -> dict:
    """The robustness check on ``shuffles`` independent shuffles of the items (seeds SEED, SEED + 1, ...): in how
    many the ranking, the most engaged list and the least engaged list hold, and the median number of members
    that move far; the word is the one most shuffles give (a tie counts as the ranking not holding)."""
    import numpy as np

    runs = [
        robustness.robustness(
            robustness_variants(members, shuffle=True, seed=inference.SEED + i), top_n, ROBUST_MAX_MOVE,
            ROBUST_MAX_MOVED, ROBUST_MIN_KEPT, details=False,
        )
        for i in range(shuffles)
    ]  # fmt: skip
    held = sum(r.word == "ranking holds" for r in runs)
    return {
        "shuffles": shuffles, "held": held, "top_held": sum(r.top_word == "holds" for r in runs),
        "bottom_held": sum(r.bottom_word == "holds" for r in runs),
        "moved_median": f"{np.median([r.moved for r in runs]):g}", "n": runs[0].n,
        "word": "ranking holds" if 2 * held > shuffles else "ranking depends on the index's choices",
    }  # fmt: skip


def spearman(x: pd.Series, y: pd.Series) -> float:
    from scipy.stats import spearmanr

    return float(spearmanr(x, y).statistic)


def _bottom_noise(bottom_word: str, null: dict, confidence: float) -> str:
    """What the shuffled control says of the least engaged list's criterion: a list of members tied at zero can keep
    them under noise too; when it passes on more shuffles than the tests' level allows, its holding says little."""
    held, shuffles = null["bottom_held"], null["shuffles"]
    if bottom_word == "holds" and held > inference.alpha(confidence) * shuffles:
        return (
            f"; that list also holds on items shuffled across members in {held} of {shuffles} shuffles, so its "
            "holding says little about the index"
        )
    return f"; on items shuffled across members that list holds in {held} of {shuffles} shuffles"


def variant_kinds(columns) -> str:
    """The variants besides the primary index, by kind, in words."""
    others = list(columns)[1:]
    added = sum(c.startswith("primary + ") or c == engagement.TEN_ITEMS for c in others)
    left_out = sum(c.startswith("primary without ") for c in others)
    rest = len(others) - added - left_out
    parts = [f"{added} adding declared items", f"{left_out} leaving one primary item out"]
    parts += [plural(rest, "weighting")] if rest else []
    return f"{len(others)} variants of the index besides the primary one ({listing(parts)})"


def region_rows(members: pd.DataFrame, tests: dict, conf: float) -> list[dict]:
    """Every pair of regions with enough members, its word under every index variant (and reading), and the summary."""
    from metropolis_report.derive.choices import DEPENDS
    from metropolis_report.derive.findings import region_key

    rows, summary, regions = [], [], tests["regions"]
    combinations = len(tests["under"])
    for c in regions:
        first, second = c.label.split(" vs ")
        key = region_key(first, second)
        word, verdicts, choice_rows = verdict_across(
            tests, [key], "eng_region_choice", f"{first} vs {second}", within=False
        )
        values = {"first": first, "second": second, "mean_first": num(c.mean_a), "mean_second": num(c.mean_b),
                  "verdicts": verdicts, **comparison_values(c, conf)}  # fmt: skip
        rows.append(
            finding_row("eng_region_pair", values, instance=key, word=word, sources=["members:*"],
                        **comparison_stats(c))
        )  # fmt: skip
        rows += choice_rows
        if word == DEPENDS:
            said = [by_key[key] for by_key in tests["under"].values()]
            named = [f"“{w}” under {said.count(w)}" for w in sorted(set(said))]
            summary.append(f"{first} against {second} {DEPENDS} ({listing(named)} of the {combinations})")
        elif word != "no clear difference":
            summary.append(f"{first} {word} than {second}" + (" (borderline)" if values["note"] else ""))
    sizes = members["region"].value_counts()
    small = [f"{r} ({sizes[r]})" for r in sorted(sizes[sizes < inference.SMALL_N].index)]
    on = f"{combinations} {'indices' if tests['readings_same'] else 'combinations of reading and index'}"
    if summary:
        text = "; ".join(summary) + (
            f"; the other {len(regions) - len(summary)} of {len(regions)} pairs show no clear difference on any of the {on}"
        )
    else:
        text = f"no pair of regions differs clearly on any of the {on}"
    rows.append(
        finding_row(
            "eng_regions", {"summary": text, "small": listing(small)}, family_size=len(regions), sources=["members:*"]
        )
    )
    return rows


def robustness_check(members: pd.DataFrame, top_n: int) -> robustness.Robustness:
    """The robustness check of the findings, for the chapter's tables (each member's rank range)."""
    return robustness.robustness(
        robustness_variants(members), top_n, ROBUST_MAX_MOVE, ROBUST_MAX_MOVED, ROBUST_MIN_KEPT
    )
