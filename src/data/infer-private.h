/* infer-private.h — the tables behind CSV inference (infer-formats.c), shared with
 * infer-csv.c. Plain C: no DuckDB here. */
#pragma once

#include <glib.h>

/* One entry of the table of date and time formats, in the order they are tried. */
typedef struct {
    const char *format;   /* DuckDB strptime format */
    gboolean has_time;    /* TIMESTAMP when TRUE, else DATE */
    int swapped;          /* index of the same format with day and month swapped, or -1 */
    gboolean month_first; /* for formats with a swapped twin: month before day */
} PkDateFormat;

/* The table. */
#define PK_N_DATE_FORMATS 42
extern const PkDateFormat pk_date_formats[PK_N_DATE_FORMATS];

/* FALSE when text cannot be written in format: a cheap test of its shape (the punctuation
 * the format writes, digits, letters only where names of months or AM/PM go), so that
 * DuckDB's strptime is asked only about formats that may fit. TRUE does not mean it fits. */
gboolean pk_date_format_may_fit(const char *format, const char *text);
/* Index of format in the table, or -1. */
int pk_date_format_find(const char *format);

/* Time units a column's name may give for numbers since 1970-01-01 UTC. */
typedef enum {
    PK_EPOCH_NONE,
    PK_EPOCH_S,
    PK_EPOCH_MS,
    PK_EPOCH_US,
    PK_EPOCH_NS,
    PK_EPOCH_ANY, /* the name says time since 1970 without a unit: the values decide */
} PkEpochUnit;

/* The unit a name says: its last word when that is a unit and the name has two words or more
 * ("ts_s", "time (s)", "epoch_ms", "timestamp (ms)", "created_us"); else PK_EPOCH_ANY when a
 * word is "ts" or "timestamp" or starts with "epoch", "unix" or "posix" ("created_ts",
 * "unix_time", "timestamp"); else PK_EPOCH_NONE. */
PkEpochUnit pk_epoch_unit_for_name(const char *name);
/* "epoch-s", "epoch-ms", ... (the PkColumnNote format); units per second (1, 1e3, 1e6, 1e9).
 * Not for PK_EPOCH_ANY. */
const char *pk_epoch_unit_format(PkEpochUnit unit);
double pk_epoch_unit_per_second(PkEpochUnit unit);

/* TRUE when text looks like a number (a cheap test before DuckDB's TRY_CAST): optional
 * blanks and sign, digits with one decimal point (or comma when decimal_comma), an
 * exponent. */
gboolean pk_text_may_be_number(const char *text, gboolean decimal_comma);
