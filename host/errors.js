// Error types the host API throws. Each carries the data a caller needs to act on it.

/** The module cannot be loaded the way Envoy would load it (missing imports or exports). */
export class HostLoadError extends Error {
  /**
   * @param {string} message
   * @param {{ missingImports?: string[], missingExports?: string[] }} [details]
   */
  constructor(message, details = {}) {
    super(message);
    this.name = "HostLoadError";
    this.missingImports = details.missingImports ?? [];
    this.missingExports = details.missingExports ?? [];
  }
}

/** proxy_on_vm_start or proxy_on_configure returned false (or trapped) on some VM. */
export class ConfigureError extends Error {
  /** @param {string} message @param {object[]} logs */
  constructor(message, logs = []) {
    super(message);
    this.name = "ConfigureError";
    this.logs = logs;
  }
}

/** Thrown inside a host function to abort the guest, like Envoy failing the VM (proc_exit). */
export class GuestExit extends Error {
  /** @param {number} code */
  constructor(code) {
    super(`wasi proc_exit(${code})`);
    this.name = "GuestExit";
    this.code = code;
  }
}
