// Which context is waiting for which HTTP call token. Pure, unit-tested.
//
// The host answers every proxy_http_call on the ROOT context with only the token;
// this registry maps it back to the stream that made the call. A stream deleted
// before its answer arrives has its tokens forgotten, so a late answer is dropped
// instead of reaching a context id the host may have reused.

const contextOfToken = new Map<u32, u32>();
const tokensOfContext = new Map<u32, Array<u32>>();

export function registerCall(token: u32, contextId: u32): void {
  contextOfToken.set(token, contextId);
  if (tokensOfContext.has(contextId)) tokensOfContext.get(contextId).push(token);
  else { let list = new Array<u32>(); list.push(token); tokensOfContext.set(contextId, list); }
}

// Removes and returns the context waiting for `token`, or 0 when none is.
export function takeCall(token: u32): u32 {
  if (!contextOfToken.has(token)) return 0;
  let id = contextOfToken.get(token);
  contextOfToken.delete(token);
  if (tokensOfContext.has(id)) {
    let list = tokensOfContext.get(id);
    let i = list.indexOf(token);
    if (i >= 0) list.splice(i, 1);
    if (list.length == 0) tokensOfContext.delete(id);
  }
  return id;
}

// Drops every call of a deleted context. One map lookup when it made none.
export function forgetContext(contextId: u32): void {
  if (!tokensOfContext.has(contextId)) return;
  let list = tokensOfContext.get(contextId);
  for (let i = 0; i < list.length; i++) contextOfToken.delete(list[i]);
  tokensOfContext.delete(contextId);
}

export function pendingCallCount(): i32 { return contextOfToken.size; }
