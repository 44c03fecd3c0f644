"""Every figure the audit can decide is caught when it is wrong.

Each printed figure that the audit reproduces or finds discrepant is changed in a copy of the report text
(the figure's own characters, at its line and place), the copy goes through the same extraction and
cleaning as the real report, and the audit runs again: the verdict must be `discrepancy` with the computed
value unchanged. A figure the report's data cannot check must stay `not_derivable`. Nothing may stop.
"""

import re
from decimal import Decimal

import pandas as pd
import pytest

from metropolis_report import config, editions, pipeline, schema
from metropolis_report.derive import audit as derive_audit
from metropolis_report.derive import audit_inputs, judging
from metropolis_report.extract import figures, report, sections
from metropolis_report.transform import ambiguity, printed_figures
from metropolis_report.transform import members as transform_members
from metropolis_report.transform.printed_figures import figure_spans
from metropolis_report.validate import gatekeeper


@pytest.fixture(scope="module")
def baseline(built_report):
    data = audit_inputs.load(config.PROCESSED_DIR)
    return data, derive_audit.audit(data).set_index("claim_id")


@pytest.fixture(scope="module")
def unchanged_by_prose(baseline):
    """What a changed figure of the prose cannot change, computed once: the member tables under each admissible
    reading (ambiguity.member_readings) and the audit rows of the printed totals (derive_audit.total_rows). Both
    are computed from the member tables alone, which a changed figure of the prose leaves as they are; the rows of
    the totals are computed here on tables that note what is read, and read nothing else. The rows of the figures
    are computed again for each change (audit_of_claims), by the functions the build's audit calls."""
    data, audit = baseline
    members = ambiguity.member_readings(data.members, data.conversion_readings)
    watched = audit_inputs.Watched(data)
    variants = {n: audit_inputs.Watched(v) for n, v in derive_audit.reading_variants(data, members).items()}
    totals = derive_audit.total_rows(watched, variants)
    read = watched.read.union(*(v.read for v in variants.values()))
    assert read <= {"members", "printed_totals", "conversion_readings"}, read
    unchanged = {"members": members, "totals": totals, "rules": audit_inputs.rules()}
    # the row of each figure, and the figures whose row reads the catalogue (other figures than their own), noted by
    # watching the tables and every reading's tables while the row is computed
    variants = derive_audit.reading_variants(data, members)
    unchanged["rows"], unchanged["catalogue_readers"] = {}, set()
    for claim in data.claims.to_dict("records"):
        tracked = audit_inputs.Watched(data)
        tracked_variants = {n: audit_inputs.Watched(v) for n, v in variants.items()}
        unchanged["rows"][claim["claim_id"]] = derive_audit.claim_row(
            tracked, tracked_variants, unchanged["rules"], claim
        )
        if "claims" in tracked.read.union(*(v.read for v in tracked_variants.values())):
            unchanged["catalogue_readers"].add(claim["claim_id"])
    assert 0 < len(unchanged["catalogue_readers"]) < len(data.claims)
    # and the rows that do not read it are the same with a catalogue that holds their own figure alone
    for claim in data.claims.to_dict("records"):
        if claim["claim_id"] not in unchanged["catalogue_readers"]:
            alone = audit_inputs.Data(
                **{**data.__dict__, "claims": data.claims[data.claims["claim_id"] == claim["claim_id"]]}
            )
            row = derive_audit.claim_row(
                alone, derive_audit.reading_variants(alone, members), unchanged["rules"], claim
            )
            assert all(same_cell(row[k], v) for k, v in unchanged["rows"][claim["claim_id"]].items()), claim["claim_id"]
    # put together, they are the build's audit
    pd.testing.assert_frame_equal(audit_of_claims(data, data.claims, unchanged).set_index("claim_id"), audit)
    pd.testing.assert_frame_equal(
        audit_of_claims(data, data.claims, unchanged, again=set()).set_index("claim_id"),
        audit,
    )
    return unchanged


# one change in this many is also audited in full, to check that the audit of the rows a change can move equals it
FULL_AUDIT_EVERY = 10


