"""Render the executed notebooks in `nbs/` as a static HTML site (`make docs` -> `_docs/`).

One page per notebook with its outputs (figures are embedded, so a page is one self-contained file), an index page with
the notebook map, and navigation (a sidebar of every page, previous/next links). nbdev's own site builder needs Quarto;
this uses only Jupyter's nbconvert.

    python docs/build.py [--nbs nbs] [--out _docs] [--only NAME ...]
"""
from __future__ import annotations

import argparse
import html
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.filters import markdown2html_mistune

CHAPTERS = [  # (notebook-number prefix, heading)
    ("0", "Foundations"),
    ("1", "Chapter 2 · Multi-dimensional features"),
    ("2", "Chapter 2 · Multi-dimensional features"),
    ("3", "Chapter 3 · Hypernetworks"),
    ("4", "Chapter 4 · MIPS"),
    ("9", "Command line"),
]

CSS = """
:root { --nav-w: 17rem; }
body { margin: 0; }
#mi-nav { position: fixed; top: 0; left: 0; bottom: 0; width: var(--nav-w); overflow-y: auto; padding: 1rem 0.9rem;
  background: #f6f7f9; border-right: 1px solid #dde1e6; font: 14px/1.45 system-ui, sans-serif; box-sizing: border-box; }
#mi-nav .brand { font-weight: 700; font-size: 1.15rem; display: block; margin-bottom: .8rem; color: #1f2933;
  text-decoration: none; }
#mi-nav h4 { margin: 1rem 0 .3rem; font-size: .75rem; text-transform: uppercase; letter-spacing: .04em; color: #52606d; }
#mi-nav a.page { display: block; padding: .15rem .4rem; border-radius: 4px; color: #1f2933; text-decoration: none; }
#mi-nav a.page:hover { background: #e4e7eb; }
#mi-nav a.page.current { background: #d9e2ec; font-weight: 600; }
#mi-main { margin-left: var(--nav-w); max-width: 1100px; padding: 0 2rem 3rem; box-sizing: border-box; }
.mi-pager { display: flex; justify-content: space-between; margin: 1.2rem 0; font: 14px system-ui, sans-serif; }
.mi-pager a { color: #1d4ed8; text-decoration: none; }
.jp-Notebook { padding: 0 !important; }
table.mi-map { border-collapse: collapse; font: 14px/1.4 system-ui, sans-serif; margin: 1rem 0; }
table.mi-map td, table.mi-map th { border: 1px solid #dde1e6; padding: .35rem .6rem; text-align: left; vertical-align: top; }
table.mi-map th { background: #f6f7f9; }
table.mi-map td, table.mi-map th { text-align: left !important; }
#mi-main pre { background: #f6f7f9; padding: .6rem .8rem; border-radius: 4px; overflow-x: auto; }
@media (max-width: 900px) { #mi-nav { position: static; width: auto; border-right: 0; }
  #mi-main { margin-left: 0; padding: 0 1rem; } }
"""


@dataclass
class Page:
    path: Path      # the notebook
    slug: str       # output file stem
    title: str
    summary: str
    module: str     # the module it exports, or ""
    n_figures: int  # image outputs it carries
    n_outputs: int  # code cells with any output

    @property
    def href(self) -> str: return f"{self.slug}.html"


def _source(cell) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def _directives(src: str) -> dict[str, str]:
    out = {}
    for line in src.splitlines():
        m = re.match(r"^\s*#\|\s*([\w-]+)\s*(.*)$", line)
        if m: out[m.group(1)] = m.group(2).strip()
    return out


def read_page(path: Path) -> Page:
    nb = json.loads(path.read_text(encoding="utf-8"))
    title, summary, module = path.stem, "", ""
    for c in nb["cells"]:
        src = _source(c)
        if c["cell_type"] == "markdown" and title == path.stem:
            m = re.search(r"^#\s+(.+)$", src, re.M)
            if m: title = m.group(1).strip()
            m = re.search(r"^>\s*(.+)$", src, re.M)
            if m: summary = m.group(1).strip()
        if c["cell_type"] == "code" and "default_exp" in _directives(src):
            module = "mechinterp." + _directives(src)["default_exp"]
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    n_fig = sum(1 for c in code for o in c.get("outputs", []) if "image/png" in o.get("data", {})
                or "image/svg+xml" in o.get("data", {}))
    n_out = sum(1 for c in code if c.get("outputs"))
    return Page(path, path.stem, title, summary, module, n_fig, n_out)


def clean_notebook(path: Path):
    "The notebook as a reader should see it: no `#| hide` cells, no `#|` directive lines, no empty cells."
    nb = nbformat.read(str(path), as_version=4)
    cells = []
    for c in nb.cells:
        src = c.source
        if c.cell_type == "code":
            d = _directives(src)
            if "hide" in d or "default_exp" in d: continue
            c.source = "\n".join(l for l in src.splitlines() if not re.match(r"^\s*#\|", l)).strip("\n")
            if not c.source and not c.get("outputs"): continue
        cells.append(c)
    nb.cells = cells
    return nb


