/* workspace-private.h — what the files of the workspace layer share.
 *
 *   workspace-text.c     error messages (file name first, remedy last) and the checks made on
 *                        the raw bytes before any parsing: size, empty, binary, UTF-8, nesting
 *                        depth and integer literals too long for 64 bits
 *   workspace-json.c     JSON values <-> parameter GVariants; canonical number and string text
 *   workspace-upgrade.c  older format versions turned into the current shape, in memory
 *   workspace-read.c     a parsed document -> the nodes, edges, selections and layout of a graph
 *   workspace-write.c    a graph -> canonical JSON text
 *   workspace-save.c     reading a file safely, the atomic save, the cache and backup paths
 *
 * Only these files include json-glib. */
#pragma once

#include "pika/workspace.h"

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Remedies appended to error messages. */
#define PK_WS_FIX "fix the file in a text editor or open its backup (.bak)"
#define PK_WS_NOT_OURS "check that it is a Pika-Plot workspace (.pika) file"

/* Fills error with "NAME: WHAT; REMEDY." */
void pk_ws_error(GError **error, int code, const char *name, const char *remedy, const char *fmt,
                 ...) G_GNUC_PRINTF(5, 6);
/* Rewrites a set error (from the graph) as "NAME: WHERE: its message; REMEDY.", keeping its
 * domain and code. */
void pk_ws_wrap(GError **error, const char *name, const char *where, const char *remedy);

/* Checks raw bytes before parsing (see the file header). On success *out_skip is the length
 * of a UTF-8 byte order mark to skip (0 or 3). */
gboolean pk_ws_check_text(const char *data, gsize len, const char *name, gsize *out_skip,
                          GError **error);

/* A JSON object as an a{sv} of parameters (new, floating): strings, booleans, integers (x),
 * finite doubles (d), objects (a{sv}) and arrays (av). null and non-finite numbers are
 * refused (TYPE, INVALID) with where and the key in the message. */
GVariant *pk_ws_params_from_json(JsonNode *node, const char *name, const char *where,
                                 GError **error);
/* Appends a parameter value as JSON at the given indent (spaces). Non-finite doubles are
 * refused (INVALID, naming where). */
gboolean pk_ws_write_value(GString *out, GVariant *value, guint indent, const char *where,
                           GError **error);
void pk_ws_write_string(GString *out, const char *text);
/* The shortest text that reads back as the same double, always with '.' or an exponent. */
void pk_ws_write_double(GString *out, double value);

/* Typed member readers: FALSE with PK_ERROR_TYPE (or PARSE for a required member that is
 * missing) naming where and key. Optional members leave *out alone when missing. */
gboolean pk_ws_get_string(JsonObject *obj, const char *key, gboolean required, const char **out,
                          const char *name, const char *where, GError **error);
gboolean pk_ws_get_number(JsonObject *obj, const char *key, gboolean required, double *out,
                          const char *name, const char *where, GError **error);
gboolean pk_ws_get_int(JsonObject *obj, const char *key, gboolean required, gint64 *out,
                       const char *name, const char *where, GError **error);
/* The JSON type of a node for messages ("a string", "an array", ...). */
const char *pk_ws_json_type_name(JsonNode *node);

/* A copy of the a{sv} params with key's value replaced by the string value (new, floating). */
GVariant *pk_ws_params_replace_string(GVariant *params, const char *key, const char *value);

/* Reads the file at path for loading, refusing what is not a regular file or is larger than
 * PK_WORKSPACE_MAX_FILE_SIZE before reading it (NOT_FOUND, IO, TOO_LARGE, messages naming
 * path). Returns the bytes (NUL-terminated; length in *out_len). */
char *pk_ws_read_file(const char *path, gsize *out_len, GError **error);

/* Turns a version 0 document into a version 1 one (new reference). */
JsonObject *pk_ws_upgrade_v0(JsonObject *root, const char *name, GError **error);

G_END_DECLS
