"""Extract: the report text -> data/raw/*.csv, cell for cell as printed.

This stage runs on the system Python (standard library only: `make extract` and `make verify` run before
the environment exists), so nothing in it may import pandas or any other installed package.

Rules (the raw layer is evidence, not interpretation):
- every cell is written exactly as printed: "Oui", blanks, "(N)", "P (2)", "✓", "v", "-";
- the only things removed are artefacts of the PDF-to-text conversion, never printed content:
  the ``<p>``/``</p>`` wrappers of some table cells, markdown emphasis (``**``), bullet dashes and
  the list numbering ``1.`` that the conversion turned into markdown;
- a table keeps one column per printed column under its printed header; a printed column with no
  header is written under the layout's blank-header name (``(sans en-tête)`` in words.csv);
- every string found in the text (headings, headers, total labels, marks) is the layout's
  (metadata/layouts/<layout>/, read by metropolis_report.wording; docs/layouts.md);
- every row carries ``source_line``: the 1-based line number in the report text;
- anything whose structure is not the one expected (a table with another header or column count,
  a missing heading) raises ExtractionError naming the line and the row of the layout to edit; nothing is
  guessed. ``extract.check.check_layout`` lists every such mismatch at once.

Runs on the system Python (`make extract` calls `$(PYTHON_BOOT) -m metropolis_report.extract`, before .venv
exists): standard library only, in this module and in every package module it imports (config, schema,
storage, source); tests/unit/test_system_python.py checks it.
"""
