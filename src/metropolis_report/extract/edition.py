"""`make edition FILE=<text> EDITION=<id>`: add a new edition of the report (placeholder, completed below)."""
