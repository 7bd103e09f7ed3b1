/* vk-private.h — internals shared by the files of the Vulkan compute backend.
 *
 * The backend never links libvulkan: loader.c opens it at run time and fills PkVkFns, a table
 * of entry points listed once in the X-macros below. device.c owns the PkBackend (instance,
 * device, queue, one command buffer, one descriptor set, the pipelines); memory.c buffers,
 * staging uploads and submission; dataset.c device-resident columns; run.c the chunked
 * request runner every operation goes through; ops-*.c the operations.
 *
 * Invariants: every request is a sequence of chunks, each one submission waited on with a
 * fence, so the single descriptor set and command buffer are reused between chunks; chunk row
 * counts are powers of two of at least PK_VK_MIN_CHUNK_ROWS, so resident and streamed chunks
 * line up and every bound offset is aligned. Once the device is lost, healthy stays FALSE. */
#pragma once

#ifndef VK_NO_PROTOTYPES
#define VK_NO_PROTOTYPES
#endif
#include <vulkan/vulkan.h>

#include "backend.h"
#include "pika/error.h"
#include "platform.h"

G_BEGIN_DECLS

#define PK_VK_MIN_CHUNK_ROWS 4096u
#define PK_VK_MAX_CHUNK_ROWS (1u << 28)
#define PK_VK_WORKGROUP 256u
#define PK_VK_MAX_GROUPS 65535u
#define PK_VK_DEDICATED_MIN (64u << 20) /* device buffers this large get their own memory */
#define PK_VK_ROWS_PER_THREAD 8u        /* bin2d rows per invocation (specialisation constant) */
#define PK_VK_BAND_ROWS_PER_CELL 4u     /* banded counts from this many rows per grid cell */
#define PK_VK_BAND_ROWS_PER_THREAD 16u  /* banded counts' sort pass: rows per invocation */

/* Descriptor bindings shared by every shader (see shaders/common.glsl). */
enum {
    PK_VK_B_X,
    PK_VK_B_Y,
    PK_VK_B_VALUE,
    PK_VK_B_CAT,
    PK_VK_B_SEL_X,
    PK_VK_B_SEL_Y,
    PK_VK_B_SEL_CAT,
    PK_VK_N_INPUTS,                /* column inputs: bindings 0..6 */
    PK_VK_B_MASK = PK_VK_N_INPUTS, /* 7: selection mask words (per request) */
    PK_VK_B_POLY,                  /* 8: polygon vertices (per request) */
    PK_VK_B_CATSET,                /* 9: category set, 8 uints (per request) */
    PK_VK_B_OUT0,                  /* 10..15: outputs */
    PK_VK_N_BINDINGS = PK_VK_B_OUT0 + 6,
};
#define PK_VK_N_OUTPUTS 6

typedef enum {
    PK_VK_PIPE_BIN2D,
    PK_VK_PIPE_BIN2D_SHARED,
    PK_VK_PIPE_BIN2D_COUNTS, /* bin2d.comp specialised for counts only (no flags) */
    PK_VK_PIPE_BAND_SORT,    /* banded counts, pass 1: rows sorted by grid band per tile */
    PK_VK_PIPE_BAND_COUNT,   /* banded counts, pass 2: one band per workgroup in shared memory */
    PK_VK_PIPE_M4,
    PK_VK_PIPE_STATS,
    PK_VK_PIPE_MASK,
    PK_VK_N_PIPES,
} PkVkPipe;

/* bin2d flags (push constant `flags`). */
#define PK_VK_F_SEL 1u
#define PK_VK_F_CAT 2u
#define PK_VK_F_REP 4u
#define PK_VK_F_MIN 8u
#define PK_VK_F_MAX 16u
#define PK_VK_F_VALUE 32u

/* Push constants, std430 layout, 120 bytes (the guaranteed minimum is 128). */
typedef struct {
    double ox, oy;             /* viewport origin (x0, y0) */
    double bx0, bx1, by0, by1; /* BOX predicate */
    float sx, sy;              /* bin scales, the formula's s */
    guint32 w, h;              /* grid size */
    guint32 n;                 /* rows in this chunk */
    guint32 row_base;          /* first row of this chunk */
    guint32 flags;
    guint32 n_categories;
    guint32 n_vertices;
    guint32 pred_kind; /* PkPredicateKind */
    guint32 pass;      /* M4: 0 extrema, 1 rows */
    guint32 pad;
    double hx, hy;     /* viewport upper edges (x1, y1) */
    guint32 band_rows; /* banded counts: grid rows per band */
    guint32 n_bands;
} PkVkPush;

#define PK_VK_GLOBAL_FNS(X)                                                                        \
    X(vkCreateInstance)                                                                            \
    X(vkEnumerateInstanceLayerProperties)                                                          \
    X(vkEnumerateInstanceVersion)

