/* canvas-input.c — the canvas's pointer, touch and keyboard input.
 *
 * One drag gesture (any button) decides at the press what the drag does, by what is under the
 * pointer: the minimap (move the view there), an output port (connect), a connected input port
 * (move or drop that edge), a card (select it and move the selection), the background (pan;
 * with Shift a selection box). The middle button always pans. A click on the background
 * without moving clears the selection; a double click on a card opens its editor. Scrolling
 * pans, Ctrl+scroll and a pinch zoom around the pointer. Keys: Delete/BackSpace, Ctrl+D,
 * Ctrl+A, Escape, Home, plus/minus. */
#include "canvas-private.h"

#include <math.h>

#define DRAG_THRESHOLD 4.0

static double port_radius(PkCanvas *canvas) {
    return MAX(PK_PORT_R + 4, 9.0 / canvas->zoom);
}

static PkCard *output_port_at(PkCanvas *canvas, double wx, double wy) {
    if (canvas->zoom < PK_ZOOM_TEXT) {
        return NULL;
    }
    double r = port_radius(canvas);
    for (guint i = canvas->cards->len; i-- > 0;) {
        PkCard *card = canvas->cards->pdata[i];
        double x, y;
        pk_canvas_output_pos(card, &x, &y);
        if (card->has_out && fabs(wx - x) <= r && fabs(wy - y) <= r) {
            return card;
        }
    }
    return NULL;
}

gboolean pk_canvas_input_port_at(PkCanvas *canvas, double wx, double wy, PkCard **out_card,
                                 guint *out_port) {
    double r = port_radius(canvas) * 1.5;
    for (guint i = canvas->cards->len; i-- > 0;) {
        PkCard *card = canvas->cards->pdata[i];
        for (guint p = 0; p < card->n_in; p++) {
            double x, y;
            pk_canvas_input_pos(card, p, &x, &y);
            if (fabs(wx - x) <= r && fabs(wy - y) <= r) {
                *out_card = card;
                *out_port = p;
                return TRUE;
            }
        }
    }
    return FALSE;
}

static void minimap_move(PkCanvas *canvas, double x, double y) {
    graphene_rect_t r;
    double scale, ox, oy;
    if (!pk_canvas_minimap_rect(canvas, &r, &scale, &ox, &oy)) {
        return;
    }
    double wx = ox + (x - r.origin.x) / scale, wy = oy + (y - r.origin.y) / scale;
    double w = gtk_widget_get_width(GTK_WIDGET(canvas)) / canvas->zoom;
    double h = gtk_widget_get_height(GTK_WIDGET(canvas)) / canvas->zoom;
    pk_canvas_set_view(canvas, wx - w / 2, wy - h / 2, canvas->zoom);
}

static void remember_origins(PkCanvas *canvas) {
    g_array_set_size(canvas->drag_origin, 0);
    for (guint i = 0; i < canvas->cards->len; i++) {
        PkCard *card = canvas->cards->pdata[i];
        g_array_append_val(canvas->drag_origin, card->x);
        g_array_append_val(canvas->drag_origin, card->y);
    }
}

static void press_card(PkCanvas *canvas, PkCard *card, GdkModifierType mods) {
    if (mods & (GDK_SHIFT_MASK | GDK_CONTROL_MASK)) {
        card->selected = !card->selected || !(mods & GDK_CONTROL_MASK);
        canvas->primary = card->selected ? card->id : canvas->primary;
        pk_canvas_selection_changed(canvas);
    } else if (!card->selected) {
        pk_canvas_select_only(canvas, card);
    } else {
        canvas->primary = card->id;
        pk_canvas_selection_changed(canvas);
    }
    remember_origins(canvas);
    canvas->drag = PK_DRAG_MOVE;
}

