"""Audiograms: a video for an interview that has only sound.

A title card (the interview's title, the guest, the project) is drawn once with Pillow
into a PNG; ffmpeg loops it as the background, draws the reel's own audio as a moving
waveform (`showwaves`) across the middle, and the caption filter burns the words
below. Fonts: DejaVu Sans Bold where installed, else Pillow's built-in scalable font,
so a machine without fonts-dejavu still renders (just plainer).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FPS = 25
LANDSCAPE = (1280, 720)
VERTICAL = (1080, 1920)
BACKGROUND = ((18, 24, 38), (44, 30, 58))  # top and bottom of the gradient
ACCENT = (255, 214, 74)
WAVE_COLOUR = "0xE8E8F0"
FONT_FILES = ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
              "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
              "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf")


def size(vertical: bool) -> tuple[int, int]:
    return VERTICAL if vertical else LANDSCAPE


def wave_box(frame: tuple[int, int]) -> tuple[int, int, int, int]:
    """Where the waveform goes: (x, y, width, height), full width in the middle band."""
    width, height = frame
    band = round(height * (0.22 if height > width else 0.26))
    return 0, round(height * 0.5 - band / 2), width, band - band % 2


def title_card(path: Path, frame: tuple[int, int], title: str, guest: str, project: str) -> Path:
    """Draw the background PNG: gradient, title, guest and project, wrapped to fit."""
    width, height = frame
    image = _gradient(frame)
    draw = ImageDraw.Draw(image)
    margin = round(width * 0.08)
    top = round(height * (0.14 if height > width else 0.08))
    title_font = _font(round(height * (0.045 if height > width else 0.075)))
    small = _font(round(height * (0.028 if height > width else 0.045)))
    for line in _wrap(draw, title or "Interview", title_font, width - 2 * margin)[:3]:
        draw.text((margin, top), line, font=title_font, fill=(255, 255, 255))
        top += round(title_font.size * 1.25)
    guest_lines = _wrap(draw, guest, small, width - 2 * margin) if guest else []
    if len(guest_lines) > 2:
        guest_lines = [guest_lines[0], guest_lines[1].rstrip(" ,") + " …"]
    for line in guest_lines:  # several guests wrap rather than run off the frame
        draw.text((margin, top + round(small.size * 0.4)), line, font=small, fill=ACCENT)
        top += round(small.size * 1.25)
    top += round(small.size * 0.35) if guest_lines else 0
    if project:
        draw.text((margin, top + round(small.size * 0.3)), project, font=small, fill=(190, 190, 205))
    _, y, _, h = wave_box(frame)
    draw.line((margin, y + h // 2, width - margin, y + h // 2), fill=(70, 70, 95), width=2)
    image.save(path)
    return path


def waveform(frame: tuple[int, int]) -> str:
    """The filter turning the audio into the moving waveform (transparent background)."""
    _, _, w, h = wave_box(frame)
    return f"showwaves=s={w}x{h}:mode=cline:rate={FPS}:colors={WAVE_COLOUR}:scale=sqrt,format=rgba"


def _gradient(frame: tuple[int, int]) -> Image.Image:
    width, height = frame
    (r0, g0, b0), (r1, g1, b1) = BACKGROUND
    column = Image.new("RGB", (1, height))
    for y in range(height):
        k = y / max(height - 1, 1)
        column.putpixel((0, y), (round(r0 + (r1 - r0) * k), round(g0 + (g1 - g0) * k), round(b0 + (b1 - b0) * k)))
    return column.resize((width, height))


def _font(px: int) -> ImageFont.FreeTypeFont:
    for name in FONT_FILES:
        if Path(name).is_file():
            return ImageFont.truetype(name, px)
    return ImageFont.load_default(size=px)  # type: ignore[return-value]


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(trial, font=font) <= width:
            lines[-1] = trial
        else:
            lines.append(word)
    return lines
