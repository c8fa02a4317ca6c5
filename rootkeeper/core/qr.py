"""QR codes as module matrices and as terminal text, drawn locally with the ``qrcode``
package (never an online service: the data is an MFA seed).

Terminal convention, used by ``half_block_lines`` and the UI's ``QRCode`` widget: one
terminal column per module and two modules per terminal row, using the half-block
characters. The character's **foreground is a dark module** and its **background is a
light module**, so the text must be drawn black on white:

=========  ============  ===============
character  top module    bottom module
=========  ============  ===============
``'█'``    dark          dark
``'▀'``    dark          light
``'▄'``    light         dark
``' '``    light         light
=========  ============  ===============

A matrix with an odd number of rows gets a light bottom half on its last line; with the
quiet zone included that is just more quiet zone.
"""

from __future__ import annotations

import qrcode
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q

#: The quiet zone (light border, in modules) that the QR specification requires.
STANDARD_QUIET_ZONE = 4

_ERROR_CORRECTION = {"L": ERROR_CORRECT_L, "M": ERROR_CORRECT_M, "Q": ERROR_CORRECT_Q, "H": ERROR_CORRECT_H}

FULL_BLOCK, UPPER_HALF, LOWER_HALF, EMPTY = "█", "▀", "▄", " "
_CELL = {(True, True): FULL_BLOCK, (True, False): UPPER_HALF, (False, True): LOWER_HALF, (False, False): EMPTY}

Matrix = list[list[bool]]


def qr_matrix(data: str, *, quiet_zone: int = STANDARD_QUIET_ZONE, error_correction: str = "M") -> Matrix:
    """The modules of the smallest QR code holding ``data``, quiet zone included:
    ``matrix[row][column]`` is True for a dark module. ``error_correction`` is one of
    "L", "M", "Q", "H" (M recovers 15 % damage; a screen needs little). Measured sizes,
    quiet zone included, for an AWS-style otpauth URI: a 32-character seed gives 57x57
    modules at M (57 columns x 29 rows of terminal), AWS's 64-character seed 61x61 at M
    (61x31 cells) and 53x53 at L.
    """
    if not data:
        raise ValueError("a QR code needs data")
    if quiet_zone < 0:
        raise ValueError("the quiet zone cannot be negative")
    try:
        level = _ERROR_CORRECTION[error_correction.upper()]
    except KeyError:
        raise ValueError(f"error correction must be one of L, M, Q, H, not {error_correction!r}") from None
    code = qrcode.QRCode(version=None, error_correction=level, border=quiet_zone)
    code.add_data(data)
    code.make(fit=True)
    return [[bool(module) for module in row] for row in code.get_matrix()]


def half_block_lines(matrix: Matrix) -> list[str]:
    """One string per terminal row, two matrix rows per string; see the module docstring
    for the character convention (foreground = dark, background = light)."""
    lines = []
    for top in range(0, len(matrix), 2):
        upper = matrix[top]
        lower = matrix[top + 1] if top + 1 < len(matrix) else [False] * len(upper)
        lines.append("".join(_CELL[pair] for pair in zip(upper, lower)))
    return lines


def required_size(matrix: Matrix) -> tuple[int, int]:
    """(columns, rows) of terminal cells that ``half_block_lines(matrix)`` occupies."""
    rows = len(matrix)
    columns = len(matrix[0]) if rows else 0
    return columns, (rows + 1) // 2
