"""Hostile inputs for every importer: the repository's own small test files,
mutated the ways broken and malicious files are (bytes flipped, slices cut or
repeated, files spliced, line endings changed, numbers blown up, nesting and
tags run deep). Shared by tests/test_fuzz.py (Hypothesis drives the `Random`)
and bench/fuzz_bench.py (a seeded `Random` per input).

`outcome(fmt, data)` runs one input through decode, the format's reader (forced,
so every reader sees every mutation of its seeds), the interview's dict round
trip and an insert into a library, and says "accepted", "error" (a typed
`InputError`) or raises whatever else escaped.
"""

from __future__ import annotations

import random
from pathlib import Path

from greenroom import formats
from greenroom.errors import InputError
from greenroom.formats.encoding import decode
from greenroom.library import Library
from greenroom.model import Interview

DATA = Path(__file__).resolve().parent / "data"

SEED_FILES: dict[str, tuple[str, ...]] = {
    "json": (),  # made from film_shoot.srt by `seeds`
    "srt": ("captions/film_shoot.srt",),
    "vtt": ("captions/film_shoot_edge.vtt", "captions/bare_seconds.vtt", "captions/chapters.vtt"),
    "youtube": ("captions/youtube_rolling.vtt",),
    "json3": ("captions/youtube.json3",),
    "whisper": ("transcripts/faster_whisper.json", "transcripts/whisperx.json", "transcripts/word_segments.json"),
    "podcast-json": ("transcripts/podcast_captions.json", "transcripts/podcast_tokens.json",
                     "transcripts/podcast_words.json"),
    "podcast-html": ("transcripts/podcast.html", "transcripts/podcast_nocite.html"),
    "md": ("transcripts/chaptered.md",),
    "text": ("transcripts/colon.txt", "transcripts/otter.txt", "transcripts/bold.txt",
             "transcripts/bracket_before.txt", "transcripts/paren_heading.txt", "transcripts/long_turns.txt"),
}
FORMATS = tuple(SEED_FILES)

# Tokens that broke readers before, or might: times past any hour, numbers JSON
# has no name for, separators, tags left open, encodings mixed.
TOKENS: tuple[bytes, ...] = (
    b"-->", b" --> ", b"\n\n", b"\r", b"\r\n", b"\n", b"\x00", b"\xef\xbb\xbf", b"\x92", b"\xe9", b"\xff\xfe",
    b"99999999999999:00:00,000", b"2000000000000:00:00.000", b"00:00:00,000 --> 99:59:59,999",
    b"NaN", b"Infinity", b"-Infinity", b"-1", b"1e999", b"-0.0", b"4" * 40, b"9" * 400, b"true", b"null",
    b'"', b"\\", b"\\u0000", b"\\ud800", b"{", b"}", b"[", b"]", b",", b":",
    b"<v ", b"<v Ann>", b"</v>", b"<c>", b"<00:00:01.000>", b"<i>", b"<b>", b"&amp;", b"&#9999999;",
    b"WEBVTT\n\n", b"NOTE ", b">> ", b"[laughter]", b"(laughs)", b"- ", b"Ann: ", b"ANN:", b"**Ann:**",
    b"RZA (Wu-Tang: Clan): ", b"Bob [1:02:03:04]: ", b"[00:00:05] ", b"00:00:05 ", b"# ", b"## Chapter\n",
    b"<cite>", b"<time>", b"<p>", b"<script>", b"<!--", b"startTime", b"tStartMs", b"segments", b"words",
)
DEEP: tuple[bytes, ...] = (b"[" * 2000, b'{"a":' * 1500, b"<v " * 4000, b"<b>" * 3000, b"(" * 3000,
                          b"Ann: " * 3000, b">> " * 3000, b"- " * 3000)
MAX_INPUT = 256 * 1024


def seeds() -> dict[str, list[bytes]]:
    """The unmutated inputs, per format."""
    out = {fmt: [(DATA / name).read_bytes() for name in names] for fmt, names in SEED_FILES.items()}
    base = formats.parse((DATA / "captions/film_shoot.srt").read_text(), "film_shoot.srt")
    base.id, base.title = "3fa2c1d0", "Film shoot"
    out["json"] = [formats.dump(base, "json").encode()]
    return out


def mutate(rng: random.Random, data: bytes, others: list[bytes]) -> bytes:
    """One to four stacked mutations of `data`, at most `MAX_INPUT` bytes."""
    for _ in range(rng.randint(1, 4)):
        data = MUTATIONS[rng.randrange(len(MUTATIONS))](rng, data, others)[:MAX_INPUT]
    return data


