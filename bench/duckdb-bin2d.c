/* duckdb-bin2d.c — the comparison point for bench/compare-binning.sh: the same binning as a
 * DuckDB GROUP BY over an in-memory table loaded from a file of doubles (x0 y0 x1 y1 ...).
 * Prints one JSON line with the median milliseconds of the query alone.
 *   duckdb-bin2d FILE N WIDTH HEIGHT REPEAT */
#include "duckdb.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: duckdb-bin2d FILE N WIDTH HEIGHT REPEAT\n");
        return 2;
    }
    long n = atol(argv[2]), w = atol(argv[3]), h = atol(argv[4]), repeat = atol(argv[5]);
    duckdb_database db;
    duckdb_connection con;
    duckdb_result result;
    char sql[1024];
    if (duckdb_open(NULL, &db) != DuckDBSuccess || duckdb_connect(db, &con) != DuckDBSuccess) {
        fprintf(stderr, "duckdb-bin2d: cannot open DuckDB\n");
        return 1;
    }
    /* the file is n interleaved (x, y) pairs of little-endian doubles */
    duckdb_query(con, "CREATE TABLE p (x DOUBLE, y DOUBLE)", NULL);
    FILE *f = fopen(argv[1], "rb");
    double *buf = malloc(sizeof(double) * 2 * (size_t)n);
    if (f == NULL || buf == NULL || fread(buf, sizeof(double) * 2, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "duckdb-bin2d: cannot read %s\n", argv[1]);
        return 1;
    }
    fclose(f);
    duckdb_appender app;
    duckdb_appender_create(con, NULL, "p", &app);
    for (long i = 0; i < n; i++) {
        duckdb_append_double(app, buf[2 * i]);
        duckdb_append_double(app, buf[2 * i + 1]);
        duckdb_appender_end_row(app);
    }
    duckdb_appender_destroy(&app);
    free(buf);
    /* the same formula: half-open bins, float32 (x - x0) * scale, clamped to the last bin */
    snprintf(sql, sizeof sql,
             "SELECT least(CAST(floor(CAST(y AS FLOAT) * CAST(%ld AS FLOAT)) AS INTEGER), %ld) "
             "* %ld + least(CAST(floor(CAST(x AS FLOAT) * CAST(%ld AS FLOAT)) AS INTEGER), %ld) "
             "AS cell, count(*) AS n FROM p WHERE x >= 0 AND x < 1 AND y >= 0 AND y < 1 "
             "GROUP BY cell",
             h, h - 1, w, w, w - 1);
    double *times = calloc((size_t)repeat, sizeof(double));
    for (long r = 0; r <= repeat; r++) {
        double t0 = now_ms();
        if (duckdb_query(con, sql, &result) != DuckDBSuccess) {
            fprintf(stderr, "duckdb-bin2d: %s\n", duckdb_result_error(&result));
            return 1;
        }
        if (r > 0) {
            times[r - 1] = now_ms() - t0;
        }
        duckdb_destroy_result(&result);
    }
    qsort(times, (size_t)repeat, sizeof(double), compare);
    printf("{\"suite\":\"compare\",\"impl\":\"duckdb-group-by\",\"n\":%ld,\"grid\":\"%ldx%ld\","
           "\"ms\":%.3f}\n",
           n, w, h, times[repeat / 2]);
    free(times);
    duckdb_disconnect(&con);
    duckdb_close(&db);
    return 0;
}
