"""The computations the claim rules name (metadata/layouts/<layout>/claim_rules.csv, column ``computation``), in one table.

The name a rule gives is written here beside the function that computes it. Each function takes the
validated data (``audit_inputs.Data``), the claim (a row of the figures catalogue) and the rule's argument,
and returns a ``judging.Verdict``.
"""

from __future__ import annotations

from collections.abc import Callable

from metropolis_report.derive import event_computations as events
from metropolis_report.derive import member_computations as members
from metropolis_report.derive import secretariat_computations as secretariat
from metropolis_report.derive.judging import Verdict

COMPUTATIONS: dict[str, Callable[..., Verdict]] = {
    "member_rows": members.c_member_rows,
    "not_derivable": members.c_not_derivable,
    "not_derivable_cglu": members.c_not_derivable_cglu,
    "lost_in_conversion": members.c_lost_in_conversion,
    "list_count": members.c_list_count,
    "list_entries_naming": members.c_list_entries_naming,
    "members_with": members.c_members_with,
    "share_members": members.c_share_members,
    "events_titled": events.c_events_titled,
    "calendar_referred": events.c_calendar_referred,
    "board_attendance": members.c_board_attendance,
    "wmd_events": events.c_wmd_events,
    "wmd_pilot_event": events.c_wmd_pilot_event,
    "wmd_others": events.c_wmd_others,
    "publications": events.c_publications,
    "publications_titled": events.c_publications_titled,
    "global_events": events.c_global_events,
    "in_kind_share": secretariat.c_in_kind_share,
    "funding_share": secretariat.c_funding_share,
    "cash_share": secretariat.c_cash_share,
    "staff_split": secretariat.c_staff_split,
    "training": secretariat.c_training,
    "secretaries": secretariat.c_secretaries,
    "new_members": members.c_new_members,
    "indicators": members.c_indicators,
    "pilots": members.c_pilots,
    "c4gh": members.c_c4gh,
    "rethink_split": members.c_rethink_split,
    "use_cases": members.c_use_cases,
    "congress": members.c_congress,
}
