#!/usr/bin/env python3
"""Pixel checks on pdftoppm's PNM pages for the PDF tests (no imaging
library needed): `blank FILE...` prints how many pages have (almost) no ink;
`ink FILE...` prints each page's count of dark pixels;
`yellow FILE...` prints how many pixels have the placeholder highlight's
colour (#ffe45c, as layout.h's LAYOUT_MARK_TINT)."""
import sys


def pnm(path):
    d = open(path, 'rb').read()
    fields, pos = [], 0
    while len(fields) < 4:
        while d[pos:pos + 1].isspace():
            pos += 1
        if d[pos:pos + 1] == b'#':
            while d[pos:pos + 1] != b'\n':
                pos += 1
            continue
        start = pos
        while not d[pos:pos + 1].isspace():
            pos += 1
        fields.append(d[start:pos])
    magic, w, h = fields[0], int(fields[1]), int(fields[2])
    return magic, w, h, d[pos + 1:]


def ink(path):
    magic, w, h, px = pnm(path)
    step = 3 if magic == b'P6' else 1
    return sum(1 for i in range(0, len(px), step) if px[i] < 200)


def yellow(path):
    magic, w, h, px = pnm(path)
    if magic != b'P6':
        return 0
    return sum(1 for i in range(0, len(px) - 2, 3)
               if px[i] > 235 and 205 < px[i + 1] < 245 and px[i + 2] < 130)


def main():
    what, files = sys.argv[1], sys.argv[2:]
    if what == 'blank':
        blank = [f for f in files if ink(f) < 40]
        for f in blank:
            print('blank page:', f, file=sys.stderr)
        print(len(blank))
    elif what == 'ink':
        for f in files:
            print(f, ink(f))
    elif what == 'yellow':
        print(sum(yellow(f) for f in files))
    else:
        sys.exit('usage: t05-pixels.py blank|yellow FILE...')


main()
