#!/usr/bin/python3
"""Recomputes mclust's default bicPlotColors for gmmplot's BIC plot.

mclust 6.0.0 (R/options.R, mclust.options) sets

    bicPlotColors = c("gray", "black",
                      colorRampPalette(c("forestgreen", "royalblue1", "red3"),
                                       space = "Lab")(12), "gray", "black")

named EII, VII, EEI, EVI, VEI, VVI, EEE, EVE, VEE, VVE, EEV, VEV, EVV, VVV, E, V.
R is not installed here, so this script follows R's grDevices code step by step
(colorRamp, convertColor with its sRGB and Lab converters and its D65 white
point x = 0.3137, y = 0.3291, rgb's rounding (unsigned)(255 x + 0.5)) and prints
the twelve colours of the ramp. Run: /usr/bin/python3 mclust_bic_palette.py
With R and mclust: Rscript -e 'mclust::mclust.options("bicPlotColors")'.
"""
import numpy as np

WHITE = (0.3137, 0.3291)  # R's white.points[, "D65"]


def c2to3(xy):
    x, y = xy
    return np.array([x / y, 1.0, (1 - x - y) / y])


def srgb_matrix():
    rgb = np.array([c2to3((0.64, 0.33)), c2to3((0.30, 0.60)), c2to3((0.15, 0.06))])
    s = c2to3(WHITE) @ np.linalg.inv(rgb)
    return s[:, None] * rgb  # R's S * rgb scales row i by S[i]


M = srgb_matrix()
EPS, KAPPA = 216 / 24389, 24389 / 27


def srgb_to_lab(c):
    lin = np.where(c < 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    xyz = lin @ M
    r = xyz / c2to3(WHITE)
    f = np.where(r <= EPS, (KAPPA * r + 16) / 116, np.cbrt(r))
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def lab_to_srgb(lab):
    L, a, b = lab
    yr = L / KAPPA if L < KAPPA * EPS else ((L + 16) / 116) ** 3
    fy = ((KAPPA * yr if yr <= EPS else L) + 16) / 116
    fx, fz = a / 500 + fy, fy - b / 200
    xr = fx ** 3 if fx ** 3 > EPS else (116 * fx - 16) / KAPPA
    zr = fz ** 3 if fz ** 3 > EPS else (116 * fz - 16) / KAPPA
    xyz = np.array([xr, yr, zr]) * c2to3(WHITE)
    lin = xyz @ np.linalg.inv(M)
    c = np.where(lin <= 0.0031308, 12.92 * lin, 1.055 * np.sign(lin) * np.abs(lin) ** (1 / 2.4) - 0.055)
    c = np.clip(np.round(c, 5), 0, 1)  # convertColor's trim
    return c


def ramp(colors, n):
    labs = np.array([srgb_to_lab(np.array(c) / 255) for c in colors])
    xs = np.linspace(0, 1, len(colors))
    out = []
    for t in np.linspace(0, 1, n):
        lab = [np.interp(t, xs, labs[:, j]) for j in range(3)]
        c = np.clip(lab_to_srgb(lab), 0, 1) * 255
        out.append(tuple(int(v / 255 * 255 + 0.5) for v in c))
    return out


if __name__ == "__main__":
    forestgreen, royalblue1, red3 = (34, 139, 34), (72, 118, 255), (205, 0, 0)
    names = ["EEI", "EVI", "VEI", "VVI", "EEE", "EVE", "VEE", "VVE", "EEV", "VEV", "EVV", "VVV"]
    for name, c in zip(names, ramp([forestgreen, royalblue1, red3], 12)):
        print(f"{name} #{c[0]:02X}{c[1]:02X}{c[2]:02X}")
