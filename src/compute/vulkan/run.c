/* run.c — one request as a sequence of chunks.
 *
 * A run binds up to 7 input columns, the predicate's data and up to 6 outputs, then runs a
 * pipeline over the rows chunk by chunk (chunk_rows rows, a power of two dividing the
 * dataset's resident block, so a chunk never straddles a block):
 *
 *   chunk k:  [fill outputs (first chunk of a first pass)] -> barrier -> dispatch over rows
 *             [k*R, min((k+1)*R, n)) -> [barrier -> dispatch run->then over the same chunk]
 *             -> [copy outputs to readback (last chunk, last pass)] -> submit, wait;
 *             cancellation is checked before each chunk.
 *
 * Scratch outputs (pk_vk_run_add_scratch) pass data from the first pipeline to the second:
 * they are bound like outputs but neither filled nor read back.
 *
 * Resident columns are bound at an offset into their block; the others stream: the chunk is
 * copied into a host-visible buffer the shader reads directly. The chunk size shrinks (by
 * halves, down to PK_VK_MIN_CHUNK_ROWS) until streamed chunks fit in what the memory cap
 * leaves after resident columns and outputs. The readback buffer holds every output back to
 * back, 8-byte aligned. Outputs and the readback buffer are borrowed from the backend, which
 * keeps them between requests and only grows them: no fresh placement per request. */
#include "vk-private.h"

#include <string.h>

static gsize pk_vk_elem_size(const PkBackendColumn *col) {
    return col->doubles != NULL ? sizeof(double) : sizeof(guint32);
}

static gboolean pk_vk_run_choose_chunk(PkVkRun *run, guint64 output_size, GError **error) {
    PkBackend *be = run->be;
    guint64 row_size = 0;
    VkDeviceSize offset = 0;
    run->chunk_rows = pk_vk_dataset_get_block_rows(run->ds);
    for (guint b = 0; b < PK_VK_N_INPUTS; b++) {
        if (run->columns[b] >= 0 &&
            pk_vk_dataset_get_resident(run->ds, (guint)run->columns[b], 0, &offset) == NULL) {
            row_size += pk_vk_elem_size(&run->data->columns[run->columns[b]]);
        }
    }
    guint64 used = be->resident_size + output_size;
    guint64 budget = be->memory_cap > used ? be->memory_cap - used : 0;
    while (run->chunk_rows > PK_VK_MIN_CHUNK_ROWS && row_size * run->chunk_rows > budget) {
        run->chunk_rows /= 2;
    }
    for (guint b = 0; b < PK_VK_N_INPUTS; b++) {
        if (run->columns[b] < 0 ||
            pk_vk_dataset_get_resident(run->ds, (guint)run->columns[b], 0, &offset) != NULL) {
            continue;
        }
        gsize rows = MIN((gsize)run->chunk_rows, MAX(run->n_rows, 1));
        gsize size = rows * pk_vk_elem_size(&run->data->columns[run->columns[b]]);
        if (!pk_vk_buffer_init(be, &run->streams[b], size, TRUE, error)) {
            return FALSE;
        }
    }
    return TRUE;
}

static gboolean pk_vk_run_predicate(PkVkRun *run, const PkPredicate *pred, GError **error) {
    PkBackend *be = run->be;
    if (pred == NULL) {
        return TRUE;
    }
    if (pred->kind == PK_PREDICATE_MASK) {
        gsize size = (run->n_rows + 63) / 64 * sizeof(guint64);
        if (!pk_vk_buffer_init(be, &run->mask, size, TRUE, error)) {
            return FALSE;
        }
        memcpy(run->mask.mapped, pred->mask, size);
    } else if (pred->kind == PK_PREDICATE_POLYGON && pred->n_vertices > 0) {
        gsize size = (gsize)pred->n_vertices * 2 * sizeof(double);
        if (!pk_vk_buffer_init(be, &run->poly, size, TRUE, error)) {
            return FALSE;
        }
        memcpy(run->poly.mapped, pred->polygon, size);
    } else if (pred->kind == PK_PREDICATE_CATEGORIES) {
        if (!pk_vk_buffer_init(be, &run->catset, 4 * sizeof(guint64), TRUE, error)) {
            return FALSE;
        }
        memcpy(run->catset.mapped, pred->category_set, 4 * sizeof(guint64));
    }
    return TRUE;
}

