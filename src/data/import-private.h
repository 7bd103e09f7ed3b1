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
    guint skip_rows; /* every line before the header (or the data), the caller's skip included */
    gboolean has_header;
    char *date_format;
    char *timestamp_format;
    guint n_columns;
    char **column_names; /* n_columns names and DuckDB types, as the read will make them */
    char **column_types;
} PkSniffDialect;

/* What a read of one group of files uses: the caller's options, plus what sniffing settled
 * (CSV) and what inference added (infer.c). opts' strings borrow from the caller's options, from
 * dialect, or from the fields below, which own theirs. */
typedef struct {
    PkImportOptions opts;
    PkSniffDialect dialect; /* CSV only */
    gboolean collapsed;     /* the strict sniffer saw one column: read via the rejects table */
    GPtrArray *types;       /* "NAME=TYPE" for opts.column_types: the caller's, then inferred ones
                             * (NULL-terminated; NULL until inference adds one) */
    char *date_format;      /* a format inference chose for the read (opts points here) */
    char *timestamp_format;
    GPtrArray *exprs; /* (column name, SQL expression) pairs that replace a column in the
                       * SELECT list, e.g. ("t", "(\"t\" ->> '$')"); NULL when none */
    GArray *notes;    /* PkColumnNote, in column order */
} PkResolvedRead;

gboolean pk_sniff_dialect(PkConn *conn, const char *path, const PkImportOptions *opts,
                          gboolean tolerant, PkCancel *cancel, PkSniffDialect *out, GError **error);
void pk_sniff_dialect_clear(PkSniffDialect *d);
/* Sniffs the CSV dialect of path (sniff.c). */
gboolean pk_sniff_resolve_csv(PkConn *conn, const char *path, const PkImportOptions *opts,
                              PkCancel *cancel, PkResolvedRead *out, GError **error);

/* Everything a read of paths in format needs to know before it runs (infer.c): the CSV dialect
 * (of the first file), then the columns inferred from a sample of the first file. Inference
 * never fails the read: what it cannot settle stays as DuckDB sniffed it. Errors: those of
 * sniffing. */
gboolean pk_import_resolve(PkConn *conn, const char *const *paths, PkDataFormat format,
                           const PkImportOptions *opts, PkCancel *cancel, PkResolvedRead *out,
                           GError **error);
void pk_resolved_read_clear(PkResolvedRead *r);
/* The expression that replaces column name in the SELECT list, or NULL. Borrowed. */
const char *pk_resolved_read_expr(const PkResolvedRead *r, const char *name);
/* r's notes as a new array (*out_n entries; NULL when none). */
PkColumnNote *pk_resolved_read_dup_notes(const PkResolvedRead *r, guint *out_n);
void pk_column_notes_free(PkColumnNote *notes, guint n_notes);

/* Columns inferred from a sample (infer-csv.c, infer-json.c): they add to r's types, formats,
 * exprs and notes. Failures are logged and leave r as it was. */
void pk_infer_csv(PkConn *conn, const char *path, PkResolvedRead *r, PkCancel *cancel);
void pk_infer_json(PkConn *conn, const char *const *paths, PkResolvedRead *r, PkCancel *cancel);

/* Adding to a resolved read (infer.c). */
void pk_resolved_read_add_type(PkResolvedRead *r, const char *name, const char *type);
void pk_resolved_read_add_expr(PkResolvedRead *r, const char *name, char *expr /* taken */);
void pk_resolved_read_add_note(PkResolvedRead *r, const char *column, const char *format,
                               char *note /* taken, may be NULL */);
/* Whether name is a column the read keeps (include/exclude), and its type override or NULL
 * (new string). */
gboolean pk_import_keeps_column(const PkImportOptions *opts, const char *name);
char *pk_import_dup_override(const PkImportOptions *opts, const char *name);

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

/* SELECT list of a read: include/exclude, the casts of type overrides (Parquet, JSON; CSV
 * types are given to the reader) and r's exprs, e.g. "* REPLACE ((\"t\" ->> '$') AS \"t\")".
 * New string. */
char *pk_import_build_select_list(const PkResolvedRead *r, PkDataFormat format);

/* A read_csv call over path that reads r's dialect without sniffing (auto_detect=false):
 * every column VARCHAR unless types (n_columns entries, NULL ones VARCHAR; may be NULL) says
 * otherwise, rows that do not parse skipped. For samples. New string. */
char *pk_import_build_sample_call(const char *path, const PkResolvedRead *r,
                                  const char *const *types, const char *extra_args);

/* Frees r's strings (the struct itself is not freed). */
void pk_reject_clear(PkReject *r);
/* The value a CAST reject's message names ("Could not convert string "n/a" to 'DOUBLE'"),
 * with the file's escaped quotes undone (d may be NULL). New string, or NULL. */
char *pk_import_reject_value(const PkSniffDialect *d, const char *message);
/* Appends to rejects (GArray of PkReject) the first max_listed rows of DuckDB's rejects tables
 * errors and scans, in line order; *out_n_rejected: the rows rejected in all. */
gboolean pk_import_read_rejects(PkConn *conn, const char *errors, const char *scans,
                                const PkSniffDialect *dialect, guint max_listed, GArray *rejects,
                                guint64 *out_n_rejected, GError **error);
