"""PNG pictures that carry the numbers they show.

A picture of a graph or a network is drawn from numbers (data and gradients, weights, a loss);
the PNG files this project writes keep those numbers beside the pixels, in a text chunk named
"seegrad" (JSON). So a test can check that a committed picture is what its code makes by
comparing numbers, which survive a change of font or of Graphviz version, rather than pixels.
"""

import json
import struct
import zlib
from typing import Optional

KEY = b"seegrad"
_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def with_numbers(png: bytes, numbers: dict) -> bytes:
    """`png` with `numbers` (anything JSON can hold) in a tEXt chunk right after its header."""
    if not png.startswith(_SIGNATURE):
        raise ValueError("not a PNG")
    text = KEY + b"\0" + json.dumps(numbers, separators=(",", ":")).encode("latin-1")
    chunk = struct.pack(">I", len(text)) + b"tEXt" + text
    chunk += struct.pack(">I", zlib.crc32(b"tEXt" + text) & 0xFFFFFFFF)
    header_end = len(_SIGNATURE) + 8 + struct.unpack(">I", png[8:12])[0] + 4   # after IHDR
    return png[:header_end] + chunk + png[header_end:]


def numbers_in(path) -> Optional[dict]:
    """The numbers a PNG written with `with_numbers` carries, or None."""
    with open(path, "rb") as f:
        data = f.read()
    at = len(_SIGNATURE)
    while at + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        if kind == b"tEXt" and body.startswith(KEY + b"\0"):
            return json.loads(body[len(KEY) + 1:].decode("latin-1"))
        at += 12 + length
    return None
