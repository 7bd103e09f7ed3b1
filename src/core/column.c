/* column.c — typed column buffers and frames.
 *
 * A column is one buffer of n_rows values (buffer.h) plus an optional validity bitmap (see column.h
 * for the layout). Categories keep a GPtrArray of strings (code -> text) and, while building, a
 * hash table text -> code+1 for deduplication; the table is kept after publishing for lookups.
 * `published` flips once from FALSE to TRUE; after that nothing but the reference count changes,
 * which is what makes sharing between threads safe without locks. */
#include "pika/column.h"
#include "pika/error.h"

#include "pika/buffer.h"

#include <math.h>
#include <string.h>

struct PkColumn {
    gint ref_count;
    gboolean published;
    PkColumnType type;
    char *name;
    gsize n_rows;
    gpointer values;
    guint64 *validity;            /* NULL = all valid */
    gsize null_count;             /* exact once published */
    GPtrArray *dictionary;        /* categories: code -> owned string */
    GHashTable *dictionary_index; /* categories: borrowed string -> GUINT_TO_POINTER(code + 1) */
};

struct PkFrame {
    gint ref_count;
    gboolean published;
    GPtrArray *columns; /* PkColumn *, owned references */
    gsize n_rows;
};

const char *pk_column_type_name(PkColumnType type) {
    switch (type) {
    case PK_COLUMN_TYPE_DOUBLE:
        return "double";
    case PK_COLUMN_TYPE_INT64:
        return "int64";
    case PK_COLUMN_TYPE_TIMESTAMP:
        return "timestamp";
    case PK_COLUMN_TYPE_BOOL:
        return "bool";
    case PK_COLUMN_TYPE_CATEGORY:
        return "category";
    }
    g_assert_not_reached();
}

gsize pk_column_type_size(PkColumnType type) {
    switch (type) {
    case PK_COLUMN_TYPE_DOUBLE:
        return sizeof(double);
    case PK_COLUMN_TYPE_INT64:
    case PK_COLUMN_TYPE_TIMESTAMP:
        return sizeof(gint64);
    case PK_COLUMN_TYPE_BOOL:
        return sizeof(guint8);
    case PK_COLUMN_TYPE_CATEGORY:
        return sizeof(guint32);
    }
    g_assert_not_reached();
}

static gsize validity_words(gsize n_rows) {
    return (n_rows + 63) / 64;
}

static gboolean alloc_values(gsize n_rows, gsize value_size, gpointer *out, GError **error) {
    if (n_rows != 0 && n_rows > G_MAXSIZE / value_size) {
        g_set_error(error, PK_ERROR, PK_ERROR_NOMEM,
                    "A column of %" G_GSIZE_FORMAT " rows is too large for this machine.", n_rows);
        return FALSE;
    }
    gpointer values = pk_buffer_alloc(n_rows * value_size);
    if (values == NULL) {
        g_set_error(error, PK_ERROR, PK_ERROR_NOMEM,
                    "Out of memory for a column of %" G_GSIZE_FORMAT " rows (%" G_GSIZE_FORMAT
                    " MB). Close other programs or reduce the data.",
                    n_rows, n_rows * value_size / 1000000);
        return FALSE;
    }
    *out = values;
    return TRUE;
}

PkColumn *pk_column_new(PkColumnType type, const char *name, gsize n_rows, GError **error) {
    g_return_val_if_fail(name != NULL, NULL);
    gpointer values = NULL;
    if (!alloc_values(n_rows, pk_column_type_size(type), &values, error)) {
        return NULL;
    }
    PkColumn *column = g_new0(PkColumn, 1);
    column->ref_count = 1;
    column->type = type;
    column->name = g_strdup(name);
    column->n_rows = n_rows;
    column->values = values;
    if (type == PK_COLUMN_TYPE_CATEGORY) {
        column->dictionary = g_ptr_array_new_with_free_func(g_free);
        column->dictionary_index = g_hash_table_new(g_str_hash, g_str_equal);
    }
    return column;
}

PkColumn *pk_column_ref(PkColumn *column) {
    g_return_val_if_fail(column != NULL, NULL);
    g_atomic_int_inc(&column->ref_count);
    return column;
}

void pk_column_unref(PkColumn *column) {
    if (column == NULL || !g_atomic_int_dec_and_test(&column->ref_count)) {
        return;
    }
    g_free(column->name);
    pk_buffer_free(column->values, column->n_rows * pk_column_type_size(column->type));
    g_free(column->validity);
    g_clear_pointer(&column->dictionary_index, g_hash_table_unref);
    g_clear_pointer(&column->dictionary, g_ptr_array_unref);
    g_free(column);
}

