"""The audit's newer checkers fed wrong input: a copy of the report text changed in memory goes through the same
extraction and cleaning, and the audit runs again. Each case asserts the verdicts it must move and that no other
verdict (status, computed value, range, reason) changes."""

import pandas as pd
import pytest

from metropolis_report import config
from metropolis_report.derive import audit as derive_audit
from metropolis_report.derive import audit_inputs
from metropolis_report.extract import sections
from metropolis_report.transform import annexes

VERDICT = ["status", "computed_value", "computed_min", "computed_max", "data_gap"]


@pytest.fixture(scope="module")
def baseline(built_report):
    data = audit_inputs.load(config.PROCESSED_DIR)
    return data, data.report_text, derive_audit.audit(data).set_index("claim_id")


def changed(before: pd.DataFrame, after: pd.DataFrame) -> set[str]:
    a, b = before[VERDICT].astype(str), after.loc[before.index, VERDICT].astype(str)
    return set(before.index[(a != b).any(axis=1)])


def with_lists(text: str, tmp_path, data) -> pd.DataFrame:
    """The audit of a copy of the report text whose annex lists are extracted and cleaned again."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for table in sections.extract(text):
        (raw / f"{table.name}.csv").write_text(table.to_csv(), encoding="utf-8")
    lists = annexes.clean_lists(raw)
    return derive_audit.audit(audit_inputs.Data(**{**data.__dict__, "annex_lists": lists, "report_text": text}))


def staff_rows(audit: pd.DataFrame) -> set[str]:
    """The staff split (the interns' split, found by the same rules, stays not derivable)."""
    split = audit["rule_id"].fillna("").str.startswith("staff_split") & audit["status"].ne("not_derivable")
    return set(audit.index[split])


def test_staff_split_follows_the_job_titles(baseline, tmp_path):
    data, text, audit = baseline
    rows = staff_rows(audit)
    assert len(rows) == 4 and set(audit.loc[list(rows), "status"]) == {"consistent_with_readings"}
    women = audit.loc[[i for i in rows if "@ femmes" in data.claims.set_index("claim_id").at[i, "wording"]]]
    assert set(women["computed_min"]) == {7} and set(women["computed_max"]) == {9}
    # three masculine titles made feminine: women 10-12, men 4-6, and the printed 9 and 7 fall outside
    lines = text.split("\n")
    masculine = [i for i, line in enumerate(lines) if line.strip().startswith("chargé de mission")][:3]
    assert len(masculine) == 3
    for i in masculine:
        lines[i] = lines[i].replace("chargé de mission", "chargée de mission", 1)
    after = with_lists("\n".join(lines), tmp_path, data).set_index("claim_id")
    assert changed(audit, after) == rows
    for i in rows:
        row = after.loc[i]
        assert row["status"] == "discrepancy" and row["cause"] == "report_inconsistent"
        assert "10 feminine, 4 masculine and 2 epicene" in row["evidence"] and "outside" in row["evidence"]


def test_a_list_the_conversion_lost_is_read_from_the_text(baseline):
    data, text, audit = baseline
    media = set(audit.index[audit["rule_id"] == "media_mentions_lost"])
    assert len(media) == 4 and set(audit.loc[list(media), "data_gap"]) == {"lost_in_conversion"}
    assert all("keeps 0 non-empty line(s)" in e for e in audit.loc[list(media), "evidence"])
    # an entry under the heading: still not derivable, and the evidence names what the text keeps
    kept = text.replace("Mentions dans les médias\n", "Mentions dans les médias\n\n- Un quotidien\n", 1)
    after = derive_audit.audit(audit_inputs.Data(**{**data.__dict__, "report_text": kept})).set_index("claim_id")
    assert changed(audit, after) == set()
    assert all("keeps 1 non-empty line(s) before the next heading" in e for e in after.loc[list(media), "evidence"])
    assert all("Un quotidien" in e for e in after.loc[list(media), "evidence"])
    # the heading gone from the text: nothing says the conversion lost it, so the reason is the report's
    gone = text.replace("Mentions dans les médias\n", "\n", 1)
    after = derive_audit.audit(audit_inputs.Data(**{**data.__dict__, "report_text": gone})).set_index("claim_id")
    assert changed(audit, after) == media
    assert set(after.loc[list(media), "data_gap"]) == {"no_data_in_report"}


def test_the_share_of_members_names_both_readings(baseline):
    data, _, audit = baseline
    rows = audit[audit["rule_id"] == "activated_share"]
    assert len(rows) == 2 and set(rows["status"]) == {"under_definition"}
    n, total = int(data.members["activated"].sum()), len(data.members)
    for r in rows.itertuples():
        assert f"{n}/{total} = {100 * n / total:.1f} % truncated" in r.evidence
        assert f"{n}/{total + 1} = {100 * n / (total + 1):.1f} % rounded" in r.evidence
        assert "cannot decide" in r.evidence and r.computed_min < r.computed_max
    # the report's other share of the members changed so that only 142 would give it: the evidence no longer
    # cites it as the report's own denominator, and no verdict changes
    c = data.claims.copy()
    other = c["wording"].str.contains("@ de nos membres sont gouvernés par des femmes", regex=False)
    k = int(data.members["women_governed"].sum())
    c.loc[other, "value"] = round(100 * k / (total + 1), 1)
    c.loc[other, "printed_value"] = f"{100 * k / (total + 1):.1f} %".replace(".", ",")
    after = derive_audit.audit(audit_inputs.Data(**{**data.__dict__, "claims": c})).set_index("claim_id")
    assert changed(audit, after) - set(c.loc[other, "claim_id"]) == set()
    assert all("denominator of the report's own" not in e for e in after.loc[rows.index, "evidence"])


def test_prose_restating_a_fitted_total_is_a_check_of_the_report_against_itself(baseline):
    data, _, audit = baseline
    totals = [i for i in audit.index if i.startswith("4.1|") and "wmd_" in i]
    assert len(totals) == 4
    for i in totals:
        row = audit.loc[i]
        assert row["status"] == "consistent_with_readings" and "fitted by construction" in row["evidence"]
        assert "depends on rows" not in row["evidence"] and row["computed_min"] == row["computed_max"]
    prose = audit[audit["method"].str.contains("which the figure restates", regex=False)]
    assert len(prose) == 2 and set(prose["status"]) == {"consistent_printed"}
