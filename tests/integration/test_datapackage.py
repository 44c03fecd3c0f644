"""reports/data/: the processed tables as a Frictionless Data Package, checked by the frictionless library."""

import json

import pytest

from metropolis_report import schema


@pytest.fixture(scope="module")
def descriptor(built_report):
    return built_report / "data" / "datapackage.json"


def test_the_data_package_is_valid(descriptor):
    from frictionless import validate

    report = validate(str(descriptor))
    assert report.valid, report.flatten(["type", "note"])[:10]
    assert len(report.tasks) == len(schema.tables())


def test_the_package_is_generated_from_the_data_dictionary(descriptor):
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    assert set(resources) == set(schema.tables())
    members = resources["members"]["schema"]
    assert members["primaryKey"] == ["member_id"]
    fields = {f["name"]: f for f in members["fields"]}
    assert fields["board_meetings"]["unit"] == "meetings" and fields["board_meetings"]["type"] == "integer"
    assert fields["region"]["constraints"]["enum"] == ["Africa", "America", "Asia", "Europe", "Oceania"]
    mentions = resources["member_mentions"]["schema"]
    assert mentions["foreignKeys"] == [
        {"fields": "member_id", "reference": {"resource": "members", "fields": "member_id"}}
    ]
    assert "Metropolis rapport annuel 2020" in package["sources"][0]["title"]
    assert "claims none" in package["description"] and package["licenses"][0]["name"] == "MIT"


def test_a_broken_foreign_key_is_caught(descriptor, tmp_path):
    """The checker itself is tested with wrong input: a mention of an unknown member must fail."""
    import shutil

    from frictionless import validate

    copy = tmp_path / "data"
    shutil.copytree(descriptor.parent, copy)
    mentions = (copy / "member_mentions.csv").read_text(encoding="utf-8").splitlines()
    header = mentions[0].split(",")
    row = mentions[1].split(",")
    row[header.index("member_id")] = "atlantis"
    mentions[1] = ",".join(row)
    (copy / "member_mentions.csv").write_text("\n".join(mentions) + "\n", encoding="utf-8")
    report = validate(str(copy / "datapackage.json"))
    assert not report.valid
    assert "foreign-key" in {kind for (kind,) in report.flatten(["type"])}
