#!/usr/bin/python3
"""Exit 0 when two spipsim results files hold the same tables outside /manifest.

Usage: same_tables.py REFERENCE FILE [--ranks N]

Every dataset (values, byte for byte) and every attribute of every group and dataset is
compared, except the root (whose checksum covers the manifest) and /manifest (command line,
date, threads, ranks). With --ranks, FILE's /manifest attribute `ranks` must equal N.
"""
import argparse
import sys

import h5py
import numpy as np


def comparable(value):
    """Bytes that are equal exactly when the values are: numbers bit for bit (NaN included),
    strings (variable-length, stored as Python objects) by their text."""
    array = np.asarray(value)
    if array.dtype == object:
        return ("text", repr([v.decode() if isinstance(v, bytes) else v for v in array.flat]))
    return (str(array.dtype), array.shape, array.tobytes())


def objects(path):
    found = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if name == "manifest" or name.startswith("manifest/"):
                return
            attrs = {k: comparable(v) for k, v in obj.attrs.items()}
            data = comparable(obj[()]) if isinstance(obj, h5py.Dataset) else None
            found[name] = (attrs, data)
        f.visititems(visit)
        ranks = f["manifest"].attrs.get("ranks")  # sweep files only
        ranks = None if ranks is None else int(ranks)
    return found, ranks


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("reference")
    parser.add_argument("file")
    parser.add_argument("--ranks", type=int)
    args = parser.parse_args()
    expected, _ = objects(args.reference)
    actual, ranks = objects(args.file)
    problems = []
    for name in sorted(set(expected) | set(actual)):
        if name not in actual:
            problems.append(f"{name}: missing")
        elif name not in expected:
            problems.append(f"{name}: not in the reference")
        elif expected[name][1] != actual[name][1]:
            problems.append(f"{name}: values differ")
        elif expected[name][0] != actual[name][0]:
            problems.append(f"{name}: attributes differ")
    if args.ranks is not None and ranks != args.ranks:
        problems.append(f"/manifest ranks = {ranks}, expected {args.ranks}")
    if problems:
        print(f"{args.file} differs from {args.reference}:", *problems[:10], sep="\n  ")
        return 1
    print(f"same tables as {args.reference}: {args.file} ({len(actual)} groups and datasets"
          + ("" if ranks is None else f", ranks {ranks}") + ")")
    return 0


if __name__ == "__main__":
    sys.exit(main())
