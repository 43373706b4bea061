// A scripted stand-in for the proxy-wasm host, implementing the host API contract (host/index.js)
// with behaviour chosen by the plugin configuration. It is NOT the filter: tests that use it
// test only the proxy's handling of each kind of filter outcome (held headers, buffered bodies,
// local replies at every phase), which the real filter may not produce yet. Tests of the filter
// itself use the real host and build/bulwark.wasm.
//
// Plugin configuration (JSON):
//   blockPathPrefix: "/blocked"   local 403 on request headers
//   blockBodyWord: "evil"         local 403 when the request body (buffered) contains it
//   bufferRequestBody: true       hold request body chunks, release them all at end of stream
//   holdHeadersUntilBody: true    request headers stay paused until the body's end
//   blockResponseStatus: 500      local 502 instead of an upstream response with this status
//   holdHeadersMs: 50             request headers held for that long (like a filter waiting for a
//                                 callout); body chunks meanwhile are held by the "host", as Envoy's
//                                 filter manager does under StopAllIterationAndWatermark
//   bufferLimitBytes: 16384       what host.bufferLimitBytes reports
//   invalidHeaderOn: "/broken"    adds a header value Node refuses to send (a filter bug)
//   growRequestBody: "XYZ"        appends bytes to the request body's last chunk, keeping content-length (a filter bug)
//   growResponseBody: "XYZ"       the same for the response body
//   reject: true                  configuration is rejected (ConfigureError / reconfigure ok:false)

export class ScriptedHostError extends Error {
  name = "ConfigureError";
}

export async function createScriptedHost(options) {
  const config = parse(options.pluginConfig);
  if (config.reject) {
    const err = new ScriptedHostError("configure failed");
    err.logs = [{ level: 4, levelName: "error", message: "scripted: configuration rejected" }];
    throw err;
  }
  return new ScriptedHost(options, config);
}

function parse(text) {
  try {
    return JSON.parse(String(text ?? "{}"));
  } catch {
    return { reject: true };
  }
}

class ScriptedHost {
  constructor(options, config) {
    this.vms = options.vms ?? 1;
    this.config = config;
    this.streamsPerVm = new Array(this.vms).fill(0);
    this.finished = 0;
    this.created = 0;
    this.closed = false;
    this.logs = [];
    this.next = 0;
    this.bufferLimitBytes = config.bufferLimitBytes ?? 1024 * 1024;
    /** Most request body bytes held at once while headers were held (watermark test). */
    this.maxHeldBytes = 0;
  }

  reconfigure(text) {
    const c = parse(text);
    if (c.reject) return { ok: false, logs: [{ level: 4, levelName: "error", message: "scripted: configuration rejected" }] };
    this.config = c;
    return { ok: true, logs: [] };
  }

  createStream({ vm } = {}) {
    const index = vm ?? this.next++ % this.vms;
    this.streamsPerVm[index]++;
    this.created++;
    return new ScriptedStream(this, index);
  }

  prometheus() {
    return `# TYPE scripted_streams_total counter\nscripted_streams_total ${this.created}\n`;
  }

  get metrics() {
    return [{ name: "scripted_streams_total", type: "counter", value: this.created }];
  }

  close() {
    this.closed = true;
  }
}

const local = (status, details, body = "blocked by scripted filter\n") => ({
  action: "local",
  response: { status, headers: [["x-scripted-local", "1"]], body: Buffer.from(body), details, grpcStatus: -1 },
});

class ScriptedStream {
  constructor(host, vm) {
    this.host = host;
    this.config = host.config;
    this.vm = vm;
    this.body = [];
    this.heldHeaders = null;
    this.holding = false;
    this.held = [];
    this.heldBytes = 0;
    this.eosWaiter = null;
    this.localResponse = null;
    this.done = false;
  }

  reply(o) {
    if (o.action === "local") this.localResponse = o.response;
    return o;
  }

  async requestHeaders(pairs, endOfStream) {
    const path = pairs.find(([n]) => n === ":path")[1];
    if (this.config.blockPathPrefix && path.startsWith(this.config.blockPathPrefix)) return this.reply(local(403, "scripted_path"));
    const headers = [...pairs, ["x-scripted-vm", String(this.vm)]];
    if (this.config.invalidHeaderOn && path.startsWith(this.config.invalidHeaderOn)) headers.push(["x-broken", "line\nbreak"]);
    if (this.config.holdHeadersMs && !endOfStream) {
      this.holding = true;
      return new Promise((resolve) => {
        setTimeout(() => {
          this.holding = false;
          resolve({ action: "continue", headers });
          if (this.eosWaiter) {
            const w = this.eosWaiter;
            this.eosWaiter = null;
            w({ action: "continue", data: this.takeHeld() });
          }
        }, this.config.holdHeadersMs);
      });
    }
    if (this.config.holdHeadersUntilBody && !endOfStream) {
      return new Promise((resolve) => {
        this.heldHeaders = { headers, resolve };
      });
    }
    return { action: "continue", headers };
  }

  takeHeld() {
    const all = Buffer.concat(this.held);
    this.held = [];
    this.heldBytes = 0;
    return all;
  }

  async requestBody(chunk, endOfStream) {
    if (this.holding) {
      this.held.push(chunk);
      this.heldBytes += chunk.length;
      this.host.maxHeldBytes = Math.max(this.host.maxHeldBytes, this.heldBytes);
      if (!endOfStream) return { action: "buffer" };
      return new Promise((resolve) => (this.eosWaiter = resolve));
    }
    if (this.held.length) return { action: "continue", data: Buffer.concat([this.takeHeld(), chunk]) };
    if (this.config.bufferRequestBody || this.config.blockBodyWord || this.heldHeaders) {
      this.body.push(chunk);
      if (!endOfStream) return { action: "buffer" };
      const all = Buffer.concat(this.body);
      if (this.config.blockBodyWord && all.includes(this.config.blockBodyWord)) {
        const o = this.reply(local(403, "scripted_body"));
        if (this.heldHeaders) this.heldHeaders.resolve(o);
        return o;
      }
      if (this.heldHeaders) this.heldHeaders.resolve({ action: "continue", headers: this.heldHeaders.headers });
      return { action: "continue", data: all };
    }
    if (this.config.growRequestBody && endOfStream) return { action: "continue", data: Buffer.concat([chunk, Buffer.from(this.config.growRequestBody)]) };
    return { action: "continue", data: chunk };
  }

  async requestTrailers(pairs) {
    if (this.body.length || this.heldHeaders) {
      const o = await this.requestBody(Buffer.alloc(0), true);
      return { ...o, trailers: pairs };
    }
    return { action: "continue", trailers: pairs };
  }

  async responseHeaders(pairs) {
    const status = Number(pairs.find(([n]) => n === ":status")[1]);
    if (this.config.blockResponseStatus === status) return this.reply(local(502, "scripted_response", "response hidden\n"));
    return { action: "continue", headers: [...pairs, ["x-scripted-response", "1"]] };
  }

  async responseBody(chunk, endOfStream) {
    if (this.config.growResponseBody && endOfStream) return { action: "continue", data: Buffer.concat([chunk, Buffer.from(this.config.growResponseBody)]) };
    return { action: "continue", data: chunk };
  }

  async responseTrailers(pairs) {
    return { action: "continue", trailers: pairs };
  }

  finish() {
    if (this.done) return;
    this.done = true;
    this.host.finished++;
  }
}