gboolean pk_column_resize(PkColumn *column, gsize n_rows, GError **error) {
    g_assert(!column->published);
    gsize value_size = pk_column_type_size(column->type);
    if (n_rows != 0 && n_rows > G_MAXSIZE / value_size) {
        g_set_error(error, PK_ERROR, PK_ERROR_NOMEM,
                    "A column of %" G_GSIZE_FORMAT " rows is too large for this machine.", n_rows);
        return FALSE;
    }
    gpointer values =
        pk_buffer_realloc(column->values, column->n_rows * value_size, n_rows * value_size);
    if (values == NULL) {
        g_set_error(error, PK_ERROR, PK_ERROR_NOMEM,
                    "Out of memory growing column \"%s\" to %" G_GSIZE_FORMAT
                    " rows. Close other programs or reduce the data.",
                    column->name, n_rows);
        return FALSE;
    }
    column->values = values;
    if (column->validity != NULL) {
        gsize old_words = validity_words(column->n_rows);
        gsize new_words = validity_words(n_rows);
        guint64 *validity = g_try_realloc(column->validity, MAX(new_words, 1) * sizeof(guint64));
        if (validity == NULL) {
            g_set_error(error, PK_ERROR, PK_ERROR_NOMEM,
                        "Out of memory growing the null mask of column \"%s\".", column->name);
            return FALSE;
        }
        /* Rows beyond the old count become valid: set their bits, including the tail of the
         * last old word. */
        for (gsize row = column->n_rows; row < MIN(n_rows, old_words * 64); row++) {
            validity[row / 64] |= G_GUINT64_CONSTANT(1) << (row % 64);
        }
        for (gsize w = old_words; w < new_words; w++) {
            validity[w] = G_MAXUINT64;
        }
        column->validity = validity;
    }
    column->n_rows = n_rows;
    return TRUE;
}

gpointer pk_column_get_data_mut(PkColumn *column) {
    g_assert(!column->published);
    return column->values;
}

guint64 *pk_column_get_validity_mut(PkColumn *column, GError **error) {
    g_assert(!column->published);
    if (column->validity == NULL) {
        gsize words = validity_words(column->n_rows);
        column->validity = g_try_malloc(MAX(words, 1) * sizeof(guint64));
        if (column->validity == NULL) {
            g_set_error(error, PK_ERROR, PK_ERROR_NOMEM,
                        "Out of memory for the null mask of column \"%s\".", column->name);
            return NULL;
        }
        memset(column->validity, 0xff, MAX(words, 1) * sizeof(guint64));
    }
    return column->validity;
}

void pk_column_set_null(PkColumn *column, gsize row) {
    g_assert(row < column->n_rows);
    guint64 *validity = pk_column_get_validity_mut(column, NULL);
    g_assert(validity != NULL);
    validity[row / 64] &= ~(G_GUINT64_CONSTANT(1) << (row % 64));
    if (column->type == PK_COLUMN_TYPE_DOUBLE) {
        ((double *)column->values)[row] = NAN;
    } else if (column->type == PK_COLUMN_TYPE_CATEGORY) {
        ((guint32 *)column->values)[row] = PK_COLUMN_NULL_CODE;
    }
}

guint32 pk_column_add_category(PkColumn *column, const char *text) {
    g_assert(!column->published);
    g_assert(column->type == PK_COLUMN_TYPE_CATEGORY);
    gpointer found = g_hash_table_lookup(column->dictionary_index, text);
    if (found != NULL) {
        return GPOINTER_TO_UINT(found) - 1;
    }
    guint32 code = column->dictionary->len;
    char *copy = g_strdup(text);
    g_ptr_array_add(column->dictionary, copy);
    g_hash_table_insert(column->dictionary_index, copy, GUINT_TO_POINTER(code + 1));
    return code;
}

static gsize count_nulls(const PkColumn *column) {
    if (column->validity == NULL) {
        return 0;
    }
    gsize valid = 0;
    gsize full_words = column->n_rows / 64;
    for (gsize w = 0; w < full_words; w++) {
        valid += (gsize)__builtin_popcountll(column->validity[w]);
    }
    gsize tail = column->n_rows % 64;
    if (tail != 0) {
        guint64 mask = (G_GUINT64_CONSTANT(1) << tail) - 1;
        valid += (gsize)__builtin_popcountll(column->validity[full_words] & mask);
    }
    return column->n_rows - valid;
}

void pk_column_publish(PkColumn *column) {
    if (column->published) {
        return;
    }
    column->null_count = count_nulls(column);
    if (column->null_count == 0) {
        g_clear_pointer(&column->validity, g_free);
    }
    column->published = TRUE;
}

gboolean pk_column_is_published(const PkColumn *column) {
    return column->published;
}

PkColumnType pk_column_get_type(const PkColumn *column) {
    return column->type;
}

const char *pk_column_get_name(const PkColumn *column) {
    return column->name;
}

