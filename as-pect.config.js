// as-pect runs the AssemblyScript unit tests: every `*.spec.ts` file under assembly/,
// kept beside the module it tests. Modules under test should not need host imports;
// the few that log get a recording `proxy_log` stub.
export default {
  entries: ["assembly/**/*.spec.ts"],
  include: ["assembly/**/*.include.ts"],
  disclude: [/node_modules/],
  async instantiate(memory, createImports, instantiate, binary) {
    let instance;
    const text = (ptr, len) => Buffer.from(instance.exports.memory.buffer, ptr, len).toString("utf8");
    const env = {
      memory,
      proxy_log(level, ptr, len) {
        globalThis.__bulwarkSpecLogs ??= [];
        globalThis.__bulwarkSpecLogs.push([level, text(ptr, len)]);
        return 0;
      },
      proxy_get_log_level(outPtr) {
        new DataView(instance.exports.memory.buffer).setUint32(outPtr, 0, true);
        return 0;
      },
    };
    const p = instantiate(binary, createImports({ env }));
    p.then((r) => { instance = r.instance ?? r; });
    return p;
  },
  outputBinary: false,
};
