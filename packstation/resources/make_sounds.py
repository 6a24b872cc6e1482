"""Regenerate the three feedback sounds, deterministically, with the standard library only.

    python -m packstation.resources.make_sounds

Each sound is distinct by pitch and rhythm, so a packer can tell them apart without looking:
success rises, a warning beeps twice in the middle register, an error buzzes low and long.
"""

from __future__ import annotations

import math
import struct
import wave
from collections.abc import Callable, Iterable
from importlib.resources import as_file, files
from pathlib import Path

SAMPLE_RATE = 22_050
AMPLITUDE = 0.5
FADE_SECONDS = 0.005  # a few milliseconds of ramp stop the click at each edge

Waveform = Callable[[float], float]


def sine(phase: float) -> float:
    return math.sin(2 * math.pi * phase)


def buzz(phase: float) -> float:
    """A soft square wave: the odd harmonics make it sound like a buzzer, not a tone."""
    return sum(math.sin(2 * math.pi * k * phase) / k for k in (1, 3, 5, 7)) * 0.8


def tone(frequency: float, seconds: float, waveform: Waveform = sine) -> list[float]:
    count = round(seconds * SAMPLE_RATE)
    fade = round(FADE_SECONDS * SAMPLE_RATE)
    samples = []
    for n in range(count):
        envelope = min(1.0, n / fade, (count - 1 - n) / fade)
        samples.append(AMPLITUDE * envelope * waveform(frequency * n / SAMPLE_RATE))
    return samples


def silence(seconds: float) -> list[float]:
    return [0.0] * round(seconds * SAMPLE_RATE)


def success() -> list[float]:
    return tone(880.0, 0.07) + tone(1320.0, 0.08)


def warning() -> list[float]:
    return tone(660.0, 0.1) + silence(0.06) + tone(660.0, 0.1)


def error() -> list[float]:
    return tone(150.0, 0.3, buzz)


SOUNDS: dict[str, Callable[[], list[float]]] = {
    "success": success,
    "warning": warning,
    "error": error,
}


def write_wav(path: Path, samples: Iterable[float]) -> None:
    frames = b"".join(struct.pack("<h", round(max(-1.0, min(1.0, s)) * 32767)) for s in samples)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(frames)


def write_all(folder: Path) -> None:
    for name, make in SOUNDS.items():
        write_wav(folder / f"{name}.wav", make())


def main() -> None:
    with as_file(files("packstation.resources") / "sounds") as folder:
        write_all(folder)


if __name__ == "__main__":
    main()