#define PK_VK_INSTANCE_FNS(X)                                                                      \
    X(vkDestroyInstance)                                                                           \
    X(vkEnumeratePhysicalDevices)                                                                  \
    X(vkGetPhysicalDeviceProperties)                                                               \
    X(vkGetPhysicalDeviceFeatures2)                                                                \
    X(vkGetPhysicalDeviceMemoryProperties)                                                         \
    X(vkGetPhysicalDeviceProperties2)                                                              \
    X(vkGetPhysicalDeviceQueueFamilyProperties)                                                    \
    X(vkCreateDevice)                                                                              \
    X(vkGetDeviceProcAddr)

#define PK_VK_DEVICE_FNS(X)                                                                        \
    X(vkDestroyDevice)                                                                             \
    X(vkGetDeviceQueue)                                                                            \
    X(vkCreateBuffer)                                                                              \
    X(vkDestroyBuffer)                                                                             \
    X(vkGetBufferMemoryRequirements)                                                               \
    X(vkAllocateMemory)                                                                            \
    X(vkFreeMemory)                                                                                \
    X(vkBindBufferMemory)                                                                          \
    X(vkMapMemory)                                                                                 \
    X(vkUnmapMemory)                                                                               \
    X(vkCreateShaderModule)                                                                        \
    X(vkDestroyShaderModule)                                                                       \
    X(vkCreateDescriptorSetLayout)                                                                 \
    X(vkDestroyDescriptorSetLayout)                                                                \
    X(vkCreatePipelineLayout)                                                                      \
    X(vkDestroyPipelineLayout)                                                                     \
    X(vkCreateComputePipelines)                                                                    \
    X(vkDestroyPipeline)                                                                           \
    X(vkCreateDescriptorPool)                                                                      \
    X(vkDestroyDescriptorPool)                                                                     \
    X(vkAllocateDescriptorSets)                                                                    \
    X(vkUpdateDescriptorSets)                                                                      \
    X(vkCreateCommandPool)                                                                         \
    X(vkDestroyCommandPool)                                                                        \
    X(vkAllocateCommandBuffers)                                                                    \
    X(vkBeginCommandBuffer)                                                                        \
    X(vkEndCommandBuffer)                                                                          \
    X(vkResetCommandBuffer)                                                                        \
    X(vkCmdBindPipeline)                                                                           \
    X(vkCmdBindDescriptorSets)                                                                     \
    X(vkCmdPushConstants)                                                                          \
    X(vkCmdDispatch)                                                                               \
    X(vkCmdPipelineBarrier)                                                                        \
    X(vkCmdFillBuffer)                                                                             \
    X(vkCmdCopyBuffer)                                                                             \
    X(vkCreateFence)                                                                               \
    X(vkDestroyFence)                                                                              \
    X(vkResetFences)                                                                               \
    X(vkWaitForFences)                                                                             \
    X(vkQueueSubmit)                                                                               \
    X(vkDeviceWaitIdle)                                                                            \
    X(vkCreateQueryPool)                                                                           \
    X(vkDestroyQueryPool)                                                                          \
    X(vkCmdWriteTimestamp)                                                                         \
    X(vkCmdResetQueryPool)                                                                         \
    X(vkGetQueryPoolResults)

#define PK_VK_DECLARE_FN(name) PFN_##name name;
typedef struct {
    PkPlatformLibrary *library; /* never closed (see pk_vk_loader_close) */
    PFN_vkGetInstanceProcAddr vkGetInstanceProcAddr;
    PK_VK_GLOBAL_FNS(PK_VK_DECLARE_FN)
    PK_VK_INSTANCE_FNS(PK_VK_DECLARE_FN)
    PK_VK_DEVICE_FNS(PK_VK_DECLARE_FN)
} PkVkFns;
#undef PK_VK_DECLARE_FN

typedef struct {
    VkBuffer buffer;
    VkDeviceMemory memory;
    VkDeviceSize size;
    void *mapped; /* non-NULL for host-visible buffers (persistently mapped) */
} PkVkBuffer;