gboolean pk_vk_run_init(PkVkRun *run, PkBackend *be, gpointer state, const PkBackendData *data,
                        const gint *columns, const PkPredicate *predicate, GError **error) {
    memset(run, 0, sizeof *run);
    run->be = be;
    run->ds = state;
    run->data = data;
    run->n_rows = data->n_rows;
    memcpy(run->columns, columns, sizeof run->columns);
    run->then = PK_VK_N_PIPES;
    be->last_gpu_ms = 0.0;
    if (!be->healthy) {
        g_set_error(error, PK_ERROR, PK_ERROR_DEVICE, "the Vulkan device was lost earlier");
        return FALSE;
    }
    return pk_vk_dataset_upload(be, state, data, error) &&
           pk_vk_run_predicate(run, predicate, error);
}

/* Borrows cache (grown to size bytes first if smaller) into *out, whose size is then size. */
static gboolean pk_vk_borrow(PkBackend *be, PkVkBuffer *cache, VkDeviceSize size,
                             gboolean host_visible, PkVkBuffer *out, GError **error) {
    if (cache->buffer == VK_NULL_HANDLE || cache->size < size) {
        pk_vk_buffer_clear(be, cache);
        if (!pk_vk_buffer_init(be, cache, size, host_visible, error)) {
            return FALSE;
        }
    }
    *out = *cache;
    out->size = size;
    return TRUE;
}

gboolean pk_vk_run_add_output(PkVkRun *run, guint slot, VkDeviceSize size, guint32 fill,
                              GError **error) {
    g_assert(slot < PK_VK_N_OUTPUTS && size % 4 == 0);
    run->fills[slot] = fill;
    return pk_vk_borrow(run->be, &run->be->output_cache[slot], size, FALSE, &run->outputs[slot],
                        error);
}

gboolean pk_vk_run_add_scratch(PkVkRun *run, guint slot, VkDeviceSize size, GError **error) {
    run->scratch |= 1u << slot;
    return pk_vk_run_add_output(run, slot, size, 0, error);
}

/* An output the host fills and reads back (not scratch). */
static gboolean pk_vk_run_is_result(const PkVkRun *run, guint slot) {
    return run->outputs[slot].buffer != VK_NULL_HANDLE && (run->scratch & (1u << slot)) == 0;
}

static VkDescriptorBufferInfo pk_vk_info(PkVkBuffer *buffer, VkDeviceSize offset,
                                         VkDeviceSize range) {
    return (VkDescriptorBufferInfo){buffer->buffer, offset, range};
}

static void pk_vk_run_bind(PkVkRun *run, gsize row0, gsize rows) {
    PkBackend *be = run->be;
    VkDescriptorBufferInfo infos[PK_VK_N_BINDINGS];
    VkWriteDescriptorSet writes[PK_VK_N_BINDINGS];
    for (guint b = 0; b < PK_VK_N_BINDINGS; b++) {
        infos[b] = pk_vk_info(&be->dummy, 0, VK_WHOLE_SIZE);
    }
    for (guint b = 0; b < PK_VK_N_INPUTS && rows > 0; b++) {
        if (run->columns[b] < 0) {
            continue;
        }
        const PkBackendColumn *col = &run->data->columns[run->columns[b]];
        gsize elem = pk_vk_elem_size(col);
        VkDeviceSize offset = 0;
        PkVkBuffer *res =
            pk_vk_dataset_get_resident(run->ds, (guint)run->columns[b], row0, &offset);
        if (res != NULL) {
            infos[b] = pk_vk_info(res, offset, rows * elem);
        } else {
            const char *src =
                col->doubles != NULL ? (const char *)col->doubles : (const char *)col->codes;
            memcpy(run->streams[b].mapped, src + row0 * elem, rows * elem);
            infos[b] = pk_vk_info(&run->streams[b], 0, rows * elem);
        }
    }
    if (run->mask.buffer != VK_NULL_HANDLE && rows > 0) {
        infos[PK_VK_B_MASK] = pk_vk_info(&run->mask, row0 / 8, (rows + 63) / 64 * 8);
    }
    if (run->poly.buffer != VK_NULL_HANDLE) {
        infos[PK_VK_B_POLY] = pk_vk_info(&run->poly, 0, VK_WHOLE_SIZE);
    }
    if (run->catset.buffer != VK_NULL_HANDLE) {
        infos[PK_VK_B_CATSET] = pk_vk_info(&run->catset, 0, VK_WHOLE_SIZE);
    }
    for (guint s = 0; s < PK_VK_N_OUTPUTS; s++) {
        if (run->outputs[s].buffer != VK_NULL_HANDLE) {
            infos[PK_VK_B_OUT0 + s] = pk_vk_info(&run->outputs[s], 0, run->outputs[s].size);
        }
    }
    for (guint b = 0; b < PK_VK_N_BINDINGS; b++) {
        writes[b] = (VkWriteDescriptorSet){.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET,
                                           .dstSet = be->descriptor_set,
                                           .dstBinding = b,
                                           .descriptorCount = 1,
                                           .descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
                                           .pBufferInfo = &infos[b]};
    }
    be->fn.vkUpdateDescriptorSets(be->device, PK_VK_N_BINDINGS, writes, 0, NULL);
}

