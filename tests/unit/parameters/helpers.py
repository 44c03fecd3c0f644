"""Helpers shared by the unit tests of this folder."""

from metropolis_report import parameters

DECLARED = parameters.load()