def audit_of_claims(data, claims: pd.DataFrame, unchanged: dict, again: set[str] | None = None) -> pd.DataFrame:
    """The audit of the tables with another claims catalogue (the member tables unchanged), with the rows of the
    printed totals that do not read the catalogue. Every figure's row is computed again as the build's audit
    computes it; with ``again`` (the figures whose entry in the catalogue differs from the published one), only the
    rows a change of these entries can move are: theirs, and those of the figures whose row reads the catalogue."""
    tables = audit_inputs.Data(**{**data.__dict__, "claims": claims})
    variants = derive_audit.reading_variants(tables, unchanged["members"])
    if again is None:
        rows = derive_audit.claim_rows(tables, variants, unchanged["rules"])
    else:
        again = again | unchanged["catalogue_readers"]
        rows = [
            derive_audit.claim_row(tables, variants, unchanged["rules"], c)
            if c["claim_id"] in again
            else unchanged["rows"][c["claim_id"]]
            for c in claims.to_dict("records")
        ]
    return derive_audit.assemble(rows + unchanged["totals"], tables, variants)


def same_cell(a, b) -> bool:
    return bool(pd.isna(a) and pd.isna(b)) or a == b


def audit_of_change(data, changed: pd.DataFrame, i: int, unchanged: dict) -> pd.DataFrame:
    """The audit of the catalogue ``changed``, extracted from a copy of the report where only the figure at row ``i``
    was changed. The catalogue must be the published one but for the entries of the figures printed in the same
    passage (whose text holds the changed figure); their rows are computed again. One change in FULL_AUDIT_EVERY is
    also audited in full, which must give the same table."""
    published = data.claims.reset_index(drop=True)
    changed = changed.reset_index(drop=True)
    assert list(changed.columns) == list(published.columns) and len(changed) == len(published)
    differ = [
        j
        for j, (new, old) in enumerate(zip(changed.to_dict("records"), published.to_dict("records"), strict=True))
        if not all(same_cell(new[k], old[k]) for k in published.columns)
    ]
    passage = changed.loc[i, "claim_text"]
    assert i in differ and all(changed.loc[j, "claim_text"] == passage for j in differ), (i, differ)
    after = audit_of_claims(data, changed, unchanged, again=set(changed.loc[differ, "claim_id"]))
    if i % FULL_AUDIT_EVERY == 0:
        pd.testing.assert_frame_equal(after, audit_of_claims(data, changed, unchanged))
    return after


def still_unchanged(data, unchanged: dict) -> bool:
    """Nothing computed once, nor the tables it was computed from, was changed in place by the audits that reused
    it: all of it is as computed again from the published tables, read again."""
    again = audit_inputs.load(config.PROCESSED_DIR)
    fresh = ambiguity.member_readings(again.members, again.conversion_readings)
    totals = derive_audit.total_rows(again, derive_audit.reading_variants(again, fresh))
    return (
        all(getattr(data, n).equals(getattr(again, n)) for n in audit_inputs.AUDIT_INPUTS)
        and fresh.keys() == unchanged["members"].keys()
        and all(fresh[n].equals(unchanged["members"][n]) for n in fresh)
        and pd.DataFrame(totals).equals(pd.DataFrame(unchanged["totals"]))
    )


def wrong_value(printed: str, value: float, computed: float, qualifier: str, also: tuple = ()) -> str:
    """The printed figure moved by one unit of its last printed digit, away from the computed value (and from
    the values ``also`` that the other definitions the report allows give)."""
    decimals = judging.decimals_printed(printed)
    step = Decimal(1).scaleb(-decimals)
    for k in (1, -1, 2, -2, 3):
        new = Decimal(repr(value)) + k * step
        if new < 0:
            continue
        agrees = any(
            judging.matches(float(new), c, qualifier, decimals, r)
            for c in (computed, *also)
            for r in ("half_up", "truncate")
        )
        if not agrees:
            return french(new, decimals, printed)
    raise AssertionError(f"no wrong value found for {printed}")


def french(number: Decimal, decimals: int, like: str) -> str:
    """The number written as the printed figure ``like`` is: decimal comma, same thousands separator."""
    text = f"{number:,.{decimals}f}"
    separator = (
        next((ch for ch in like if ch in " \u00a0\u202f"), " ") if len(like.split(",")[0].strip(" %€")) > 3 else ""
    )
    return text.replace(",", "\0").replace(".", ",").replace("\0", separator)


