/* fetch.c — query results streamed chunk by chunk into column buffers.
 *
 * For each result column a Builder owns a building PkColumn whose capacity grows by doubling;
 * each DuckDB chunk (up to 2048 rows) is appended at `n_rows`:
 *
 *   chunk vector data ──memcpy or convert──▶ column values [n_rows, n_rows + n)
 *   chunk validity ─────only 0 bits──────────▶ pk_column_set_null (which makes doubles NaN)
 *
 * Same-width types (DOUBLE, BIGINT, TIMESTAMP, BOOLEAN) copy whole vectors with memcpy; others
 * convert in a tight loop. VARCHAR builds the dictionary as it goes, through a small cache of
 * the strings it saw last (StringCache); ENUM seeds it with the enum's dictionary so codes
 * equal DuckDB's indices. At the end columns are cut to size and
 * published. No row-at-a-time API is used. */
#include "data-private.h"

#include <math.h>
#include <string.h>

#define INITIAL_CAPACITY 65536
#define STRING_CACHE_BITS 8
#define STRING_CACHE_SLOTS (1u << STRING_CACHE_BITS)
#define INLINE_STRING_BYTES 12 /* strings up to this long live inside their duckdb_string_t */

/* A direct-mapped cache in front of a category column's dictionary, where each row would
 * otherwise cost a hash of its text and a string compare. Category columns repeat few values,
 * so nearly every row hits. A string of up to 12 bytes is stored inside its duckdb_string_t,
 * whose 16 bytes, with the bytes after the string cleared, are then the whole key: DuckDB
 * leaves whatever was there before in those bytes (a table scan, for one, leaves bytes of
 * other strings), and with them in the key every row of a scanned column missed. A longer
 * string is compared by length and bytes against the slot's own copy. */
typedef struct {
    guint64 key[2]; /* string_key(); long strings: only the length is used */
    char *text;     /* long strings: a copy of the bytes */
    guint32 code;
    gboolean used;
} CachedString;

typedef struct {
    CachedString slots[STRING_CACHE_SLOTS];
} StringCache;

typedef struct {
    PkColumn *column;
    duckdb_type source;   /* DuckDB type id */
    duckdb_type internal; /* DECIMAL/ENUM: physical type */
    double scale;         /* DECIMAL: 10^scale */
    StringCache *strings; /* VARCHAR */
} Builder;

static double hugeint_to_double(duckdb_hugeint h) {
    return (double)h.upper * 18446744073709551616.0 + (double)h.lower;
}

static void convert_decimal(const Builder *b, const void *src, double *dst, idx_t n) {
    for (idx_t i = 0; i < n; i++) {
        switch (b->internal) {
        case DUCKDB_TYPE_SMALLINT:
            dst[i] = ((const int16_t *)src)[i] / b->scale;
            break;
        case DUCKDB_TYPE_INTEGER:
            dst[i] = ((const int32_t *)src)[i] / b->scale;
            break;
        case DUCKDB_TYPE_BIGINT:
            dst[i] = (double)((const int64_t *)src)[i] / b->scale;
            break;
        default:
            dst[i] = hugeint_to_double(((const duckdb_hugeint *)src)[i]) / b->scale;
            break;
        }
    }
}

#define WIDEN(SRC_T, DST, SRC, N, MUL)                                                             \
    do {                                                                                           \
        for (idx_t i_ = 0; i_ < (N); i_++) {                                                       \
            (DST)[i_] = (__typeof__(*(DST)))((const SRC_T *)(SRC))[i_] MUL;                        \
        }                                                                                          \
    } while (0)

static void convert_double(const Builder *b, const void *src, double *dst, idx_t n) {
    switch (b->source) {
    case DUCKDB_TYPE_DOUBLE:
        memcpy(dst, src, n * sizeof(double));
        break;
    case DUCKDB_TYPE_FLOAT:
        WIDEN(float, dst, src, n, );
        break;
    case DUCKDB_TYPE_UBIGINT:
        WIDEN(uint64_t, dst, src, n, );
        break;
    case DUCKDB_TYPE_HUGEINT:
    case DUCKDB_TYPE_UHUGEINT:
        for (idx_t i = 0; i < n; i++) {
            dst[i] = hugeint_to_double(((const duckdb_hugeint *)src)[i]);
        }
        break;
    default:
        convert_decimal(b, src, dst, n);
        break;
    }
}

