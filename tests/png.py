"""A PNG reader small enough for the tests: 8-bit RGB or RGBA, not interlaced (what Chromium
writes), to look at the pixels of a screenshot."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _paeth(left: int, up: int, corner: int) -> int:
    guess = left + up - corner
    distances = (abs(guess - left), abs(guess - up), abs(guess - corner))
    return (left, up, corner)[distances.index(min(distances))]


def read_png(path: Path) -> tuple[int, int, list[list[tuple[int, int, int]]]]:
    """Width, height and the rows of (red, green, blue) pixels of a PNG file."""
    data = path.read_bytes()
    assert data.startswith(SIGNATURE), "not a PNG"
    position, compressed = len(SIGNATURE), b""
    width = height = channels = 0
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0, "unsupported PNG"
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            compressed += body
        position += 12 + length
    raw = zlib.decompress(compressed)
    stride = width * channels
    rows: list[list[tuple[int, int, int]]] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            corner = previous[x - channels] if x >= channels else 0
            predictor = (0, left, previous[x], (left + previous[x]) // 2,
                         _paeth(left, previous[x], corner))[kind]
            line[x] = (line[x] + predictor) & 0xFF
        pixels = [(line[x], line[x + 1], line[x + 2]) for x in range(0, stride, channels)]
        rows.append(pixels)
        previous = line
    return width, height, rows


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG of any colour type (Graphviz writes palette PNGs), from its
    header."""
    assert data.startswith(SIGNATURE) and data[12:16] == b"IHDR", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height