/* Button 1 on the canvas: what lies under (x, y) decides the drag. */
static void begin_primary(PkCanvas *canvas, double x, double y, GdkModifierType mods) {
    graphene_rect_t mini;
    double scale, ox, oy, wx, wy;
    if (pk_canvas_minimap_rect(canvas, &mini, &scale, &ox, &oy) &&
        graphene_rect_contains_point(&mini, &GRAPHENE_POINT_INIT((float)x, (float)y))) {
        canvas->drag = PK_DRAG_MINIMAP;
        minimap_move(canvas, x, y);
        return;
    }
    pk_canvas_to_world(canvas, x, y, &wx, &wy);
    PkCard *card = output_port_at(canvas, wx, wy);
    PkCard *in_card = NULL;
    guint in_port = 0;
    if (card != NULL) {
        canvas->drag = PK_DRAG_CONNECT;
        canvas->conn_from = card;
    } else if (canvas->zoom >= PK_ZOOM_TEXT &&
               pk_canvas_input_port_at(canvas, wx, wy, &in_card, &in_port) &&
               in_port < pk_graph_n_inputs(canvas->graph, in_card->id)) {
        canvas->conn_from = g_hash_table_lookup(
            canvas->by_id,
            GUINT_TO_POINTER(pk_graph_get_input(canvas->graph, in_card->id, in_port)));
        canvas->drag = canvas->conn_from != NULL ? PK_DRAG_CONNECT : PK_DRAG_NONE;
        canvas->conn_detached = in_card;
        canvas->conn_detached_port = in_port;
    } else if ((card = pk_canvas_card_at(canvas, wx, wy)) != NULL) {
        press_card(canvas, card, mods);
    } else if (mods & GDK_SHIFT_MASK) {
        canvas->drag = PK_DRAG_BOX;
        canvas->box_x0 = canvas->box_x1 = wx;
        canvas->box_y0 = canvas->box_y1 = wy;
    } else {
        canvas->drag = PK_DRAG_PAN;
    }
}

static void on_drag_begin(GtkGestureDrag *gesture, double x, double y, gpointer data) {
    PkCanvas *canvas = data;
    guint button = gtk_gesture_single_get_current_button(GTK_GESTURE_SINGLE(gesture));
    GdkModifierType mods =
        gtk_event_controller_get_current_event_state(GTK_EVENT_CONTROLLER(gesture));
    gtk_widget_grab_focus(GTK_WIDGET(canvas));
    canvas->press_x = canvas->pointer_x = x;
    canvas->press_y = canvas->pointer_y = y;
    canvas->drag_vx = canvas->vx;
    canvas->drag_vy = canvas->vy;
    canvas->dragged = FALSE;
    canvas->conn_from = canvas->conn_detached = NULL;
    pk_frame_timer_event(&canvas->frames);
    canvas->drag = PK_DRAG_NONE;
    if (button == GDK_BUTTON_MIDDLE) {
        canvas->drag = PK_DRAG_PAN;
    } else if (button == GDK_BUTTON_PRIMARY) {
        begin_primary(canvas, x, y, mods);
    }
    if (canvas->drag == PK_DRAG_NONE) {
        gtk_gesture_set_state(GTK_GESTURE(gesture), GTK_EVENT_SEQUENCE_DENIED);
    }
}

static void update_box(PkCanvas *canvas) {
    double x0 = MIN(canvas->box_x0, canvas->box_x1), x1 = MAX(canvas->box_x0, canvas->box_x1);
    double y0 = MIN(canvas->box_y0, canvas->box_y1), y1 = MAX(canvas->box_y0, canvas->box_y1);
    for (guint i = 0; i < canvas->cards->len; i++) {
        PkCard *card = canvas->cards->pdata[i];
        card->selected =
            card->x < x1 && card->x + card->w > x0 && card->y < y1 && card->y + card->h > y0;
    }
}

static void on_drag_update(GtkGestureDrag *gesture, double dx, double dy, gpointer data) {
    (void)gesture;
    PkCanvas *canvas = data;
    canvas->pointer_x = canvas->press_x + dx;
    canvas->pointer_y = canvas->press_y + dy;
    pk_frame_timer_event(&canvas->frames);
    if (hypot(dx, dy) >= DRAG_THRESHOLD) {
        canvas->dragged = TRUE;
    }
    double z = canvas->zoom;
    switch (canvas->drag) {
    case PK_DRAG_PAN:
        pk_canvas_set_view(canvas, canvas->drag_vx - dx / z, canvas->drag_vy - dy / z, z);
        break;
    case PK_DRAG_MINIMAP:
        minimap_move(canvas, canvas->pointer_x, canvas->pointer_y);
        break;
    case PK_DRAG_MOVE:
        if (!canvas->dragged) {
            break;
        }
        for (guint i = 0; i < canvas->cards->len; i++) {
            PkCard *card = canvas->cards->pdata[i];
            if (card->selected && canvas->drag_origin->len > 2 * i + 1) {
                card->x = round(g_array_index(canvas->drag_origin, double, 2 * i) + dx / z);
                card->y = round(g_array_index(canvas->drag_origin, double, 2 * i + 1) + dy / z);
            }
        }
        canvas->minimap_stale = TRUE;
        gtk_widget_queue_draw(GTK_WIDGET(canvas));
        break;
    case PK_DRAG_BOX:
        pk_canvas_to_world(canvas, canvas->pointer_x, canvas->pointer_y, &canvas->box_x1,
                           &canvas->box_y1);
        update_box(canvas);
        gtk_widget_queue_draw(GTK_WIDGET(canvas));
        break;
    case PK_DRAG_CONNECT:
        gtk_widget_queue_draw(GTK_WIDGET(canvas));
        break;
    case PK_DRAG_NONE:
    default:
        break;
    }
}

