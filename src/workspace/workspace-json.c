/* workspace-json.c — JSON values <-> parameter GVariants, canonical number and string text,
 * and typed readers of JSON members with messages that say which field is wrong.
 *
 * Mapping (pika/graph.h's parameter readers accept every numeric type):
 *
 *   JSON            GVariant           written back as
 *   "text"          s                  "text"
 *   true/false      b                  true/false
 *   12              x (int64)          12          (any integer type)
 *   1.5, 2.0, 1e9   d                  1.5, 2.0, 1000000000.0   (shortest round trip, with
 *                                                                a '.' or exponent kept)
 *   {...}           a{sv}              {...}       (keys sorted by pk_params_canonical)
 *   [...]           av                 [...]       (any array or tuple)
 *   null            refused            (and NaN/infinity are refused when writing)
 *
 * Integers keep their type through a round trip because doubles are always written with a
 * '.' or an exponent. Depth is not checked here: the text was scanned before parsing. */
#include "workspace-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *pk_ws_json_type_name(JsonNode *node) {
    switch (json_node_get_node_type(node)) {
    case JSON_NODE_OBJECT:
        return "an object";
    case JSON_NODE_ARRAY:
        return "an array";
    case JSON_NODE_NULL:
        return "null";
    case JSON_NODE_VALUE:
        break;
    }
    GType type = json_node_get_value_type(node);
    if (type == G_TYPE_STRING) {
        return "a string";
    }
    if (type == G_TYPE_BOOLEAN) {
        return "a boolean";
    }
    return "a number";
}

static GVariant *value_from_json(JsonNode *node, const char *name, const char *where,
                                 const char *key, GError **error);

GVariant *pk_ws_params_from_json(JsonNode *node, const char *name, const char *where,
                                 GError **error) {
    if (!JSON_NODE_HOLDS_OBJECT(node)) {
        pk_ws_error(error, PK_ERROR_TYPE, name, PK_WS_FIX,
                    "%s: parameters must be an object, "
                    "not %s",
                    where, pk_ws_json_type_name(node));
        return NULL;
    }
    JsonObject *obj = json_node_get_object(node);
    GVariantBuilder builder;
    g_variant_builder_init(&builder, G_VARIANT_TYPE_VARDICT);
    GList *members = json_object_get_members(obj);
    gboolean ok = TRUE;
    for (GList *l = members; l != NULL && ok; l = l->next) {
        const char *key = l->data;
        GVariant *value =
            value_from_json(json_object_get_member(obj, key), name, where, key, error);
        if (value == NULL) {
            ok = FALSE;
        } else {
            g_variant_builder_add(&builder, "{sv}", key, value);
        }
    }
    g_list_free(members);
    if (!ok) {
        g_variant_builder_clear(&builder);
        return NULL;
    }
    return g_variant_builder_end(&builder);
}

static GVariant *array_from_json(JsonArray *array, const char *name, const char *where,
                                 const char *key, GError **error) {
    GVariantBuilder builder;
    g_variant_builder_init(&builder, G_VARIANT_TYPE("av"));
    guint n = json_array_get_length(array);
    for (guint i = 0; i < n; i++) {
        GVariant *value =
            value_from_json(json_array_get_element(array, i), name, where, key, error);
        if (value == NULL) {
            g_variant_builder_clear(&builder);
            return NULL;
        }
        g_variant_builder_add(&builder, "v", value);
    }
    return g_variant_builder_end(&builder);
}

static GVariant *value_from_json(JsonNode *node, const char *name, const char *where,
                                 const char *key, GError **error) {
    switch (json_node_get_node_type(node)) {
    case JSON_NODE_OBJECT:
        return pk_ws_params_from_json(node, name, where, error);
    case JSON_NODE_ARRAY:
        return array_from_json(json_node_get_array(node), name, where, key, error);
    case JSON_NODE_NULL:
        pk_ws_error(error, PK_ERROR_TYPE, name, PK_WS_FIX,
                    "%s: parameter \"%s\" is null; remove it to use the default", where, key);
        return NULL;
    case JSON_NODE_VALUE:
        break;
    }
    GType type = json_node_get_value_type(node);
    if (type == G_TYPE_STRING) {
        return g_variant_new_string(json_node_get_string(node));
    }
    if (type == G_TYPE_BOOLEAN) {
        return g_variant_new_boolean(json_node_get_boolean(node));
    }
    if (type == G_TYPE_INT64) {
        return g_variant_new_int64(json_node_get_int(node));
    }
    double d = json_node_get_double(node);
    if (!isfinite(d)) {
        pk_ws_error(error, PK_ERROR_INVALID, name, PK_WS_FIX,
                    "%s: parameter \"%s\" is a number too large to represent", where, key);
        return NULL;
    }
    return g_variant_new_double(d);
}

/* ---- writing ------------------------------------------------------------------------------ */