/* Workgroups of a tiled kernel as a 2-D grid: one per tile of 256 * rows_per_thread rows, or
 * at most cap (0 = no cap; the workgroups then loop over several tiles). */
static void pk_vk_groups_2d(gsize rows, guint32 rows_per_thread, guint32 cap, guint32 *out_x,
                            guint32 *out_y) {
    gsize tile = (gsize)PK_VK_WORKGROUP * rows_per_thread;
    gsize groups = (rows + tile - 1) / tile;
    if (cap != 0) {
        groups = MIN(groups, cap);
    }
    *out_x = (guint32)MIN(groups, PK_VK_MAX_GROUPS);
    *out_y = (guint32)((groups + *out_x - 1) / *out_x);
}

static guint32 pk_vk_groups(PkBackend *be, PkVkPipe pipe, gsize rows) {
    gsize items = pipe == PK_VK_PIPE_MASK ? (rows + 63) / 64 : rows;
    gsize groups = (items + PK_VK_WORKGROUP - 1) / PK_VK_WORKGROUP;
    /* The privatised variant flushes its whole grid once per group: few, long-lived groups,
     * each at least 64 tiles of rows where there are that many. */
    gsize limit = pipe == PK_VK_PIPE_BIN2D_SHARED ? be->shared_groups : PK_VK_MAX_GROUPS;
    if (pipe == PK_VK_PIPE_BIN2D_SHARED) {
        groups = (groups + 64 * be->rows_per_thread - 1) / (64 * be->rows_per_thread);
    }
    return (guint32)MAX(MIN(groups, limit), 1);
}

static void pk_vk_run_record_fills(PkVkRun *run) {
    PkBackend *be = run->be;
    for (guint s = 0; s < PK_VK_N_OUTPUTS; s++) {
        if (pk_vk_run_is_result(run, s)) {
            be->fn.vkCmdFillBuffer(be->command_buffer, run->outputs[s].buffer, 0,
                                   run->outputs[s].size, run->fills[s]);
        }
    }
}

static gboolean pk_vk_run_record_readback(PkVkRun *run, GError **error) {
    PkBackend *be = run->be;
    VkDeviceSize total = 0;
    for (guint s = 0; s < PK_VK_N_OUTPUTS; s++) {
        run->readback_offsets[s] = total;
        total += pk_vk_run_is_result(run, s) ? (run->outputs[s].size + 7) / 8 * 8 : 0;
    }
    if (!pk_vk_borrow(be, &be->readback_cache, total, TRUE, &run->readback, error)) {
        return FALSE;
    }
    pk_vk_barrier(be, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_WRITE_BIT,
                  VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_READ_BIT);
    for (guint s = 0; s < PK_VK_N_OUTPUTS; s++) {
        if (pk_vk_run_is_result(run, s)) {
            VkBufferCopy region = {0, run->readback_offsets[s], run->outputs[s].size};
            be->fn.vkCmdCopyBuffer(be->command_buffer, run->outputs[s].buffer, run->readback.buffer,
                                   1, &region);
        }
    }
    pk_vk_barrier(be, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
                  VK_PIPELINE_STAGE_HOST_BIT, VK_ACCESS_HOST_READ_BIT);
    return TRUE;
}