def mutated_text(text: str, line: int, position_on_line: int, new_number: str, in_words: bool = False) -> str:
    """The text with the figure at ``position_on_line`` of ``line`` (among the figures in digits, or among those
    written out in words) replaced by ``new_number`` (a number, or for a figure in words its value)."""
    lines = text.split("\n")
    if in_words:
        start, end, word, _ = figures.word_figures(lines[line - 1])[position_on_line]
        ordinals = figures.ordinal_words()
        words = {v: w for w, v in figures.number_words().items() if (w in ordinals) == (word.lower() in ordinals)}
        lines[line - 1] = lines[line - 1][:start] + words[int(new_number)] + lines[line - 1][end:]
        return "\n".join(lines)
    spans = figure_spans(lines[line - 1])
    start, end = spans[position_on_line]
    figure = lines[line - 1][start:end]
    number = figures.NUMBER.fullmatch(figure.strip()).group("number")
    lines[line - 1] = lines[line - 1][:start] + figure.replace(number, new_number, 1) + lines[line - 1][end:]
    return "\n".join(lines)


def ranks_on_line(catalogue: pd.DataFrame) -> pd.Series:
    """The rank of each figure among the figures of its line printed the same way (in digits or in words)."""
    return catalogue.groupby(
        [catalogue["source_line"], catalogue["printed_value"].map(printed_figures.is_word_figure)]
    ).cumcount()


def claims_from(text: str, tmp_path) -> pd.DataFrame:
    table = next(t for t in sections.extract(text) if t.name == "headline_claims")
    (tmp_path / "headline_claims.csv").write_text(table.to_csv(), encoding="utf-8")
    return printed_figures.clean_claims(tmp_path)


def test_every_decidable_claim_is_caught_when_its_figure_is_wrong(baseline, unchanged_by_prose, tmp_path):
    data, audit = baseline
    text = editions.default().report_path.read_text(encoding="utf-8")
    catalogue = data.claims.reset_index(drop=True)
    # the rank of each figure among the figures printed on its line
    on_line = ranks_on_line(catalogue)
    checked, missed = 0, []
    for i, claim in catalogue.iterrows():
        before = audit.loc[claim["claim_id"]]
        if before["status"] == "not_derivable":
            continue
        # a figure reproduced under a definition: the other definition's value is in its evidence
        # (or, for a figure with a range, the ends of its range)
        also = tuple(float(v) for v in re.findall(r"alone: ([\d.]+) %", str(before["evidence"]))) + tuple(
            float(v) for v in (before["computed_min"], before["computed_max"]) if pd.notna(v)
        )
        new = wrong_value(claim["printed_value"], claim["value"], before["computed_value"], claim["qualifier"], also)
        changed = claims_from(mutated_text(text, claim["source_line"], on_line[i], new), tmp_path)
        assert (
            changed.loc[i, "claim_id"] == claim["claim_id"]
            and changed.loc[i, "printed_value"] != claim["printed_value"]
        )
        after = audit_of_change(data, changed, i, unchanged_by_prose).set_index("claim_id")
        row = after.loc[claim["claim_id"]]
        checked += 1
        computed_unchanged = row["computed_value"] == before["computed_value"] or any(
            abs(row["computed_value"] - a) < 0.05 for a in also
        )  # a wrong figure matches no definition: the value under the first one is shown
        if row["status"] != "discrepancy" or not computed_unchanged or pd.isna(row["cause"]):
            missed.append((claim["claim_id"], claim["printed_value"], new, row["status"], row["computed_value"]))
    assert checked == int((audit.loc[catalogue["claim_id"], "status"] != "not_derivable").sum()) > 60
    assert missed == []
    assert still_unchanged(data, unchanged_by_prose)


