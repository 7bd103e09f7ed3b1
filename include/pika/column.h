/* pika/column.h — typed column buffers and frames of columns.
 *
 * A PkColumn holds n_rows values of one type, an optional validity bitmap and, for categories,
 * a dictionary of strings. It is built by one owner (the "building" state: writable through the
 * _mut accessors) and then published with pk_column_publish(), after which it is immutable and
 * may be shared between threads by reference (pk_column_ref/unref). Writing to a published
 * column is a bug and aborts.
 *
 *   values:    double | gint64 | gint64 µs since 1970-01-01 UTC | guint8 0/1 | guint32 code
 *   validity:  NULL (every row valid) or ceil(n_rows/64) guint64 words; bit (i % 64) of word
 *              (i / 64) set = row i is valid (DuckDB's layout, so masks copy straight over).
 *              Values of invalid rows are unspecified, except doubles: NaN, and category
 *              codes: PK_COLUMN_NULL_CODE, both written by pk_column_set_null, so kernels
 *              skip them without reading the bitmap.
 *   dictionary (categories): code -> UTF-8 string, codes dense from 0 in insertion order.
 *
 * A PkFrame is an ordered, named set of published columns with the same number of rows: the
 * unit that query results, plots and the graph pass around. Frames are immutable once
 * published and reference-counted in the same way.
 *
 * Thread rule: building is single-threaded; published columns and frames are read-only and
 * safe to read from any number of threads; ref/unref are atomic. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
    PK_COLUMN_TYPE_DOUBLE,
    PK_COLUMN_TYPE_INT64,
    PK_COLUMN_TYPE_TIMESTAMP, /* gint64 microseconds since the Unix epoch, UTC */
    PK_COLUMN_TYPE_BOOL,      /* guint8, 0 or 1 */
    PK_COLUMN_TYPE_CATEGORY,  /* guint32 codes into the column's dictionary */
} PkColumnType;

/* The code of a NULL row of a category column: beyond every dictionary (the compute engine's
 * PK_CATEGORY_NONE, the code it skips). */
#define PK_COLUMN_NULL_CODE G_MAXUINT32

typedef struct PkColumn PkColumn;
typedef struct PkFrame PkFrame;

/* "double", "int64", "timestamp", "bool", "category". Static storage. */
const char *pk_column_type_name(PkColumnType type);
/* Size in bytes of one value of the type. */
gsize pk_column_type_size(PkColumnType type);

/* A new building column of n_rows values (contents unspecified until written), all valid.
 * name is copied. Fails with PK_ERROR_NOMEM when the values cannot be allocated.
 * Returns a new reference. */
PkColumn *pk_column_new(PkColumnType type, const char *name, gsize n_rows, GError **error);
PkColumn *pk_column_ref(PkColumn *column);
void pk_column_unref(PkColumn *column); /* NULL-safe */

/* Building state only. Changes the row count, keeping the first min(old, new) values and their
 * validity; new rows are valid with unspecified values. PK_ERROR_NOMEM on failure, unchanged. */
gboolean pk_column_resize(PkColumn *column, gsize n_rows, GError **error);
/* Building state only: the writable values (n_rows * type size bytes). */
gpointer pk_column_get_data_mut(PkColumn *column);
/* Building state only: the writable validity words, created all-valid on first use.
 * NULL with PK_ERROR_NOMEM if they cannot be allocated. */
guint64 *pk_column_get_validity_mut(PkColumn *column, GError **error);
/* Building state only: marks one row invalid (NULL); a double row also becomes NaN and a
 * category row PK_COLUMN_NULL_CODE, so set the value first. Aborts if the bitmap cannot be
 * allocated. */
void pk_column_set_null(PkColumn *column, gsize row);
/* Building state only, categories only: the code of text, added to the dictionary if new. */
guint32 pk_column_add_category(PkColumn *column, const char *text);
/* Makes the column immutable; counts its nulls. Idempotent. */
void pk_column_publish(PkColumn *column);
gboolean pk_column_is_published(const PkColumn *column);

PkColumnType pk_column_get_type(const PkColumn *column);
const char *pk_column_get_name(const PkColumn *column);
gsize pk_column_get_n_rows(const PkColumn *column);
/* Borrowed views of the values; the typed getters assert the type (TIMESTAMP reads as int64). */
gconstpointer pk_column_get_data(const PkColumn *column);
const double *pk_column_get_doubles(const PkColumn *column);
const gint64 *pk_column_get_int64s(const PkColumn *column);
const guint8 *pk_column_get_bools(const PkColumn *column);
const guint32 *pk_column_get_codes(const PkColumn *column);
/* The validity words, or NULL when every row is valid. Borrowed. */
const guint64 *pk_column_get_validity(const PkColumn *column);
gboolean pk_column_is_valid(const PkColumn *column, gsize row);
/* Number of invalid rows (exact once published; counted on demand before). */
gsize pk_column_get_null_count(const PkColumn *column);
/* Categories: dictionary size, the text of a code (borrowed; NULL if out of range), and the
 * code of a text (FALSE if absent). */
guint pk_column_get_n_categories(const PkColumn *column);
const char *pk_column_get_category(const PkColumn *column, guint32 code);
gboolean pk_column_lookup_category(const PkColumn *column, const char *text, guint32 *out_code);
/* Value of row as a double (int64/timestamp/bool converted; categories give the code);
 * NaN for invalid rows. */
double pk_column_get_as_double(const PkColumn *column, gsize row);

/* A new, empty, building frame. */
PkFrame *pk_frame_new(void);
PkFrame *pk_frame_ref(PkFrame *frame);
void pk_frame_unref(PkFrame *frame); /* NULL-safe */
/* Building state only: appends a published column (takes a new reference). Its row count must
 * equal the frame's (the first column sets it). */
void pk_frame_add_column(PkFrame *frame, PkColumn *column);
void pk_frame_publish(PkFrame *frame);
guint pk_frame_get_n_columns(const PkFrame *frame);
gsize pk_frame_get_n_rows(const PkFrame *frame);
/* Borrowed column by index (asserts the range) or by name (NULL if absent). */
PkColumn *pk_frame_get_column(const PkFrame *frame, guint index);
PkColumn *pk_frame_find_column(const PkFrame *frame, const char *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(PkColumn, pk_column_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PkFrame, pk_frame_unref)

G_END_DECLS
