/* device.c — the Vulkan backend object: device choice, capabilities, pipelines, the vtable.
 *
 * Device choice: discrete GPU > integrated > virtual > CPU (lavapipe) > other, the first of
 * the best type with a compute queue. Every operation needs shaderFloat64 (coordinates stay
 * doubles on the device) and 64-bit buffer atomics (counters, min/max keys); a device without
 * them still probes, but supports() refuses everything and the CPU answers.
 * One queue, one command buffer, one fence and one descriptor set (16 storage buffers) serve
 * every request; the front end serialises calls into a backend. */
#include "vk-private.h"

#include <string.h>

static int pk_vk_type_rank(VkPhysicalDeviceType type) {
    switch (type) {
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU:
        return 4;
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU:
        return 3;
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU:
        return 2;
    case VK_PHYSICAL_DEVICE_TYPE_CPU:
        return 1;
    default:
        return 0;
    }
}

static gboolean pk_vk_find_queue(PkBackend *be, VkPhysicalDevice device, guint32 *out_family) {
    guint32 n = 0;
    gboolean found = FALSE;
    be->fn.vkGetPhysicalDeviceQueueFamilyProperties(device, &n, NULL);
    VkQueueFamilyProperties *families = g_new0(VkQueueFamilyProperties, MAX(n, 1));
    be->fn.vkGetPhysicalDeviceQueueFamilyProperties(device, &n, families);
    /* Prefer a compute-only family (asynchronous compute), else any with compute. */
    for (int pass = 0; pass < 2 && !found; pass++) {
        for (guint32 i = 0; i < n && !found; i++) {
            VkQueueFlags flags = families[i].queueFlags;
            gboolean compute = (flags & VK_QUEUE_COMPUTE_BIT) != 0;
            gboolean graphics = (flags & VK_QUEUE_GRAPHICS_BIT) != 0;
            if (compute && (pass == 1 || !graphics)) {
                *out_family = i;
                found = TRUE;
            }
        }
    }
    if (found) {
        be->has_timestamps = families[*out_family].timestampValidBits > 0;
    }
    g_free(families);
    return found;
}

static gboolean pk_vk_pick_physical(PkBackend *be, GError **error) {
    guint32 n = 0;
    VkResult result = be->fn.vkEnumeratePhysicalDevices(be->instance, &n, NULL);
    if (result != VK_SUCCESS || n == 0) {
        g_set_error(error, PK_ERROR, PK_ERROR_UNSUPPORTED, "no Vulkan device (%s)",
                    result != VK_SUCCESS ? pk_vk_result_name(result) : "none found");
        return FALSE;
    }
    VkPhysicalDevice *devices = g_new0(VkPhysicalDevice, n);
    be->fn.vkEnumeratePhysicalDevices(be->instance, &n, devices);
    int best_rank = -1;
    for (guint32 i = 0; i < n; i++) {
        VkPhysicalDeviceProperties props;
        guint32 family = 0;
        be->fn.vkGetPhysicalDeviceProperties(devices[i], &props);
        int rank = pk_vk_type_rank(props.deviceType);
        if (props.apiVersion >= VK_API_VERSION_1_2 && rank > best_rank &&
            pk_vk_find_queue(be, devices[i], &family)) {
            best_rank = rank;
            be->physical = devices[i];
            be->props = props;
            be->queue_family = family;
        }
    }
    g_free(devices);
    if (best_rank < 0) {
        g_set_error(error, PK_ERROR, PK_ERROR_UNSUPPORTED,
                    "no Vulkan 1.2 device with a compute queue");
        return FALSE;
    }
    pk_vk_find_queue(be, be->physical, &be->queue_family);
    return TRUE;
}

