"""Derive: tables computed from the published ones after the gate (claims audit, cross-checks, gender
metrics, findings), checked by their own suites."""
