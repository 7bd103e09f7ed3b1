/* loader.c — opens the Vulkan loader at run time and creates the instance.
 *
 * The program never links libvulkan (a hard dependency otherwise): "libvulkan.so.1" is opened
 * at run time through the platform seam (pk_platform_library_open) and every entry point comes from
 * vkGetInstanceProcAddr / vkGetDeviceProcAddr into the PkVkFns table (the X-macro lists in
 * vk-private.h).
 *
 * Environment:
 *   PIKA_VULKAN_LOADER=path       open this file instead of "libvulkan.so.1"; a path that does
 *                                 not exist behaves exactly like a machine without Vulkan (the
 *                                 probe fails with PK_ERROR_UNSUPPORTED and the CPU answers).
 *   PIKA_VULKAN_VALIDATION=1      enable VK_LAYER_KHRONOS_validation when it is installed. */
#include "vk-private.h"

#include <string.h>

#define PK_VK_VALIDATION_LAYER "VK_LAYER_KHRONOS_validation"

gboolean pk_vk_loader_open(PkVkFns *fn, GError **error) {
    const char *path = g_getenv("PIKA_VULKAN_LOADER");
    if (path == NULL || *path == '\0') {
        path = "libvulkan.so.1";
    }
    memset(fn, 0, sizeof *fn);
    g_autoptr(GError) local = NULL;
    fn->library = pk_platform_library_open(path, &local);
    if (fn->library == NULL) {
        g_set_error(error, PK_ERROR, PK_ERROR_UNSUPPORTED, "no Vulkan loader: cannot open %s (%s)",
                    path, local->message);
        return FALSE;
    }
    *(void **)&fn->vkGetInstanceProcAddr =
        pk_platform_library_lookup(fn->library, "vkGetInstanceProcAddr");
    if (fn->vkGetInstanceProcAddr == NULL) {
        g_set_error(error, PK_ERROR, PK_ERROR_UNSUPPORTED,
                    "no Vulkan loader: %s has no vkGetInstanceProcAddr", path);
        pk_vk_loader_close(fn);
        return FALSE;
    }
#define PK_VK_LOAD_GLOBAL(name)                                                                    \
    fn->name = (PFN_##name)fn->vkGetInstanceProcAddr(VK_NULL_HANDLE, #name);
    PK_VK_GLOBAL_FNS(PK_VK_LOAD_GLOBAL)
#undef PK_VK_LOAD_GLOBAL
    if (fn->vkCreateInstance == NULL || fn->vkEnumerateInstanceVersion == NULL) {
        g_set_error(error, PK_ERROR, PK_ERROR_UNSUPPORTED,
                    "the Vulkan loader %s is older than Vulkan 1.1", path);
        pk_vk_loader_close(fn);
        return FALSE;
    }
    return TRUE;
}

/* The loader stays mapped for the life of the process (never pk_platform_library_close): ICDs such
 * as lavapipe keep process-lifetime state and do not all support being unloaded. */
void pk_vk_loader_close(PkVkFns *fn) {
    memset(fn, 0, sizeof *fn);
}

static gboolean pk_vk_has_layer(PkVkFns *fn, const char *name) {
    guint32 n = 0;
    gboolean found = FALSE;
    if (fn->vkEnumerateInstanceLayerProperties(&n, NULL) != VK_SUCCESS || n == 0) {
        return FALSE;
    }
    VkLayerProperties *layers = g_new0(VkLayerProperties, n);
    if (fn->vkEnumerateInstanceLayerProperties(&n, layers) == VK_SUCCESS) {
        for (guint32 i = 0; i < n && !found; i++) {
            found = strcmp(layers[i].layerName, name) == 0;
        }
    }
    g_free(layers);
    return found;
}

gboolean pk_vk_instance_create(PkBackend *be, GError **error) {
    PkVkFns *fn = &be->fn;
    guint32 version = VK_API_VERSION_1_0;
    fn->vkEnumerateInstanceVersion(&version);
    if (version < VK_API_VERSION_1_2) {
        g_set_error(error, PK_ERROR, PK_ERROR_UNSUPPORTED,
                    "the Vulkan loader offers %u.%u; 1.2 is needed", VK_API_VERSION_MAJOR(version),
                    VK_API_VERSION_MINOR(version));
        return FALSE;
    }
    const char *layers[1] = {PK_VK_VALIDATION_LAYER};
    guint32 n_layers = 0;
    if (g_strcmp0(g_getenv("PIKA_VULKAN_VALIDATION"), "1") == 0) {
        if (pk_vk_has_layer(fn, PK_VK_VALIDATION_LAYER)) {
            n_layers = 1;
        } else {
            g_message("vulkan: PIKA_VULKAN_VALIDATION=1 but %s is not installed",
                      PK_VK_VALIDATION_LAYER);
        }
    }
    VkApplicationInfo app = {
        .sType = VK_STRUCTURE_TYPE_APPLICATION_INFO,
        .pApplicationName = "pika-plot",
        .pEngineName = "pika-compute",
        .apiVersion = VK_API_VERSION_1_2,
    };
    VkInstanceCreateInfo info = {
        .sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO,
        .pApplicationInfo = &app,
        .enabledLayerCount = n_layers,
        .ppEnabledLayerNames = layers,
    };
    VkResult result = fn->vkCreateInstance(&info, NULL, &be->instance);
    if (result != VK_SUCCESS) {
        g_set_error(error, PK_ERROR, PK_ERROR_UNSUPPORTED, "no Vulkan driver: vkCreateInstance: %s",
                    pk_vk_result_name(result));
        be->instance = VK_NULL_HANDLE;
        return FALSE;
    }
#define PK_VK_LOAD_INSTANCE(name)                                                                  \
    fn->name = (PFN_##name)fn->vkGetInstanceProcAddr(be->instance, #name);                         \
    if (fn->name == NULL) {                                                                        \
        g_set_error(error, PK_ERROR, PK_ERROR_UNSUPPORTED, "Vulkan lacks %s", #name);              \
        return FALSE;                                                                              \
    }
    PK_VK_INSTANCE_FNS(PK_VK_LOAD_INSTANCE)
#undef PK_VK_LOAD_INSTANCE
    return TRUE;
}

gboolean pk_vk_load_device_fns(PkBackend *be, GError **error) {
    PkVkFns *fn = &be->fn;
#define PK_VK_LOAD_DEVICE(name)                                                                    \
    fn->name = (PFN_##name)fn->vkGetDeviceProcAddr(be->device, #name);                             \
    if (fn->name == NULL) {                                                                        \
        g_set_error(error, PK_ERROR, PK_ERROR_UNSUPPORTED, "Vulkan device lacks %s", #name);       \
        return FALSE;                                                                              \
    }
    PK_VK_DEVICE_FNS(PK_VK_LOAD_DEVICE)
#undef PK_VK_LOAD_DEVICE
    return TRUE;
}

const char *pk_vk_result_name(VkResult result) {
    switch (result) {
#define PK_VK_NAME(r)                                                                              \
    case r:                                                                                        \
        return #r;
        PK_VK_NAME(VK_SUCCESS)
        PK_VK_NAME(VK_NOT_READY)
        PK_VK_NAME(VK_TIMEOUT)
        PK_VK_NAME(VK_INCOMPLETE)
        PK_VK_NAME(VK_ERROR_OUT_OF_HOST_MEMORY)
        PK_VK_NAME(VK_ERROR_OUT_OF_DEVICE_MEMORY)
        PK_VK_NAME(VK_ERROR_INITIALIZATION_FAILED)
        PK_VK_NAME(VK_ERROR_DEVICE_LOST)
        PK_VK_NAME(VK_ERROR_MEMORY_MAP_FAILED)
        PK_VK_NAME(VK_ERROR_LAYER_NOT_PRESENT)
        PK_VK_NAME(VK_ERROR_EXTENSION_NOT_PRESENT)
        PK_VK_NAME(VK_ERROR_FEATURE_NOT_PRESENT)
        PK_VK_NAME(VK_ERROR_INCOMPATIBLE_DRIVER)
        PK_VK_NAME(VK_ERROR_TOO_MANY_OBJECTS)
        PK_VK_NAME(VK_ERROR_FORMAT_NOT_SUPPORTED)
        PK_VK_NAME(VK_ERROR_FRAGMENTED_POOL)
        PK_VK_NAME(VK_ERROR_OUT_OF_POOL_MEMORY)
        PK_VK_NAME(VK_ERROR_INVALID_SHADER_NV)
        PK_VK_NAME(VK_ERROR_UNKNOWN)
#undef PK_VK_NAME
    default:
        return "VkResult (unknown)";
    }
}

void pk_vk_set_error(PkBackend *be, GError **error, VkResult result, const char *what) {
    if (result == VK_ERROR_DEVICE_LOST) {
        be->healthy = FALSE;
        g_message("vulkan: device lost during %s; the Vulkan backend is disabled", what);
    }
    g_set_error(error, PK_ERROR, PK_ERROR_DEVICE, "Vulkan %s failed: %s", what,
                pk_vk_result_name(result));
}