static gboolean pk_vk_create_logical(PkBackend *be, GError **error) {
    VkPhysicalDeviceVulkan12Features f12 = {
        .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES};
    VkPhysicalDeviceFeatures2 f2 = {.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2,
                                    .pNext = &f12};
    be->fn.vkGetPhysicalDeviceFeatures2(be->physical, &f2);
    be->has_float64 = f2.features.shaderFloat64 && f2.features.shaderInt64;
    be->has_int64_atomics = f12.shaderBufferInt64Atomics;

    VkPhysicalDeviceVulkan12Features want12 = {
        .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES,
        .shaderBufferInt64Atomics = be->has_int64_atomics,
        .shaderSharedInt64Atomics = f12.shaderSharedInt64Atomics};
    VkPhysicalDeviceFeatures2 want = {.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2,
                                      .pNext = &want12};
    want.features.shaderFloat64 = f2.features.shaderFloat64;
    want.features.shaderInt64 = f2.features.shaderInt64;
    float priority = 1.0f;
    VkDeviceQueueCreateInfo queue = {.sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO,
                                     .queueFamilyIndex = be->queue_family,
                                     .queueCount = 1,
                                     .pQueuePriorities = &priority};
    VkDeviceCreateInfo info = {.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO,
                               .pNext = &want,
                               .queueCreateInfoCount = 1,
                               .pQueueCreateInfos = &queue};
    VkResult result = be->fn.vkCreateDevice(be->physical, &info, NULL, &be->device);
    if (result != VK_SUCCESS) {
        be->device = VK_NULL_HANDLE;
        g_set_error(error, PK_ERROR, PK_ERROR_UNSUPPORTED, "vkCreateDevice failed: %s",
                    pk_vk_result_name(result));
        return FALSE;
    }
    if (!pk_vk_load_device_fns(be, error)) {
        return FALSE;
    }
    be->fn.vkGetDeviceQueue(be->device, be->queue_family, 0, &be->queue);
    return TRUE;
}

/* Tuning, overridable for benchmarks: PIKA_VULKAN_ROWS_PER_THREAD (1..32),
 * PIKA_VULKAN_SHARED_GROUPS (workgroups of the privatised variant), PIKA_VULKAN_GENERIC_GROUPS
 * (most workgroups of the generic bin2d kernel, 0 = one per tile), PIKA_VULKAN_DEDICATED=0. */
static guint32 pk_vk_env_uint(const char *name, guint32 fallback, guint32 lo, guint32 hi) {
    const char *text = g_getenv(name);
    guint64 value = text != NULL ? g_ascii_strtoull(text, NULL, 10) : fallback;
    return (guint32)CLAMP(value, lo, hi);
}

static void pk_vk_read_tuning(PkBackend *be) {
    be->rows_per_thread =
        pk_vk_env_uint("PIKA_VULKAN_ROWS_PER_THREAD", PK_VK_ROWS_PER_THREAD, 1, 32);
    be->shared_groups = pk_vk_env_uint("PIKA_VULKAN_SHARED_GROUPS", 512, 1, PK_VK_MAX_GROUPS);
    be->generic_groups = pk_vk_env_uint("PIKA_VULKAN_GENERIC_GROUPS", 0, 0, 1u << 24);
    be->dedicated = pk_vk_env_uint("PIKA_VULKAN_DEDICATED", 1, 0, 1) != 0;
    /* 2 = where they pay (the default), 0 = never, 1 = wherever the grid's shape allows */
    be->banded = (gint)pk_vk_env_uint("PIKA_VULKAN_BANDED", 2, 0, 2);
    be->banded = be->banded == 2 ? -1 : be->banded;
    be->band_groups = pk_vk_env_uint("PIKA_VULKAN_BAND_GROUPS", 1024, 1, PK_VK_MAX_GROUPS);
    /* 32 at most: a tile's offsets are 16 bits */
    be->band_rows_per_thread =
        pk_vk_env_uint("PIKA_VULKAN_BAND_ROWS_PER_THREAD", PK_VK_BAND_ROWS_PER_THREAD, 1, 32);
}

/* M4 pre-reduces its atomics within a subgroup: it needs vote, ballot and arithmetic ops in
 * compute shaders (Vulkan 1.1 subgroup properties). */
