/* frame-timer.c — a widget's frame times and the frame log (see frame-timer.h). */
#include "frame-timer.h"

#include <stdarg.h>

void pk_frame_timer_init(PkFrameTimer *timer, PkFrameTimerFunc on_frame, gpointer owner) {
    *timer = (PkFrameTimer){.on_frame = on_frame, .owner = owner};
    const char *path = g_getenv("PIKA_FRAME_LOG");
    if (path != NULL && *path != '\0') {
        timer->log = fopen(path, "a");
    }
}

void pk_frame_timer_clear(PkFrameTimer *timer) {
    pk_frame_timer_detach(timer);
    g_clear_pointer(&timer->log, fclose);
}

static void on_before_paint(GdkFrameClock *clock, PkFrameTimer *timer) {
    (void)clock;
    timer->paint_start_us = g_get_monotonic_time();
    timer->kind = NULL;
}

static void on_after_paint(GdkFrameClock *clock, PkFrameTimer *timer) {
    (void)clock;
    const char *kind = timer->kind;
    if (kind == NULL) {
        return; /* the widget was not drawn in this frame */
    }
    timer->kind = NULL;
    gint64 now = g_get_monotonic_time();
    timer->frame_ms = (double)(now - timer->paint_start_us) / 1000.0;
    if (timer->log != NULL) {
        double since =
            timer->last_event_us > 0 ? (double)(now - timer->last_event_us) / 1000.0 : -1.0;
        fprintf(timer->log, "%.3f %s %.3f %.3f\n", since, kind, timer->frame_ms,
                timer->snapshot_ms);
        fflush(timer->log);
    }
    if (timer->on_frame != NULL) {
        timer->on_frame(timer->owner, kind, timer->frame_ms);
    }
}

void pk_frame_timer_attach(PkFrameTimer *timer, GtkWidget *widget) {
    pk_frame_timer_detach(timer);
    timer->clock = g_object_ref(gtk_widget_get_frame_clock(widget));
    timer->before_id =
        g_signal_connect(timer->clock, "before-paint", G_CALLBACK(on_before_paint), timer);
    timer->after_id =
        g_signal_connect(timer->clock, "after-paint", G_CALLBACK(on_after_paint), timer);
}

void pk_frame_timer_detach(PkFrameTimer *timer) {
    if (timer->clock != NULL) {
        g_clear_signal_handler(&timer->before_id, timer->clock);
        g_clear_signal_handler(&timer->after_id, timer->clock);
        g_clear_object(&timer->clock);
    }
}

void pk_frame_timer_drawn(PkFrameTimer *timer, const char *kind, gint64 snapshot_start_us) {
    timer->kind = kind;
    timer->snapshot_ms = (double)(g_get_monotonic_time() - snapshot_start_us) / 1000.0;
}

void pk_frame_timer_event(PkFrameTimer *timer) {
    timer->last_event_us = g_get_monotonic_time();
}

void pk_frame_timer_note(PkFrameTimer *timer, const char *format, ...) {
    if (timer->log == NULL) {
        return;
    }
    va_list args;
    va_start(args, format);
    vfprintf(timer->log, format, args);
    va_end(args);
    fputc('\n', timer->log);
    fflush(timer->log);
}
