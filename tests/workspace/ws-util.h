/* ws-util.h — helpers shared by the workspace tests: a graph over an in-memory database, the
 * committed fixtures, and scratch folders under the temp folder. */
#pragma once

#include "pika/data.h"
#include "pika/workspace.h"

#include <glib.h>

typedef struct {
    PkDb *db;
    PkGraph *graph;
} WsGraph;

/* An empty graph whose base_dir is base_dir (NULL = the fixtures folder). */
void ws_graph_init(WsGraph *g, const char *base_dir);
void ws_graph_clear(WsGraph *g);

/* The path of a committed fixture (tests/workspace/fixtures/NAME). New string. */
char *ws_fixture(const char *name);
/* A new scratch folder; ws_rmdir removes it and what it holds (one level). */
char *ws_tmpdir(void);
void ws_rmdir(const char *dir);
/* The whole file as a string (asserts it can be read). */
char *ws_read(const char *path, gsize *out_len);

/* Loads a fixture into a fresh graph and asserts it fails with code and a message containing
 * every NULL-terminated fragment and the fixture's name. Returns the message for more checks
 * (free it). */
char *ws_expect_failure(const char *fixture, int code, ...) G_GNUC_NULL_TERMINATED;