static void pk_vk_read_subgroups(PkBackend *be) {
    VkPhysicalDeviceSubgroupProperties sub = {
        .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_PROPERTIES};
    VkPhysicalDeviceProperties2 props = {.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2,
                                         .pNext = &sub};
    be->fn.vkGetPhysicalDeviceProperties2(be->physical, &props);
    VkSubgroupFeatureFlags want = VK_SUBGROUP_FEATURE_BASIC_BIT | VK_SUBGROUP_FEATURE_VOTE_BIT |
                                  VK_SUBGROUP_FEATURE_ARITHMETIC_BIT;
    be->has_subgroup_ops = (sub.supportedStages & VK_SHADER_STAGE_COMPUTE_BIT) != 0 &&
                           (sub.supportedOperations & want) == want;
}

static void pk_vk_fill_caps(PkBackend *be) {
    const VkPhysicalDeviceLimits *limits = &be->props.limits;
    be->fn.vkGetPhysicalDeviceMemoryProperties(be->physical, &be->memory_props);
    guint64 heap = 0;
    for (guint32 i = 0; i < be->memory_props.memoryHeapCount; i++) {
        if (be->memory_props.memoryHeaps[i].flags & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT) {
            heap = MAX(heap, be->memory_props.memoryHeaps[i].size);
        }
    }
    g_strlcpy(be->device_name, be->props.deviceName, sizeof be->device_name);
    PkComputeCaps *caps = &be->caps;
    caps->backend = "vulkan";
    caps->device_name = be->device_name;
    switch (be->props.deviceType) {
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU:
        caps->device_type = PK_DEVICE_TYPE_DISCRETE_GPU;
        break;
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU:
        caps->device_type = PK_DEVICE_TYPE_INTEGRATED_GPU;
        break;
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU:
        caps->device_type = PK_DEVICE_TYPE_VIRTUAL_GPU;
        break;
    case VK_PHYSICAL_DEVICE_TYPE_CPU:
        caps->device_type = PK_DEVICE_TYPE_CPU;
        break;
    default:
        caps->device_type = PK_DEVICE_TYPE_OTHER;
        break;
    }
    caps->is_gpu =
        caps->device_type != PK_DEVICE_TYPE_CPU && caps->device_type != PK_DEVICE_TYPE_OTHER;
    caps->memory_size = heap;
    caps->memory_cap = heap / 10 * 7;
    be->memory_cap = caps->memory_cap;
    caps->max_buffer_size = limits->maxStorageBufferRange;
    caps->max_grid_width = MIN(PK_COMPUTE_MAX_GRID_SIDE, limits->maxStorageBufferRange / 4);
    caps->max_grid_height = caps->max_grid_width;
    caps->workgroup_size = PK_VK_WORKGROUP;
    caps->n_threads = 0;
    /* Resident columns are stored in power-of-two row blocks that one binding can address. */
    guint64 rows =
        MIN((guint64)limits->maxStorageBufferRange / sizeof(double), (guint64)PK_VK_MAX_CHUNK_ROWS);
    be->resident_chunk_rows = PK_VK_MIN_CHUNK_ROWS;
    while ((guint64)be->resident_chunk_rows * 2 <= rows) {
        be->resident_chunk_rows *= 2;
    }
    be->shared_bins = MIN(limits->maxComputeSharedMemorySize / 4 - 16, 65536u);
    pk_vk_read_tuning(be);
    pk_vk_read_subgroups(be);
}

