#!/usr/bin/env python3
"""Draws the shapes of data/shapes/: black figures on white, 128 x 128,
8-bit grey PNG, 4 x 4 supersampled.  Run it in this folder to remake them;
the files are deterministic (no dates in them)."""

import math
import struct
import zlib

SIZE = 128
SUPER = 4


def heart(x, y):
    # The classic implicit heart, (x² + y² − 1)³ − x² y³ ≤ 0, y up.
    x, y = 1.25 * x, -1.25 * y + 0.15
    return (x * x + y * y - 1) ** 3 - x * x * y ** 3 <= 0


def star(x, y):
    # A five-pointed star: radius between 0.38 and 0.9 by angle.
    r = math.hypot(x, y)
    a = math.atan2(x, -y) % (2 * math.pi / 5)
    t = abs(a - math.pi / 5) / (math.pi / 5)  # 1 at a tip, 0 between
    return r <= 0.38 + (0.9 - 0.38) * t ** 1.6


def ring(x, y):
    return 0.5 <= math.hypot(x, y) <= 0.85


def cross(x, y):
    return (abs(x) <= 0.25 and abs(y) <= 0.85) or (
        abs(y) <= 0.25 and abs(x) <= 0.85)


def png(path, rows):
    def chunk(kind, data):
        body = kind + data
        return (struct.pack(">I", len(data)) + body
                + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF))

    raw = b"".join(b"\0" + bytes(row) for row in rows)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 0,
                                           0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(raw, 9)))
        f.write(chunk(b"IEND", b""))


def draw(inside):
    rows = []
    for j in range(SIZE):
        row = []
        for i in range(SIZE):
            hits = 0
            for sj in range(SUPER):
                for si in range(SUPER):
                    x = ((i + (si + 0.5) / SUPER) / SIZE) * 2 - 1
                    y = ((j + (sj + 0.5) / SUPER) / SIZE) * 2 - 1
                    hits += inside(x, y)
            row.append(round(255 * (1 - hits / SUPER ** 2)))
        rows.append(row)
    return rows


if __name__ == "__main__":
    for name, inside in (("heart", heart), ("star", star), ("ring", ring),
                         ("cross", cross)):
        png(name + ".png", draw(inside))