static void end_connect(PkCanvas *canvas) {
    if (!canvas->dragged) {
        return; /* a click on a port */
    }
    double wx, wy;
    pk_canvas_to_world(canvas, canvas->pointer_x, canvas->pointer_y, &wx, &wy);
    PkCard *to = NULL;
    guint port = 0;
    if (!pk_canvas_input_port_at(canvas, wx, wy, &to, &port)) {
        to = pk_canvas_card_at(canvas, wx, wy); /* dropped on a card: its first free input */
        if (to != NULL && to->n_in > 0) {
            guint fed = pk_graph_n_inputs(canvas->graph, to->id);
            port = MIN(fed, to->n_in - 1);
        } else {
            to = NULL;
        }
    }
    if (to == NULL && canvas->conn_detached == NULL) {
        return; /* dropped on nothing, from an output: no edit */
    }
    pk_canvas_connect(canvas, canvas->conn_from, to, port);
}

static void on_drag_end(GtkGestureDrag *gesture, double dx, double dy, gpointer data) {
    (void)gesture, (void)dx, (void)dy;
    PkCanvas *canvas = data;
    PkDragMode mode = canvas->drag;
    canvas->drag = PK_DRAG_NONE;
    switch (mode) {
    case PK_DRAG_PAN:
        if (!canvas->dragged) {
            pk_canvas_select_only(canvas, NULL);
        } else {
            pk_canvas_view_changed(canvas);
        }
        break;
    case PK_DRAG_MINIMAP:
        pk_canvas_view_changed(canvas);
        break;
    case PK_DRAG_MOVE:
        if (canvas->dragged) {
            pk_canvas_commit_moves(canvas);
        }
        break;
    case PK_DRAG_BOX:
        pk_canvas_selection_changed(canvas);
        break;
    case PK_DRAG_CONNECT:
        end_connect(canvas);
        break;
    case PK_DRAG_NONE:
    default:
        break;
    }
    canvas->conn_from = canvas->conn_detached = NULL;
    gtk_widget_queue_draw(GTK_WIDGET(canvas));
}

static void on_click(GtkGestureClick *gesture, int n_press, double x, double y, gpointer data) {
    (void)gesture;
    PkCanvas *canvas = data;
    double wx, wy;
    pk_canvas_to_world(canvas, x, y, &wx, &wy);
    PkCard *card = n_press == 2 ? pk_canvas_card_at(canvas, wx, wy) : NULL;
    if (card != NULL && output_port_at(canvas, wx, wy) == NULL) {
        pk_canvas_open_editor(canvas, card->id);
    }
}

static gboolean on_scroll(GtkEventControllerScroll *controller, double dx, double dy,
                          gpointer data) {
    PkCanvas *canvas = data;
    GdkModifierType mods =
        gtk_event_controller_get_current_event_state(GTK_EVENT_CONTROLLER(controller));
    gboolean pixels = gtk_event_controller_scroll_get_unit(controller) == GDK_SCROLL_UNIT_SURFACE;
    pk_frame_timer_event(&canvas->frames);
    if (mods & GDK_CONTROL_MASK) {
        double steps = pixels ? dy / 40.0 : dy;
        pk_canvas_zoom_at(canvas, canvas->pointer_x, canvas->pointer_y, pow(1.15, -steps));
    } else {
        double step = pixels ? 1.0 : 60.0;
        if (mods & GDK_SHIFT_MASK && dx == 0) {
            dx = dy, dy = 0;
        }
        pk_canvas_set_view(canvas, canvas->vx + dx * step / canvas->zoom,
                           canvas->vy + dy * step / canvas->zoom, canvas->zoom);
    }
    pk_canvas_view_changed(canvas);
    return TRUE;
}

static void on_motion(GtkEventControllerMotion *controller, double x, double y, gpointer data) {
    (void)controller;
    PkCanvas *canvas = data;
    canvas->pointer_x = x;
    canvas->pointer_y = y;
}

static void on_pinch_begin(GtkGesture *gesture, GdkEventSequence *sequence, gpointer data) {
    (void)gesture, (void)sequence;
    PkCanvas *canvas = data;
    canvas->pinch_zoom0 = canvas->zoom;
}

