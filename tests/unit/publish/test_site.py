"""Unit tests of metropolis_report.publish.site."""

from metropolis_report import config
from metropolis_report.publish import site


def test_the_search_index_keeps_case_and_accents_and_anchors_each_block(tmp_path):
    (tmp_path / "a.html").write_text(
        '<main><h2 id="sec">Section ¶</h2><p>Le 5e Golden Award de Téhéran.</p>'
        '<table><tr id="row-1"><td>Barcelone</td><td>2</td></tr></table>'
        '<details class="code-fold"><pre>hidden_code()</pre></details></main>',
        encoding="utf-8",
    )
    entries = site.search_index(tmp_path, [("a.html", "A")])
    texts = {e["text"]: e["anchor"] for e in entries}
    assert texts["Le 5e Golden Award de Téhéran."] == "sec"
    assert texts["Barcelone 2"] == "row-1"
    assert not any("hidden_code" in t for t in texts)


def test_the_citation_comes_from_citation_cff():
    import yaml

    cff = yaml.safe_load((config.PROJ_ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    cite = site.citation()
    assert cff["title"] in cite["text"] and str(cff["version"]) in cite["text"]
    assert cite["bibtex"].startswith("@software{") and cff["title"] in cite["bibtex"]
    assert "@misc{metropolis_source_" in cite["bibtex"] and "annual report covering" in cite["source"]
