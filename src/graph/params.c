/* params.c — reading node parameters (a{sv} dictionaries), canonical form and hashing.
 *
 * Parameters arrive from C callers (any integer type, as, a{sv}) and from workspace files
 * through json-glib (int64 or double numbers, av arrays, a{sv} objects); the readers accept
 * both so no caller has to care where a dictionary came from. */
#include "pika/error.h"
#include "pika/graph.h"

#include <math.h>
#include <string.h>

static GVariant *lookup(GVariant *params, const char *key) {
    if (params == NULL || !g_variant_is_of_type(params, G_VARIANT_TYPE_VARDICT)) {
        return NULL;
    }
    return g_variant_lookup_value(params, key, NULL);
}

/* Unwraps nested variants ("v" inside "av" elements or inside a "v" value). */
static GVariant *unbox(GVariant *value) {
    while (value != NULL && g_variant_is_of_type(value, G_VARIANT_TYPE_VARIANT)) {
        GVariant *inner = g_variant_get_variant(value);
        g_variant_unref(value);
        value = inner;
    }
    return value;
}

const char *pk_params_get_string(GVariant *params, const char *key, const char *def) {
    g_autoptr(GVariant) value = unbox(lookup(params, key));
    if (value == NULL || !g_variant_is_of_type(value, G_VARIANT_TYPE_STRING)) {
        return def;
    }
    /* The string lives in params, which the caller holds. */
    return g_variant_get_string(value, NULL);
}

/* Any numeric GVariant as a double; FALSE for other types. */
static gboolean as_double(GVariant *value, double *out) {
    switch (g_variant_classify(value)) {
    case G_VARIANT_CLASS_DOUBLE:
        *out = g_variant_get_double(value);
        return TRUE;
    case G_VARIANT_CLASS_INT64:
        *out = (double)g_variant_get_int64(value);
        return TRUE;
    case G_VARIANT_CLASS_UINT64:
        *out = (double)g_variant_get_uint64(value);
        return TRUE;
    case G_VARIANT_CLASS_INT32:
        *out = g_variant_get_int32(value);
        return TRUE;
    case G_VARIANT_CLASS_UINT32:
        *out = g_variant_get_uint32(value);
        return TRUE;
    case G_VARIANT_CLASS_INT16:
        *out = g_variant_get_int16(value);
        return TRUE;
    case G_VARIANT_CLASS_UINT16:
        *out = g_variant_get_uint16(value);
        return TRUE;
    case G_VARIANT_CLASS_BYTE:
        *out = g_variant_get_byte(value);
        return TRUE;
    default:
        return FALSE;
    }
}

gboolean pk_params_get_double(GVariant *params, const char *key, double def, double min, double max,
                              double *out, GError **error) {
    g_autoptr(GVariant) value = unbox(lookup(params, key));
    double v = def;
    if (value != NULL && !as_double(value, &v)) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID, "Parameter '%s' must be a number.", key);
        return FALSE;
    }
    if (!isfinite(v) || v < min || v > max) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "Parameter '%s' is %g; it must be between %g and %g.", key, v, min, max);
        return FALSE;
    }
    *out = v;
    return TRUE;
}

gboolean pk_params_get_doubles(GVariant *params, const char *key, double *out, guint n,
                               GError **error) {
    g_autoptr(GVariant) value = unbox(lookup(params, key));
    gboolean ok =
        value != NULL && g_variant_is_container(value) && g_variant_n_children(value) == n;
    for (guint i = 0; ok && i < n; i++) {
        g_autoptr(GVariant) item = unbox(g_variant_get_child_value(value, i));
        ok = as_double(item, &out[i]) && isfinite(out[i]);
    }
    if (!ok) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "Parameter '%s' must be a list of %u finite numbers.", key, n);
    }
    return ok;
}

gboolean pk_params_get_int(GVariant *params, const char *key, gint64 def, gint64 min, gint64 max,
                           gint64 *out, GError **error) {
    g_autoptr(GVariant) value = unbox(lookup(params, key));
    double v = (double)def;
    if (value != NULL && (!as_double(value, &v) || v != floor(v))) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID, "Parameter '%s' must be a whole number.",
                    key);
        return FALSE;
    }
    if (!(v >= (double)min && v <= (double)max)) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "Parameter '%s' is %g; it must be between %" G_GINT64_FORMAT
                    " and %" G_GINT64_FORMAT ".",
                    key, v, min, max);
        return FALSE;
    }
    *out = (gint64)v;
    return TRUE;
}

gboolean pk_params_get_bool(GVariant *params, const char *key, gboolean def, gboolean *out,
                            GError **error) {
    g_autoptr(GVariant) value = unbox(lookup(params, key));
    if (value == NULL) {
        *out = def;
        return TRUE;
    }
    if (!g_variant_is_of_type(value, G_VARIANT_TYPE_BOOLEAN)) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID, "Parameter '%s' must be true or false.",
                    key);
        return FALSE;
    }
    *out = g_variant_get_boolean(value);
    return TRUE;
}

GVariant *pk_params_get_child(GVariant *params, const char *key) {
    return unbox(lookup(params, key));
}

