/* bench-data.h — the data suite of pika-bench: fetching query results into column buffers.
 *
 *   pika-bench data [--rows N] [--runs N] [--threads N]
 * prints one JSON line per case, e.g.
 *   {"suite":"data","case":"fetch-2x-double","rows":10000000,"ms":...,"values_per_s":...} */
#pragma once

#include "bench.h"

int pk_bench_data(int argc, char **argv);
