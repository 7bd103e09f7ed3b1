/* duckdb-read-csv.c — the DuckDB-alone side of bench/import.sh.
 *
 * Opens an in-memory database with DuckDB's defaults, runs
 *   CREATE TABLE t AS SELECT * FROM read_csv('FILE')
 * and prints one JSON line: {"rows":N,"ms":M} (M: the statement alone, for reference; the
 * script times the whole process, as it does for `pika import`). Links only libduckdb.
 *   duckdb-read-csv FILE [OPTIONS]
 * OPTIONS, if given, are appended to the read_csv call (e.g. "nullstr=['', 'NA']"), to find
 * out what an option costs. */
#define _POSIX_C_SOURCE 200809L

#include <duckdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* 'path' with quotes doubled, as a SQL literal. Caller frees. */
static char *quote_literal(const char *path) {
    size_t n = strlen(path);
    char *out = malloc(2 * n + 3);
    char *p = out;
    *p++ = '\'';
    for (size_t i = 0; i < n; i++) {
        if (path[i] == '\'') {
            *p++ = '\'';
        }
        *p++ = path[i];
    }
    *p++ = '\'';
    *p = '\0';
    return out;
}

int main(int argc, char **argv) {
    duckdb_database db = NULL;
    duckdb_connection conn = NULL;
    duckdb_result result;
    int status = 1;
    if (argc != 2 && argc != 3) {
        fprintf(stderr, "usage: duckdb-read-csv FILE [OPTIONS]\n");
        return 2;
    }
    if (duckdb_open(NULL, &db) != DuckDBSuccess || duckdb_connect(db, &conn) != DuckDBSuccess) {
        fprintf(stderr, "duckdb-read-csv: cannot open an in-memory database\n");
        goto out;
    }
    char *literal = quote_literal(argv[1]);
    const char *options = argc == 3 ? argv[2] : "";
    size_t size = strlen(literal) + strlen(options) + 64;
    char *sql = malloc(size);
    snprintf(sql, size, "CREATE TABLE t AS SELECT * FROM read_csv(%s%s%s)", literal,
             options[0] != '\0' ? ", " : "", options);
    double start = now_ms();
    duckdb_state state = duckdb_query(conn, sql, &result);
    double elapsed = now_ms() - start;
    free(sql);
    free(literal);
    if (state != DuckDBSuccess) {
        fprintf(stderr, "duckdb-read-csv: %s\n", duckdb_result_error(&result));
        duckdb_destroy_result(&result);
        goto out;
    }
    duckdb_destroy_result(&result);
    if (duckdb_query(conn, "SELECT count(*) FROM t", &result) != DuckDBSuccess) {
        fprintf(stderr, "duckdb-read-csv: %s\n", duckdb_result_error(&result));
        duckdb_destroy_result(&result);
        goto out;
    }
    duckdb_data_chunk chunk = duckdb_fetch_chunk(result);
    long long rows = chunk != NULL ? (long long)((int64_t *)duckdb_vector_get_data(
                                         duckdb_data_chunk_get_vector(chunk, 0)))[0]
                                   : -1;
    duckdb_destroy_data_chunk(&chunk);
    duckdb_destroy_result(&result);
    printf("{\"rows\":%lld,\"ms\":%.1f}\n", rows, elapsed);
    status = 0;
out:
    duckdb_disconnect(&conn);
    duckdb_close(&db);
    return status;
}
