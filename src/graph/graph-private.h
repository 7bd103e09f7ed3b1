/* graph-private.h — what the files of the graph layer share.
 *
 * Locking: graph->lock guards every node's run state (state, dirty, value, status fields),
 * the value cache and the evaluation bookkeeping. The structure of the graph (nodes, names,
 * params, edges) changes only on the caller's thread and only while no evaluation runs, so
 * workers read it without the lock. Observers are called with the lock released. */
#pragma once

#include "pika/data.h"
#include "pika/graph.h"

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
    PkNodeId id;
    PkNodeKind kind;
    char *name;
    GVariant *params; /* canonical a{sv} */
    guint64 param_hash;
    GArray *inputs;          /* PkNodeId per input port (never 0 inside the array) */
    guint n_wired;           /* inputs[0, n_wired) wired by hand; the rest derived from the
                              * SQL of a query (see graph-derive.c) */
    char **refs;             /* queries: the table names the SQL reads (NULL: none, or the
                              * SQL does not parse) */
    double x, y;             /* canvas position */
    char *fingerprint;       /* sources: the file's fingerprint when last imported */
    int load_error_code;     /* sources: why the import before the lock-down failed, kept */
    char *load_error;        /* until the parameters change (NULL when it did not fail) */
    GVariant *import_report; /* sources: what the last import here skipped and noted (see
                              * pk_graph_get_import_report), or NULL */
    PkSelection *selection;  /* sources: the brushing selection, or NULL */
    /* Run state, under graph->lock. */
    PkNodeState state;
    gboolean dirty;
    gboolean cached;
    gboolean in_run; /* part of the running evaluation, not finished yet */
    double progress;
    gint64 started_us;
    double elapsed_ms;
    guint64 n_rows;
    int error_code;
    char *message; /* error text, or a note on a DONE node (re-imported file) */
    PkNodeId cause;
    PkGraphValue *value; /* last value (kept while dirty, so views can show it) */
    guint run_count;
    PkCancel *cancel; /* while queued or running */
} PkNode;

/* Tables of materialised results that are no longer referenced, to be dropped by the next
 * worker that has a connection. Shared by a graph and its values (values may outlive it). */
typedef struct {
    gint ref_count;
    GMutex lock;
    GPtrArray *tables; /* quoted qualified names */
} PkJanitor;

struct PkGraphValue {
    gint ref_count;
    PkJanitor *janitor; /* for a materialised result, where its table goes when freed */
    char *table;        /* the materialised result's table (quoted, qualified), or NULL */
    guint64 id;
    PkPortType type;
    char *sql;          /* tables: the self-contained relation */
    char *selected_sql; /* tables: with the source selection applied, or NULL */
    guint64 n_rows;
    char **columns, **column_types;
    PkScene *scene; /* plots */
    double width, height, scale;
    gsize bytes; /* estimate for the cache budget */
};

typedef struct {
    guint id;
    PkGraphObserver func;
    gpointer user_data;
} PkObserver;

struct PkGraph {
    PkDb *db;
    PkCompute *compute;
    char *base_dir, *export_dir;
    GHashTable *nodes; /* PkNodeId -> PkNode* (owned) */
    GArray *order;     /* notebook order of PkNodeId */
    PkNodeId next_id;
    double view_x, view_y, view_zoom;
    guint n_workers;
    GArray *observers; /* PkObserver */
    guint next_observer;

    GMutex lock;
    GCond changed;
    gboolean running;    /* an evaluation is in progress */
    guint n_active;      /* workers running a node */
    GThread *driver;     /* pk_graph_evaluate_async's thread */
    gboolean validating; /* pk_graph_validate: describe, never run or cache */
    PkJanitor *janitor;
    guint derive_held; /* > 0: derived inputs are off (undo and redo rebuild the wiring) */
    GPtrArray *held;   /* during a hold: the inputs of the nodes that had derived ones */

    GHashTable *cache; /* key string -> PkCacheEntry* */
    guint64 cache_bytes, cache_budget, cache_clock;
};

/* graph.c */
PkNode *pk_graph_node(const PkGraph *graph, PkNodeId id);
/* Marks node and everything downstream dirty (state IDLE), notifying observers. Lock not
 * held by the caller. */
void pk_graph_mark_dirty(PkGraph *graph, PkNodeId node);
/* Tells the observers about node's current status. Lock not held by the caller. */
void pk_graph_notify(PkGraph *graph, PkNode *node);
/* Fills out from node (lock held). */
void pk_graph_snapshot(PkNode *node, PkNodeStatus *out);
/* The node ids in an order where every node comes after its inputs. Free with g_free. */
PkNodeId *pk_graph_topological(const PkGraph *graph, guint *out_n);

/* graph-derive.c: a query's inputs derived from the tables its SQL names. */
/* The table names sql reads (pk_sql_table_refs), or NULL when it does not parse: the query
 * then fails on evaluation with DuckDB's own message. New strv. */
char **pk_graph_parse_refs(const char *sql);
/* Recomputes the derived inputs of every query from its refs and the node names: each name
 * that is a source, query or transform (and not wired already) becomes an input after the
 * wired ones. Nodes whose inputs change are marked dirty. When the result would close a
 * cycle, every node keeps its inputs and FALSE comes back with PK_ERROR_INVALID naming the
 * nodes of the cycle. Does nothing while derivation is held. */
gboolean pk_graph_derive(PkGraph *graph, GError **error);
/* Holds derivation off (derived inputs removed) until the matching release, which derives
 * again. For undo and redo, whose steps pass through states a derivation would refuse. */
void pk_graph_derive_hold(PkGraph *graph);
gboolean pk_graph_derive_release(PkGraph *graph, GError **error);

