"""Unit tests of metropolis_report.analysis.engagement."""

import pandas as pd


def test_the_engagement_index_on_a_small_input():
    from metropolis_report.analysis import engagement

    members = pd.DataFrame(
        {
            "member_id": ["a", "b"],
            "activated": [True, False],
            "dues_paid": [True, False],
            "board_meetings": [2, 0],
            "congress": [True, False],
            "bilateral_meetings": [5, 0],
            "pilot_projects": [1, 0],
            "indicator_system_year": pd.array([2019, None], dtype="Int64"),
            "learning_activities": [3, 0],
            "wmd_organiser": [0, 0],
            "wmd_participant": [1, 0],
            "rethink_call": [False, False],
            "web_news": [4, 1],
            "library_publications": [0, 0],
            "publication_mentions": [1, 0],
            "use_cases": [0, 0],
            "c4gh_initiatives": [2, 0],
        }
    )
    scores = engagement.scores(members)
    # primary index: Congress, bilateral, pilot, learning, World Metropolitan Day, rethink call (5 of 6 for a)
    assert scores["items_set"].tolist() == [5, 0] and scores["engagement_index"].tolist() == [5 / 6, 0.0]
    assert scores["intensity_index"].tolist() == [5 / 6, 0.0] and scores["web_visibility"].tolist() == [7, 1]
    counts = engagement.variant_counts(members)
    assert counts[engagement.TEN_ITEMS].tolist() == [9, 0]  # the ten items of the table
    assert counts["primary + activated (the report's status)"].tolist() == [6, 0]
    # the indicators system in 2020 only: an analysis of 2019 does not count
    assert counts["primary + analysed in the indicators system (2020)"].tolist() == [5, 0]
    assert counts["primary + analysed in the indicators system (any year)"].tolist() == [6, 0]
    assert counts["primary without learning activities"].tolist() == [4, 0]
