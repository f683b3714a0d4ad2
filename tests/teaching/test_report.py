"""`negotiation-sim report`: the HTML holds the charts and tables it promises (parsed, not grepped)."""

from __future__ import annotations

import base64
from html.parser import HTMLParser

from negotiation_sim import load_scenario
from tests.conftest import DATA, run_cli

PNG = b"\x89PNG\r\n\x1a\n"


class _Page(HTMLParser):
    """Sections (by id) with their tables (caption, header, rows) and embedded images."""

    def __init__(self):
        super().__init__()
        self.section = None
        self.sections: dict[str, dict] = {}
        self.external: list[str] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._caption = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section":
            self.section = a["id"]
            self.sections[self.section] = {"tables": [], "images": []}
        elif tag == "table":
            self.sections[self.section]["tables"].append({"caption": "", "rows": []})
        elif tag == "caption":
            self._caption = True
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "img":
            self.sections[self.section]["images"].append(a["src"])
        if tag in ("script", "link", "iframe") or (tag == "img" and not a["src"].startswith("data:")):
            self.external.append(tag)

    def handle_endtag(self, tag):
        if tag == "caption":
            self._caption = False
        elif tag in ("td", "th"):
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr":
            self.sections[self.section]["tables"][-1]["rows"].append(self._row)

    def handle_data(self, data):
        if self._caption:
            self.sections[self.section]["tables"][-1]["caption"] += data
        elif self._cell is not None:
            self._cell.append(data)


def _parse(path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    assert not page.external, "the page must be self-contained"
    return page


def _png(src: str) -> bytes:
    assert src.startswith("data:image/png;base64,")
    data = base64.b64decode(src.split(",", 1)[1])
    assert data.startswith(PNG) and len(data) > 5000
    return data


def _table(page, section):
    (t,) = page.sections[section]["tables"]
    return t["rows"][0], t["rows"][1:]


def test_free_run_report_holds_chart_decisions_and_fidelity(tmp_path):
    out = tmp_path / "report.html"
    r = run_cli("report", "rafah", "--seeds", "3", "--seed", "2", "--out", str(out))
    assert r.returncode == 0, r.stderr
    page = _parse(out)
    assert set(page.sections) == {"run", "outcomes", "timeline", "decisions", "fidelity"}
    (img,) = page.sections["timeline"]["images"]
    _png(img)
    head, rows = _table(page, "outcomes")
    assert head == ["outcome", "value", "history (the record)"]
    assert {r[0] for r in rows} >= {"Israel entered Rafah (1) or not (0)", "highest alliance strain"}
    assert "nan" not in {r[1] for r in rows}
    entry = next(r for r in rows if r[0] == "day of the entry")
    assert entry[2] == "2024-05-06"  # history as recorded, not the model's replay
    head, rows = _table(page, "decisions")
    assert head[:3] == ["date", "what", "how"] and "why" in head
    why = head.index("why")
    decided = [r for r in rows if r[head.index("how")] == "the model's choice"]
    assert decided and all(r[why] for r in decided)  # every decision explained, as a sentence
    assert any(" it brings " in r[why] or " it costs " in r[why] for r in decided)
    head, rows = _table(page, "fidelity")
    assert "hit rate" in head and "this run" in head and "recorded move" in head
    assert len(rows) == len(load_scenario("rafah").record)  # one per recorded move
    assert all(0.0 <= float(r[head.index("hit rate")]) <= 1.0 for r in rows)


def test_counterfactual_report_holds_a_paired_contrast(tmp_path):
    out = tmp_path / "cf.html"
    r = run_cli("report", "rafah", "--intervention", "no_hold", "--seeds", "4", "--out", str(out))
    assert r.returncode == 0, r.stderr
    page = _parse(out)
    assert "contrast" in page.sections
    head, rows = _table(page, "contrast")
    for col in ("outcome", "pairs", "factual_mean", "counterfactual_mean", "difference", "ci_low", "ci_high"):
        assert col in head
    held = next(r for r in rows if r[0] == "us_held_supply")
    assert held[head.index("counterfactual_mean")] == "0.000"  # the hold was removed
    lo, d, hi = (float(held[head.index(c)]) for c in ("ci_low", "difference", "ci_high"))
    assert lo <= d <= hi
    (img,) = page.sections["contrast"]["images"]
    _png(img)
    _png(page.sections["timeline"]["images"][0])


def test_markdown_report_writes_its_chart_beside_it(tmp_path):
    out = tmp_path / "report.md"
    r = run_cli("report", str(DATA / "supply_dispute.yaml"), "--seeds", "2", "--out", str(out))
    assert r.returncode == 0, r.stderr
    text = out.read_text()
    assert "## Historical fidelity" in text and "| outcome | value | history (the record) |" in text
    assert "![" in text and (tmp_path / "report_files" / "timeline.png").read_bytes().startswith(PNG)


def test_report_from_a_play_session(tmp_path):
    save = tmp_path / "s.json"
    r = run_cli("play", "rafah", "--as", "us", "--seeds", "2", "--save", str(save),
                input_text="auto\nauto\n1\n2\n")  # option 1 is always wait; option 2 a move
    assert r.returncode == 0, r.stderr
    out = tmp_path / "session.html"
    r = run_cli("report", "--from-session", str(save), "--seeds", "2", "--out", str(out))
    assert r.returncode == 0, r.stderr
    page = _parse(out)
    assert {"debrief", "turns", "timeline", "decisions", "fidelity"} <= set(page.sections)
    captions = [t["caption"] for t in page.sections["debrief"]["tables"]]
    assert any("path" in c for c in captions) and any("Outcomes" in c for c in captions)
    turns = page.sections["turns"]["tables"][0]["rows"]
    assert len(turns) == 1 + 4 and turns[3][1] == "Wait and see"
    head, rows = _table(page, "decisions")
    assert any(r[head.index("why")].startswith("chosen by the player") for r in rows)


def test_report_mistakes_exit_2_in_one_line(tmp_path):
    for args, expected in [
        (["report", "rafah", "--out", str(tmp_path / "r.pdf")], "a file name ending in .html or .md"),
        (["report", "--out", str(tmp_path / "r.html")], "a scenario id or file"),
        (["report", "rafah", "--intervention", "remove:us:fly", "--out", str(tmp_path / "r.html")], "fly"),
        (["report", "--from-session", str(tmp_path / "none.json"), "--out", str(tmp_path / "r.html")],
         "an existing play session file"),
    ]:
        r = run_cli(*args)
        assert r.returncode == 2, (args, r.stderr)
        assert expected in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
