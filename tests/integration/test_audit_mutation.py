"""Every figure the audit can decide is caught when it is wrong.

Each printed figure that the audit reproduces or finds discrepant is changed in a copy of the report text
(the figure's own characters, at its line and place), the copy goes through the same extraction and
cleaning as the real report, and the audit runs again: the verdict must be `discrepancy` with the computed
value unchanged. A figure the report's data cannot check must stay `not_derivable`. Nothing may stop.
"""

from decimal import Decimal

import pandas as pd
import pytest

from metropolis_report import claims, clean, config, extract, schema
from metropolis_report.clean import figure_spans


@pytest.fixture(scope="module")
def baseline(built_report):
    data = claims.load(config.PROCESSED_DIR)
    return data, claims.audit(data).set_index("claim_id")


def wrong_value(printed: str, value: float, computed: float, qualifier: str) -> str:
    """The printed figure moved by one unit of its last printed digit, away from the computed value."""
    decimals = claims.decimals_printed(printed)
    step = Decimal(1).scaleb(-decimals)
    for k in (1, -1, 2, -2, 3):
        new = Decimal(repr(value)) + k * step
        if new < 0:
            continue
        agrees = any(claims.matches(float(new), computed, qualifier, decimals, r) for r in ("half_up", "truncate"))
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


def mutated_text(text: str, line: int, position_on_line: int, new_number: str) -> str:
    lines = text.split("\n")
    spans = figure_spans(lines[line - 1])
    start, end = spans[position_on_line]
    figure = lines[line - 1][start:end]
    number = extract._NUMBER.fullmatch(figure.strip()).group("number")
    lines[line - 1] = lines[line - 1][:start] + figure.replace(number, new_number, 1) + lines[line - 1][end:]
    return "\n".join(lines)


def claims_from(text: str, tmp_path) -> pd.DataFrame:
    table = next(t for t in extract.extract(text) if t.name == "headline_claims")
    (tmp_path / "headline_claims.csv").write_text(table.to_csv(), encoding="utf-8")
    return clean.clean_claims(tmp_path)


def test_every_decidable_claim_is_caught_when_its_figure_is_wrong(baseline, tmp_path):
    data, audit = baseline
    text = config.REPORT_TEXT.read_text(encoding="utf-8")
    catalogue = data.claims.reset_index(drop=True)
    # the rank of each figure among the figures printed on its line
    on_line = catalogue.groupby("source_line").cumcount()
    checked, missed = 0, []
    for i, claim in catalogue.iterrows():
        before = audit.loc[claim["claim_id"]]
        if before["status"] == "not_derivable":
            continue
        new = wrong_value(claim["printed_value"], claim["value"], before["computed_value"], claim["qualifier"])
        changed = claims_from(mutated_text(text, claim["source_line"], on_line[i], new), tmp_path)
        assert (
            changed.loc[i, "claim_id"] == claim["claim_id"]
            and changed.loc[i, "printed_value"] != claim["printed_value"]
        )
        after = claims.audit(claims.Data(**{**data.__dict__, "claims": changed})).set_index("claim_id")
        row = after.loc[claim["claim_id"]]
        checked += 1
        if row["status"] != "discrepancy" or row["computed_value"] != before["computed_value"] or pd.isna(row["cause"]):
            missed.append((claim["claim_id"], claim["printed_value"], new, row["status"], row["computed_value"]))
    assert checked == int((audit.loc[catalogue["claim_id"], "status"] != "not_derivable").sum()) > 60
    assert missed == []


def test_not_derivable_claims_stay_so_when_changed(baseline, tmp_path):
    data, audit = baseline
    text = config.REPORT_TEXT.read_text(encoding="utf-8")
    catalogue = data.claims.reset_index(drop=True)
    on_line = catalogue.groupby("source_line").cumcount()
    changed_any = 0
    for i, claim in catalogue.iterrows():
        if audit.loc[claim["claim_id"], "status"] != "not_derivable":
            continue
        new = french(
            Decimal(repr(claim["value"])) + 1, claims.decimals_printed(claim["printed_value"]), claim["printed_value"]
        )
        changed = claims_from(mutated_text(text, claim["source_line"], on_line[i], new), tmp_path)
        after = claims.audit(claims.Data(**{**data.__dict__, "claims": changed})).set_index("claim_id")
        assert after.loc[claim["claim_id"], "status"] == "not_derivable", claim["claim_id"]
        changed_any += 1
    assert changed_any == int((audit.loc[catalogue["claim_id"], "status"] == "not_derivable").sum())


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
        tables = clean.clean_members(raw)
        after = claims.audit(
            claims.Data(
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