char **pk_params_get_strv(GVariant *params, const char *key) {
    g_autoptr(GVariant) value = unbox(lookup(params, key));
    if (value == NULL) {
        return NULL;
    }
    if (g_variant_is_of_type(value, G_VARIANT_TYPE_STRING)) {
        char **one = g_new0(char *, 2);
        one[0] = g_variant_dup_string(value, NULL);
        return one;
    }
    if (g_variant_is_of_type(value, G_VARIANT_TYPE_STRING_ARRAY)) {
        return g_variant_dup_strv(value, NULL);
    }
    if (!g_variant_is_of_type(value, G_VARIANT_TYPE("av"))) {
        return NULL;
    }
    gsize n = g_variant_n_children(value);
    char **out = g_new0(char *, n + 1);
    for (gsize i = 0; i < n; i++) {
        g_autoptr(GVariant) item = unbox(g_variant_get_child_value(value, i));
        if (!g_variant_is_of_type(item, G_VARIANT_TYPE_STRING)) {
            g_strfreev(out);
            return NULL;
        }
        out[i] = g_variant_dup_string(item, NULL);
    }
    return out;
}

static int compare_keys(gconstpointer a, gconstpointer b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Canonical form of any value: dictionaries get sorted keys, arrays of variants are
 * canonicalised element by element, everything else is kept. Both return a new, non-floating
 * reference, which the caller drops after adding it to a builder (builders take their own). */
static GVariant *canonical_value(GVariant *value);

static GVariant *canonical_dict(GVariant *dict) {
    gsize n = g_variant_n_children(dict);
    g_autofree const char **keys = g_new0(const char *, n + 1);
    GVariantIter iter;
    const char *key;
    GVariant *child;
    gsize i = 0;
    g_variant_iter_init(&iter, dict);
    while (g_variant_iter_loop(&iter, "{&sv}", &key, &child)) {
        keys[i++] = key;
    }
    qsort(keys, n, sizeof *keys, compare_keys);
    GVariantBuilder builder;
    g_variant_builder_init(&builder, G_VARIANT_TYPE_VARDICT);
    for (i = 0; i < n; i++) {
        if (i > 0 && strcmp(keys[i], keys[i - 1]) == 0) {
            continue; /* a repeated key: the first lookup wins, as g_variant_lookup does */
        }
        g_autoptr(GVariant) v = g_variant_lookup_value(dict, keys[i], NULL);
        g_autoptr(GVariant) canonical = canonical_value(v);
        g_variant_builder_add(&builder, "{sv}", keys[i], canonical);
    }
    return g_variant_ref_sink(g_variant_builder_end(&builder));
}

static GVariant *canonical_value(GVariant *value) {
    if (g_variant_is_of_type(value, G_VARIANT_TYPE_VARDICT)) {
        return canonical_dict(value);
    }
    if (g_variant_is_of_type(value, G_VARIANT_TYPE_VARIANT)) {
        g_autoptr(GVariant) inner = g_variant_get_variant(value);
        g_autoptr(GVariant) canonical = canonical_value(inner);
        return g_variant_ref_sink(g_variant_new_variant(canonical));
    }
    if (g_variant_is_of_type(value, G_VARIANT_TYPE("av"))) {
        GVariantBuilder builder;
        g_variant_builder_init(&builder, G_VARIANT_TYPE("av"));
        GVariantIter iter;
        GVariant *child;
        g_variant_iter_init(&iter, value);
        while ((child = g_variant_iter_next_value(&iter)) != NULL) {
            g_autoptr(GVariant) inner = g_variant_get_variant(child);
            g_autoptr(GVariant) canonical = canonical_value(inner);
            g_variant_builder_add(&builder, "v", canonical);
            g_variant_unref(child);
        }
        return g_variant_ref_sink(g_variant_builder_end(&builder));
    }
    return g_variant_ref(value);
}

GVariant *pk_params_canonical(GVariant *params) {
    if (params == NULL) {
        return g_variant_ref_sink(g_variant_new_array(G_VARIANT_TYPE("{sv}"), NULL, 0));
    }
    g_return_val_if_fail(g_variant_is_of_type(params, G_VARIANT_TYPE_VARDICT), NULL);
    return canonical_dict(params);
}

/* FNV-1a over the serialised canonical form: stable across runs and machines of one
 * endianness, which is all a cache key needs. */
guint64 pk_params_hash(GVariant *params) {
    g_autoptr(GVariant) canon = pk_params_canonical(params);
    g_autoptr(GVariant) normal = g_variant_get_normal_form(canon);
    const guint8 *bytes = g_variant_get_data(normal);
    gsize n = g_variant_get_size(normal);
    guint64 h = 0xcbf29ce484222325ull;
    for (gsize i = 0; i < n; i++) {
        h = (h ^ bytes[i]) * 0x100000001b3ull;
    }
    return h;
}

guint64 pk_params_hash_without(GVariant *params, const char *key) {
    GVariantDict dict;
    g_variant_dict_init(&dict, params);
    g_variant_dict_remove(&dict, key);
    g_autoptr(GVariant) rest = g_variant_ref_sink(g_variant_dict_end(&dict));
    return pk_params_hash(rest);
}
