/* db.c — opening databases and connections, the version check and the lock-down switch.
 *
 * Configuration is applied at open time through duckdb_config (threads, memory_limit,
 * temp_directory, no automatic extension install/load, progress tracking on but never printed).
 * Invariant: a PkDb exists only for a library that passed pk_data_check_version(). */
#define _DEFAULT_SOURCE /* realpath */
#include "data-private.h"

#include <stdlib.h>

#include <unistd.h>

const char *pk_data_library_version(void) {
    const char *version = duckdb_library_version();
    return version != NULL ? version : "unknown";
}

gboolean pk_data_check_version(GError **error) {
    const char *found = pk_data_library_version();
    if (g_strcmp0(found, PK_DATA_DUCKDB_VERSION) != 0) {
        g_set_error(error, PK_ERROR, PK_ERROR_VERSION,
                    "The loaded DuckDB library is %s but Pika-Plot was built for %s. "
                    "Run scripts/setup.sh to fetch the matching libduckdb.so, then rebuild.",
                    found, PK_DATA_DUCKDB_VERSION);
        return FALSE;
    }
    return TRUE;
}

void pk_db_options_defaults(PkDbOptions *opts) {
    g_return_if_fail(opts != NULL);
    *opts = (PkDbOptions){0};
    opts->memory_fraction = 0.5;
}

static guint64 physical_memory_bytes(void) {
    long pages = sysconf(_SC_PHYS_PAGES);
    long page_size = sysconf(_SC_PAGESIZE);
    if (pages <= 0 || page_size <= 0) {
        return 0;
    }
    return (guint64)pages * (guint64)page_size;
}

static gboolean set_config(duckdb_config config, const char *name, const char *value,
                           GError **error) {
    if (duckdb_set_config(config, name, value) == DuckDBError) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID, "Invalid database setting %s = \"%s\".",
                    name, value);
        return FALSE;
    }
    return TRUE;
}

static gboolean fill_config(duckdb_config config, const PkDbOptions *opts, GError **error) {
    g_autofree char *threads = NULL;
    g_autofree char *memory = NULL;
    guint64 limit = opts->memory_limit_bytes;
    if (limit == 0) {
        double fraction =
            opts->memory_fraction > 0 && opts->memory_fraction <= 1 ? opts->memory_fraction : 0.5;
        limit = (guint64)((double)physical_memory_bytes() * fraction);
    }
    if (limit != 0) {
        memory = g_strdup_printf("%" G_GUINT64_FORMAT "KiB", MAX(limit / 1024, 1024));
        if (!set_config(config, "memory_limit", memory, error)) {
            return FALSE;
        }
    }
    if (opts->threads > 0) {
        threads = g_strdup_printf("%u", opts->threads);
        if (!set_config(config, "threads", threads, error)) {
            return FALSE;
        }
    }
    if (opts->temp_directory != NULL &&
        !set_config(config, "temp_directory", opts->temp_directory, error)) {
        return FALSE;
    }
    if (opts->read_only && !set_config(config, "access_mode", "READ_ONLY", error)) {
        return FALSE;
    }
    return set_config(config, "autoinstall_known_extensions", "false", error) &&
           set_config(config, "autoload_known_extensions", "false", error);
}

PkDb *pk_db_open(const char *path, const PkDbOptions *opts, GError **error) {
    PkDbOptions defaults;
    duckdb_config config = NULL;
    duckdb_database database = NULL;
    char *open_error = NULL;
    PkDb *db = NULL;

    if (!pk_data_check_version(error)) {
        return NULL;
    }
    if (opts == NULL) {
        pk_db_options_defaults(&defaults);
        opts = &defaults;
    }
    if (path != NULL && (path[0] == '\0' || g_strcmp0(path, ":memory:") == 0)) {
        path = NULL;
    }
    if (duckdb_create_config(&config) == DuckDBError) {
        g_set_error_literal(error, PK_ERROR, PK_ERROR_NOMEM,
                            "Could not create a database "
                            "configuration.");
        goto out;
    }
    if (!fill_config(config, opts, error)) {
        goto out;
    }
    if (duckdb_open_ext(path, &database, config, &open_error) == DuckDBError) {
        g_set_error(error, PK_ERROR, PK_ERROR_IO, "Cannot open database %s: %s",
                    path != NULL ? path : "in memory",
                    open_error != NULL ? open_error : "unknown error");
        goto out;
    }
    db = g_new0(PkDb, 1);
    db->db = database;
    db->path = g_strdup(path);
out:
    if (open_error != NULL) {
        duckdb_free(open_error);
    }
    duckdb_destroy_config(&config);
    return db;
}

void pk_db_close(PkDb *db) {
    if (db == NULL) {
        return;
    }
    if (g_atomic_int_get(&db->n_conns) != 0) {
        g_warning("Closing a database with %d open connection(s).", g_atomic_int_get(&db->n_conns));
    }
    duckdb_close(&db->db);
    g_free(db->path);
    g_strfreev(db->write_dirs);
    g_free(db);
}

const char *pk_db_get_path(const PkDb *db) {
    g_return_val_if_fail(db != NULL, NULL);
    return db->path;
}

