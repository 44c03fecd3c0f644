"""Publish: run the notebooks, turn them into the HTML book (chapters, index, annotated report, PDF)."""