static void pk_vk_run_read_time(PkBackend *be) {
    guint64 stamps[2];
    if (be->query_pool == VK_NULL_HANDLE ||
        be->fn.vkGetQueryPoolResults(be->device, be->query_pool, 0, 2, sizeof stamps, stamps,
                                     sizeof stamps[0], VK_QUERY_RESULT_64_BIT) != VK_SUCCESS) {
        return;
    }
    be->last_gpu_ms += (double)(stamps[1] - stamps[0]) * be->props.limits.timestampPeriod * 1e-6;
}

static gboolean pk_vk_run_chunk(PkVkRun *run, PkVkPipe pipe, PkVkPush *push, gsize row0, gsize rows,
                                gboolean fill, gboolean readback, GError **error) {
    PkBackend *be = run->be;
    VkCommandBuffer cmd = be->command_buffer;
    pk_vk_run_bind(run, row0, rows);
    if (!pk_vk_begin(be, error)) {
        return FALSE;
    }
    if (fill) {
        pk_vk_run_record_fills(run);
    }
    pk_vk_barrier(be, VK_PIPELINE_STAGE_TRANSFER_BIT | VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
                  VK_ACCESS_TRANSFER_WRITE_BIT | VK_ACCESS_SHADER_WRITE_BIT,
                  VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
                  VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT);
    push->n = (guint32)rows;
    push->row_base = (guint32)row0;
    if (be->query_pool != VK_NULL_HANDLE) {
        be->fn.vkCmdResetQueryPool(cmd, be->query_pool, 0, 2);
        be->fn.vkCmdWriteTimestamp(cmd, VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, be->query_pool, 0);
    }
    be->fn.vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, be->pipelines[pipe]);
    be->fn.vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, be->pipeline_layout, 0, 1,
                                   &be->descriptor_set, 0, NULL);
    be->fn.vkCmdPushConstants(cmd, be->pipeline_layout, VK_SHADER_STAGE_COMPUTE_BIT, 0,
                              sizeof *push, push);
    if (rows > 0 && (pipe == PK_VK_PIPE_BIN2D || pipe == PK_VK_PIPE_BIN2D_COUNTS)) {
        guint32 gx, gy;
        pk_vk_groups_2d(rows, be->rows_per_thread, be->generic_groups, &gx, &gy);
        be->fn.vkCmdDispatch(cmd, gx, gy, 1);
    } else if (rows > 0 && pipe == PK_VK_PIPE_BAND_SORT) {
        guint32 gx, gy; /* exactly one workgroup per tile */
        pk_vk_groups_2d(rows, be->band_rows_per_thread, 0, &gx, &gy);
        be->fn.vkCmdDispatch(cmd, gx, gy, 1);
    } else if (rows > 0) {
        be->fn.vkCmdDispatch(cmd, pk_vk_groups(be, pipe, rows), 1, 1);
    }
    if (rows > 0 && run->then != PK_VK_N_PIPES) {
        pk_vk_barrier(be, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_WRITE_BIT,
                      VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
                      VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT);
        be->fn.vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, be->pipelines[run->then]);
        be->fn.vkCmdDispatch(cmd, run->then_groups, 1, 1);
    }
    if (be->query_pool != VK_NULL_HANDLE) {
        be->fn.vkCmdWriteTimestamp(cmd, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, be->query_pool, 1);
    }
    if (readback && !pk_vk_run_record_readback(run, error)) {
        be->fn.vkEndCommandBuffer(cmd);
        return FALSE;
    }
    if (!pk_vk_submit_wait(be, TRUE, error)) {
        return FALSE;
    }
    pk_vk_run_read_time(be);
    return TRUE;
}

