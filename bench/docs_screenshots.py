"""Open the rendered documentation site in headless Chromium and photograph it, as a reader would see it.

For each page named (default: the index and the page with the most figures) it prints the title, how many images the
page holds and how many failed to load (an image whose natural width is 0), how many links point to a page that does
not exist, and saves a full-page screenshot in --out.

Needs Debian's chromium (`apt-get install chromium`) and `pip install playwright` (no browser download: it drives
/usr/bin/chromium). Build the site first with `make docs`.

    .venv/bin/python bench/docs_screenshots.py --site _docs --out bench/results/docs
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def page_with_most_figures(site: Path) -> Path:
    "The chapter page embedding the most images."
    pages = [p for p in site.glob("*.html") if p.name != "index.html"]
    if not pages: raise SystemExit(f"{site} holds no pages: run `make docs` first.")
    return max(pages, key=lambda p: len(re.findall(r"<img\b", p.read_text(encoding="utf-8"))))


def shoot(pages: list[Path], out: Path, *, chromium: str, width: int) -> list[dict]:
    from playwright.sync_api import sync_playwright
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": 900})
        for p in pages:
            page.goto(p.resolve().as_uri()); page.wait_for_load_state("load")
            imgs = page.eval_on_selector_all("img", "els => els.map(e => [e.naturalWidth, e.naturalHeight])")
            links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
            local = [h for h in links if h and not h.startswith(("http:", "https:", "#", "mailto:"))]
            missing = [h for h in local if not (p.parent / h.split("#")[0]).exists()]
            shot = out / f"{p.stem}.png"
            page.screenshot(path=str(shot), full_page=False)
            if imgs:                                   # and the first figure, where a reader scrolls to it
                page.locator("img").first.scroll_into_view_if_needed()
                page.screenshot(path=str(out / f"{p.stem}-figure.png"), full_page=False)
            rows.append({"page": p.name, "title": page.title(), "images": len(imgs),
                         "broken_images": sum(1 for w, _ in imgs if not w), "local_links": len(local),
                         "missing_links": missing, "screenshot": str(shot)})
        browser.close()
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pages", nargs="*", help="pages of the site (default: index.html and the page with most figures)")
    ap.add_argument("--site", default="_docs")
    ap.add_argument("--out", default="bench/results/docs")
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--width", type=int, default=1280)
    a = ap.parse_args(argv)
    site = Path(a.site)
    if not (site / "index.html").exists(): raise SystemExit(f"{site}/index.html not found: run `make docs` first.")
    pages = [site / p for p in a.pages] if a.pages else [site / "index.html", page_with_most_figures(site)]
    rows = shoot(pages, Path(a.out), chromium=a.chromium, width=a.width)
    for r in rows:
        print(f"{r['page']}: '{r['title']}', {r['images']} images ({r['broken_images']} failed to load), "
              f"{r['local_links']} local links ({len(r['missing_links'])} to missing pages) -> {r['screenshot']}")
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    (Path(a.out) / "report.json").write_text(json.dumps(rows, indent=1))
    return 0 if all(not r["broken_images"] and not r["missing_links"] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