def test_not_derivable_claims_stay_so_when_changed(baseline, unchanged_by_prose, tmp_path):
    data, audit = baseline
    text = editions.default().report_path.read_text(encoding="utf-8")
    catalogue = data.claims.reset_index(drop=True)
    on_line = ranks_on_line(catalogue)
    changed_any = 0
    for i, claim in catalogue.iterrows():
        if audit.loc[claim["claim_id"], "status"] != "not_derivable":
            continue
        in_words = printed_figures.is_word_figure(claim["printed_value"])
        new = (
            str(int(claim["value"]) + 1)
            if in_words
            else french(
                Decimal(repr(claim["value"])) + 1,
                judging.decimals_printed(claim["printed_value"]),
                claim["printed_value"],
            )
        )
        changed = claims_from(mutated_text(text, claim["source_line"], on_line[i], new, in_words), tmp_path)
        assert changed.loc[i, "printed_value"] != claim["printed_value"], claim["claim_id"]
        after = audit_of_change(data, changed, i, unchanged_by_prose).set_index("claim_id")
        assert after.loc[claim["claim_id"], "status"] == "not_derivable", claim["claim_id"]
        changed_any += 1
    assert changed_any == int((audit.loc[catalogue["claim_id"], "status"] == "not_derivable").sum())
    assert still_unchanged(data, unchanged_by_prose)


def test_every_printed_total_is_caught_when_wrong(baseline, tmp_path):
    """The total rows of tables 4.1 and 4.2 also choose between the readings of restored rows: a wrong
    total must neither move that choice nor go unnoticed."""
    data, audit = baseline
    raw = tmp_path / "raw"
    import shutil

    shutil.copytree(config.RAW_DIR, raw, ignore=shutil.ignore_patterns("*.txt", "*.sha256"))
    totals = data.printed_totals.dropna(subset=["value"])
    missed = []
    for t in totals.itertuples():
        before = audit.loc[t.total_id]
        name = {"4.1": "members_engagement_totals", "4.2": "members_web_mentions_totals"}[t.table]
        frame = pd.read_csv(config.RAW_DIR / f"{name}.csv", dtype=str, keep_default_na=False)
        raw_column = schema.column("members", t.column).raw_column
        new = wrong_value(t.printed_value, float(t.value), before["computed_value"], "exact")
        frame.loc[frame["MEMBRE"] == t.row_label, raw_column] = new
        frame.to_csv(raw / f"{name}.csv", index=False, lineterminator="\n")
        tables = transform_members.clean_members(raw)
        after = derive_audit.audit(
            audit_inputs.Data(
                **{
                    **data.__dict__,
                    "members": tables["members"],
                    "printed_totals": tables["printed_totals"],
                    "conversion_readings": tables["conversion_readings"],
                }
            )
        ).set_index("claim_id")
        shutil.copy(config.RAW_DIR / f"{name}.csv", raw / f"{name}.csv")
        row = after.loc[t.total_id]
        if row["status"] != "discrepancy" or row["computed_value"] != before["computed_value"]:
            missed.append((t.total_id, t.printed_value, new, row["status"], row["computed_value"]))
    assert len(totals) == 25 and missed == []


# --------------------------------------------------------------------------- changed rows, not only figures
# Each case changes the member rows of table 4.1 in a copy of the report text; the copy goes through the same
# extraction and cleaning, and the audit runs again. Every case states which verdicts change and how, and
# requires that no other verdict (status, computed value, range) and no other member cell changes.


def _row_index(lines: list[str], first_cell: str) -> int:
    for i, line in enumerate(lines):
        if line.startswith("| ") and report.split_row(line, i + 1)[0] == first_cell:
            return i
    raise AssertionError(f"no table row {first_cell!r} in the report text")


def with_row(text: str, first_cell: str, change) -> str:
    """The report text with the cells of one printed table row (found by its first cell) changed."""
    lines = text.split("\n")
    i = _row_index(lines, first_cell)
    lines[i] = "| " + " | ".join(change(report.split_row(lines[i], i + 1))) + " |"
    return "\n".join(lines)


def rebuilt(text: str, tmp_path, data):
    """Extraction and cleaning of a changed copy of the report text; the raw folder, the member tables, the audit."""
    raw = tmp_path / "raw_from_text"
    raw.mkdir()
    for table in sections.extract(text):
        (raw / f"{table.name}.csv").write_text(table.to_csv(), encoding="utf-8")
    tables = transform_members.clean_members(raw)
    changed = audit_inputs.Data(
        **{
            **data.__dict__,
            "members": tables["members"],
            "printed_totals": tables["printed_totals"],
            "conversion_readings": tables["conversion_readings"],
        }
    )
    return raw, tables, derive_audit.audit(changed).set_index("claim_id")


VERDICT = ["status", "computed_value", "computed_min", "computed_max"]


