// The Web Request a function receives and the body of the Response it returns, without the costs of Node 20's
// fetch implementation (undici) on a warm call where the function does not need them. Both paths read how undici
// lays out its objects, so both are probed at start-up and each falls back to the plain way when the probe fails
// (undici 7, in Node 24, keeps these in private fields): what a function sees is the same either way.

// undici's own slots on a Request (its state, headers, signal, dispatcher), symbol-keyed on Node 20 and 22.
const SLOTS = Object.getOwnPropertySymbols(new Request("http://probe.invalid/"));
const LAZY = SLOTS.some((s) => s.description === "state");
const REAL = Symbol("run402.request");
const INIT = Symbol("run402.init");

/**
 * A Request that is only built when the function reaches past its method, URL and headers. Constructing a real
 * one costs 25-35 us a call on Node 20 (mostly its AbortSignal, which Node makes transferable), more than the
 * rest of the worker's side of a call; a handler that reads only headers (db(req), getUser(req)) or nothing
 * never pays it. It is a Request as far as code can tell: its prototype chain is Request's (instanceof,
 * toString, util.inspect), every other getter and method answers from the real Request built on first use
 * from the same URL, method, headers (as they are then) and body, and undici's slots are forwarded too, so
 * fetch(req), new Request(req) and req.clone() work. The same technique as @hono/node-server's request.
 */
const PROTO = Object.create(Request.prototype);

function real(req) {
  let r = req[REAL];
  if (!r) {
    const { method, body } = req[INIT];
    r = new Request(req.url, { method, headers: req.headers, body, duplex: "half" });
    req[REAL] = r;
  }
  return r;
}

for (const name of Object.getOwnPropertyNames(Request.prototype)) {
  if (name === "constructor" || name === "method" || name === "url" || name === "headers") continue;
  const d = Object.getOwnPropertyDescriptor(Request.prototype, name);
  if (d.get) {
    Object.defineProperty(PROTO, name, { get() { return real(this)[name]; }, enumerable: d.enumerable, configurable: true });
  } else if (typeof d.value === "function") {
    Object.defineProperty(PROTO, name, {
      value(...args) { return real(this)[name](...args); }, writable: true, enumerable: d.enumerable, configurable: true,
    });
  }
}
for (const slot of SLOTS) {
  Object.defineProperty(PROTO, slot, { get() { return real(this)[slot]; }, set(v) { real(this)[slot] = v; }, configurable: true });
}
Object.defineProperties(PROTO, {
  method: { get() { return this[INIT].method; }, enumerable: true, configurable: true },
  url: { get() { return this[INIT].url; }, enumerable: true, configurable: true },
  headers: { get() { return this[INIT].headers; }, enumerable: true, configurable: true },
});

/**
 * The function's Request: method (upper case, from the gateway), absolute URL, header pairs and body stream (or
 * undefined). Throws as new Request would for a URL or header it cannot hold.
 */
export function makeRequest(method, url, headerPairs, body) {
  if (!LAZY) return new Request(url, { method, headers: headerPairs, body, duplex: "half" });
  const req = Object.create(PROTO);
  req[INIT] = { method, url: new URL(url).href, headers: new Headers(headerPairs), body };
  return req;
}

// A Response made from a string or bytes (most answers: new Response(text), Response.json) keeps that source in
// undici's state beside its body stream. Sending the source skips reading the stream: several promises, each
// running the request context's async hook on Node 20, about 15 us a call.
const STATE = Object.getOwnPropertySymbols(new Response("probe")).find((s) => s.description === "state");
const SOURCE_READABLE = STATE !== undefined && new Response("probe")[STATE]?.body?.source === "probe";

/** The unread body's bytes when the Response was made from a string or bytes; undefined otherwise. */
export function bodySource(response) {
  if (!SOURCE_READABLE || response.bodyUsed) return undefined;
  const body = response[STATE]?.body;
  if (!body || body.stream?.locked) return undefined;
  const src = body.source;
  if (typeof src === "string") return Buffer.from(src, "utf8");
  if (src instanceof Uint8Array) return Buffer.from(src.buffer, src.byteOffset, src.byteLength);
  return undefined;
}
