// Bulwark filter entry: registers the root context factory and exports the
// proxy-wasm ABI 0.2.1 callbacks (the host finds them by name).
import "./sdk/abort";
import { registerRootContext } from "./sdk/context";
import { createBulwarkRoot } from "./filter/root";
import { setBeforeCollect } from "./sdk/gc";
import { trimPool } from "./parse/json_doc";

registerRootContext(createBulwarkRoot);
// Pooled JSON items are marked by every collection: keep only what recent bodies needed.
setBeforeCollect(trimPool);

export * from "./sdk/exports";
