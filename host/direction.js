// One direction of an HTTP exchange (request = Envoy's decoder side, response = encoder side):
// the maps the filter may see, the filter manager's buffered data, and the phase promises
// waiting for the filter.

import { Buffer } from "node:buffer";

const EMPTY = Buffer.alloc(0);
const REQUEST_CALLBACKS = Object.freeze({ headers: "proxy_on_request_headers", data: "proxy_on_request_body", trailers: "proxy_on_request_trailers" });
const RESPONSE_CALLBACKS = Object.freeze({ headers: "proxy_on_response_headers", data: "proxy_on_response_body", trailers: "proxy_on_response_trailers" });

/** @typedef {import("./header-map.js").HeaderMap} HeaderMap */

export class Direction {
  constructor(isRequest) {
    this.isRequest = isRequest;
    this.cb = isRequest ? REQUEST_CALLBACKS : RESPONSE_CALLBACKS;
    /** @type {HeaderMap|null} */
    this.headers = null;
    this.headersLive = false; // Envoy request_headers_/response_headers_ non-null
    /** @type {HeaderMap|null} */
    this.trailers = null;
    this.trailersLive = false;
    this.addedTrailers = false;
    /** @type {Buffer|null} the chunk of the current body callback (request_body_buffer_) */
    this.chunk = null;
    /** @type {Buffer|null} what the filter manager buffers for this filter (decodingBuffer) */
    this.buffered = null;
    this.buffering = false; // buffering_request_body_
    this.stoppedAll = false; // headers returned StopIteration → StopAllIterationAndWatermark
    /** @type {{resolve: Function, kind: string}|null} */
    this.waiter = null;
    /** Data and trailers the filter manager holds while the headers are stopped. */
    this.held = [];
    this.heldBytes = 0;
    /** Body phases paused by the watermark (held data over the buffer limit). */
    this.heldPaused = [];
    this.heldEos = false;
    this.heldWaiter = null;
    this.heldTrailers = null;
    this.heldTrailersWaiter = null;
    /** Data released by a continue nobody was waiting for; goes out with the next outcome. */
    this.release = [];
    this.eos = false;
    this.headersSent = false; // response: headers went downstream
    this.continueRequested = false;
  }

  /** True while a phase promise of this direction waits for the filter. */
  isWaiting() {
    return Boolean(this.waiter || this.heldWaiter || this.heldTrailersWaiter || this.heldPaused.length);
  }

  /** The body the filter sees now: everything buffered while buffering, else the current chunk. */
  get data() {
    return this.buffering ? (this.buffered ?? EMPTY) : this.chunk;
  }

  /** Whether set_buffer_bytes may change it (there is a buffer instance). */
  get mutable() {
    return this.buffering || this.chunk !== null;
  }

  set(next) {
    if (this.buffering) this.buffered = next;
    else this.chunk = next;
  }
}
