/* db.c — opening databases and connections, the version check and the lock-down switch.
 *
 * Configuration is applied at open time through duckdb_config (threads, memory_limit,
 * temp_directory, no automatic extension install/load, progress tracking on but never printed).
 * Invariant: a PkDb exists only for a library that passed pk_data_check_version(). */
#include "data-private.h"

#include "pika/trust.h"
#include "platform.h"

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
        limit = (guint64)((double)pk_platform_get_physical_memory() * fraction);
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
    db->read_only = opts->read_only;
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
    if (db->path != NULL && !db->read_only) {
        pk_trust_note_written(db->path); /* closed cleanly: as this application left it */
    }
    g_free(db->path);
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
    return pk_db_lock_down_allowing(db, NULL, error);
}

/* Real paths of regular files. */
static char **real_paths(const char *const *paths, GError **error) {
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new();
    for (guint i = 0; paths != NULL && paths[i] != NULL; i++) {
        g_autofree char *real = pk_platform_dup_real_path(paths[i]);
        if (real == NULL || !g_file_test(real, G_FILE_TEST_IS_REGULAR)) {
            g_set_error(error, PK_ERROR, PK_ERROR_NOT_FOUND, "File not found: %s.", paths[i]);
            return NULL;
        }
        g_strv_builder_add(builder, real);
    }
    return g_strv_builder_end(builder);
}

gboolean pk_db_lock_down_allowing(PkDb *db, const char *const *read_files, GError **error) {
    g_return_val_if_fail(db != NULL, FALSE);
    if (g_atomic_int_get(&db->locked_down)) {
        return TRUE;
    }
    g_auto(GStrv) files = real_paths(read_files, error);
    if (files == NULL) {
        return FALSE;
    }
    PkConn *conn = pk_db_connect(db, error);
    if (conn == NULL) {
        return FALSE;
    }
    /* allowed_paths names files, never a folder: a folder would open everything below it,
     * symbolic links included, to SQL. */
    GString *sql = g_string_new(NULL);
    if (files[0] != NULL) {
        g_string_append(sql, "SET allowed_paths = [");
        for (guint i = 0; files[i] != NULL; i++) {
            g_autofree char *literal = pk_data_quote_literal(files[i]);
            g_string_append_printf(sql, "%s%s", i > 0 ? ", " : "", literal);
        }
        g_string_append(sql, "]; ");
    }
    g_string_append(sql, "SET enable_external_access = false; SET lock_configuration = true;");
    gboolean ok = pk_exec_statements(conn, sql->str, NULL, NULL, NULL, error);
    g_string_free(sql, TRUE);
    pk_conn_close(conn);
    if (ok) {
        g_atomic_int_set(&db->locked_down, 1);
    }
    return ok;
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