def changed_verdicts(before: pd.DataFrame, after: pd.DataFrame) -> set[str]:
    shared = before.index.intersection(after.index)
    a, b = before.loc[shared, VERDICT].astype(str), after.loc[shared, VERDICT].astype(str)
    return set(shared[(a != b).any(axis=1)]) | (set(before.index) ^ set(after.index))


def changed_member_cells(before: pd.DataFrame, after: pd.DataFrame) -> set[tuple[str, str]]:
    b, a = before.set_index("member_id").astype(str), after.set_index("member_id").astype(str)
    return {(m, c) for (m, c), differs in (b != a).stack().items() if differs}


@pytest.fixture(scope="module")
def text_baseline(built_report, tmp_path_factory):
    data = audit_inputs.load(config.PROCESSED_DIR)
    text = editions.default().report_path.read_text(encoding="utf-8")
    _, tables, audit = rebuilt(text, tmp_path_factory.mktemp("same"), data)
    return data, text, tables, audit


def gate_passes(raw, tmp_path) -> pd.DataFrame:
    """The whole build on a raw folder: staging, the validation gate, publishing and the derived tables."""
    staging, processed = tmp_path / "staging", tmp_path / "processed"
    pipeline.stage_all(raw, staging)
    outcomes, _ = gatekeeper.run(staging, config.EXPECTATIONS_DIR, raw)
    assert all(o.success for o in outcomes), [o for o in outcomes if not o.success][:3]
    gatekeeper.publish(staging, processed, outcomes)
    return pipeline.derive(processed)["claims_audit"].set_index("claim_id")


def test_a_row_shifted_like_tehrans_is_detected_and_restored(text_baseline, tmp_path):
    data, text, before, audit = text_baseline
    # Guangzhou prints learning 3, organiser blank, participant 1, rethink "Oui", as Téhéran's true row does;
    # the conversion's defect: the organiser's empty cell dropped, the row padded at its end
    shifted = with_row(text, "Guangzhou", lambda c: c[:9] + c[10:] + [""])
    assert shifted != text
    _, tables, after = rebuilt(shifted, tmp_path, data)
    readings = tables["conversion_readings"]
    row = readings[readings["row_key"] == "guangzhou"]
    # shifted like Téhéran's, it allows the same readings, and the totals decide between them as they do for Téhéran
    tehran = readings[readings["row_key"] == "tehran"]
    assert row["status"].tolist() == tehran["status"].tolist() and row["misfit_columns"].iloc[0].startswith("Particip")
    # restored to the row as printed under combination A, and flagged like Téhéran's row
    changed = changed_member_cells(before["members"], tables["members"])
    assert {c for c in changed if c[1] != "reading_values"} == set()
    # one more combination of readings: the flags of the ambiguous rows name it, nothing else changes
    ambiguous = set(readings.loc[readings["status"] == "ambiguous", "row_key"])
    assert ("guangzhou", "reading_values") in changed and {m for m, _ in changed} <= ambiguous
    assert changed_verdicts(audit, after) == set()  # every total still matches as before
    assert "Guangzhou (line 486)" in after.loc["4.1|Total membres|rethink_call", "evidence"]


def test_a_typo_no_reading_restores_is_a_cell_of_the_report(text_baseline, tmp_path):
    data, text, before, audit = text_baseline
    # "Oui" for the "1" of Abidjan's participant cell: the only place for a dropped cell would move it to the
    # rethink call, which makes that printed total (16) worse
    typo = with_row(text, "Abidjan", lambda c: c[:10] + ["Oui"] + c[11:])
    raw, tables, after = rebuilt(typo, tmp_path, data)
    readings = tables["conversion_readings"]
    row = readings[readings["row_key"] == "abidjan"]
    assert row["status"].tolist() == ["vetoed", "vetoed", "report_cell"]
    assert "Total membres of 'Adhésion à l'appel à repenser'" in row["basis"].iloc[0]
    members = tables["members"].set_index("member_id")
    assert pd.isna(members.loc["abidjan", "wmd_participant"]) and not members.loc["abidjan", "rethink_call"]
    assert "not a number in the report ('Oui')" in members.loc["abidjan", "reading_values"]
    changed = changed_member_cells(before["members"], tables["members"])
    assert {c for c in changed if c[1] != "reading_values"} == {("abidjan", "wmd_participant")}
    # the report cell takes its column out of the weighing, so the other rows' admissible readings may change:
    # only the flags of rows that are ambiguous before or after change, nothing else
    ambiguous = set(readings.loc[readings["status"] == "ambiguous", "row_key"]) | set(
        before["members"].loc[before["members"]["reading_values"].notna(), "member_id"]
    )
    assert {m for m, c in changed if c == "reading_values"} <= ambiguous | {"abidjan"}
    assert "report_cell_not_a_number" in set(tables["corrections"]["rule"])
    # the count of participants still counts the cell (it is not empty); the sum cannot, and says why
    assert changed_verdicts(audit, after) == {"4.1|Total|wmd_participant"}
    total = after.loc["4.1|Total|wmd_participant"]
    assert total["status"] == "discrepancy" and total["cause"] == "report_inconsistent"
    assert "Abidjan (line 413) prints 'Oui'" in total["evidence"]
    assert gate_passes(raw, tmp_path).loc["4.1|Total|wmd_participant", "status"] == "discrepancy"  # no stop


