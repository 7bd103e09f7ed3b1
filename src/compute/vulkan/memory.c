/* memory.c — buffers, command recording, submission and staged uploads.
 *
 * Device buffers take device-local memory that is not host-visible where such a type exists
 * (never the BAR window); buffers of PK_VK_DEDICATED_MIN bytes or more get a dedicated
 * allocation (one VkDeviceMemory bound to that buffer alone, core in Vulkan 1.1) unless
 * be->dedicated is FALSE. Host-visible ones (staging, streamed chunks, readback) take
 * host-visible coherent memory, cached where offered, and stay mapped.
 * Every submission is waited on with the backend's fence; an injected device loss is
 * counted down per chunk of work and then behaves like VK_ERROR_DEVICE_LOST. */
#include "vk-private.h"

#include <string.h>

#define PK_VK_STAGING_SIZE (64u << 20)

/* The first type with every `want` flag, preferring one that also has every `nice` flag and
 * none of `avoid`. */
static gint pk_vk_memory_type(PkBackend *be, guint32 type_bits, VkMemoryPropertyFlags want,
                              VkMemoryPropertyFlags nice, VkMemoryPropertyFlags avoid) {
    gint fallback = -1;
    for (guint32 i = 0; i < be->memory_props.memoryTypeCount; i++) {
        VkMemoryPropertyFlags flags = be->memory_props.memoryTypes[i].propertyFlags;
        if ((type_bits & (1u << i)) == 0 || (flags & want) != want) {
            continue;
        }
        if ((flags & nice) == nice && (flags & avoid) == 0) {
            return (gint)i;
        }
        if (fallback < 0) {
            fallback = (gint)i;
        }
    }
    return fallback;
}

gboolean pk_vk_buffer_init(PkBackend *be, PkVkBuffer *buffer, VkDeviceSize size,
                           gboolean host_visible, GError **error) {
    PkVkFns *fn = &be->fn;
    memset(buffer, 0, sizeof *buffer);
    buffer->size = MAX(size, 256);
    VkBufferCreateInfo info = {.sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO,
                               .size = buffer->size,
                               .usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT |
                                        VK_BUFFER_USAGE_TRANSFER_SRC_BIT |
                                        VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                               .sharingMode = VK_SHARING_MODE_EXCLUSIVE};
    VkResult result = fn->vkCreateBuffer(be->device, &info, NULL, &buffer->buffer);
    const char *what = "vkCreateBuffer";
    if (result == VK_SUCCESS) {
        VkMemoryRequirements req;
        fn->vkGetBufferMemoryRequirements(be->device, buffer->buffer, &req);
        VkMemoryPropertyFlags want = host_visible ? VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT |
                                                        VK_MEMORY_PROPERTY_HOST_COHERENT_BIT
                                                  : VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT;
        VkMemoryPropertyFlags nice = host_visible ? VK_MEMORY_PROPERTY_HOST_CACHED_BIT : 0;
        VkMemoryPropertyFlags avoid = host_visible ? 0 : VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT;
        gint type = pk_vk_memory_type(be, req.memoryTypeBits, want, nice, avoid);
        VkMemoryDedicatedAllocateInfo dedicated = {
            .sType = VK_STRUCTURE_TYPE_MEMORY_DEDICATED_ALLOCATE_INFO, .buffer = buffer->buffer};
        gboolean own = !host_visible && be->dedicated && buffer->size >= PK_VK_DEDICATED_MIN;
        VkMemoryAllocateInfo alloc = {.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO,
                                      .pNext = own ? &dedicated : NULL,
                                      .allocationSize = req.size,
                                      .memoryTypeIndex = (guint32)MAX(type, 0)};
        what = "vkAllocateMemory";
        result = type < 0 ? VK_ERROR_FEATURE_NOT_PRESENT
                          : fn->vkAllocateMemory(be->device, &alloc, NULL, &buffer->memory);
    }
    if (result == VK_SUCCESS) {
        what = "vkBindBufferMemory";
        result = fn->vkBindBufferMemory(be->device, buffer->buffer, buffer->memory, 0);
    }
    if (result == VK_SUCCESS && host_visible) {
        what = "vkMapMemory";
        result = fn->vkMapMemory(be->device, buffer->memory, 0, VK_WHOLE_SIZE, 0, &buffer->mapped);
    }
    if (result != VK_SUCCESS) {
        pk_vk_buffer_clear(be, buffer);
        pk_vk_set_error(be, error, result, what);
        return FALSE;
    }
    return TRUE;
}