def _at(rng: random.Random, data: bytes) -> int:
    return rng.randint(0, len(data))


def _flip(rng: random.Random, data: bytes, others: list[bytes]) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if buf:
            buf[rng.randrange(len(buf))] = rng.randrange(256)
    return bytes(buf)


def _insert(rng: random.Random, data: bytes, others: list[bytes]) -> bytes:
    at = _at(rng, data)
    return data[:at] + rng.choice(TOKENS) + data[at:]


def _deep(rng: random.Random, data: bytes, others: list[bytes]) -> bytes:
    at = _at(rng, data)
    return data[:at] + rng.choice(DEEP) + data[at:]


def _cut(rng: random.Random, data: bytes, others: list[bytes]) -> bytes:
    a, b = sorted((_at(rng, data), _at(rng, data)))
    return data[:a] + data[b:]


def _repeat(rng: random.Random, data: bytes, others: list[bytes]) -> bytes:
    a = _at(rng, data)
    b = min(len(data), a + rng.randint(1, 200))
    return data[:b] + data[a:b] * rng.choice((2, 10, 100, 1000)) + data[b:]


def _truncate(rng: random.Random, data: bytes, others: list[bytes]) -> bytes:
    return data[:_at(rng, data)]


def _splice(rng: random.Random, data: bytes, others: list[bytes]) -> bytes:
    other = rng.choice(others)
    return data[:_at(rng, data)] + other[_at(rng, other):]


def _endings(rng: random.Random, data: bytes, others: list[bytes]) -> bytes:
    new = rng.choice((b"\r", b"\r\n", b"\n\r", b"\x85", "\u2028".encode()))
    return data.replace(b"\r\n", b"\n").replace(b"\n", new)


def _numbers(rng: random.Random, data: bytes, others: list[bytes]) -> bytes:
    """Replace one run of digits with an absurd number."""
    digits = [i for i, c in enumerate(data) if 48 <= c <= 57]
    if not digits:
        return data
    i = rng.choice(digits)
    j = i
    while j < len(data) and 48 <= data[j] <= 57:
        j += 1
    big = rng.choice((b"9" * rng.randint(10, 30), b"1e308", b"1e999", b"NaN", b"-5", b"0" * 50 + b"1",
                      b"Infinity", b"2000000000000", b"4294967296", b"9223372036854775808"))
    return data[:i] + big + data[j:]


def _encoding(rng: random.Random, data: bytes, others: list[bytes]) -> bytes:
    text = data.decode("utf-8", errors="replace")
    codec = rng.choice(("cp1252", "utf-16-le", "utf-16", "latin-1"))
    mixed = text.encode(codec, errors="replace")
    return rng.choice((mixed, b"\xef\xbb\xbf" + data + b"\x92", data + mixed[: len(mixed) // 2]))


ODD_VALUES: tuple[object, ...] = (None, True, -1, 0, 2 ** 63, 10 ** 17, -(10 ** 12), 1e308, 0.5, "", "x" * 5000,
                                  "../../etc/passwd", "--help", "a\nb", [], {}, [None], {"a": []}, "\u202e", "S999")


def _json_values(rng: random.Random, data: bytes, others: list[bytes]) -> bytes:
    """Parse JSON, put odd values (wrong types, huge numbers, paths) in a few places,
    write it back: the shape survives, so the readers' field checks are what is tested."""
    import json

    try:
        doc = json.loads(data)
    except (ValueError, RecursionError):
        return _insert(rng, data, others)
    slots: list[tuple[object, object]] = []
    stack = [doc]
    while stack and len(slots) < 5000:
        node = stack.pop()
        keys = list(node) if isinstance(node, dict) else range(len(node)) if isinstance(node, list) else []
        for key in keys:
            slots.append((node, key))
            stack.append(node[key])  # type: ignore[index]
    for _ in range(rng.randint(1, 3)):
        if slots:
            node, key = rng.choice(slots)
            node[key] = rng.choice(ODD_VALUES)  # type: ignore[index]
    return json.dumps(doc).encode()


MUTATIONS = (_flip, _insert, _insert, _deep, _cut, _repeat, _truncate, _splice, _endings, _numbers,
             _numbers, _encoding, _json_values, _json_values)


def outcome(fmt: str, data: bytes, library: Library | None = None, path: str = "fuzzed") -> str:
    """"accepted" or "error" (a typed InputError); anything else escapes."""
    try:
        interview = formats.parse(decode(data, path), path, fmt)
    except InputError:
        return "error"
    assert isinstance(interview, Interview)
    Interview.from_dict(interview.to_dict())
    if library is not None:
        library.add(interview, replace=True)
    return "accepted"
