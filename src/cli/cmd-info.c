/* cmd-info.c — `pika info`: versions of Pika-Plot and the libraries it runs on.
 *
 *   Pika-Plot  0.1.0
 *   DuckDB     v1.4.4
 *   GLib       2.74.6
 *   Cairo      1.16.0
 *
 *   Compute    cpu: CPU (2 threads) [in use]
 *              vulkan: llvmpipe (LLVM 15.0.6, 256 bits), a CPU device
 *              (a note on why the policy's backend is not in use, when it is not)
 *
 * With --json: {"pika":"0.1.0","duckdb":"v1.4.4","glib":"2.74.6","cairo":"1.16.0",
 * "compute":{"policy":"auto","active":"cpu","note":null,"devices":[{"backend":"cpu",
 * "device":"CPU (2 threads)","gpu":false,"memory_bytes":...},...]}}, keys in that order; a
 * library the build lacks is left out. Versions are those loaded at run time, not those
 * compiled against. The compute policy follows PIKA_COMPUTE (auto by default). */
#include "cli-private.h"

#ifdef PIKA_CLI_HAVE_DATA
#include "pika/data.h"
#endif
#ifdef PIKA_CLI_HAVE_RENDER
#include "pika/render-kit.h"
#endif
#include "pika/compute.h"

typedef struct {
    const char *key;
    const char *label;
    char *value;
} InfoItem;

static GArray *collect_items(void) {
    GArray *items = g_array_new(FALSE, FALSE, sizeof(InfoItem));
    InfoItem item = {"pika", "Pika-Plot", g_strdup(PIKA_VERSION)};
    g_array_append_val(items, item);
#ifdef PIKA_CLI_HAVE_DATA
    item = (InfoItem){"duckdb", "DuckDB", NULL};
    if (pk_data_check_version(NULL)) {
        item.value = g_strdup(pk_data_library_version());
    } else {
        item.value = g_strdup_printf("%s (this build expects %s)", pk_data_library_version(),
                                     PK_DATA_DUCKDB_VERSION);
    }
    g_array_append_val(items, item);
#endif
    item = (InfoItem){
        "glib", "GLib",
        g_strdup_printf("%u.%u.%u", glib_major_version, glib_minor_version, glib_micro_version)};
    g_array_append_val(items, item);
#ifdef PIKA_CLI_HAVE_RENDER
    item = (InfoItem){"cairo", "Cairo", g_strdup(pk_render_cairo_version())};
    g_array_append_val(items, item);
#endif
    return items;
}

static const char *policy_name(PkComputePolicy policy) {
    switch (policy) {
    case PK_COMPUTE_POLICY_CPU:
        return "cpu";
    case PK_COMPUTE_POLICY_VULKAN:
        return "vulkan";
    case PK_COMPUTE_POLICY_CPU_REFERENCE:
        return "cpu-reference";
    case PK_COMPUTE_POLICY_AUTO:
        break;
    }
    return "auto";
}

static const char *device_kind(const PkComputeCaps *caps) {
    if (caps->is_gpu) {
        return caps->device_type == PK_DEVICE_TYPE_DISCRETE_GPU ? "a discrete GPU" : "a GPU";
    }
    return caps->device_type == PK_DEVICE_TYPE_CPU ? "a CPU device" : "not a GPU";
}

/* The compute backends as text lines (indented after the first) or as a JSON object. */
static void append_compute(GString *out, gboolean json) {
    PkComputePolicy policy = pk_compute_policy_from_env(PK_COMPUTE_POLICY_AUTO);
    g_autoptr(GError) error = NULL;
    PkCompute *compute = pk_compute_new(policy, &error);
    if (compute == NULL) {
        g_string_append_printf(out, json ? ",\"compute\":null" : "Compute    %s\n", error->message);
        return;
    }
    const PkComputeCaps *active = pk_compute_get_caps(compute);
    const char *note = pk_compute_get_probe_note(compute);
    GPtrArray *backends = pk_compute_list_backends(compute);
    if (json) {
        g_string_append_printf(out,
                               ",\"compute\":{\"policy\":\"%s\",\"active\":", policy_name(policy));
        pk_cli_json_append_string(out, active->backend);
        g_string_append(out, ",\"note\":");
        if (note != NULL) {
            pk_cli_json_append_string(out, note);
        } else {
            g_string_append(out, "null");
        }
        g_string_append(out, ",\"devices\":[");
    }
    for (guint i = 0; i < backends->len; i++) {
        const PkComputeCaps *caps = g_ptr_array_index(backends, i);
        gboolean in_use = g_strcmp0(caps->backend, active->backend) == 0;
        if (json) {
            g_string_append(out, i > 0 ? ",{\"backend\":" : "{\"backend\":");
            pk_cli_json_append_string(out, caps->backend);
            g_string_append(out, ",\"device\":");
            pk_cli_json_append_string(out, caps->device_name);
            g_string_append_printf(
                out, ",\"gpu\":%s,\"memory_bytes\":%" G_GUINT64_FORMAT ",\"in_use\":%s}",
                caps->is_gpu ? "true" : "false", caps->memory_size, in_use ? "true" : "false");
        } else {
            g_string_append_printf(out, "%-10s %s: %s, %s%s\n", i == 0 ? "Compute" : "",
                                   caps->backend, caps->device_name, device_kind(caps),
                                   in_use ? " [in use]" : "");
        }
    }
    if (json) {
        g_string_append(out, "]}");
    } else if (note != NULL) {
        g_string_append_printf(out, "%-10s %s\n", "", note);
    }
    g_ptr_array_unref(backends);
    pk_compute_free(compute);
}

static void print_items(const GArray *items, gboolean json) {
    GString *out = g_string_new(json ? "{" : "");
    for (guint i = 0; i < items->len; i++) {
        const InfoItem *item = &g_array_index(items, InfoItem, i);
        if (json) {
            g_string_append(out, i > 0 ? "," : "");
            pk_cli_json_append_string(out, item->key);
            g_string_append_c(out, ':');
            pk_cli_json_append_string(out, item->value);
        } else {
            g_string_append_printf(out, "%-10s %s\n", item->label, item->value);
        }
    }
    append_compute(out, json);
    g_string_append(out, json ? "}\n" : "");
    fputs(out->str, stdout);
    g_string_free(out, TRUE);
}

int pk_cli_cmd_info(int argc, char **argv) {
    const char *cmd = "info";
    gboolean json = FALSE;
    const GOptionEntry entries[] = {
        {"json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL},
        G_OPTION_ENTRY_NULL,
    };
    GOptionContext *context = pk_cli_context_new(
        cmd, "- print versions and compute devices",
        "Prints the versions of Pika-Plot, DuckDB, GLib and Cairo, and the compute devices\n"
        "found (PIKA_COMPUTE=auto|cpu|vulkan chooses among them).",
        entries);
    int status = pk_cli_parse(context, cmd, &argc, &argv);
    if (status < 0 && argc > 1) {
        status = pk_cli_usage_error(cmd, "unexpected argument '%s'", argv[1]);
    }
    if (status < 0) {
        GArray *items = collect_items();
        print_items(items, json);
        for (guint i = 0; i < items->len; i++) {
            g_free(g_array_index(items, InfoItem, i).value);
        }
        g_array_unref(items);
        status = PK_CLI_EXIT_OK;
    }
    g_option_context_free(context);
    return status;
}
