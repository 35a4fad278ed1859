#!/usr/bin/env python3
"""Colour-vision simulation of opsim's charts.

For each PNG given, writes <stem>-deuteranopia.png, <stem>-protanopia.png and
<stem>-tritanopia.png into --out, using Machado, Oliveira and Fernandes (2009)
matrices at severity 1.0, applied in linear RGB. Then checks opsim's model
colours (src/export/charts/mod.rs MODEL_COLOURS, first `--models` of them):
under each simulation, every pair must stay apart by at least --min-delta-e
(CIE76 Delta E in CIELAB), or the script exits 1 naming the pair.

    python3 tools/cvd/simulate.py --out /tmp/cvd output/run/*.png

Needs Pillow and NumPy (pip install pillow numpy).
"""

import argparse
import pathlib
import sys

import numpy as np
from PIL import Image

# Machado et al. 2009, severity 1.0 (linear RGB).
MATRICES = {
    "protanopia": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
    "deuteranopia": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]
    ),
    "tritanopia": np.array(
        [
            [1.255528, -0.076749, -0.178779],
            [-0.078411, 0.930809, 0.147602],
            [0.004733, 0.691367, 0.303900],
        ]
    ),
}

# The model colours, as in src/export/charts/mod.rs.
MODEL_COLOURS = [
    (0, 114, 178),
    (213, 94, 0),
    (204, 121, 167),
    (86, 180, 233),
    (0, 158, 115),
    (230, 159, 0),
]
# What else the charts draw beside models: the tornado's greys.
OTHER_COLOURS = {"input low": (215, 218, 222), "input high": (70, 74, 80)}


def to_linear(srgb):
    c = srgb / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def to_srgb(linear):
    c = np.clip(linear, 0.0, 1.0)
    s = np.where(c <= 0.0031308, c * 12.92, 1.055 * c ** (1 / 2.4) - 0.055)
    return np.round(s * 255.0)


def simulate(rgb, matrix):
    """rgb: (..., 3) array of 0-255 values."""
    return to_srgb(to_linear(rgb.astype(np.float64)) @ matrix.T)


def lab(rgb):
    lin = to_linear(np.asarray(rgb, dtype=np.float64))
    xyz = lin @ np.array(
        [
            [0.4124, 0.3576, 0.1805],
            [0.2126, 0.7152, 0.0722],
            [0.0193, 0.1192, 0.9505],
        ]
    ).T
    xyz = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array(
        [116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])]
    )


def delta_e(a, b):
    return float(np.linalg.norm(lab(a) - lab(b)))


def check_colours(models, min_delta_e):
    named = [(f"model {i + 1}", c) for i, c in enumerate(MODEL_COLOURS[:models])]
    named += list(OTHER_COLOURS.items())
    failures = []
    for name, matrix in [("normal", np.eye(3))] + list(MATRICES.items()):
        sim = [(n, simulate(np.array(c), matrix)) for n, c in named]
        for i in range(len(sim)):
            for j in range(i + 1, len(sim)):
                d = delta_e(sim[i][1], sim[j][1])
                status = "ok" if d >= min_delta_e else "TOO CLOSE"
                print(f"{name:13} {sim[i][0]:>10} vs {sim[j][0]:<10} dE {d:6.1f} {status}")
                if d < min_delta_e:
                    failures.append((name, sim[i][0], sim[j][0], d))
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pngs", nargs="*", type=pathlib.Path)
    parser.add_argument("--out", type=pathlib.Path, default=pathlib.Path("cvd"))
    parser.add_argument("--models", type=int, default=4)
    parser.add_argument("--min-delta-e", type=float, default=20.0)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for png in args.pngs:
        rgb = np.asarray(Image.open(png).convert("RGB"))
        for name, matrix in MATRICES.items():
            out = args.out / f"{png.stem}-{name}.png"
            Image.fromarray(simulate(rgb, matrix).astype(np.uint8)).save(out)
    failures = check_colours(args.models, args.min_delta_e)
    for name, a, b in ((f[0], f[1], f[2]) for f in failures):
        print(f"under {name}, {a} and {b} are hard to tell apart", file=sys.stderr)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
