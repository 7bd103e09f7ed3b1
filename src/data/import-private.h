/* import-private.h — internals shared by sniff.c, import.c and import-options.c. */
#pragma once

#include "data-private.h"

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

/* Checks arguments, lock-down, files and option syntax. */
gboolean pk_import_validate(PkConn *conn, const char *const *paths, const PkImportOptions *opts,
                            GError **error);
/* "NAME=TYPE" -> name, upper-case type (validated). */
gboolean pk_import_split_override(const char *spec, char **out_name, char **out_type,
                                  GError **error);
