"""numpy_hist2d.py - the comparison point for bench/compare-binning.sh: numpy.histogram2d
over the same file of interleaved (x, y) doubles and the same grid. Prints one JSON line with
the median milliseconds of the histogram alone.
    /usr/bin/python3 numpy_hist2d.py FILE N WIDTH HEIGHT REPEAT"""
import json
import sys
import time

import numpy


def main():
    path, n, w, h, repeat = sys.argv[1], *map(int, sys.argv[2:6])
    xy = numpy.fromfile(path, dtype="<f8", count=2 * n).reshape(n, 2)
    x, y = xy[:, 0].copy(), xy[:, 1].copy()
    times = []
    for r in range(repeat + 1):
        t0 = time.perf_counter()
        counts, _, _ = numpy.histogram2d(x, y, bins=(w, h), range=((0, 1), (0, 1)))
        if r > 0:
            times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    print(json.dumps({"suite": "compare", "impl": "numpy-histogram2d", "n": n,
                      "grid": f"{w}x{h}", "ms": round(times[len(times) // 2], 3),
                      "total": int(counts.sum())}, separators=(",", ":")))


if __name__ == "__main__":
    main()