static void convert_int64(const Builder *b, const void *src, gint64 *dst, idx_t n) {
    switch (b->source) {
    case DUCKDB_TYPE_BIGINT:
    case DUCKDB_TYPE_TIMESTAMP:
    case DUCKDB_TYPE_TIMESTAMP_TZ:
        memcpy(dst, src, n * sizeof(gint64));
        break;
    case DUCKDB_TYPE_TINYINT:
        WIDEN(int8_t, dst, src, n, );
        break;
    case DUCKDB_TYPE_SMALLINT:
        WIDEN(int16_t, dst, src, n, );
        break;
    case DUCKDB_TYPE_INTEGER:
        WIDEN(int32_t, dst, src, n, );
        break;
    case DUCKDB_TYPE_UTINYINT:
        WIDEN(uint8_t, dst, src, n, );
        break;
    case DUCKDB_TYPE_USMALLINT:
        WIDEN(uint16_t, dst, src, n, );
        break;
    case DUCKDB_TYPE_UINTEGER:
        WIDEN(uint32_t, dst, src, n, );
        break;
    case DUCKDB_TYPE_TIMESTAMP_S:
        WIDEN(int64_t, dst, src, n, *1000000);
        break;
    case DUCKDB_TYPE_TIMESTAMP_MS:
        WIDEN(int64_t, dst, src, n, *1000);
        break;
    case DUCKDB_TYPE_TIMESTAMP_NS:
        WIDEN(int64_t, dst, src, n, / 1000);
        break;
    case DUCKDB_TYPE_DATE:
        WIDEN(int32_t, dst, src, n, *G_GINT64_CONSTANT(86400000000));
        break;
    default:
        g_assert_not_reached();
    }
}

static gboolean is_inline(const duckdb_string_t *s) {
    return s->value.inlined.length <= INLINE_STRING_BYTES;
}

/* The 16 bytes of s (little-endian: the length in the low half of words[0]) with what follows
 * an inline string cleared; a long string keeps its length and prefix (its pointer differs
 * between chunks). */
static void string_key(const duckdb_string_t *s, guint64 words[2]) {
    memcpy(words, s, 2 * sizeof(guint64));
    uint32_t len = s->value.inlined.length;
    if (len > INLINE_STRING_BYTES) {
        words[1] = 0;
    } else if (len <= 4) {
        words[0] &= G_MAXUINT64 >> (8 * (4 - len));
        words[1] = 0;
    } else if (len < INLINE_STRING_BYTES) {
        words[1] &= G_MAXUINT64 >> (8 * (INLINE_STRING_BYTES - len));
    }
}

/* The slot of a key: the top bits of the products, the only bits that every key bit reaches
 * (a product's bit i depends on the key's bits 0..i only: bits 32..39, used before, ignored
 * every byte of a short string after its first, so 'k00', 'k01', ... shared one slot). */
static CachedString *string_cache_slot(StringCache *cache, const guint64 key[2]) {
    guint64 h = key[0] * G_GUINT64_CONSTANT(0x9e3779b97f4a7c15) ^
                key[1] * G_GUINT64_CONSTANT(0xc2b2ae3d27d4eb4f);
    return &cache->slots[h >> (64 - STRING_CACHE_BITS)];
}

static gboolean string_cache_hit(const CachedString *slot, const duckdb_string_t *s,
                                 const guint64 key[2]) {
    if (!slot->used || slot->key[0] != key[0] || slot->key[1] != key[1]) {
        return FALSE;
    }
    if (is_inline(s)) {
        return TRUE;
    }
    return slot->text != NULL &&
           memcmp(slot->text, s->value.pointer.ptr, s->value.pointer.length) == 0;
}

static void string_cache_store(CachedString *slot, const duckdb_string_t *s, const guint64 key[2],
                               guint32 code) {
    g_clear_pointer(&slot->text, g_free);
    slot->key[0] = key[0], slot->key[1] = key[1];
    if (!is_inline(s)) {
        slot->text = g_memdup2(s->value.pointer.ptr, s->value.pointer.length);
    }
    slot->code = code;
    slot->used = TRUE;
}

static void string_cache_free(StringCache *cache) {
    if (cache == NULL) {
        return;
    }
    for (guint i = 0; i < STRING_CACHE_SLOTS; i++) {
        g_free(cache->slots[i].text);
    }
    g_free(cache);
}

/* The code of a string: the dictionary's, which keeps the text up to its first NUL. */
static guint32 category_code(PkColumn *column, duckdb_string_t *s) {
    uint32_t len = duckdb_string_t_length(*s);
    const char *data = duckdb_string_t_data(s);
    char small[64];
    if (len < sizeof small) {
        memcpy(small, data, len);
        small[len] = '\0';
        return pk_column_add_category(column, small);
    }
    g_autofree char *copy = g_strndup(data, len);
    return pk_column_add_category(column, copy);
}

