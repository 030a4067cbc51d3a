#!/usr/bin/env python3
"""Summarizes a study folder written by fashion-study.sh: one row per architecture x method with the number of
finished seeds, the mean and spread (sample standard deviation, min..max) of the exported integer model's test
accuracy, of the last epoch's training-mode accuracy (float weights for fp), and the mean wall time per run.

Usage: fashion_study_summary.py OUT   (prints a Markdown table)
"""
import csv
import math
import os
import re
import sys
from collections import defaultdict

EXPORT = re.compile(r"^exported .*: integer test accuracy ([0-9.]+)%.*?(\d+):(\d\d):(\d\d)\s*$")
NAME = re.compile(r"^(?P<arch>.+)-(?P<method>fp|ste|group)-s(?P<seed>\d+)\.log$")


def stats(values):
    mean = sum(values) / len(values)
    spread = math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1)) if len(values) > 1 else float("nan")
    return mean, spread, min(values), max(values)


def cell(values):
    if not values:
        return "-"
    mean, spread, low, high = stats(values)
    if len(values) == 1:
        return f"{mean:.2f}%"
    return f"{mean:.2f}% ± {spread:.2f} ({low:.2f}..{high:.2f})"


def main(out):
    runs = defaultdict(lambda: {"integer": [], "training": [], "minutes": [], "epochs": set()})
    for entry in sorted(os.listdir(out)):
        name = NAME.match(entry)
        if not name:
            continue
        exported = None
        with open(os.path.join(out, entry), encoding="utf-8") as log:
            for line in log:
                exported = EXPORT.match(line.strip()) or exported
        if not exported:
            continue  # not finished
        with open(os.path.join(out, entry[:-len(".log")], "metrics.csv"), encoding="utf-8") as metrics:
            rows = list(csv.DictReader(metrics))
        key = (name["arch"], name["method"])
        runs[key]["integer"].append(float(exported.group(1)))
        runs[key]["training"].append(100 * float(rows[-1]["test_accuracy_training_mode"]))
        runs[key]["minutes"].append(float(rows[-1]["elapsed_seconds"]) / 60)
        runs[key]["epochs"].add(len(rows))
    print("| architecture | method | seeds | epochs | training mode (float for fp) | exported integer | wall per run |")
    print("|---|---|---|---|---|---|---|")
    for (arch, method), r in sorted(runs.items()):
        epochs = ",".join(str(e) for e in sorted(r["epochs"]))
        print(f"| {arch} | {method} | {len(r['integer'])} | {epochs} | {cell(r['training'])} | {cell(r['integer'])} "
              f"| {sum(r['minutes']) / len(r['minutes']):.0f} min |")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
