/* graph-test-util.c — helpers the graph tests share (see graph-test-util.h). */
#include "graph-test-util.h"

GVariant *graph_test_params1(const char *key, const char *value) {
    GVariantBuilder b;
    g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add(&b, "{sv}", key, g_variant_new_string(value));
    return g_variant_builder_end(&b);
}

PkNodeId graph_test_add(PkGraph *graph, PkNodeKind kind, const char *name, GVariant *params) {
    g_autoptr(GError) error = NULL;
    PkNodeId id = pk_graph_add_node(graph, kind, name, params, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(id, >, 0);
    return id;
}