static void convert_varchar(Builder *b, duckdb_vector vector, guint32 *dst, idx_t n) {
    duckdb_string_t *strings = duckdb_vector_get_data(vector);
    uint64_t *validity = duckdb_vector_get_validity(vector);
    for (idx_t i = 0; i < n; i++) {
        if (validity != NULL && !duckdb_validity_row_is_valid(validity, i)) {
            dst[i] = PK_COLUMN_NULL_CODE;
            continue;
        }
        guint64 key[2];
        string_key(&strings[i], key);
        CachedString *slot = string_cache_slot(b->strings, key);
        if (!string_cache_hit(slot, &strings[i], key)) {
            string_cache_store(slot, &strings[i], key, category_code(b->column, &strings[i]));
        }
        dst[i] = slot->code;
    }
}

static void convert_enum(const Builder *b, const void *src, guint32 *dst, idx_t n) {
    switch (b->internal) {
    case DUCKDB_TYPE_UTINYINT:
        WIDEN(uint8_t, dst, src, n, );
        break;
    case DUCKDB_TYPE_USMALLINT:
        WIDEN(uint16_t, dst, src, n, );
        break;
    default:
        WIDEN(uint32_t, dst, src, n, );
        break;
    }
}

/* Marks the invalid rows of a chunk as NULL in the column (doubles become NaN). */
static void copy_validity(PkColumn *column, duckdb_vector vector, gsize offset, idx_t n) {
    uint64_t *validity = duckdb_vector_get_validity(vector);
    if (validity == NULL) {
        return;
    }
    for (idx_t w = 0; w * 64 < n; w++) {
        if (validity[w] == G_MAXUINT64) {
            continue;
        }
        for (idx_t i = w * 64; i < MIN(n, (w + 1) * 64); i++) {
            if (!duckdb_validity_row_is_valid(validity, i)) {
                pk_column_set_null(column, offset + i);
            }
        }
    }
}

static void append_vector(Builder *b, duckdb_vector vector, gsize offset, idx_t n) {
    gpointer base = pk_column_get_data_mut(b->column);
    const void *src = duckdb_vector_get_data(vector);
    switch (pk_column_get_type(b->column)) {
    case PK_COLUMN_TYPE_DOUBLE:
        convert_double(b, src, (double *)base + offset, n);
        break;
    case PK_COLUMN_TYPE_INT64:
    case PK_COLUMN_TYPE_TIMESTAMP:
        convert_int64(b, src, (gint64 *)base + offset, n);
        break;
    case PK_COLUMN_TYPE_BOOL:
        memcpy((guint8 *)base + offset, src, n);
        break;
    case PK_COLUMN_TYPE_CATEGORY:
        if (b->source == DUCKDB_TYPE_ENUM) {
            convert_enum(b, src, (guint32 *)base + offset, n);
        } else {
            convert_varchar(b, vector, (guint32 *)base + offset, n);
        }
        break;
    }
    copy_validity(b->column, vector, offset, n);
}

static gboolean builder_init(Builder *b, duckdb_result *result, idx_t col, GError **error) {
    duckdb_logical_type type = duckdb_column_logical_type(result, col);
    const char *name = duckdb_column_name(result, col);
    PkColumnType our_type;
    gboolean ok = FALSE;
    b->source = duckdb_get_type_id(type);
    if (!pk_data_map_type(type, &our_type)) {
        g_set_error(error, PK_ERROR, PK_ERROR_UNSUPPORTED,
                    "Column \"%s\" has a type that cannot be loaded as numbers, times or "
                    "categories. Convert it in the query, e.g. CAST(\"%s\" AS VARCHAR).",
                    name, name);
        goto out;
    }
    b->column = pk_column_new(our_type, name, INITIAL_CAPACITY, error);
    if (b->column == NULL) {
        goto out;
    }
    if (our_type == PK_COLUMN_TYPE_CATEGORY && b->source != DUCKDB_TYPE_ENUM) {
        b->strings = g_new0(StringCache, 1);
    }
    if (b->source == DUCKDB_TYPE_DECIMAL) {
        b->internal = duckdb_decimal_internal_type(type);
        b->scale = pow(10.0, duckdb_decimal_scale(type));
    } else if (b->source == DUCKDB_TYPE_ENUM) {
        b->internal = duckdb_enum_internal_type(type);
        for (uint32_t i = 0; i < duckdb_enum_dictionary_size(type); i++) {
            char *value = duckdb_enum_dictionary_value(type, i);
            pk_column_add_category(b->column, value);
            duckdb_free(value);
        }
    }
    ok = TRUE;
out:
    duckdb_destroy_logical_type(&type);
    return ok;
}

