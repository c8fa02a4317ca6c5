"""The QRCode widget, judged by what the screen actually shows: the compositor's strips
(the same ones a screenshot and the terminal get), rasterised with their real colours
and decoded by zxing-cpp, as a phone camera would."""

from __future__ import annotations

from datetime import datetime, timezone

import pyotp
import pytest
import zxingcpp
from PIL import Image
from rich.color import Color
from rich.style import Style
from textual.app import App, ComposeResult

from rootkeeper.core.totp import check_consecutive_codes, otpauth_uri
from rootkeeper.ui.widgets.qr import QRCode

SEED = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXQ"  # 64 chars, like AWS's
URI = otpauth_uri(SEED, account_label="acme-mgmt", user="breakglass")
NOW = datetime(2025, 6, 1, 12, 0, 10, tzinfo=timezone.utc)
BIG = (100, 40)
SCALE = 4


class QRApp(App):
    def __init__(self, data: str = URI, theme: str = "textual-dark") -> None:
        super().__init__()
        self._data = data
        self._theme_name = theme

    def compose(self) -> ComposeResult:
        yield QRCode(self._data, id="qr")

    def on_mount(self) -> None:
        self.theme = self._theme_name


def screen_cells(app: App) -> list[list[tuple[str, tuple[int, int, int], tuple[int, int, int]]]]:
    """Every cell on screen as (character, foreground RGB, background RGB)."""
    rows = []
    for strip in app.screen._compositor.render_strips():
        row = []
        for segment in strip:
            style = segment.style or Style()
            fg = (style.color or Color.parse("#000000")).get_truecolor()
            bg = (style.bgcolor or Color.parse("#ffffff")).get_truecolor()
            if style.reverse:
                fg, bg = bg, fg
            row.extend((ch, tuple(fg), tuple(bg)) for ch in segment.text)
        rows.append(row)
    return rows


def rasterise(app: App) -> Image.Image:
    """Each cell becomes two stacked pixels (upper and lower half), dark where the colour
    that paints that half is dark, scaled up for the decoder."""
    cells = screen_cells(app)
    width, height = len(cells[0]), 2 * len(cells)
    image = Image.new("L", (width, height), 255)
    for y, row in enumerate(cells):
        for x, (ch, fg, bg) in enumerate(row):
            upper = fg if ch in "▀█" else bg
            lower = fg if ch in "▄█" else bg
            image.putpixel((x, 2 * y), 0 if _luma(upper) < 128 else 255)
            image.putpixel((x, 2 * y + 1), 0 if _luma(lower) < 128 else 255)
    return image.resize((width * SCALE, height * SCALE), Image.NEAREST)


def _luma(rgb) -> float:
    r, g, b = rgb
    return 0.299 * r + 0.587 * g + 0.114 * b


def screen_text(app: App) -> str:
    return "\n".join("".join(ch for ch, _, _ in row) for row in screen_cells(app))


def decoded(app: App) -> list[str]:
    return [barcode.text for barcode in zxingcpp.read_barcodes(rasterise(app))]


async def test_the_drawn_code_scans_to_exactly_the_uri_and_yields_accepted_codes():
    app = QRApp()
    async with app.run_test(size=BIG) as pilot:
        await pilot.pause()
        widget = app.query_one(QRCode)
        assert widget.fits and widget.required_cells == (57, 29)
        assert decoded(app) == [URI]
        # What an authenticator makes of the scanned URI is accepted by the core check.
        scanned = pyotp.parse_uri(decoded(app)[0])
        step = int(NOW.timestamp()) // 30
        assert check_consecutive_codes(SEED, scanned.generate_otp(step - 1), scanned.generate_otp(step), now=NOW).ok


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_modules_are_black_on_white_whatever_the_theme(theme):
    app = QRApp(theme=theme)
    async with app.run_test(size=BIG) as pilot:
        await pilot.pause()
        assert app.current_theme.dark == (theme == "textual-dark")
        region = app.query_one(QRCode).region
        cells = screen_cells(app)
        qr_cells = [cells[y][x] for y in range(region.y, region.bottom) for x in range(region.x, region.right)]
        assert {(fg, bg) for _, fg, bg in qr_cells} == {((0, 0, 0), (255, 255, 255))}
        # The quiet zone's corner is light, the finder pattern 4 modules in is dark
        # (a module is one pixel across and one pixel, half a cell, down).
        image = rasterise(app)
        assert image.getpixel((region.x * SCALE, 2 * region.y * SCALE)) == 255
        assert image.getpixel(((region.x + 4) * SCALE, (2 * region.y + 4) * SCALE)) == 0
        assert decoded(app) == [URI]


async def test_too_small_a_region_shows_the_size_to_make_the_terminal_instead_of_a_broken_code():
    app = QRApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        widget = app.query_one(QRCode)
        assert not widget.fits
        text = " ".join(screen_text(app).split())
        assert "Make the terminal at least 80x29 to show the QR code" in text
        assert "it needs 57x29 cells; it has 57x24" in text
        assert not set("▀▄█") & set(text)
        assert decoded(app) == []

        # Growing the terminal brings the code back.
        await pilot.resize_terminal(80, 29)
        await pilot.pause()
        assert widget.fits and decoded(app) == [URI]


async def test_clear_takes_the_code_off_the_screen_and_keeps_nothing_of_it():
    app = QRApp()
    async with app.run_test(size=BIG) as pilot:
        await pilot.pause()
        widget = app.query_one(QRCode)
        assert decoded(app) == [URI]
        widget.clear()
        await pilot.pause()
        assert not widget.has_code and widget.required_cells == (0, 0)
        assert not set("▀▄█") & set(screen_text(app))
        assert decoded(app) == []
        assert all(not value for key, value in vars(widget).items() if key == "_lines")


async def test_show_replaces_the_code():
    other = otpauth_uri("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", account_label="123456789012", user="root")
    app = QRApp(data="")
    async with app.run_test(size=BIG) as pilot:
        widget = app.query_one(QRCode)
        assert not widget.has_code and decoded(app) == []
        widget.show(other)
        await pilot.pause()
        assert decoded(app) == [other]


async def test_the_widget_holds_neither_the_uri_nor_the_seed():
    app = QRApp()
    async with app.run_test(size=BIG) as pilot:
        await pilot.pause()
        widget = app.query_one(QRCode)
        dumped = repr(widget) + str(widget) + repr(vars(widget))
        assert SEED not in dumped and URI not in dumped