struct PkBackend {
    PkVkFns fn;
    VkInstance instance;
    VkPhysicalDevice physical;
    VkDevice device;
    VkQueue queue;
    guint32 queue_family;
    VkPhysicalDeviceProperties props;
    VkPhysicalDeviceMemoryProperties memory_props;
    gboolean has_float64, has_int64_atomics, has_timestamps, has_subgroup_ops;
    PkComputeCaps caps;
    char device_name[VK_MAX_PHYSICAL_DEVICE_NAME_SIZE];
    VkCommandPool command_pool;
    VkCommandBuffer command_buffer;
    VkFence fence;
    VkDescriptorSetLayout set_layout;
    VkPipelineLayout pipeline_layout;
    VkDescriptorPool descriptor_pool;
    VkDescriptorSet descriptor_set;
    VkPipeline pipelines[PK_VK_N_PIPES];
    guint shared_bins; /* bins the privatised bin2d variant holds in shared memory */
    VkQueryPool query_pool;
    PkVkBuffer dummy; /* bound to every unused binding */
    /* Output slots and the readback buffer, kept between requests at the largest size seen
     * (runs borrow them; pk_vk_device_destroy frees them). */
    PkVkBuffer output_cache[PK_VK_N_OUTPUTS];
    PkVkBuffer readback_cache;
    gboolean healthy;
    gint inject_countdown; /* chunks until an injected loss; -1 = none */
    guint64 memory_cap;
    guint64 resident_size;       /* bytes of resident columns over all datasets */
    guint32 resident_chunk_rows; /* rows per resident column buffer (a power of two) */
    gboolean force_generic;      /* test/bench hook: never use the privatised variant */
    gboolean dedicated;          /* big device buffers get a dedicated allocation */
    guint32 rows_per_thread;     /* bin2d rows per invocation */
    guint32 shared_groups;       /* workgroups of the privatised bin2d variant */
    guint32 generic_groups;      /* most workgroups of the generic bin2d kernel; 0 = a tile each */
    gint banded;         /* banded counts: -1 where they pay, 0 never, 1 wherever possible */
    guint32 band_groups; /* workgroups the banded count pass aims for */
    guint32 band_rows_per_thread; /* the banded sort pass's rows per invocation */
    double last_gpu_ms;           /* dispatch time of the last request, from timestamps */
    PkVkPipe last_pipe;           /* the (first) pipeline of the last pass run, for tests */
};

/* loader.c */
gboolean pk_vk_loader_open(PkVkFns *fn, GError **error);
void pk_vk_loader_close(PkVkFns *fn);
gboolean pk_vk_instance_create(PkBackend *be, GError **error);
gboolean pk_vk_load_device_fns(PkBackend *be, GError **error);
const char *pk_vk_result_name(VkResult result);
/* Sets PK_ERROR_DEVICE "<what>: <VkResult name>"; marks the backend lost on DEVICE_LOST. */
void pk_vk_set_error(PkBackend *be, GError **error, VkResult result, const char *what);

/* device.c */
gboolean pk_vk_device_create(PkBackend *be, GError **error);
/* Compiles pipe's pipeline unless it was already: pipelines are made on first use, so that a
 * program that never runs an operation on the device (auto on a CPU device such as lavapipe,
 * or an operation the device does not support) never compiles its shaders. */
gboolean pk_vk_ensure_pipeline(PkBackend *be, PkVkPipe pipe, GError **error);
void pk_vk_device_destroy(PkBackend *be);

/* memory.c */
gboolean pk_vk_buffer_init(PkBackend *be, PkVkBuffer *buffer, VkDeviceSize size,
                           gboolean host_visible, GError **error);
void pk_vk_buffer_clear(PkBackend *be, PkVkBuffer *buffer);
gboolean pk_vk_begin(PkBackend *be, GError **error);
/* Ends the command buffer, submits it and waits. counts_as_chunk: the injected loss counts it. */
gboolean pk_vk_submit_wait(PkBackend *be, gboolean counts_as_chunk, GError **error);
/* Copies size bytes from host memory into dst at dst_offset through a staging buffer. */
gboolean pk_vk_upload(PkBackend *be, const void *src, gsize size, PkVkBuffer *dst,
                      VkDeviceSize dst_offset, GError **error);
void pk_vk_barrier(PkBackend *be, VkPipelineStageFlags src, VkAccessFlags src_access,
                   VkPipelineStageFlags dst, VkAccessFlags dst_access);

/* dataset.c */
typedef struct PkVkDataset PkVkDataset;
gpointer pk_vk_dataset_new(PkBackend *be, gsize n_rows);
gboolean pk_vk_dataset_upload(PkBackend *be, gpointer state, const PkBackendData *data,
                              GError **error);
void pk_vk_dataset_free(PkBackend *be, gpointer state);
/* The resident buffer holding row `row` of column `column`, or NULL when it streams;
 * *out_offset is the byte offset of that row in it. */
PkVkBuffer *pk_vk_dataset_get_resident(PkVkDataset *ds, guint column, gsize row,
                                       VkDeviceSize *out_offset);
/* Rows per resident block: streamed chunks never straddle one. */
guint32 pk_vk_dataset_get_block_rows(const PkVkDataset *ds);

