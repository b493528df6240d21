"The documentation site: a page per notebook with its figures embedded, an index, navigation."
import base64
import importlib.util
import json
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]


def _builder():
    spec = importlib.util.spec_from_file_location("docs_build", ROOT / "docs" / "build.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def _png() -> str:
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    import io
    fig = Figure(figsize=(1, 1)); fig.subplots().plot([0, 1])
    buf = io.BytesIO(); fig.savefig(buf, format="png")
    return base64.b64encode(buf.getvalue()).decode()


def test_page_embeds_its_figures_and_navigation(tmp_path):
    b = _builder()
    nbs = tmp_path / "nbs"; nbs.mkdir()
    png = _png()
    for name, title in [("00_a", "First"), ("10_b", "Second")]:
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell(f"# {title}\n> what {title} does"),
                    nbformat.v4.new_code_cell("#| default_exp thing"),
                    nbformat.v4.new_code_cell("#| hide\nsecret_setup = 1"),
                    nbformat.v4.new_code_cell("#| export\ndef f(): return 1\nfig")]
        nb.cells[-1].outputs = [nbformat.v4.new_output("display_data", data={"image/png": png, "text/plain": "<Figure>"})]
        nbformat.write(nb, str(nbs / f"{name}.ipynb"))
    written = b.build(nbs, tmp_path / "site")
    assert sorted(p.name for p in written) == ["00_a.html", "10_b.html", "index.html"]
    page = (tmp_path / "site" / "00_a.html").read_text()
    assert page.count(f"data:image/png;base64,{png[:40]}") == 1          # the figure, embedded once
    assert "secret_setup" not in page and "#| export" not in page       # hidden cells and directives dropped
    assert 'href="10_b.html"' in page and 'href="index.html"' in page   # next page and index linked
    index = (tmp_path / "site" / "index.html").read_text()
    assert "First" in index and "Second" in index and "mechinterp.thing" in index


def _figures(path: Path) -> list[str]:
    cells = json.loads(path.read_text())["cells"]
    return [o["data"]["image/png"] for c in cells if c["cell_type"] == "code" and "#| hide" not in "".join(c["source"])
            for o in c.get("outputs", []) if "image/png" in o.get("data", {})]


def test_a_committed_notebook_page_carries_all_its_figures(tmp_path):
    "The committed notebook with the most figures renders with every one of them embedded."
    b = _builder()
    counts = {p: len(_figures(p)) for p in (ROOT / "nbs").glob("*.ipynb")}
    path = max(counts, key=counts.get)
    if counts[path] == 0: pytest.skip("no committed notebook carries a figure")
    b.build(ROOT / "nbs", tmp_path, only=[path.stem])
    page = (tmp_path / f"{path.stem}.html").read_text().replace("\n", "")
    missing = [i for i, png in enumerate(_figures(path)) if png.replace("\n", "").strip()[:80] not in page]
    assert not missing, f"{path.name}: figures {missing} are not in the page"
