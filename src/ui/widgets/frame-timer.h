/* frame-timer.h — a widget's frame times from its frame clock, and the frame log.
 *
 * The clock's before-paint stamps the start of a frame; the widget names the kind of frame
 * while it draws its snapshot (pk_frame_timer_drawn); after-paint measures the frame from
 * before-paint to after-paint, only if the widget was drawn in it, reports it to the owner and,
 * with PIKA_FRAME_LOG=path in the environment, appends one line to path:
 *     <ms since the last input event> <kind> <frame ms> <snapshot ms>
 * (-1 when there was no event). bench/ui-pan.sh and bench/ui-canvas.sh read these lines. */
#pragma once

#include <gtk/gtk.h>
#include <stdio.h>

G_BEGIN_DECLS

/* Called after each frame the widget was drawn in. */
typedef void (*PkFrameTimerFunc)(gpointer owner, const char *kind, double frame_ms);

typedef struct {
    FILE *log; /* PIKA_FRAME_LOG, or NULL */
    GdkFrameClock *clock;
    gulong before_id, after_id;
    gint64 paint_start_us, last_event_us;
    const char *kind;             /* set while drawing this frame; NULL: not drawn */
    double frame_ms, snapshot_ms; /* the last frame, and its snapshot (the widget's drawing) */
    PkFrameTimerFunc on_frame;
    gpointer owner;
} PkFrameTimer;

/* Opens the log when PIKA_FRAME_LOG is set; on_frame may be NULL. */
void pk_frame_timer_init(PkFrameTimer *timer, PkFrameTimerFunc on_frame, gpointer owner);
void pk_frame_timer_clear(PkFrameTimer *timer);
/* From the widget's realize and unrealize: follows its frame clock. */
void pk_frame_timer_attach(PkFrameTimer *timer, GtkWidget *widget);
void pk_frame_timer_detach(PkFrameTimer *timer);
/* At the end of the widget's snapshot, begun at snapshot_start_us: names this frame. */
void pk_frame_timer_drawn(PkFrameTimer *timer, const char *kind, gint64 snapshot_start_us);
/* An input event moved what the widget shows (the log's times count from the last one). */
void pk_frame_timer_event(PkFrameTimer *timer);
/* Appends a line of the owner's own ("worker 12.3 45.6") to the log, if there is one. */
void pk_frame_timer_note(PkFrameTimer *timer, const char *format, ...) G_GNUC_PRINTF(2, 3);

G_END_DECLS