gboolean pk_vk_run_pass(PkVkRun *run, PkVkPipe pipe, PkVkPush *push, gboolean first, gboolean last,
                        PkCancel *cancel, GError **error) {
    if (!pk_vk_ensure_pipeline(run->be, pipe, error) ||
        (run->then != PK_VK_N_PIPES && !pk_vk_ensure_pipeline(run->be, run->then, error))) {
        return FALSE;
    }
    guint64 output_size = 0;
    for (guint s = 0; s < PK_VK_N_OUTPUTS; s++) {
        output_size += run->outputs[s].size;
    }
    if (run->chunk_rows == 0 && !pk_vk_run_choose_chunk(run, output_size, error)) {
        return FALSE;
    }
    gsize n_chunks = MAX((run->n_rows + run->chunk_rows - 1) / run->chunk_rows, 1);
    run->be->last_pipe = pipe;
    for (gsize k = 0; k < n_chunks; k++) {
        if (pk_cancel_set_error_if_requested(cancel, error)) {
            return FALSE;
        }
        gsize row0 = k * run->chunk_rows;
        gsize rows = run->n_rows > row0 ? MIN(run->chunk_rows, run->n_rows - row0) : 0;
        if (!pk_vk_run_chunk(run, pipe, push, row0, rows, first && k == 0,
                             last && k == n_chunks - 1, error)) {
            return FALSE;
        }
    }
    return TRUE;
}

const void *pk_vk_run_get_output(PkVkRun *run, guint slot) {
    g_assert(run->readback.mapped != NULL && run->outputs[slot].buffer != VK_NULL_HANDLE);
    return (const char *)run->readback.mapped + run->readback_offsets[slot];
}

void pk_vk_run_clear(PkVkRun *run) {
    PkBackend *be = run->be;
    for (guint b = 0; b < PK_VK_N_INPUTS; b++) {
        pk_vk_buffer_clear(be, &run->streams[b]);
    }
    pk_vk_buffer_clear(be, &run->mask);
    pk_vk_buffer_clear(be, &run->poly);
    pk_vk_buffer_clear(be, &run->catset);
    /* Outputs and readback are borrowed: the backend keeps them. */
    memset(run->outputs, 0, sizeof run->outputs);
    memset(&run->readback, 0, sizeof run->readback);
}

guint64 pk_vk_run_estimate(PkBackend *be, guint64 output_size, guint n_inputs, gsize n_rows) {
    return output_size + (guint64)n_inputs * MIN(n_rows, (gsize)be->resident_chunk_rows) * 8;
}

guint64 pk_vk_key_from_double(double v) {
    guint64 b;
    memcpy(&b, &v, sizeof b);
    if (b == G_GUINT64_CONSTANT(0x8000000000000000)) {
        b = 0;
    }
    return (b >> 63) != 0 ? ~b : (b | G_GUINT64_CONSTANT(0x8000000000000000));
}

double pk_vk_key_to_double(guint64 key) {
    guint64 b = (key >> 63) != 0 ? (key & ~G_GUINT64_CONSTANT(0x8000000000000000)) : ~key;
    double v;
    memcpy(&v, &b, sizeof v);
    return v;
}

void pk_vk_predicate_columns(const PkPredicate *predicate, gint *columns) {
    if (predicate == NULL) {
        return;
    }
    if (predicate->kind == PK_PREDICATE_BOX || predicate->kind == PK_PREDICATE_POLYGON) {
        columns[PK_VK_B_SEL_X] = (gint)predicate->x_column;
        columns[PK_VK_B_SEL_Y] = (gint)predicate->y_column;
    } else if (predicate->kind == PK_PREDICATE_CATEGORIES) {
        columns[PK_VK_B_SEL_CAT] = (gint)predicate->category_column;
    }
}

void pk_vk_fill_predicate_push(PkVkPush *push, const PkPredicate *predicate) {
    push->pred_kind = predicate != NULL ? (guint32)predicate->kind : 0;
    if (predicate == NULL) {
        return;
    }
    push->bx0 = predicate->x0;
    push->bx1 = predicate->x1;
    push->by0 = predicate->y0;
    push->by1 = predicate->y1;
    push->n_vertices = predicate->kind == PK_PREDICATE_POLYGON ? predicate->n_vertices : 0;
}

float pk_vk_scale(guint n, double lo, double hi) {
    return (float)((double)n / (hi - lo));
}
