"""The small tables shared by the unit tests of this folder (the ``data`` fixture)."""

import pandas as pd
import pytest

from metropolis_report import schema
from metropolis_report.derive import audit_inputs
from tests.unit.derive.helpers import claim


@pytest.fixture()
def data():
    members = pd.DataFrame(
        {
            "member_id": ["a", "b", "c", "d"],
            "name": ["A", "B", "C", "D"],
            "region": ["Asia", "Asia", "Europe", "Africa"],
            "new_member": [True, False, True, False],
            "in_new_members_list": [True, False, True, False],
            "activated": [True, True, True, False],
            "women_governed": [True, False, False, False],
            "wmd_organiser": [1, 0, 1, 0],
            "wmd_participant": [1, 1, 0, 0],
            "rethink_call": [True, False, False, False],
            "indicator_system_year": pd.array([2019, 2020, None, 2020], dtype="Int64"),
            "use_cases": [2, 0, 1, 0],
            "c4gh_initiatives": [3, 0, 0, 1],
            "congress": [True, True, False, False],
            "pilot_projects": [1, 0, 0, 0],
        }
    )
    events = pd.DataFrame(
        {
            "title": [
                "Journée mondiale métropolitaine 2020. X",
                "Assemblée générale",
                "Débat politique Y",
                "Forum",
                "Journée mondiale métropolitaine 2020",
                "Journée mondiale métropolitaine 2020. Projet Z en action",
                "Journée mondiale métropolitaine 2020. W",
            ],
            "world_metropolitan_day": [True, False, False, False, True, True, True],
            "source_line": [10, 11, 12, 13, 14, 15, 16],
        }
    )
    lists = pd.DataFrame(
        {
            "list_name": [
                "list_staff",
                "list_staff",
                "list_staff",
                "list_regional_secretaries",
                "list_regional_secretaries",
                "list_staff_training",
                "list_staff_training",
            ],
            "entry": ["P", "Q", "R", "S", "T", "Transversalité du genre (équipe entière)", "Excel"],
            "detail": ["chargée de mission", "chargé de projet", "responsable", "Mme", "M.", None, None],
        }
    )
    publications = pd.DataFrame(
        {
            "title": ["Issue paper 1", "Policy Brief #1", "Other"],
            "gender_group": ["gender_perspective", "none", "gender_mainstreaming"],
        }
    )
    catalogue = pd.DataFrame(
        [
            claim("2-01", "2", "2 événements de Metropolis, dont des forums", 1, 2),
            claim("2.1-01", "2.1", "Participation active à 2 événements mondiaux organisés par l'ONU", 1, 2),
            claim("5-01", "5", "3 participations actives aux événements mondiaux", 1, 3),
            claim("2.2-01", "2.2", "5 initiatives chargées par 4 villes", 1, 5),
            claim("2.2-02", "2.2", "5 initiatives chargées par 4 villes", 2, 4),
            claim("2.3-01", "2.3", "3 professionnels travaillant au Secrétariat général", 1, 3),
            claim("2.3-02", "2.3", "2 femmes, 1 hommes", 1, 2, line=2),
            claim("2.3-03", "2.3", "2 femmes, 1 hommes", 2, 1, line=2),
            claim("2.2-03", "2.2", "un total de 2 espaces métropolitains", 1, 2, line=3),
            claim("5.V-01", "5.V", "3 professionnels : 1 femmes et 2 hommes", 1, 3, line=4),
            claim("5.V-02", "5.V", "3 professionnels : 1 femmes et 2 hommes", 2, 1, line=4),
            claim("5.V-03", "5.V", "3 professionnels : 1 femmes et 2 hommes", 3, 2, line=4),
            claim("2.1-02", "2.1", "1 événement organisé par Metropolis", 1, 1, line=5),
        ]
    )
    readings = pd.DataFrame(columns=schema.table("conversion_readings").column_names)
    return audit_inputs.Data(
        members=members,
        printed_totals=pd.DataFrame(columns=["total_id", "value"]),
        events=events,
        pilot_projects=pd.DataFrame({"project_name": ["Projet Z"], "member_id": ["a"], "pending": [False]}),
        publications=publications,
        funding=pd.DataFrame(),
        claims=catalogue,
        corrections=pd.DataFrame(),
        conversion_readings=readings,
        annex_lists=lists,
    )