void pk_ws_write_string(GString *out, const char *text) {
    g_string_append_c(out, '"');
    for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; p++) {
        switch (*p) {
        case '"':
            g_string_append(out, "\\\"");
            break;
        case '\\':
            g_string_append(out, "\\\\");
            break;
        case '\n':
            g_string_append(out, "\\n");
            break;
        case '\t':
            g_string_append(out, "\\t");
            break;
        case '\r':
            g_string_append(out, "\\r");
            break;
        default:
            if (*p < 0x20) {
                g_string_append_printf(out, "\\u%04x", *p);
            } else {
                g_string_append_c(out, (char)*p);
            }
        }
    }
    g_string_append_c(out, '"');
}

void pk_ws_write_double(GString *out, double value) {
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    for (int digits = 15; digits <= 17; digits++) {
        char format[8];
        g_snprintf(format, sizeof format, "%%.%dg", digits);
        g_ascii_formatd(buf, sizeof buf, format, value);
        if (g_ascii_strtod(buf, NULL) == value) {
            break;
        }
    }
    g_string_append(out, buf);
    if (strpbrk(buf, ".eE") == NULL) {
        g_string_append(out, ".0");
    }
}

static void indent_to(GString *out, guint indent) {
    for (guint i = 0; i < indent; i++) {
        g_string_append_c(out, ' ');
    }
}

static gboolean is_scalar(GVariant *value) {
    if (g_variant_is_of_type(value, G_VARIANT_TYPE_VARIANT)) {
        g_autoptr(GVariant) inner = g_variant_get_variant(value);
        return is_scalar(inner);
    }
    return g_variant_is_of_type(value, G_VARIANT_TYPE_BASIC);
}

static gboolean write_dict(GString *out, GVariant *dict, guint indent, const char *where,
                           GError **error) {
    gsize n = g_variant_n_children(dict);
    if (n == 0) {
        g_string_append(out, "{}");
        return TRUE;
    }
    g_string_append(out, "{\n");
    for (gsize i = 0; i < n; i++) {
        g_autoptr(GVariant) entry = g_variant_get_child_value(dict, i);
        g_autoptr(GVariant) key = g_variant_get_child_value(entry, 0);
        g_autoptr(GVariant) value = g_variant_get_child_value(entry, 1);
        indent_to(out, indent + 2);
        pk_ws_write_string(out, g_variant_get_string(key, NULL));
        g_string_append(out, ": ");
        if (!pk_ws_write_value(out, value, indent + 2, where, error)) {
            return FALSE;
        }
        g_string_append(out, i + 1 < n ? ",\n" : "\n");
    }
    indent_to(out, indent);
    g_string_append_c(out, '}');
    return TRUE;
}

/* Arrays of scalars go on one line; arrays holding containers one element per line. */
static gboolean write_array(GString *out, GVariant *array, guint indent, const char *where,
                            GError **error) {
    gsize n = g_variant_n_children(array);
    gboolean inline_ = TRUE;
    for (gsize i = 0; i < n && inline_; i++) {
        g_autoptr(GVariant) child = g_variant_get_child_value(array, i);
        inline_ = is_scalar(child);
    }
    g_string_append_c(out, '[');
    for (gsize i = 0; i < n; i++) {
        g_autoptr(GVariant) child = g_variant_get_child_value(array, i);
        if (!inline_) {
            g_string_append_c(out, '\n');
            indent_to(out, indent + 2);
        }
        if (!pk_ws_write_value(out, child, indent + 2, where, error)) {
            return FALSE;
        }
        if (i + 1 < n) {
            g_string_append(out, inline_ ? ", " : ",");
        }
    }
    if (!inline_ && n > 0) {
        g_string_append_c(out, '\n');
        indent_to(out, indent);
    }
    g_string_append_c(out, ']');
    return TRUE;
}

static gboolean write_number(GString *out, GVariant *value, const char *where, GError **error) {
    const GVariantType *type = g_variant_get_type(value);
    if (g_variant_type_equal(type, G_VARIANT_TYPE_DOUBLE)) {
        double d = g_variant_get_double(value);
        if (!isfinite(d)) {
            g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                        "%s: a parameter is not a finite number (%g); set it to a number", where,
                        d);
            return FALSE;
        }
        pk_ws_write_double(out, d);
    } else if (g_variant_type_equal(type, G_VARIANT_TYPE_UINT64)) {
        g_string_append_printf(out, "%" G_GUINT64_FORMAT, g_variant_get_uint64(value));
    } else if (g_variant_type_equal(type, G_VARIANT_TYPE_INT64)) {
        g_string_append_printf(out, "%" G_GINT64_FORMAT, g_variant_get_int64(value));
    } else if (g_variant_type_equal(type, G_VARIANT_TYPE_INT32)) {
        g_string_append_printf(out, "%" G_GINT32_FORMAT, g_variant_get_int32(value));
    } else if (g_variant_type_equal(type, G_VARIANT_TYPE_UINT32)) {
        g_string_append_printf(out, "%" G_GUINT32_FORMAT, g_variant_get_uint32(value));
    } else if (g_variant_type_equal(type, G_VARIANT_TYPE_INT16)) {
        g_string_append_printf(out, "%d", (int)g_variant_get_int16(value));
    } else if (g_variant_type_equal(type, G_VARIANT_TYPE_UINT16)) {
        g_string_append_printf(out, "%u", (unsigned)g_variant_get_uint16(value));
    } else {
        g_assert(g_variant_type_equal(type, G_VARIANT_TYPE_BYTE));
        g_string_append_printf(out, "%u", (unsigned)g_variant_get_byte(value));
    }
    return TRUE;
}

