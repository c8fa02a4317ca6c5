"""A QR code drawn in the terminal, for scanning an MFA seed into an authenticator app.

Always black modules on white, whatever the app's theme: the colours are explicit RGB
styles, not theme variables, because a phone camera cannot read an inverted code.
One column and half a row per module, the 4-module quiet zone included (see
``rootkeeper.core.qr`` for the half-block convention). When the widget is given less
room than the code needs, it says how large to make the terminal instead of drawing a
code that would not scan.

The data (an otpauth:// URI holding the seed) is not kept: only the drawn rows are,
in a private attribute that no repr shows, and ``clear()`` drops them when the step
that needed them ends.

Usage::

    code = QRCode(otpauth_uri(seed, account_label=alias, user=user))
    ...
    code.clear()  # the seed leaves the screen
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from rootkeeper.core.qr import half_block_lines, qr_matrix, required_size

# Explicit RGB, never "black"/"white": named ANSI colours follow the terminal's palette,
# which a dark or inverted terminal theme may swap.
QR_STYLE = Style(color="#000000", bgcolor="#ffffff")


class QRCode(Widget):
    """Draws ``data`` as a QR code (black on white, quiet zone included), or a message
    naming the terminal size it needs when its region is too small.

    The widget judges its own region, not what a scrolling parent clips of it: on a
    screen that scrolls, an auto-sized code can end up half below the fold. Screens that
    show one should give it the remaining space of a non-scrolling container (for
    example ``height: 1fr`` under the instructions), so that too little room yields the
    message rather than a code to scroll to.
    """

    # Sizing is part of the widget's contract, so it travels with it: as large as the
    # code, never larger than the container (a clipped code would not scan).
    DEFAULT_CSS = """
    QRCode {
        width: auto;
        height: auto;
        max-width: 100%;
        max-height: 100%;
    }
    """

    def __init__(self, data: str = "", *, error_correction: str = "M", name: str | None = None,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._error_correction = error_correction
        self._lines: list[str] = []
        self._cells = (0, 0)
        self._draw(data)

    # -- public API ---------------------------------------------------------------------

    def show(self, data: str) -> None:
        """Replace the code with one for ``data`` ("" shows nothing)."""
        self._draw(data)
        self.refresh(layout=True)

    def clear(self) -> None:
        """Take the code off the screen and drop everything that encodes the data."""
        self.show("")

    @property
    def has_code(self) -> bool:
        """True while the widget holds a code (whether or not it fits its region)."""
        return bool(self._lines)

    @property
    def required_cells(self) -> tuple[int, int]:
        """(columns, rows) the code needs, quiet zone included; (0, 0) when cleared."""
        return self._cells

    @property
    def fits(self) -> bool:
        """True when the code is drawn in full, False when the too-small message shows."""
        columns, rows = self._cells
        return self.has_code and self.size.width >= columns and self.size.height >= rows

    def too_small_message(self) -> str:
        """What the widget says when its region is smaller than the code."""
        columns, rows = self._cells
        width, height = self.size
        terminal = self.app.size
        need_width = terminal.width + max(0, columns - width)
        need_height = terminal.height + max(0, rows - height)
        return (f"Make the terminal at least {need_width}x{need_height} to show the QR code "
                f"(it needs {columns}x{rows} cells; it has {width}x{height}).")

    # -- Textual ------------------------------------------------------------------------

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return self._cells[0]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self._cells[1]

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        blank = Strip.blank(width, self.rich_style)
        if not self.has_code:
            return blank
        if not self.fits:
            lines = self._message_strips(width)
            return lines[y] if y < len(lines) else blank
        columns, rows = self._cells
        if y >= rows:
            return blank
        segments = [Segment(self._lines[y], QR_STYLE)]
        if width > columns:
            segments.append(Segment(" " * (width - columns), self.rich_style))
        return Strip(segments, width)

    # -- internals ----------------------------------------------------------------------

    def _draw(self, data: str) -> None:
        if data:
            matrix = qr_matrix(data, error_correction=self._error_correction)
            self._lines, self._cells = half_block_lines(matrix), required_size(matrix)
        else:
            self._lines, self._cells = [], (0, 0)

    def _message_strips(self, width: int) -> list[Strip]:
        style, console = self.rich_style, self.app.console
        return [Strip(line.render(console), line.cell_len).apply_style(style).extend_cell_length(width, style)
                for line in Text(self.too_small_message()).wrap(console, max(width, 1))]