static void on_pinch(GtkGestureZoom *gesture, double scale, gpointer data) {
    PkCanvas *canvas = data;
    double cx, cy;
    if (!gtk_gesture_get_bounding_box_center(GTK_GESTURE(gesture), &cx, &cy)) {
        cx = gtk_widget_get_width(GTK_WIDGET(canvas)) / 2.0;
        cy = gtk_widget_get_height(GTK_WIDGET(canvas)) / 2.0;
    }
    pk_frame_timer_event(&canvas->frames);
    pk_canvas_zoom_at(canvas, cx, cy, canvas->pinch_zoom0 * scale / canvas->zoom);
    pk_canvas_view_changed(canvas);
}

static void select_all(PkCanvas *canvas, gboolean on) {
    for (guint i = 0; i < canvas->cards->len; i++) {
        ((PkCard *)canvas->cards->pdata[i])->selected = on;
    }
    pk_canvas_selection_changed(canvas);
}

static gboolean on_key(GtkEventControllerKey *controller, guint keyval, guint keycode,
                       GdkModifierType state, gpointer data) {
    (void)controller, (void)keycode;
    PkCanvas *canvas = data;
    gboolean ctrl = (state & GDK_CONTROL_MASK) != 0;
    double cx = gtk_widget_get_width(GTK_WIDGET(canvas)) / 2.0;
    double cy = gtk_widget_get_height(GTK_WIDGET(canvas)) / 2.0;
    switch (keyval) {
    case GDK_KEY_Delete:
    case GDK_KEY_KP_Delete:
    case GDK_KEY_BackSpace:
        pk_canvas_delete_selected(canvas);
        return TRUE;
    case GDK_KEY_d:
    case GDK_KEY_D:
        if (!ctrl) {
            return FALSE;
        }
        pk_canvas_duplicate_selected(canvas);
        return TRUE;
    case GDK_KEY_a:
        if (!ctrl) {
            return FALSE;
        }
        select_all(canvas, TRUE);
        return TRUE;
    case GDK_KEY_Escape:
        select_all(canvas, FALSE);
        return TRUE;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
        pk_canvas_fit_all(canvas);
        return TRUE;
    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
        pk_canvas_zoom_at(canvas, cx, cy,
                          keyval == GDK_KEY_minus || keyval == GDK_KEY_KP_Subtract ? 0.8 : 1.25);
        pk_canvas_view_changed(canvas);
        return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
        if (canvas->primary == 0) {
            return FALSE;
        }
        pk_canvas_open_editor(canvas, canvas->primary);
        return TRUE;
    default:
        return FALSE;
    }
}

void pk_canvas_input_init(PkCanvas *canvas) {
    GtkWidget *widget = GTK_WIDGET(canvas);
    GtkGesture *drag = gtk_gesture_drag_new();
    gtk_gesture_single_set_button(GTK_GESTURE_SINGLE(drag), 0);
    g_signal_connect(drag, "drag-begin", G_CALLBACK(on_drag_begin), canvas);
    g_signal_connect(drag, "drag-update", G_CALLBACK(on_drag_update), canvas);
    g_signal_connect(drag, "drag-end", G_CALLBACK(on_drag_end), canvas);
    gtk_widget_add_controller(widget, GTK_EVENT_CONTROLLER(drag));
    GtkGesture *click = gtk_gesture_click_new();
    g_signal_connect(click, "pressed", G_CALLBACK(on_click), canvas);
    gtk_widget_add_controller(widget, GTK_EVENT_CONTROLLER(click));
    GtkEventController *scroll =
        gtk_event_controller_scroll_new(GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
    g_signal_connect(scroll, "scroll", G_CALLBACK(on_scroll), canvas);
    gtk_widget_add_controller(widget, scroll);
    GtkEventController *motion = gtk_event_controller_motion_new();
    g_signal_connect(motion, "motion", G_CALLBACK(on_motion), canvas);
    g_signal_connect(motion, "enter", G_CALLBACK(on_motion), canvas);
    gtk_widget_add_controller(widget, motion);
    GtkGesture *pinch = gtk_gesture_zoom_new();
    g_signal_connect(pinch, "begin", G_CALLBACK(on_pinch_begin), canvas);
    g_signal_connect(pinch, "scale-changed", G_CALLBACK(on_pinch), canvas);
    gtk_widget_add_controller(widget, GTK_EVENT_CONTROLLER(pinch));
    GtkEventController *keys = gtk_event_controller_key_new();
    g_signal_connect(keys, "key-pressed", G_CALLBACK(on_key), canvas);
    gtk_widget_add_controller(widget, keys);
}
