// Bulwark filter entry: registers the root context factory and exports the
// proxy-wasm ABI 0.2.1 callbacks (the host finds them by name).
import "./sdk/abort";
import { registerRootContext } from "./sdk/context";
import { createBulwarkRoot } from "./filter/root";

registerRootContext(createBulwarkRoot);

export * from "./sdk/exports";
