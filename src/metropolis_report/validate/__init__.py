"""Validate: the expectation suites (written from the data dictionary) and the gate that runs them
before anything is published to data/processed/."""
