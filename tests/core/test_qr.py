"""core/qr: the module matrix (quiet zone included) and its half-block text form."""

from __future__ import annotations

import pytest
import zxingcpp
from PIL import Image

from rootkeeper.core.qr import half_block_lines, qr_matrix, required_size

URI = "otpauth://totp/Amazon%20Web%20Services:breakglass@acme-mgmt?secret=JBSWY3DPEHPK3PXP&issuer=Amazon%20Web%20Services"


def matrix_image(matrix, scale: int = 4) -> Image.Image:
    size = len(matrix)
    image = Image.new("L", (size, size), 255)
    image.putdata([0 if dark else 255 for row in matrix for dark in row])
    return image.resize((size * scale, size * scale), Image.NEAREST)


def text_image(lines: list[str], scale: int = 4) -> Image.Image:
    """Rasterise half-block text by the module convention: foreground dark, background light."""
    width, height = len(lines[0]), 2 * len(lines)
    image = Image.new("L", (width, height), 255)
    for y, line in enumerate(lines):
        for x, ch in enumerate(line):
            if ch in "▀█":
                image.putpixel((x, 2 * y), 0)
            if ch in "▄█":
                image.putpixel((x, 2 * y + 1), 0)
    return image.resize((width * scale, height * scale), Image.NEAREST)


def decoded(image: Image.Image) -> list[str]:
    return [barcode.text for barcode in zxingcpp.read_barcodes(image)]


@pytest.mark.parametrize("quiet_zone", [4, 1])
def test_matrix_is_square_with_a_light_quiet_zone_of_the_asked_width(quiet_zone):
    matrix = qr_matrix(URI, quiet_zone=quiet_zone)
    size = len(matrix)
    assert all(len(row) == size for row in matrix)
    assert (size - 2 * quiet_zone - 21) % 4 == 0  # QR versions grow by 4 modules
    border = [matrix[y][x] for y in range(size) for x in range(size)
              if min(x, y) < quiet_zone or max(x, y) >= size - quiet_zone]
    assert not any(border)
    # The top-left finder pattern starts right inside the quiet zone.
    assert all(matrix[quiet_zone][quiet_zone:quiet_zone + 7])


def test_matrix_decodes_back_to_the_data():
    assert decoded(matrix_image(qr_matrix(URI))) == [URI]


def test_higher_error_correction_needs_more_modules():
    assert len(qr_matrix(URI, error_correction="L")) < len(qr_matrix(URI, error_correction="H"))


@pytest.mark.parametrize(("data", "kwargs"), [("", {}), (URI, {"error_correction": "X"}), (URI, {"quiet_zone": -1})])
def test_bad_arguments_are_refused(data, kwargs):
    with pytest.raises(ValueError):
        qr_matrix(data, **kwargs)


def test_half_blocks_put_the_top_module_in_the_upper_half_and_dark_in_the_foreground():
    matrix = [
        [True, True, False, False],
        [True, False, True, False],
        [False, True, False, True],
    ]
    # Odd number of rows: the last line's lower half is light.
    assert half_block_lines(matrix) == ["█▀▄ ", " ▀ ▀"]
    assert required_size(matrix) == (4, 2)


def test_half_block_text_decodes_back_to_the_data():
    matrix = qr_matrix(URI)
    lines = half_block_lines(matrix)
    assert (len(lines[0]), len(lines)) == required_size(matrix) == (len(matrix), (len(matrix) + 1) // 2)
    assert set("".join(lines)) <= set("█▀▄ ")
    assert decoded(text_image(lines)) == [URI]


def test_empty_matrix_needs_no_room():
    assert required_size([]) == (0, 0)
    assert half_block_lines([]) == []