/* graph-nodes.c: what each kind checks and does. */
/* Inputs the kind (with these params) takes: exact count, or G_MAXUINT for any number. */
guint pk_graph_max_inputs(PkNodeKind kind, GVariant *params);
gboolean pk_graph_check_params(PkNodeKind kind, GVariant *params, GError **error);

typedef struct {
    PkGraph *graph;
    PkConn *conn;          /* this worker's connection */
    PkNode *node;          /* read-only structure */
    PkGraphValue **inputs; /* one per input port, all done */
    guint n_inputs;
    PkCancel *cancel;
    char *note;        /* out: a remark for a successful node (re-imported file) */
    char *fingerprint; /* out: sources, the fingerprint now in the cache */
    GVariant *report;  /* out: sources that were imported, the import's report */
} PkNodeJob;

/* Runs one node: a new value in *out_value (NULL for notes and exports). */
gboolean pk_graph_run_node(PkNodeJob *job, PkGraphValue **out_value, GError **error);
/* Query and transform nodes: the composed relation, its columns, and its row count when
 * count_rows. */
gboolean pk_graph_run_relation(PkNodeJob *job, gboolean count_rows, PkGraphValue **out_value,
                               GError **error);
/* Plots and exports read exactly one input; FALSE with a message naming what to connect. */
gboolean pk_graph_need_one_input(PkNodeJob *job, GError **error);
/* Export paths are relative to the export folder and stay inside it (PK_ERROR_SECURITY). */
gboolean pk_graph_check_export_path(const char *path, GError **error);
/* An export node's file: rel checked as above, then resolved inside the export folder with
 * every symbolic link followed (pk_path_resolve_within). New string, or NULL with the error. */
char *pk_graph_resolve_export_path(PkGraph *graph, const char *rel, GError **error);
/* Composes a relation: WITH "<input name>" AS (<input sql>), ... SELECT * FROM (<body>). */
char *pk_graph_compose_sql(PkGraph *graph, PkNode *node, PkGraphValue **inputs, gboolean selected,
                           const char *body);

/* graph-validate.c: a node's check in place of its run (sources described from their files,
 * relations prepared but not run, plot specs checked against their input's columns). */
gboolean pk_graph_check_node(PkNodeJob *job, PkGraphValue **out_value, GError **error);

/* graph-source.c */
gboolean pk_graph_run_source(PkNodeJob *job, PkGraphValue **out_value, GError **error);
/* Describes a file source as an import would read it (with the source's options). */
gboolean pk_graph_sniff_source(PkNodeJob *job, const char *path, PkSniffResult **out_result,
                               GError **error);
/* A file's fingerprint "size:mtime:hash" (NULL with PK_ERROR_NOT_FOUND/IO). */
char *pk_graph_file_fingerprint(const char *path, GError **error);
/* The absolute path of a source's file (relative paths resolve against the base dir). */
char *pk_graph_source_path(const PkGraph *graph, GVariant *params);

/* graph-cache.c */
PkGraphValue *pk_graph_value_new(PkGraph *graph, PkPortType type);
PkJanitor *pk_janitor_new(void);
void pk_janitor_unref(PkJanitor *janitor);
/* Drops the tables queued on janitor (errors ignored: they only cost memory). */
void pk_janitor_sweep(PkJanitor *janitor, PkConn *conn);
/* Copies the column names and types of schema into a table value. */
void pk_graph_value_set_columns(PkGraphValue *value, const PkSchema *schema);
/* The cache key of a node with the given inputs (lock held). New string. */
char *pk_graph_cache_key(PkGraph *graph, PkNode *node, PkGraphValue **inputs, guint n_inputs);
PkGraphValue *pk_graph_cache_lookup(PkGraph *graph, const char *key); /* new ref or NULL */
void pk_graph_cache_insert(PkGraph *graph, const char *key, PkGraphValue *value);
void pk_graph_cache_trim(PkGraph *graph);
void pk_graph_cache_free_entry(gpointer entry);

/* graph-select.c */
/* The table value with its selection SQL (sources only); lock not needed. */
/* The source's selection as SQL over its columns (schema: to compare time columns in
 * microseconds; NULL compares the columns as they are), or NULL without one, or when it names
 * a column the schema does not have (a stale selection is not applied, see below). */
char *pk_graph_selection_predicate(const PkNode *source, const PkSchema *schema);
/* The first column of the source's selection that schema lacks (borrowed), or NULL. */
const char *pk_graph_selection_missing_column(const PkNode *source, const PkSchema *schema);
/* A note for a source whose selection is not applied because of such a column, or NULL. */
char *pk_graph_selection_dropped_note(const PkNode *source, const PkSchema *schema);
/* Structural changes are refused while an evaluation runs (workers read the structure without
 * the lock): FALSE with PK_ERROR_INVALID ("busy") then. */
gboolean pk_graph_check_idle(PkGraph *graph, GError **error);
char *pk_graph_selection_sql(const PkSelection *selection, const PkSchema *schema);

/* graph-eval.c */
gboolean pk_graph_run(PkGraph *graph, PkNodeId target, gboolean sources_only, GError **error);
/* pk_graph_cancel(graph, 0), as a PkCancelFunc. */
void pk_graph_cancel_all(PkGraph *graph);

/* plot-defaults.c: the one column classifier of the starter graph and of default plot specs. */
typedef enum {
    PK_COL_CLASS_OTHER, /* unplottable types, and numbers that look like row ids */
    PK_COL_CLASS_NUMBER,
    PK_COL_CLASS_TIME,
    PK_COL_CLASS_TEXT,
} PkColClass;
/* The class of a column from its name and DuckDB type name. */
PkColClass pk_graph_classify_column(const char *name, const char *type);

G_END_DECLS