gboolean pk_ws_write_value(GString *out, GVariant *value, guint indent, const char *where,
                           GError **error) {
    if (g_variant_is_of_type(value, G_VARIANT_TYPE_VARIANT)) {
        g_autoptr(GVariant) inner = g_variant_get_variant(value);
        return pk_ws_write_value(out, inner, indent, where, error);
    }
    if (g_variant_is_of_type(value, G_VARIANT_TYPE_DICTIONARY)) {
        return write_dict(out, value, indent, where, error);
    }
    if (g_variant_is_container(value)) {
        return write_array(out, value, indent, where, error);
    }
    if (g_variant_is_of_type(value, G_VARIANT_TYPE_BOOLEAN)) {
        g_string_append(out, g_variant_get_boolean(value) ? "true" : "false");
        return TRUE;
    }
    if (g_variant_is_of_type(value, G_VARIANT_TYPE_STRING) ||
        g_variant_is_of_type(value, G_VARIANT_TYPE_OBJECT_PATH) ||
        g_variant_is_of_type(value, G_VARIANT_TYPE_SIGNATURE)) {
        pk_ws_write_string(out, g_variant_get_string(value, NULL));
        return TRUE;
    }
    if (g_variant_is_of_type(value, G_VARIANT_TYPE_HANDLE)) {
        g_string_append_printf(out, "%d", (int)g_variant_get_handle(value));
        return TRUE;
    }
    return write_number(out, value, where, error);
}

/* ---- typed member readers ------------------------------------------------------------------ */

static JsonNode *member(JsonObject *obj, const char *key, gboolean required, const char *name,
                        const char *where, GError **error) {
    JsonNode *node = json_object_get_member(obj, key);
    if (node == NULL && required) {
        pk_ws_error(error, PK_ERROR_PARSE, name, PK_WS_FIX, "%s has no \"%s\"", where, key);
    }
    return node;
}

static gboolean wrong_type(JsonNode *node, const char *key, const char *want, const char *name,
                           const char *where, GError **error) {
    pk_ws_error(error, PK_ERROR_TYPE, name, PK_WS_FIX, "%s: \"%s\" must be %s, not %s", where, key,
                want, pk_ws_json_type_name(node));
    return FALSE;
}

gboolean pk_ws_get_string(JsonObject *obj, const char *key, gboolean required, const char **out,
                          const char *name, const char *where, GError **error) {
    JsonNode *node = member(obj, key, required, name, where, error);
    if (node == NULL) {
        return !required;
    }
    if (!JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_STRING) {
        return wrong_type(node, key, "a string", name, where, error);
    }
    *out = json_node_get_string(node);
    return TRUE;
}

gboolean pk_ws_get_number(JsonObject *obj, const char *key, gboolean required, double *out,
                          const char *name, const char *where, GError **error) {
    JsonNode *node = member(obj, key, required, name, where, error);
    if (node == NULL) {
        return !required;
    }
    GType type = JSON_NODE_HOLDS_VALUE(node) ? json_node_get_value_type(node) : G_TYPE_NONE;
    if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE) {
        return wrong_type(node, key, "a number", name, where, error);
    }
    *out = type == G_TYPE_INT64 ? (double)json_node_get_int(node) : json_node_get_double(node);
    return TRUE;
}

gboolean pk_ws_get_int(JsonObject *obj, const char *key, gboolean required, gint64 *out,
                       const char *name, const char *where, GError **error) {
    JsonNode *node = member(obj, key, required, name, where, error);
    if (node == NULL) {
        return !required;
    }
    if (!JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_INT64) {
        return wrong_type(node, key, "an integer", name, where, error);
    }
    *out = json_node_get_int(node);
    return TRUE;
}

GVariant *pk_ws_params_replace_string(GVariant *params, const char *key, const char *value) {
    GVariantBuilder builder;
    g_variant_builder_init(&builder, G_VARIANT_TYPE_VARDICT);
    GVariantIter iter;
    const char *k;
    GVariant *v;
    g_variant_iter_init(&iter, params);
    while (g_variant_iter_next(&iter, "{&sv}", &k, &v)) {
        if (g_strcmp0(k, key) == 0) {
            g_variant_builder_add(&builder, "{sv}", k, g_variant_new_string(value));
        } else {
            g_variant_builder_add(&builder, "{sv}", k, v);
        }
        g_variant_unref(v);
    }
    return g_variant_builder_end(&builder);
}
