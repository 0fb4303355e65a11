"""Draw the PWA's PNG icons from web/static/mobile/icon.svg with headless Chromium.

Run once after changing the SVG: .venv/bin/python scripts/render_pwa_icons.py
"""

from pathlib import Path

from playwright.sync_api import sync_playwright

STATIC = Path(__file__).resolve().parent.parent / "web" / "static" / "mobile"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run"]


def main() -> None:
    svg = (STATIC / "icon.svg").read_text()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        for size in (192, 512):
            page = browser.new_page(viewport={"width": size, "height": size})
            page.set_content(
                f"<style>html,body{{margin:0;background:transparent}}svg{{width:{size}px;"
                f"height:{size}px;display:block}}</style>{svg}"
            )
            page.screenshot(path=str(STATIC / f"icon-{size}.png"), omit_background=True)
            page.close()
        # Maskable: the platform crops to its own shape, so fill the square and keep the
        # drawing inside the central safe zone.
        page = browser.new_page(viewport={"width": 512, "height": 512})
        page.set_content(
            "<style>html,body{margin:0;background:#0b5cad}svg{width:400px;height:400px;"
            f"display:block;margin:56px}}</style>{svg}"
        )
        page.screenshot(path=str(STATIC / "icon-maskable-512.png"))
        browser.close()


if __name__ == "__main__":
    main()
