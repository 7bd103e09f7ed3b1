/* import-private.h — internals shared by sniff.c, import.c and import-options.c. */
#pragma once

#include "data-private.h"

/* The read buffer every CSV read names unless a maximum line size is given; it is also the
 * longest line read by default. */
#define PK_IMPORT_CSV_BUFFER_BYTES (16u << 20)

/* What sniff_csv found for one file. Strings owned. */
typedef struct {
    char *delimiter;
    char *quote;
    char *escape;
    char *newline;
    guint skip_rows;
    gboolean has_header;
    char *date_format;
    char *timestamp_format;
    guint n_columns;
} PkSniffDialect;

/* The options an import of CSV actually uses: the caller's, plus what sniffing settled.
 * opts' strings borrow from the caller's options or from dialect. */
typedef struct {
    PkImportOptions opts;
    PkSniffDialect dialect;
    gboolean collapsed; /* the strict sniffer saw one column: read via the rejects table */
} PkResolvedCsv;

gboolean pk_sniff_dialect(PkConn *conn, const char *path, const PkImportOptions *opts,
                          gboolean tolerant, PkCancel *cancel, PkSniffDialect *out, GError **error);
void pk_sniff_dialect_clear(PkSniffDialect *d);
gboolean pk_sniff_resolve_csv(PkConn *conn, const char *path, const PkImportOptions *opts,
                              PkCancel *cancel, PkResolvedCsv *out, GError **error);
void pk_resolved_csv_clear(PkResolvedCsv *r);

/* Finds the lines of path of limit bytes or more (import-long-lines.c): *out_rejects (new
 * GArray of PkReject naming path; the caller owns their strings) lists them. With copy, also
 * writes a copy of path with those lines emptied into the temporary folder: *out_copy (new
 * string; a registered temporary file, pk_path_discard_temp it). Errors: PK_ERROR_IO. */
gboolean pk_import_find_long_lines(const char *path, guint64 limit, gboolean copy,
                                   GArray **out_rejects, char **out_copy, GError **error);

/* The longest line a CSV read of opts takes. */
guint64 pk_import_line_limit(const PkImportOptions *opts);
/* When *error is PK_ERROR_TOO_LARGE from reading path, replaces it with one naming the real
 * line of the first line over the limit (DuckDB names line 1); otherwise leaves it. */
void pk_import_explain_long_line(const char *path, const PkImportOptions *opts, GError **error);

/* Checks arguments, lock-down, files and option syntax. */
gboolean pk_import_validate(PkConn *conn, const char *const *paths, const PkImportOptions *opts,
                            GError **error);
/* "NAME=TYPE" -> name, upper-case type (validated). */
gboolean pk_import_split_override(const char *spec, char **out_name, char **out_type,
                                  GError **error);