def _chapter(slug: str) -> str:
    for prefix, name in CHAPTERS:
        if slug.startswith(prefix): return name
    return "More"


def nav_html(pages: list[Page], current: str | None) -> str:
    parts = ['<nav id="mi-nav"><a class="brand" href="index.html">mechinterp</a>']
    parts.append(f'<a class="page{" current" if current == "index" else ""}" href="index.html">Overview</a>')
    last = None
    for p in pages:
        ch = _chapter(p.slug)
        if ch != last:
            parts.append(f"<h4>{html.escape(ch)}</h4>"); last = ch
        cls = "page current" if p.slug == current else "page"
        parts.append(f'<a class="{cls}" href="{p.href}" title="{html.escape(p.summary)}">{html.escape(p.title)}</a>')
    parts.append("</nav>")
    return "".join(parts)


def pager_html(pages: list[Page], i: int) -> str:
    prev = f'<a href="{pages[i-1].href}">← {html.escape(pages[i-1].title)}</a>' if i > 0 else '<a href="index.html">← Overview</a>'
    nxt = f'<a href="{pages[i+1].href}">{html.escape(pages[i+1].title)} →</a>' if i + 1 < len(pages) else "<span></span>"
    return f'<div class="mi-pager">{prev}{nxt}</div>'


def wrap(body_html: str, nav: str, top: str = "", bottom: str = "") -> str:
    "Put the navigation around an nbconvert page."
    body_html = body_html.replace("</head>", f"<style>{CSS}</style></head>", 1)
    m = re.search(r"<body[^>]*>", body_html)
    if not m: raise ValueError("nbconvert output has no <body>")
    start, end = m.end(), body_html.rindex("</body>")
    return (body_html[:start] + nav + '<div id="mi-main">' + top + body_html[start:end] + bottom + "</div>"
            + body_html[end:])


def exporter() -> HTMLExporter:
    e = HTMLExporter(template_name="lab")
    e.exclude_input_prompt = True
    e.exclude_output_prompt = True
    e.embed_images = True
    return e


def render_page(pages: list[Page], i: int, out: Path) -> Path:
    p = pages[i]
    body, _ = exporter().from_notebook_node(clean_notebook(p.path), resources={"metadata": {"name": p.title}})
    pager = pager_html(pages, i)
    target = out / p.href
    target.write_text(wrap(body, nav_html(pages, p.slug), pager, pager), encoding="utf-8")
    return target


def render_index(pages: list[Page], out: Path, readme: Path | None) -> Path:
    intro = ""
    if readme is not None and readme.exists():
        text = readme.read_text(encoding="utf-8")
        text = text.split("\n## Where things are", 1)[0]   # the map is generated below from the notebooks
        intro = markdown2html_mistune(text)
    rows = "".join(
        f'<tr><td><a href="{p.href}">{html.escape(p.title)}</a></td><td><code>{html.escape(p.module or "–")}</code></td>'
        f"<td>{html.escape(p.summary)}</td><td>{p.n_figures}</td></tr>" for p in pages)
    table = ('<h2>Notebook map</h2><table class="mi-map"><tr><th>notebook</th><th>module</th><th>what</th>'
             f"<th>figures</th></tr>{rows}</table>")
    shell = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("")])
    body, _ = exporter().from_notebook_node(shell, resources={"metadata": {"name": "mechinterp"}})
    target = out / "index.html"
    target.write_text(wrap(body, nav_html(pages, "index"), f'<div class="jp-RenderedHTMLCommon">{intro}{table}</div>'),
                      encoding="utf-8")
    return target


def build(nbs: Path, out: Path, only: list[str] | None = None, readme: Path | None = None) -> list[Path]:
    "Render every notebook in `nbs` (or those named in `only`) and the index into `out`; return the written files."
    paths = sorted(p for p in nbs.glob("*.ipynb") if not p.name.startswith(("_", ".")))
    if not paths: raise FileNotFoundError(f"No notebooks in {nbs}.")
    pages = [read_page(p) for p in paths]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for i, p in enumerate(pages):
        if only and p.slug not in only and p.path.name not in only: continue
        written.append(render_page(pages, i, out))
    written.append(render_index(pages, out, readme))
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nbs", type=Path, default=Path("nbs"))
    ap.add_argument("--out", type=Path, default=Path("_docs"))
    ap.add_argument("--readme", type=Path, default=Path("README.md"))
    ap.add_argument("--only", nargs="*", default=None, help="notebook names to render (default: all)")
    a = ap.parse_args(argv)
    try:
        written = build(a.nbs, a.out, a.only, a.readme)
    except (FileNotFoundError, ValueError) as e:
        print(f"docs: {e}", file=sys.stderr); return 2
    pages = [read_page(p) for p in sorted(a.nbs.glob("*.ipynb"))]
    bare = [p.path.name for p in pages if p.n_outputs == 0]
    print(f"wrote {len(written)} pages to {a.out}/ ({sum(p.n_figures for p in pages)} figures); open {a.out}/index.html")
    if bare: print(f"notebooks without outputs (run `make notebooks` first): {', '.join(bare)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
