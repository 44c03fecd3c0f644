"""The validation step as the build runs it: a failure stops it, names the problem and publishes nothing."""

import pytest

from metropolis_report import config, pipeline


@pytest.mark.slow
def test_failed_validation_stops_the_step_and_keeps_processed_data(tmp_path, run_step):
    staging, processed = tmp_path / "staging", tmp_path / "processed"
    pipeline.stage_all(config.RAW_DIR, staging)
    # an impossible value that only a Great Expectations suite catches
    members = (staging / "members.csv").read_text(encoding="utf-8").splitlines()
    members[1] = members[1].replace(",2019,", ",1999,", 1)
    (staging / "members.csv").write_text("\n".join(members) + "\n", encoding="utf-8")
    processed.mkdir()
    (processed / "members.csv").write_text("previous good data\n", encoding="utf-8")
    result, html = run_step(
        "20_data_quality",
        {
            "staging_dir": str(staging),
            "processed_dir": str(processed),
            "expectations_dir": str(config.EXPECTATIONS_DIR),
            "raw_dir": str(config.RAW_DIR),
        },
    )
    assert result.returncode == 1
    assert "table members, column indicator_system_year: expect_column_values_to_be_between" in result.stderr
    assert "1999" in result.stderr and "Full log:" in result.stderr
    assert not html.exists()
    assert (processed / "members.csv").read_text(encoding="utf-8") == "previous good data\n"
    assert sorted(p.name for p in processed.iterdir()) == ["members.csv"]
    assert (tmp_path / "build" / "logs" / "20_data_quality.log").exists()
