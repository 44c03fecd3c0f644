"""Transform: raw tables -> typed, tidy staged tables (member registry, conversion defects, cleaning)."""
