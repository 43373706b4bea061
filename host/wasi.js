// The WASI functions Envoy provides (proxy-wasm-cpp-host src/exports.cc, registered under both
// "wasi_snapshot_preview1" and "wasi_unstable"). There is no file system: stdout and stderr
// are the only descriptors, and they go to the proxy log (stdout = info, stderr = error).

import { Buffer } from "node:buffer";
import { randomFillSync } from "node:crypto";
import { Errno, LogLevel } from "./abi.js";
import { GuestExit } from "./errors.js";

const RANDOM_GET_MAX = 64 * 1024; // PROXY_WASM_HOST_WASI_RANDOM_GET_MAX_SIZE_BYTES

/** Every WASI name cpp-host registers (FOR_ALL_WASI_FUNCTIONS). */
export const WASI_FUNCTIONS = Object.freeze([
  "fd_write", "fd_read", "fd_seek", "fd_close", "fd_fdstat_get", "fd_fdstat_set_flags", "fd_fdstat_set_rights",
  "environ_get", "environ_sizes_get", "args_get", "args_sizes_get", "clock_time_get", "clock_res_get",
  "fd_advise", "fd_allocate", "fd_datasync", "fd_filestat_set_size", "fd_filestat_set_times", "fd_pread",
  "fd_pwrite", "fd_readdir", "fd_renumber", "fd_sync", "fd_tell", "path_create_directory",
  "path_filestat_set_times", "path_link", "path_readlink", "path_remove_directory", "path_rename",
  "path_symlink", "path_unlink_file", "sock_accept", "sock_recv", "sock_send", "sock_shutdown",
  "random_get", "sched_yield", "poll_oneoff", "proc_exit", "path_open", "fd_prestat_get",
  "fd_prestat_dir_name", "path_filestat_get", "fd_filestat_get",
]);

/**
 * @param {import("./vm.js").WasmVm} vm
 * @returns {Record<string, Function>}
 */
export function createWasi(vm) {
  const mem = () => vm.mem;
  const env = Object.entries(vm.host.environment);

  const fns = {
    fd_write(fd, iovs, iovsLen, nwrittenPtr) {
      let level;
      if (fd === 1) level = LogLevel.info;
      else if (fd === 2) level = LogLevel.error;
      else return Errno.BADF;
      const m = mem();
      const parts = [];
      let written = 0;
      for (let i = 0; i < iovsLen; i++) {
        const iov = (iovs + i * 8) >>> 0;
        if (!m.inBounds(iov, 8)) return Errno.FAULT;
        const ptr = m.getU32(iov);
        const len = m.getU32(iov + 4);
        if (len === 0) continue;
        const s = m.view(ptr, len);
        if (s === null) return Errno.FAULT;
        parts.push(Buffer.from(s));
        written += len;
      }
      if (written > 0) {
        let text = Buffer.concat(parts).toString("utf8");
        if (text.endsWith("\n")) text = text.slice(0, -1); // cpp-host drops one trailing newline
        vm.log(level, text);
      }
      return m.setU32(nwrittenPtr, written) ? Errno.SUCCESS : Errno.FAULT;
    },
    fd_read: () => Errno.NOSYS,
    fd_seek(fd, offset, whence, newOffsetPtr) {
      vm.hostError("wasi_unstable fd_seek");
      return Errno.SUCCESS;
    },
    fd_close() {
      vm.hostError("wasi_unstable fd_close");
      return Errno.SUCCESS;
    },
    fd_fdstat_get(fd, statPtr) {
      if (fd !== 1 && fd !== 2) return Errno.BADF;
      const m = mem();
      // 24-byte fdstat: all zero except fs_rights_base = __WASI_RIGHTS_FD_WRITE (64).
      if (!m.setU64(statPtr, 0) || !m.setU64(statPtr + 8, 64) || !m.setU64(statPtr + 16, 0)) return Errno.FAULT;
      return Errno.SUCCESS;
    },
    fd_fdstat_set_flags: () => Errno.NOSYS,
    environ_get(environPtr, bufPtr) {
      const m = mem();
      let p = environPtr;
      let b = bufPtr;
      for (const [k, v] of env) {
        const data = Buffer.from(`${k}=${v}\0`, "utf8");
        if (!m.setU32(p, b) || !m.setBytes(b, data)) return Errno.FAULT;
        b += data.length;
        p += 4;
      }
      return Errno.SUCCESS;
    },
    environ_sizes_get(countPtr, sizePtr) {
      const m = mem();
      let size = 0;
      for (const [k, v] of env) size += Buffer.byteLength(k) + Buffer.byteLength(v) + 2;
      return m.setU32(countPtr, env.length) && m.setU32(sizePtr, size) ? Errno.SUCCESS : Errno.FAULT;
    },
    args_get: () => Errno.SUCCESS,
    args_sizes_get(argcPtr, bufSizePtr) {
      const m = mem();
      return m.setU32(argcPtr, 0) && m.setU32(bufSizePtr, 0) ? Errno.SUCCESS : Errno.FAULT;
    },
    clock_time_get(clockId, precision, resultPtr) {
      let t;
      if (clockId === 0) t = vm.host.nowNanoseconds();
      else if (clockId === 1) t = process.hrtime.bigint();
      else return Errno.NOTSUP;
      return mem().setU64(resultPtr, t) ? Errno.SUCCESS : Errno.FAULT;
    },
    clock_res_get(clockId, resultPtr) {
      if (clockId !== 0 && clockId !== 1) return Errno.NOTSUP;
      return mem().setU64(resultPtr, 1n) ? Errno.SUCCESS : Errno.FAULT;
    },
    random_get(ptr, len) {
      if (len > RANDOM_GET_MAX) return Errno.INVAL;
      if (len === 0) return Errno.SUCCESS;
      const m = mem();
      const v = m.view(ptr, len);
      if (v === null) return Errno.FAULT;
      randomFillSync(v);
      return Errno.SUCCESS;
    },
    sched_yield: () => Errno.SUCCESS,
    poll_oneoff(inPtr, outPtr, n, neventsPtr) {
      return mem().setU32(neventsPtr, 0) ? Errno.SUCCESS : Errno.FAULT;
    },
    proc_exit(code) {
      // cpp-host logs "wasi_unstable proc_exit"; the guest cannot continue past it, so we stop
      // it here with a trap, which fails the VM like any other trap.
      vm.hostError("wasi_unstable proc_exit");
      throw new GuestExit(code);
    },
    path_open: () => Errno.NOENT,
    fd_prestat_get: () => Errno.BADF,
    fd_prestat_dir_name: () => Errno.NOSYS,
    fd_filestat_get: () => Errno.BADF,
    path_filestat_get: () => Errno.NOTSUP,
  };
  // The remaining calls exist so modules link; Envoy answers them with an error code.
  for (const name of WASI_FUNCTIONS) {
    if (!fns[name]) fns[name] = () => (name.startsWith("fd_") ? Errno.BADF : Errno.NOTSUP);
  }
  return fns;
}
