/* graph-test-util.h — helpers the graph tests share. */
#pragma once

#include "pika/graph.h"

/* {key: value} as a vardict of one string. */
GVariant *graph_test_params1(const char *key, const char *value);
/* Adds a node, asserting that it was added. */
PkNodeId graph_test_add(PkGraph *graph, PkNodeKind kind, const char *name, GVariant *params);
