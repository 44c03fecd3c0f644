"""Unit tests of metropolis_report.publish.layout."""

from metropolis_report.publish import layout


def test_figures_are_numbered_across_the_book_and_referenced_by_link():
    body = (
        "<p>As Figure 2 shows, and Figure 9 (not in this chapter) does not.</p>"
        '<figure class="chapter-figure" id="figure-1"><figcaption><strong>Figure 1.</strong> a</figcaption></figure>'
        '<figure class="chapter-figure" id="figure-2"><figcaption><strong>Figure 2.</strong> b</figcaption></figure>'
    )
    out = layout.number_figures(body, 3)
    assert 'id="figure-3-1"' in out and 'id="figure-3-2"' in out and 'id="figure-1"' not in out
    assert "<strong>Figure 3.1.</strong>" in out and "<strong>Figure 3.2.</strong>" in out
    assert '<a class="xref" href="#figure-3-2">Figure 3.2</a>' in out
    assert "Figure 9 (not" in out  # a number no figure of the chapter has is not linked


def test_the_book_reads_findings_first_then_how_the_data_was_made():
    titles = [title for title, _ in layout.parts()]
    assert titles[:2] == ["Findings", "How the data was made"]
    stems = [c.stem for c in layout.book()]
    assert sorted(stems) == sorted(c.stem for c in layout.chapters())
    first_making = next(i for i, s in enumerate(stems) if not s.startswith("3"))
    assert all(s.startswith("3") for s in stems[:first_making])
    assert not any(s.startswith("3") for s in stems[first_making:])
    order = [name for name, _ in layout.reading_order()]
    assert order[0] == "index.html" and order[-1] == "source.html"


def test_the_pager_leads_from_the_last_chapter_to_the_annotated_report():
    last = layout.book()[-1]
    assert 'href="source.html"' in layout.pager_html(last.html_name)
    assert 'rel="next"' not in layout.pager_html("source.html")