def test_a_change_that_makes_readings_tie_never_stops_the_build(text_baseline, tmp_path, claim_by_rule):
    data, text, before, audit = text_baseline
    # without the printed totals of the two World Metropolitan Day columns, nothing decides between the readings
    # of Téhéran and Valle de Aburra, nor of Istanbul, Tunis and Victoria
    untied = with_row(text, "Total membres", lambda c: c[:9] + ["-", "-"] + c[11:])
    tied = with_row(untied, "Total", lambda c: c[:9] + ["-", "-"] + c[11:])
    raw, tables, after = rebuilt(tied, tmp_path, data)
    readings = tables["conversion_readings"]
    assert set(readings.loc[readings["status"] == "ambiguous", "row_key"]) == {
        "tehran",
        "valle-de-aburra",
        "istanbul",
        "tunis",
        "victoria",
    }
    members = tables["members"].set_index("member_id")
    assert members["reading_values"].notna().sum() == 5
    gone = {f"4.1|{row}|{c}" for row in ("Total membres", "Total") for c in ("wmd_organiser", "wmd_participant")}
    wmd = [claim_by_rule(after, rule) for rule in ("wmd_organisers", "wmd_participants")]
    assert changed_verdicts(audit, after) == set(wmd) | gone
    for claim_id in wmd:
        row = after.loc[claim_id]
        assert row["status"] == "consistent_with_readings" and row["computed_min"] < row["computed_max"]
        assert "of 32 admissible readings" in row["evidence"]
    assert gate_passes(raw, tmp_path).loc[wmd[0], "status"] == "consistent_with_readings"  # the build completes


def test_two_swapped_cells_are_two_discrepancies_that_name_both_columns(text_baseline, tmp_path):
    data, text, before, audit = text_baseline
    # Guangzhou's bilateral meetings (6) and learning activities (3) exchanged
    swapped = with_row(text, "Guangzhou", lambda c: c[:5] + [c[8]] + c[6:8] + [c[5]] + c[9:])
    _, tables, after = rebuilt(swapped, tmp_path, data)
    assert changed_member_cells(before["members"], tables["members"]) == {
        ("guangzhou", "bilateral_meetings"),
        ("guangzhou", "learning_activities"),
    }
    moved = {"4.1|Total|bilateral_meetings", "4.1|Total|learning_activities"}
    assert changed_verdicts(audit, after) == moved
    for claim_id, column, other in (
        ("4.1|Total|bilateral_meetings", "bilateral_meetings", "learning_activities"),
        ("4.1|Total|learning_activities", "learning_activities", "bilateral_meetings"),
    ):
        row = after.loc[claim_id]
        assert row["status"] == "discrepancy" and row["cause"] == "report_inconsistent"
        assert f"in '{column}' and by the opposite amount in '{other}'" in row["evidence"]


