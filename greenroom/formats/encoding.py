"""Bytes to text for transcript files, whatever editor or tool saved them.

UTF-8 (with or without BOM), UTF-16 (BOM or not) and Windows-1252 are what
people really have, and UTF-8 with a few Windows-1252 bytes pasted in; binary
files are refused rather than decoded into noise.
"""

from __future__ import annotations

import codecs
import logging

from greenroom.errors import FormatError

log = logging.getLogger(__name__)


def decode(data: bytes, path: str) -> str:
    """Decode a transcript file's bytes; raise `FormatError` for empty or binary files."""
    if not data.strip():
        raise FormatError(path, "file is empty")
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _strict(data, codec, path)
    utf16 = _bomless_utf16(data)
    if utf16:
        return _strict(data, utf16, path)
    if b"\x00" in data[:8192]:
        raise FormatError(path, "binary file, not a transcript or caption file")
    text = _utf8_or_cp1252(data.removeprefix(codecs.BOM_UTF8), path)
    _refuse_binary(text, path)
    return text


def _utf8_or_cp1252(data: bytes, path: str) -> str:
    """UTF-8, with any byte that is not UTF-8 read as Windows-1252: a file that is all
    cp1252 reads as cp1252, and one a cp1252 editor touched once (a curly quote
    pasted into a UTF-8 file, even one with a BOM) keeps both its parts right,
    where decoding it all as cp1252 would garble the UTF-8 (`cafÃ©`). The first
    such byte is reported by a warning naming its line."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        first = err.start
    text = data.decode("utf-8", errors=_CP1252_FALLBACK)
    if not data[:first].isascii():  # UTF-8 before the stray byte: a mixed file
        line = data.count(b"\n", 0, first) + 1
        log.warning("%s:%d: byte 0x%02x is not UTF-8; read as Windows-1252 (the file mixes encodings)",
                    path, line, data[first])
    return text


def _cp1252(err: UnicodeError) -> tuple[str, int]:
    assert isinstance(err, UnicodeDecodeError)
    bad = err.object[err.start:err.end]
    return bytes(bad).decode("cp1252", errors="replace"), err.end


_CP1252_FALLBACK = "greenroom-cp1252"
codecs.register_error(_CP1252_FALLBACK, _cp1252)


def _strict(data: bytes, codec: str, path: str) -> str:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as err:
        raise FormatError(path, f"not valid {codec.upper()} text (byte {err.start})") from None
    _refuse_binary(text, path)
    return text


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as every other byte being NUL in ASCII text."""
    head = data[:4096]
    if len(head) < 4:
        return None
    even_nul = head[0::2].count(0) / len(head[0::2])
    odd_nul = head[1::2].count(0) / len(head[1::2])
    if odd_nul > 0.4 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.4 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _refuse_binary(text: str, path: str) -> None:
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if "\x00" in sample or controls > max(8, len(sample) // 100):
        raise FormatError(path, "binary file, not a transcript or caption file")