void pk_vk_buffer_clear(PkBackend *be, PkVkBuffer *buffer) {
    if (buffer->buffer != VK_NULL_HANDLE) {
        be->fn.vkDestroyBuffer(be->device, buffer->buffer, NULL);
    }
    if (buffer->memory != VK_NULL_HANDLE) {
        be->fn.vkFreeMemory(be->device, buffer->memory, NULL); /* unmaps too */
    }
    memset(buffer, 0, sizeof *buffer);
}

gboolean pk_vk_begin(PkBackend *be, GError **error) {
    VkCommandBufferBeginInfo info = {.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO,
                                     .flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT};
    VkResult result = be->fn.vkResetCommandBuffer(be->command_buffer, 0);
    if (result == VK_SUCCESS) {
        result = be->fn.vkBeginCommandBuffer(be->command_buffer, &info);
    }
    if (result != VK_SUCCESS) {
        pk_vk_set_error(be, error, result, "vkBeginCommandBuffer");
        return FALSE;
    }
    return TRUE;
}

gboolean pk_vk_submit_wait(PkBackend *be, gboolean counts_as_chunk, GError **error) {
    PkVkFns *fn = &be->fn;
    VkResult result = fn->vkEndCommandBuffer(be->command_buffer);
    if (result != VK_SUCCESS) {
        pk_vk_set_error(be, error, result, "vkEndCommandBuffer");
        return FALSE;
    }
    if (counts_as_chunk && be->inject_countdown >= 0) {
        if (be->inject_countdown == 0) {
            be->inject_countdown = -1;
            pk_vk_set_error(be, error, VK_ERROR_DEVICE_LOST, "submission (injected loss)");
            return FALSE;
        }
        be->inject_countdown--;
    }
    VkSubmitInfo submit = {.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO,
                           .commandBufferCount = 1,
                           .pCommandBuffers = &be->command_buffer};
    result = fn->vkResetFences(be->device, 1, &be->fence);
    if (result == VK_SUCCESS) {
        result = fn->vkQueueSubmit(be->queue, 1, &submit, be->fence);
    }
    if (result == VK_SUCCESS) {
        result = fn->vkWaitForFences(be->device, 1, &be->fence, VK_TRUE, UINT64_MAX);
    }
    if (result != VK_SUCCESS) {
        pk_vk_set_error(be, error, result, "vkQueueSubmit");
        return FALSE;
    }
    return TRUE;
}

void pk_vk_barrier(PkBackend *be, VkPipelineStageFlags src, VkAccessFlags src_access,
                   VkPipelineStageFlags dst, VkAccessFlags dst_access) {
    VkMemoryBarrier barrier = {.sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER,
                               .srcAccessMask = src_access,
                               .dstAccessMask = dst_access};
    be->fn.vkCmdPipelineBarrier(be->command_buffer, src, dst, 0, 1, &barrier, 0, NULL, 0, NULL);
}

gboolean pk_vk_upload(PkBackend *be, const void *src, gsize size, PkVkBuffer *dst,
                      VkDeviceSize dst_offset, GError **error) {
    PkVkBuffer staging;
    gsize staging_size = MIN(size, (gsize)PK_VK_STAGING_SIZE);
    if (size == 0) {
        return TRUE;
    }
    if (!pk_vk_buffer_init(be, &staging, staging_size, TRUE, error)) {
        return FALSE;
    }
    gboolean ok = TRUE;
    for (gsize done = 0; ok && done < size; done += staging_size) {
        gsize piece = MIN(staging_size, size - done);
        memcpy(staging.mapped, (const char *)src + done, piece);
        VkBufferCopy region = {0, dst_offset + done, piece};
        ok = pk_vk_begin(be, error);
        if (ok) {
            be->fn.vkCmdCopyBuffer(be->command_buffer, staging.buffer, dst->buffer, 1, &region);
            ok = pk_vk_submit_wait(be, FALSE, error);
        }
    }
    pk_vk_buffer_clear(be, &staging);
    return ok;
}