/* run.c: one request as a sequence of chunks. */
typedef struct {
    PkBackend *be;
    PkVkDataset *ds;
    const PkBackendData *data;
    gint columns[PK_VK_N_INPUTS];        /* column index per input binding, -1 = unused */
    PkVkBuffer streams[PK_VK_N_INPUTS];  /* host-visible chunk buffers of streamed columns */
    PkVkBuffer mask, poly, catset;       /* predicate data, per request */
    PkVkBuffer outputs[PK_VK_N_OUTPUTS]; /* device buffers, bindings 10..15 */
    guint32 fills[PK_VK_N_OUTPUTS];      /* 32-bit pattern each output starts with */
    PkVkBuffer readback;                 /* host copy of every output, back to back */
    VkDeviceSize readback_offsets[PK_VK_N_OUTPUTS];
    guint32 scratch;     /* bit per output slot: device-only, no fill or readback */
    PkVkPipe then;       /* a second pipeline run after the first on each chunk,
                          * or PK_VK_N_PIPES */
    guint32 then_groups; /* its workgroups */
    guint32 chunk_rows;
    gsize n_rows;
} PkVkRun;

/* Prepares a run: columns[] names the inputs, predicate (NULL = none) its data. */
gboolean pk_vk_run_init(PkVkRun *run, PkBackend *be, gpointer state, const PkBackendData *data,
                        const gint *columns, const PkPredicate *predicate, GError **error);
/* Adds output slot (0..5) of size bytes, starting filled with the 32-bit pattern fill. */
gboolean pk_vk_run_add_output(PkVkRun *run, guint slot, VkDeviceSize size, guint32 fill,
                              GError **error);
/* Adds output slot (0..5) as scratch of size bytes: written and read by the shaders only. */
gboolean pk_vk_run_add_scratch(PkVkRun *run, guint slot, VkDeviceSize size, GError **error);
/* Runs pipeline over every chunk (then run->then, if set, on the same chunk).
 * first: fill outputs before; last: read outputs back after. */
gboolean pk_vk_run_pass(PkVkRun *run, PkVkPipe pipe, PkVkPush *push, gboolean first, gboolean last,
                        PkCancel *cancel, GError **error);
/* Host pointer to output slot's contents after the last pass. */
const void *pk_vk_run_get_output(PkVkRun *run, guint slot);
void pk_vk_run_clear(PkVkRun *run);
/* Device bytes of outputs plus streaming for a request. */
guint64 pk_vk_run_estimate(PkBackend *be, guint64 output_size, guint n_inputs, gsize n_rows);

/* Ordered 64-bit keys of doubles (as the shaders compute them) and back. */
guint64 pk_vk_key_from_double(double v);
double pk_vk_key_to_double(guint64 key);
void pk_vk_fill_predicate_push(PkVkPush *push, const PkPredicate *predicate);
void pk_vk_predicate_columns(const PkPredicate *predicate, gint *columns);
/* (float)((double)n / (hi - lo)) */
float pk_vk_scale(guint n, double lo, double hi);

/* ops-bin2d.c, ops-other.c */
gboolean pk_vk_bin2d(PkBackend *be, gpointer state, const PkBackendData *data,
                     const PkBin2dRequest *request, PkGrid *out, PkCancel *cancel, GError **error);
gboolean pk_vk_hist1d(PkBackend *be, gpointer state, const PkBackendData *data,
                      const PkHist1dRequest *request, PkHistogram *out, PkCancel *cancel,
                      GError **error);
gboolean pk_vk_bin2d_supported(PkBackend *be, const PkBin2dRequest *request);
guint64 pk_vk_bin2d_estimate(PkBackend *be, const PkBin2dRequest *request, gsize n_rows);
gboolean pk_vk_stats(PkBackend *be, gpointer state, const PkBackendData *data, guint column,
                     PkRangeStats *out, PkCancel *cancel, GError **error);
gboolean pk_vk_m4(PkBackend *be, gpointer state, const PkBackendData *data,
                  const PkM4Request *request, PkM4 *out, PkCancel *cancel, GError **error);
gboolean pk_vk_mask(PkBackend *be, gpointer state, const PkBackendData *data,
                    const PkPredicate *predicate, PkMask *out, PkCancel *cancel, GError **error);

/* shaders.c */
const guint32 *pk_vk_shader_code(PkVkPipe pipe, gsize *out_size);

/* Test and benchmark hooks (not part of the vtable). */
void pk_vk_set_resident_chunk_rows(PkBackend *be, guint32 rows);
void pk_vk_set_force_generic(PkBackend *be, gboolean force);
void pk_vk_set_banded(PkBackend *be, gint mode); /* -1 where they pay, 0 never, 1 always */
double pk_vk_get_last_gpu_ms(PkBackend *be);

G_END_DECLS
