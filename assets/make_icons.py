"""Generate Supervise's icons (our own mark: a rounded shield with an "S").

Writes, relative to the repository root:
  static/images/favicon.svg    brand-colour shield, white S (the master image)
  static/images/icon-mask.svg  single-colour outline for Safari pinned tabs
  static/images/favicon.ico    16, 32 and 48 px
  static/images/icon-180.png   apple-touch-icon (opaque, full-bleed)
  static/images/icon-192.png   web app manifest
  static/images/icon-512.png   web app manifest
  static/manifest.json

Run from anywhere:  .venv/bin/python assets/make_icons.py
Needs Pillow and CairoSVG (pip), and the system's libcairo2.
The outputs are committed, so this is only needed when the mark changes.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import cairosvg
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "static" / "images"

# Keep in step with $govuk-functional-colours brand in assets/scss/supervise.scss
# (GOV.UK palette teal shade-25; white on it is 7.19:1).
BRAND = "#106165"
TEMPLATE_BACKGROUND = "#f3f9f9"  # teal tint-95, the template background

# A 32x32 grid. Rounded shield, and an "S" drawn as a stroke so that it does
# not depend on any installed font.
SHIELD = "M16 2.5 27 6.4V15c0 6.9-4.6 11.9-11 14.5C9.6 26.9 5 21.9 5 15V6.4Z"
LETTER_S = (
    "M20.2 10.6c-.9-1.2-2.4-1.9-4.2-1.9-2.5 0-4.2 1.3-4.2 3.2 0 4.3 8.6 2.4 8.6 7.3"
    " 0 2-1.8 3.4-4.4 3.4-2 0-3.7-.8-4.6-2.2"
)


def favicon_svg() -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="32" height="32">'
        f'<path d="{SHIELD}" fill="{BRAND}" stroke="{BRAND}" stroke-width="2"'
        ' stroke-linejoin="round"/>'
        f'<path d="{LETTER_S}" fill="none" stroke="#ffffff" stroke-width="2.6"'
        ' stroke-linecap="round" stroke-linejoin="round"/>'
        "</svg>\n"
    )


def mask_svg() -> str:
    # Mask icons must be one colour (black) on a transparent background.
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
        f'<path d="{SHIELD}" fill="none" stroke="#000000" stroke-width="2.4"'
        ' stroke-linejoin="round"/>'
        f'<path d="{LETTER_S}" fill="none" stroke="#000000" stroke-width="2.6"'
        ' stroke-linecap="round" stroke-linejoin="round"/>'
        "</svg>\n"
    )


def touch_svg() -> str:
    # Apple touch / manifest icons: opaque square; the OS rounds the corners.
    # The mark sits in the central ~70% so it survives "maskable" cropping.
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="32" height="32">'
        f'<rect width="32" height="32" fill="{BRAND}"/>'
        '<g transform="translate(4.8 4.8) scale(0.7)">'
        f'<path d="{SHIELD}" fill="none" stroke="#ffffff" stroke-width="2.2"'
        ' stroke-linejoin="round"/>'
        f'<path d="{LETTER_S}" fill="none" stroke="#ffffff" stroke-width="2.8"'
        ' stroke-linecap="round" stroke-linejoin="round"/>'
        "</g></svg>\n"
    )


def render(svg: str, size: int) -> Image.Image:
    png = cairosvg.svg2png(
        bytestring=svg.encode(), output_width=size, output_height=size
    )
    return Image.open(io.BytesIO(png)).convert("RGBA")


def main() -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)

    fav = favicon_svg()
    (IMAGES / "favicon.svg").write_text(fav, encoding="utf-8")
    (IMAGES / "icon-mask.svg").write_text(mask_svg(), encoding="utf-8")

    # ICO: draw each size separately (sharper than downscaling one bitmap).
    sizes = [16, 32, 48]
    frames = [render(fav, s) for s in sizes]
    frames[-1].save(
        IMAGES / "favicon.ico",
        format="ICO",
        sizes=[(s, s) for s in sizes],
        append_images=frames[:-1],
    )

    touch = touch_svg()
    for size in (180, 192, 512):
        render(touch, size).convert("RGB").save(
            IMAGES / f"icon-{size}.png", format="PNG", optimize=True
        )

    manifest = {
        "name": "Supervise",
        "short_name": "Supervise",
        "start_url": "/",
        "scope": "/",
        "display": "browser",
        "theme_color": BRAND,
        "background_color": TEMPLATE_BACKGROUND,
        "icons": [
            {"src": "/static/images/favicon.svg", "type": "image/svg+xml", "sizes": "any"},
            {"src": "/static/images/icon-180.png", "type": "image/png", "sizes": "180x180"},
            {
                "src": "/static/images/icon-192.png",
                "type": "image/png",
                "sizes": "192x192",
                "purpose": "any maskable",
            },
            {
                "src": "/static/images/icon-512.png",
                "type": "image/png",
                "sizes": "512x512",
                "purpose": "any maskable",
            },
        ],
    }
    (ROOT / "static" / "manifest.json").write_text(
        json.dumps(manifest, indent=2) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