static gboolean ensure_capacity(Builder *builders, idx_t n_cols, gsize *capacity, gsize needed,
                                GError **error) {
    if (needed <= *capacity) {
        return TRUE;
    }
    gsize grown = MAX(needed, *capacity * 2);
    for (idx_t c = 0; c < n_cols; c++) {
        if (!pk_column_resize(builders[c].column, grown, error)) {
            return FALSE;
        }
    }
    *capacity = grown;
    return TRUE;
}

/* Copies every chunk of a streaming result into the builders, as DuckDB produces them: DuckDB
 * never holds the whole result. Errors while producing a chunk (or an interrupt on cancel)
 * end the stream and are read from the result. */
static gboolean fetch_all(PkConn *conn, duckdb_result *result, Builder *builders, idx_t n_cols,
                          PkCancel *cancel, PkProgressFunc progress, gpointer user_data,
                          gsize *out_rows, GError **error) {
    gsize n_rows = 0;
    gsize capacity = INITIAL_CAPACITY;
    gint64 last_us = g_get_monotonic_time();
    duckdb_data_chunk chunk;
    while ((chunk = duckdb_fetch_chunk(*result)) != NULL) {
        idx_t n = duckdb_data_chunk_get_size(chunk);
        if (!ensure_capacity(builders, n_cols, &capacity, n_rows + n, error) ||
            pk_cancel_set_error_if_requested(cancel, error)) {
            duckdb_destroy_data_chunk(&chunk);
            return FALSE;
        }
        for (idx_t c = 0; c < n_cols; c++) {
            append_vector(&builders[c], duckdb_data_chunk_get_vector(chunk, c), n_rows, n);
        }
        n_rows += n;
        duckdb_destroy_data_chunk(&chunk);
        pk_exec_report_progress(conn, progress, user_data, &last_us);
    }
    if (pk_cancel_set_error_if_requested(cancel, error)) {
        return FALSE;
    }
    const char *text = duckdb_result_error(result);
    if (text != NULL) {
        pk_data_set_error(error, duckdb_result_error_type(result), text, NULL);
        return FALSE;
    }
    *out_rows = n_rows;
    return TRUE;
}

gboolean pk_conn_query_frame(PkConn *conn, const char *sql, PkCancel *cancel,
                             PkProgressFunc progress, gpointer user_data, PkFrame **out_frame,
                             GError **error) {
    duckdb_result result;
    Builder *builders = NULL;
    idx_t n_cols = 0;
    gsize n_rows = 0;
    gboolean ok = FALSE;
    if (conn == NULL || sql == NULL || out_frame == NULL) {
        g_set_error_literal(error, PK_ERROR, PK_ERROR_INVALID, "No connection or SQL given.");
        return FALSE;
    }
    if (!pk_exec_stream(conn, sql, cancel, &result, error)) {
        return FALSE;
    }
    gulong handler = pk_exec_connect_cancel(conn, cancel);
    n_cols = duckdb_column_count(&result);
    builders = g_new0(Builder, MAX(n_cols, 1));
    for (idx_t c = 0; c < n_cols; c++) {
        if (!builder_init(&builders[c], &result, c, error)) {
            goto out;
        }
    }
    if (!fetch_all(conn, &result, builders, n_cols, cancel, progress, user_data, &n_rows, error)) {
        goto out;
    }
    PkFrame *frame = pk_frame_new();
    for (idx_t c = 0; c < n_cols; c++) {
        if (!pk_column_resize(builders[c].column, n_rows, error)) {
            pk_frame_unref(frame);
            goto out;
        }
        pk_column_publish(builders[c].column);
        pk_frame_add_column(frame, builders[c].column);
    }
    pk_frame_publish(frame);
    if (progress != NULL) {
        progress(1.0, n_rows, user_data);
    }
    *out_frame = frame;
    ok = TRUE;
out:
    for (idx_t c = 0; c < n_cols; c++) {
        pk_column_unref(builders[c].column);
        string_cache_free(builders[c].strings);
    }
    g_free(builders);
    pk_cancel_disconnect(cancel, handler);
    duckdb_destroy_result(&result);
    return ok;
}
