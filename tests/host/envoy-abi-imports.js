// What Envoy's proxy-wasm host links into a module that exports proxy_abi_version_0_2_1.
//
// Written by hand from two independent sources, NOT from host/:
//  - proxy-wasm/spec abi-versions/v0.2.1/README.md (the host functions it specifies), and
//  - proxy-wasm/proxy-wasm-cpp-host (the host inside Envoy): include/proxy-wasm/exports.h
//    FOR_ALL_HOST_FUNCTIONS and FOR_ALL_WASI_FUNCTIONS, and src/wasm.cc registerCallbacks(),
//    which adds continue_stream, close_stream and get_log_level for ABI 0.2.1 only and
//    registers the WASI list under both "wasi_snapshot_preview1" and "wasi_unstable".
// A module importing anything else fails to link in Envoy ("Failed to load Wasm module due
// to a missing import").

const PROXY = [
  "proxy_log",
  "proxy_get_log_level",
  "proxy_get_status",
  "proxy_set_property",
  "proxy_get_property",
  "proxy_send_local_response",
  "proxy_get_shared_data",
  "proxy_set_shared_data",
  "proxy_register_shared_queue",
  "proxy_resolve_shared_queue",
  "proxy_dequeue_shared_queue",
  "proxy_enqueue_shared_queue",
  "proxy_get_header_map_value",
  "proxy_add_header_map_value",
  "proxy_replace_header_map_value",
  "proxy_remove_header_map_value",
  "proxy_get_header_map_pairs",
  "proxy_set_header_map_pairs",
  "proxy_get_header_map_size",
  "proxy_get_buffer_status",
  "proxy_get_buffer_bytes",
  "proxy_set_buffer_bytes",
  "proxy_http_call",
  "proxy_grpc_call",
  "proxy_grpc_stream",
  "proxy_grpc_close",
  "proxy_grpc_cancel",
  "proxy_grpc_send",
  "proxy_set_tick_period_milliseconds",
  "proxy_get_current_time_nanoseconds",
  "proxy_define_metric",
  "proxy_increment_metric",
  "proxy_record_metric",
  "proxy_get_metric",
  "proxy_set_effective_context",
  "proxy_done",
  "proxy_call_foreign_function",
  // ABI 0.2.1 specific (0.2.0 lacks get_log_level; 0.1.0 has continue_request/response instead)
  "proxy_continue_stream",
  "proxy_close_stream",
];

// Registered unconditionally in the "env" module for emscripten/pthread-built modules.
const ENV_OTHER = ["pthread_equal", "emscripten_notify_memory_growth"];

const WASI = [
  "fd_write", "fd_read", "fd_seek", "fd_close", "fd_fdstat_get", "fd_fdstat_set_flags",
  "fd_fdstat_set_rights", "environ_get", "environ_sizes_get", "args_get", "args_sizes_get",
  "clock_time_get", "clock_res_get", "fd_advise", "fd_allocate", "fd_datasync",
  "fd_filestat_set_size", "fd_filestat_set_times", "fd_pread", "fd_pwrite", "fd_readdir",
  "fd_renumber", "fd_sync", "fd_tell", "path_create_directory", "path_filestat_set_times",
  "path_link", "path_readlink", "path_remove_directory", "path_rename", "path_symlink",
  "path_unlink_file", "sock_accept", "sock_recv", "sock_send", "sock_shutdown", "random_get",
  "sched_yield", "poll_oneoff", "proc_exit", "path_open", "fd_prestat_get",
  "fd_prestat_dir_name", "path_filestat_get", "fd_filestat_get",
];

/** Every "module.name" Envoy provides to an ABI 0.2.1 module. */
export const ENVOY_ABI_0_2_1_IMPORTS = Object.freeze(
  new Set([
    ...PROXY.map((n) => `env.${n}`),
    ...ENV_OTHER.map((n) => `env.${n}`),
    ...WASI.map((n) => `wasi_snapshot_preview1.${n}`),
    ...WASI.map((n) => `wasi_unstable.${n}`),
  ]),
);

/** Exports Envoy needs from a module (cpp-host WasmBase::getFunctions / bytecode_util). */
export const ENVOY_REQUIRED_EXPORTS = Object.freeze({
  abiMarker: "proxy_abi_version_0_2_1",
  memory: "memory",
  allocator: ["proxy_on_memory_allocate", "malloc"],
});