static gboolean pk_vk_create_layout(PkBackend *be, GError **error) {
    VkDescriptorSetLayoutBinding bindings[PK_VK_N_BINDINGS];
    for (guint i = 0; i < PK_VK_N_BINDINGS; i++) {
        bindings[i] =
            (VkDescriptorSetLayoutBinding){.binding = i,
                                           .descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
                                           .descriptorCount = 1,
                                           .stageFlags = VK_SHADER_STAGE_COMPUTE_BIT};
    }
    VkDescriptorSetLayoutCreateInfo set_info = {
        .sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO,
        .bindingCount = PK_VK_N_BINDINGS,
        .pBindings = bindings};
    VkResult result =
        be->fn.vkCreateDescriptorSetLayout(be->device, &set_info, NULL, &be->set_layout);
    VkPushConstantRange range = {VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof(PkVkPush)};
    VkPipelineLayoutCreateInfo layout_info = {.sType =
                                                  VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO,
                                              .setLayoutCount = 1,
                                              .pSetLayouts = &be->set_layout,
                                              .pushConstantRangeCount = 1,
                                              .pPushConstantRanges = &range};
    if (result == VK_SUCCESS) {
        result =
            be->fn.vkCreatePipelineLayout(be->device, &layout_info, NULL, &be->pipeline_layout);
    }
    VkDescriptorPoolSize pool_size = {VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, PK_VK_N_BINDINGS};
    VkDescriptorPoolCreateInfo pool_info = {.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO,
                                            .maxSets = 1,
                                            .poolSizeCount = 1,
                                            .pPoolSizes = &pool_size};
    if (result == VK_SUCCESS) {
        result = be->fn.vkCreateDescriptorPool(be->device, &pool_info, NULL, &be->descriptor_pool);
    }
    VkDescriptorSetAllocateInfo alloc = {.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO,
                                         .descriptorPool = be->descriptor_pool,
                                         .descriptorSetCount = 1,
                                         .pSetLayouts = &be->set_layout};
    if (result == VK_SUCCESS) {
        result = be->fn.vkAllocateDescriptorSets(be->device, &alloc, &be->descriptor_set);
    }
    if (result != VK_SUCCESS) {
        pk_vk_set_error(be, error, result, "descriptor setup");
        return FALSE;
    }
    return TRUE;
}

static gboolean pk_vk_create_pipeline(PkBackend *be, PkVkPipe pipe, GError **error) {
    gsize size = 0;
    const guint32 *code = pk_vk_shader_code(pipe, &size);
    VkShaderModuleCreateInfo module_info = {
        .sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO, .codeSize = size, .pCode = code};
    VkShaderModule module = VK_NULL_HANDLE;
    VkResult result = be->fn.vkCreateShaderModule(be->device, &module_info, NULL, &module);
    if (result != VK_SUCCESS) {
        pk_vk_set_error(be, error, result, "vkCreateShaderModule");
        return FALSE;
    }
    gboolean band = pipe == PK_VK_PIPE_BAND_SORT || pipe == PK_VK_PIPE_BAND_COUNT;
    guint32 constants[3] = {be->shared_bins, band ? be->band_rows_per_thread : be->rows_per_thread,
                            pipe == PK_VK_PIPE_BIN2D_COUNTS ? 1u : 0u};
    VkSpecializationMapEntry entries[3] = {
        {0, 0, sizeof(guint32)}, {1, 4, sizeof(guint32)}, {2, 8, sizeof(guint32)}};
    VkSpecializationInfo spec = {3, entries, sizeof constants, constants};
    VkComputePipelineCreateInfo info = {
        .sType = VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO,
        .stage = {.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO,
                  .stage = VK_SHADER_STAGE_COMPUTE_BIT,
                  .module = module,
                  .pName = "main",
                  .pSpecializationInfo = &spec},
        .layout = be->pipeline_layout};
    result = be->fn.vkCreateComputePipelines(be->device, VK_NULL_HANDLE, 1, &info, NULL,
                                             &be->pipelines[pipe]);
    be->fn.vkDestroyShaderModule(be->device, module, NULL);
    if (result != VK_SUCCESS) {
        be->pipelines[pipe] = VK_NULL_HANDLE;
        pk_vk_set_error(be, error, result, "vkCreateComputePipelines");
        return FALSE;
    }
    return TRUE;
}