gsize pk_column_get_n_rows(const PkColumn *column) {
    return column->n_rows;
}

gconstpointer pk_column_get_data(const PkColumn *column) {
    return column->values;
}

const double *pk_column_get_doubles(const PkColumn *column) {
    g_assert(column->type == PK_COLUMN_TYPE_DOUBLE);
    return column->values;
}

const gint64 *pk_column_get_int64s(const PkColumn *column) {
    g_assert(column->type == PK_COLUMN_TYPE_INT64 || column->type == PK_COLUMN_TYPE_TIMESTAMP);
    return column->values;
}

const guint8 *pk_column_get_bools(const PkColumn *column) {
    g_assert(column->type == PK_COLUMN_TYPE_BOOL);
    return column->values;
}

const guint32 *pk_column_get_codes(const PkColumn *column) {
    g_assert(column->type == PK_COLUMN_TYPE_CATEGORY);
    return column->values;
}

const guint64 *pk_column_get_validity(const PkColumn *column) {
    return column->validity;
}

gboolean pk_column_is_valid(const PkColumn *column, gsize row) {
    g_assert(row < column->n_rows);
    return column->validity == NULL ||
           (column->validity[row / 64] >> (row % 64) & G_GUINT64_CONSTANT(1)) != 0;
}

gsize pk_column_get_null_count(const PkColumn *column) {
    return column->published ? column->null_count : count_nulls(column);
}

guint pk_column_get_n_categories(const PkColumn *column) {
    return column->dictionary != NULL ? column->dictionary->len : 0;
}

const char *pk_column_get_category(const PkColumn *column, guint32 code) {
    if (column->dictionary == NULL || code >= column->dictionary->len) {
        return NULL;
    }
    return g_ptr_array_index(column->dictionary, code);
}

gboolean pk_column_lookup_category(const PkColumn *column, const char *text, guint32 *out_code) {
    if (column->dictionary_index == NULL) {
        return FALSE;
    }
    gpointer found = g_hash_table_lookup(column->dictionary_index, text);
    if (found == NULL) {
        return FALSE;
    }
    if (out_code != NULL) {
        *out_code = GPOINTER_TO_UINT(found) - 1;
    }
    return TRUE;
}

double pk_column_get_as_double(const PkColumn *column, gsize row) {
    if (!pk_column_is_valid(column, row)) {
        return NAN;
    }
    switch (column->type) {
    case PK_COLUMN_TYPE_DOUBLE:
        return ((const double *)column->values)[row];
    case PK_COLUMN_TYPE_INT64:
    case PK_COLUMN_TYPE_TIMESTAMP:
        return (double)((const gint64 *)column->values)[row];
    case PK_COLUMN_TYPE_BOOL:
        return ((const guint8 *)column->values)[row];
    case PK_COLUMN_TYPE_CATEGORY:
        return ((const guint32 *)column->values)[row];
    }
    g_assert_not_reached();
}

PkFrame *pk_frame_new(void) {
    PkFrame *frame = g_new0(PkFrame, 1);
    frame->ref_count = 1;
    frame->columns = g_ptr_array_new_with_free_func((GDestroyNotify)pk_column_unref);
    return frame;
}

PkFrame *pk_frame_ref(PkFrame *frame) {
    g_return_val_if_fail(frame != NULL, NULL);
    g_atomic_int_inc(&frame->ref_count);
    return frame;
}

void pk_frame_unref(PkFrame *frame) {
    if (frame == NULL || !g_atomic_int_dec_and_test(&frame->ref_count)) {
        return;
    }
    g_ptr_array_unref(frame->columns);
    g_free(frame);
}

void pk_frame_add_column(PkFrame *frame, PkColumn *column) {
    g_assert(!frame->published);
    g_assert(column->published);
    if (frame->columns->len == 0) {
        frame->n_rows = column->n_rows;
    }
    g_assert(column->n_rows == frame->n_rows);
    g_ptr_array_add(frame->columns, pk_column_ref(column));
}

void pk_frame_publish(PkFrame *frame) {
    frame->published = TRUE;
}

guint pk_frame_get_n_columns(const PkFrame *frame) {
    return frame->columns->len;
}

gsize pk_frame_get_n_rows(const PkFrame *frame) {
    return frame->n_rows;
}

PkColumn *pk_frame_get_column(const PkFrame *frame, guint index) {
    g_assert(index < frame->columns->len);
    return g_ptr_array_index(frame->columns, index);
}

PkColumn *pk_frame_find_column(const PkFrame *frame, const char *name) {
    for (guint i = 0; i < frame->columns->len; i++) {
        PkColumn *column = g_ptr_array_index(frame->columns, i);
        if (strcmp(column->name, name) == 0) {
            return column;
        }
    }
    return NULL;
}
