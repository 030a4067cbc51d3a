#!/usr/bin/env python3
"""Writes a CIFAR-10-shaped folder (binary version) of generated images for smoke runs (docs/RESULTS.md).

Usage: cifar-shaped-data.py DIR [IMAGES_PER_BATCH]
Five training batch files and a test batch of IMAGES_PER_BATCH (default 128) records each: 3x32x32 images,
10 classes, class c a bright vertical bar at columns 2+3c and 3+3c on noise. Seeded: the same folder every time.
"""
import os
import random
import sys


def batch(path, count, rng):
    out = bytearray()
    for _ in range(count):
        label = rng.randrange(10)
        out.append(label)
        for _channel in range(3):
            for _y in range(32):
                for x in range(32):
                    bar = 2 + 3 * label <= x < 4 + 3 * label
                    out.append(200 + rng.randrange(56) if bar else rng.randrange(60))
    with open(path, "wb") as f:
        f.write(out)


def main():
    folder = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 128
    os.makedirs(folder, exist_ok=True)
    rng = random.Random(11)
    for k in range(1, 6):
        batch(os.path.join(folder, "data_batch_%d.bin" % k), count, rng)
    batch(os.path.join(folder, "test_batch.bin"), count, rng)


if __name__ == "__main__":
    main()
