/* app.h — PkApp, the application: `pika-plot [WORKSPACE | FILE...]`.
 *
 * Owns the compute engine shared by every window (pk_compute_new with the policy from
 * PIKA_COMPUTE), the style sheet, the theme choice (app.theme: system, light, dark), the
 * About window, the keyboard shortcuts and app.dump-state (Ctrl+Alt+D). A GPU fallback
 * reported by the engine (from a worker) becomes a toast on the active window.
 * Main thread only. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PK_TYPE_APP (pk_app_get_type())
G_DECLARE_FINAL_TYPE(PkApp, pk_app, PK, APP, AdwApplication)

PkApp *pk_app_new(void);

/* Chooses GTK's renderer before the first window, unless GSK_RENDERER says otherwise: on a
 * machine without a GPU (Linux: no render node under /dev/dri) GTK's GL renderer runs in
 * software (llvmpipe), where its Cairo renderer draws our windows several times faster
 * (docs/PERFORMANCE.md, Desktop application), so GSK_RENDERER is set to "cairo". Returns the
 * renderer chosen ("cairo"), or NULL when GTK chooses. Call before gtk_init. */
const char *pk_app_choose_renderer(void);

/* Keeps the large blocks that come and go on every frame (GTK's and Cairo's per-frame
 * surfaces and our frame images, a few MB each) in the heap: by default glibc maps each one
 * afresh and unmaps it when freed, so every frame page-faults through megabytes of new memory
 * (a quarter of a panning frame's time here). Blocks up to 32 MB are reused, and up to 64 MB
 * of free heap stays mapped. Call first thing in main (glibc only; elsewhere nothing). */
void pk_app_tune_memory(void);

/* On X11: keeps one of Cairo's pools of X shared memory alive for the whole session. With the
 * Cairo renderer GTK presents each frame through a Cairo image in X shared memory; Cairo
 * destroys a pool as soon as nothing in it is in use, so every frame made a pool anew and the
 * kernel faulted its pages in afresh, half of a panning frame's time (docs/PERFORMANCE.md).
 * A small image kept in a pool that fits the largest monitor's frame keeps that pool, and its
 * pages, for every frame. Call once the display is open (pika-plot does at start-up);
 * elsewhere and on other backends nothing. */
void pk_app_tune_display(GdkDisplay *display);

/* Runs func(data) on the main thread, then notify(data); callable from any thread. On the main
 * thread inside the main loop it runs at once; anywhere else it is queued as an idle source of
 * the default main context (G_PRIORITY_DEFAULT). Workers hand results to widgets through this,
 * never through g_main_context_invoke: that runs the function in the calling thread whenever
 * it can take the context, which a worker can whenever the main thread is between iterations
 * (tests pumping the loop, start-up, shutdown), and GTK code then ran on the worker, side by
 * side with the main thread: a frame image was freed while GTK still drew it. */
void pk_app_run_on_main(GSourceFunc func, gpointer data, GDestroyNotify notify);

/* Logs a step of the start-up with the time since pk_app_new (g_info: PIKA_LOG=info shows
 * "start +123.4 ms: what"). Any thread. */
void pk_app_mark(const char *what);

G_END_DECLS