@pytest.mark.parametrize(
    ("member", "member_id", "position", "column", "line"),
    [
        ("Bruxelles", "brussels", 5, "bilateral_meetings", 445),  # 9 -> "Oui"
        ("Busan", "busan", 8, "learning_activities", 448),  # 1 -> "Oui"
        ("Accra", "accra", 5, "bilateral_meetings", 414),  # blank -> "Oui"
    ],
)
def test_a_yes_in_a_count_column_no_dropped_cell_explains_never_stops_the_build(
    text_baseline, tmp_path, member, member_id, position, column, line
):
    data, text, before, audit = text_baseline
    typo = with_row(text, member, lambda c: c[:position] + ["Oui"] + c[position + 1 :])
    raw, tables, after = rebuilt(typo, tmp_path, data)
    readings = tables["conversion_readings"]
    row = readings[readings["row_key"] == member_id]
    assert row["status"].tolist() == ["report_cell"] and "does not explain it" in row["basis"].iloc[0]
    members = tables["members"].set_index("member_id")
    assert pd.isna(members.loc[member_id, column])
    changed = changed_member_cells(before["members"], tables["members"])
    assert {c for c in changed if c[1] != "reading_values"} == {(member_id, column)}
    assert "report_cell_not_a_number" in set(tables["corrections"]["rule"])
    # the printed totals of that column: a discrepancy of the report that names the row; nothing else changes
    moved = changed_verdicts(audit, after)
    assert moved and all(m.startswith("4.1|") and m.endswith(f"|{column}") for m in moved)
    for claim_id in moved:
        total = after.loc[claim_id]
        assert total["status"] == "discrepancy" and total["cause"] == "report_inconsistent"
        assert f"{members.loc[member_id, 'name']} (line {line}) prints 'Oui'" in total["evidence"]
    if member == "Bruxelles":
        assert gate_passes(raw, tmp_path).loc[f"4.1|Total|{column}", "status"] == "discrepancy"  # no stop


def test_totals_no_single_reading_fits_are_discrepancies_that_say_so(text_baseline, tmp_path):
    data, text, before, audit = text_baseline
    wmd = {f"4.1|{r}|{c}" for r in ("Total membres", "Total") for c in ("wmd_organiser", "wmd_participant")}
    # Bruxelles' organiser (1) and participant (2) cells exchanged: the totals of the counts of members and those
    # of the sums need different combinations of readings
    swapped = with_row(text, "Bruxelles", lambda c: c[:9] + [c[10], c[9]] + c[11:])
    (tmp_path / "swap").mkdir()
    _, _, after = rebuilt(swapped, tmp_path / "swap", data)
    assert wmd <= changed_verdicts(audit, after)
    for claim_id in wmd:
        row = after.loc[claim_id]
        assert row["status"] == "discrepancy" and row["cause"] == "report_inconsistent"
        assert "no single reading fits all of the printed totals of table 4.1" in row["evidence"]
        assert "Total|wmd_organiser fits D" in row["evidence"] and "Istanbul (line 501; columns" in row["evidence"]
    # Istanbul's organiser 1 -> 2: the combinations that fit the two sums do not overlap
    (tmp_path / "istanbul").mkdir()
    changed = with_row(text, "Istanbul", lambda c: c[:9] + ["2"] + c[10:])
    _, _, after = rebuilt(changed, tmp_path / "istanbul", data)
    sums = {"4.1|Total|wmd_organiser", "4.1|Total|wmd_participant"}
    assert changed_verdicts(audit, after) == sums
    for claim_id in sums:
        row = after.loc[claim_id]
        assert row["status"] == "discrepancy" and "no single reading fits all" in row["evidence"]


def test_every_discrepancy_has_a_computed_evidence(text_baseline, tmp_path, claim_by_rule):
    data, text, before, audit = text_baseline
    # Addis-Abeba's empty learning cell -> 3: the two prose counts and the two totals of the column
    changed = with_row(text, "Addis-Abeba", lambda c: c[:8] + ["3"] + c[9:])
    _, _, after = rebuilt(changed, tmp_path, data)
    prose = {claim_by_rule(after, "learning_members", section) for section in ("2.2", "5.V")}
    learning = {"4.1|Total membres|learning_activities", "4.1|Total|learning_activities"}
    assert changed_verdicts(audit, after) == prose | learning
    for claim_id in prose | learning:
        row = after.loc[claim_id]
        assert row["status"] == "discrepancy" and "column learning_activities" in row["evidence"]
        assert "Addis-Abeba" in row["evidence"]
    assert "difference computed − printed = +3" in after.loc["4.1|Total|learning_activities", "evidence"]
    for table in (audit, after):
        found = table[table["status"] == "discrepancy"]
        assert found["evidence"].fillna("").str.len().gt(0).all(), list(found.index)
