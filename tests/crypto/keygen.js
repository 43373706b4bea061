// Key generation for the tests, working around a deadlock in Node 20's crypto: when a garbage
// collection runs inside KeyObject.export() (or WebCrypto's exportKey) and destroys the
// finished key-generation job of the same key pair, the job's destructor locks the key's
// mutex, which the export already holds, and the process hangs forever. gdb on a hung test
// file: KeyObjectHandle::ExportJWK → ExportJWKEcKey → EncodeBignum → (allocation) GC →
// InvokeFirstPassWeakCallbacks → ~KeyGenJob<EcKeyGenTraits> → uv_mutex_lock. It hung 2 of 4
// full `npm test` runs on 2026-11-23 (tests/crypto/ed25519.test.js, tests/crypto/ec.test.js).
// A full collection right after generation, before anything exports the key, destroys the
// job while nobody holds that mutex; later collections have no job left to destroy.
import crypto from "node:crypto";
import { promisify } from "node:util";
import v8 from "node:v8";
import vm from "node:vm";

v8.setFlagsFromString("--expose-gc");
/** A full garbage collection (V8's gc(), made reachable without starting node with --expose-gc). */
export const collectGarbage = vm.runInNewContext("gc");

/** crypto.generateKeyPairSync, with the generation job collected before the keys are used. */
export function generateKeyPairSync(type, options) {
  const pair = crypto.generateKeyPairSync(type, options);
  collectGarbage();
  return pair;
}

const generateAsync = promisify(crypto.generateKeyPair);
/** crypto.generateKeyPair (promise), with the generation job collected before the keys are used. */
export async function generateKeyPair(type, options) {
  const pair = await generateAsync(type, options);
  collectGarbage();
  return pair;
}