PkConn *pk_db_connect(PkDb *db, GError **error) {
    duckdb_connection connection = NULL;
    if (db == NULL) {
        g_set_error_literal(error, PK_ERROR, PK_ERROR_INVALID, "No database to connect to.");
        return NULL;
    }
    if (duckdb_connect(db->db, &connection) == DuckDBError) {
        g_set_error_literal(error, PK_ERROR, PK_ERROR_FAILED,
                            "Could not open a connection to the database.");
        return NULL;
    }
    PkConn *conn = g_new0(PkConn, 1);
    conn->db = db;
    conn->conn = connection;
    g_atomic_int_inc(&db->n_conns);
    /* Progress tracking (duckdb_query_progress) needs the progress bar on, never printed.
     * After pk_db_lock_down settings are frozen; progress is then simply unknown. */
    g_autoptr(GError) ignored = NULL;
    if (!pk_db_is_locked_down(db) && !pk_exec_statements(conn,
                                                         "SET enable_progress_bar = true; "
                                                         "SET enable_progress_bar_print = false",
                                                         NULL, NULL, NULL, &ignored)) {
        g_debug("No query progress on this connection: %s", ignored->message);
    }
    return conn;
}

void pk_conn_close(PkConn *conn) {
    if (conn == NULL) {
        return;
    }
    duckdb_disconnect(&conn->conn);
    g_atomic_int_add(&conn->db->n_conns, -1);
    g_free(conn);
}

gboolean pk_db_lock_down(PkDb *db, GError **error) {
    return pk_db_lock_down_allowing(db, NULL, NULL, error);
}

/* Real paths of files or folders (folders end in '/', so that a prefix test is a containment
 * test). */
static char **real_paths(const char *const *paths, gboolean dirs, GError **error) {
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new();
    for (guint i = 0; paths != NULL && paths[i] != NULL; i++) {
        g_autofree char *real = realpath(paths[i], NULL);
        if (real == NULL ||
            !g_file_test(real, dirs ? G_FILE_TEST_IS_DIR : G_FILE_TEST_IS_REGULAR)) {
            g_set_error(error, PK_ERROR, PK_ERROR_NOT_FOUND, "%s not found: %s.",
                        dirs ? "Folder" : "File", paths[i]);
            return NULL;
        }
        g_autofree char *slashed =
            !dirs || g_str_has_suffix(real, "/") ? g_strdup(real) : g_strconcat(real, "/", NULL);
        g_strv_builder_add(builder, slashed);
    }
    return g_strv_builder_end(builder);
}

/* "SET name = ['a', 'b']; " or "" for an empty list. */
static char *set_list_sql(const char *name, char **items) {
    if (items[0] == NULL) {
        return g_strdup("");
    }
    GString *sql = g_string_new(NULL);
    g_string_append_printf(sql, "SET %s = [", name);
    for (guint i = 0; items[i] != NULL; i++) {
        g_autofree char *literal = pk_data_quote_literal(items[i]);
        g_string_append_printf(sql, "%s%s", i > 0 ? ", " : "", literal);
    }
    g_string_append(sql, "]; ");
    return g_string_free(sql, FALSE);
}

gboolean pk_db_lock_down_allowing(PkDb *db, const char *const *read_files,
                                  const char *const *write_dirs, GError **error) {
    g_return_val_if_fail(db != NULL, FALSE);
    if (g_atomic_int_get(&db->locked_down)) {
        return TRUE;
    }
    g_auto(GStrv) files = real_paths(read_files, FALSE, error);
    g_auto(GStrv) dirs = files != NULL ? real_paths(write_dirs, TRUE, error) : NULL;
    if (dirs == NULL) {
        return FALSE;
    }
    PkConn *conn = pk_db_connect(db, error);
    if (conn == NULL) {
        return FALSE;
    }
    g_autofree char *allow_files = set_list_sql("allowed_paths", files);
    g_autofree char *allow_dirs = set_list_sql("allowed_directories", dirs);
    g_autofree char *sql = g_strconcat(allow_files, allow_dirs,
                                       "SET enable_external_access = false; "
                                       "SET lock_configuration = true;",
                                       NULL);
    gboolean ok = pk_exec_statements(conn, sql, NULL, NULL, NULL, error);
    pk_conn_close(conn);
    if (ok) {
        db->write_dirs = g_steal_pointer(&dirs);
        g_atomic_int_set(&db->locked_down, 1);
    }
    return ok;
}

gboolean pk_db_may_write(const PkDb *db, const char *path) {
    if (!pk_db_is_locked_down(db)) {
        return TRUE;
    }
    g_autofree char *dir = g_path_get_dirname(path);
    g_autofree char *real = realpath(dir, NULL);
    if (real == NULL) {
        return FALSE;
    }
    g_autofree char *slashed = g_strconcat(real, "/", NULL);
    for (guint i = 0; db->write_dirs != NULL && db->write_dirs[i] != NULL; i++) {
        if (g_str_has_prefix(slashed, db->write_dirs[i])) {
            return TRUE;
        }
    }
    return FALSE;
}

gboolean pk_db_is_locked_down(const PkDb *db) {
    g_return_val_if_fail(db != NULL, FALSE);
    return g_atomic_int_get(&((PkDb *)db)->locked_down) != 0;
}

gboolean pk_conn_exec(PkConn *conn, const char *sql, PkCancel *cancel, GError **error) {
    if (conn == NULL || sql == NULL) {
        g_set_error_literal(error, PK_ERROR, PK_ERROR_INVALID, "No connection or SQL given.");
        return FALSE;
    }
    return pk_exec_statements(conn, sql, cancel, NULL, NULL, error);
}