static gboolean pk_vk_create_commands(PkBackend *be, GError **error) {
    VkCommandPoolCreateInfo pool_info = {.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO,
                                         .flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT,
                                         .queueFamilyIndex = be->queue_family};
    VkResult result = be->fn.vkCreateCommandPool(be->device, &pool_info, NULL, &be->command_pool);
    VkCommandBufferAllocateInfo alloc = {.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO,
                                         .commandPool = be->command_pool,
                                         .level = VK_COMMAND_BUFFER_LEVEL_PRIMARY,
                                         .commandBufferCount = 1};
    if (result == VK_SUCCESS) {
        result = be->fn.vkAllocateCommandBuffers(be->device, &alloc, &be->command_buffer);
    }
    VkFenceCreateInfo fence_info = {.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
    if (result == VK_SUCCESS) {
        result = be->fn.vkCreateFence(be->device, &fence_info, NULL, &be->fence);
    }
    VkQueryPoolCreateInfo query_info = {.sType = VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO,
                                        .queryType = VK_QUERY_TYPE_TIMESTAMP,
                                        .queryCount = 2};
    if (result == VK_SUCCESS && be->has_timestamps) {
        result = be->fn.vkCreateQueryPool(be->device, &query_info, NULL, &be->query_pool);
    }
    if (result != VK_SUCCESS) {
        pk_vk_set_error(be, error, result, "command setup");
        return FALSE;
    }
    return TRUE;
}

gboolean pk_vk_device_create(PkBackend *be, GError **error) {
    if (!pk_vk_pick_physical(be, error) || !pk_vk_create_logical(be, error)) {
        return FALSE;
    }
    pk_vk_fill_caps(be);
    be->healthy = TRUE;
    if (!pk_vk_create_layout(be, error) || !pk_vk_create_commands(be, error) ||
        !pk_vk_buffer_init(be, &be->dummy, 256, FALSE, error)) {
        return FALSE;
    }
    if (!be->has_float64 || !be->has_int64_atomics) {
        g_message("vulkan: %s lacks shaderFloat64 or 64-bit atomics; the CPU answers",
                  be->device_name);
    }
    return TRUE;
}

gboolean pk_vk_ensure_pipeline(PkBackend *be, PkVkPipe pipe, GError **error) {
    return be->pipelines[pipe] != VK_NULL_HANDLE || pk_vk_create_pipeline(be, pipe, error);
}

void pk_vk_device_destroy(PkBackend *be) {
    PkVkFns *fn = &be->fn;
    if (be->device != VK_NULL_HANDLE) {
        fn->vkDeviceWaitIdle(be->device);
        for (int p = 0; p < PK_VK_N_PIPES; p++) {
            if (be->pipelines[p] != VK_NULL_HANDLE) {
                fn->vkDestroyPipeline(be->device, be->pipelines[p], NULL);
            }
        }
        pk_vk_buffer_clear(be, &be->dummy);
        for (int s = 0; s < PK_VK_N_OUTPUTS; s++) {
            pk_vk_buffer_clear(be, &be->output_cache[s]);
        }
        pk_vk_buffer_clear(be, &be->readback_cache);
        if (be->query_pool != VK_NULL_HANDLE) {
            fn->vkDestroyQueryPool(be->device, be->query_pool, NULL);
        }
        if (be->fence != VK_NULL_HANDLE) {
            fn->vkDestroyFence(be->device, be->fence, NULL);
        }
        if (be->command_pool != VK_NULL_HANDLE) {
            fn->vkDestroyCommandPool(be->device, be->command_pool, NULL);
        }
        if (be->descriptor_pool != VK_NULL_HANDLE) {
            fn->vkDestroyDescriptorPool(be->device, be->descriptor_pool, NULL);
        }
        if (be->pipeline_layout != VK_NULL_HANDLE) {
            fn->vkDestroyPipelineLayout(be->device, be->pipeline_layout, NULL);
        }
        if (be->set_layout != VK_NULL_HANDLE) {
            fn->vkDestroyDescriptorSetLayout(be->device, be->set_layout, NULL);
        }
        fn->vkDestroyDevice(be->device, NULL);
    }
    if (be->instance != VK_NULL_HANDLE) {
        fn->vkDestroyInstance(be->instance, NULL);
    }
}
