// run402-local function worker: one warm Node process serving many invocations of one project's functions.
// Protocol with the gateway (Worker/WireConnection on the Java side), kept deliberately small:
//   argv[2]: the Unix domain socket path to listen on (none: a loopback TCP port);
//   stdout line "RUN402_WORKER_READY unix:<path>" (or "<port>") once the server listens;
//   stdout lines "RUN402_LOG {json}" for console.* and uncaught errors ({rid, fn, level, message, ts});
//   each connection carries one call at a time as frames of [type byte][u32 big-endian length][payload]:
//     gateway -> worker: H (method, URL, module file, function, request id, has-body "1"/"0", then header names
//                        and values: UTF-8 joined by NUL), E (the project environment as JSON),
//                        D (request body bytes)*, Z (end of the request body);
//     worker -> gateway: H (status, then header names and values, joined by NUL), D (response body bytes)*,
//                        then Z (done) or X (the body stream failed; the gateway cuts the response).
// No HTTP parsing on either side of the hop: the caller's request was parsed once, by the gateway.
import net from "node:net";
import { AsyncLocalStorage } from "node:async_hooks";
import { pathToFileURL } from "node:url";
import { format } from "node:util";
import { bodySource, makeRequest } from "./web.mjs";

const stdoutWrite = process.stdout.write.bind(process.stdout);
let currentCall = () => undefined; // the call whose context is active (set once the context below is chosen)

function emit(level, args, c = currentCall()) {
  const line = JSON.stringify({ rid: c?.requestId || null, fn: c?.functionName ?? null, level, message: format(...args), ts: Date.now() });
  stdoutWrite("RUN402_LOG " + line + "\n");
}
for (const level of ["log", "info", "warn", "error", "debug", "trace"]) {
  console[level] = (...args) => emit(level === "trace" ? "debug" : level, args);
}
process.on("uncaughtException", (err) => emit("error", ["Uncaught exception:", err?.stack ?? String(err)]));
process.on("unhandledRejection", (err) => emit("error", ["Unhandled rejection:", err?.stack ?? String(err)]));

// The real @run402/functions, resolved to the same file the user's module imports, so the request context set
// here (what the gateway's entry wrapper does in production) is the one auth.user() and db() read.
let functionsPkg = null;
try {
  functionsPkg = await import("@run402/functions");
} catch (err) {
  emit("warn", ["@run402/functions could not be loaded:", err?.message ?? String(err)]);
}

// Each call runs inside one AsyncLocalStorage context, which both the package's helpers and log attribution
// (request id, function name) read: the package's own when it loaded, else a private one. One rather than two
// because on Node 20 every promise created while a storage is enabled runs a hook for each storage, and a
// warm call creates a few dozen promises (measured: about 15 us a call for the first storage).
const ownContext = typeof functionsPkg?.runWithContext === "function" ? null : new AsyncLocalStorage();
currentCall = ownContext ? () => ownContext.getStore() : () => functionsPkg.getCurrentContext?.();

function withRequestContext(meta, request, trigger, idempotencyKey, fn) {
  if (ownContext) return ownContext.run({ requestId: meta.rid, functionName: meta.fn }, fn);
  return functionsPkg.runWithContext({
    functionName: meta.fn, // not part of the package's context: read by emit() for the log line
    requestId: meta.rid || "",
    projectId: process.env.RUN402_PROJECT_ID || "",
    releaseId: process.env.RUN402_RELEASE_ID || "",
    locale: null,
    defaultLocale: null,
    host: hostOf(meta.u),
    request, // the Web Request itself, as production's runtime passes it (its headers read with .get())
    invocationKind: trigger === "cron" ? "scheduled" : "direct",
    idempotencyKey,
  }, fn);
}

function hostOf(url) {
  const start = url.indexOf("//") + 2;
  const end = url.indexOf("/", start);
  return end < 0 ? url.slice(start) : url.slice(start, end);
}

// The project's environment (RUN402_* and secrets), replaced when it changes so a secrets.set shows at once.
// process.env becomes a plain object: per-call values (the request id) are then plain property writes, where
// the real process.env would call setenv(3), whose old strings glibc never frees (a leak per call).
// What a function set itself (process.env.X = ... when its module loaded, say) is carried over to the new object;
// what the project's environment no longer has (a deleted secret) is not.
let lastEnv = null;
let projectKeys = null; // the keys the last environment brought
function applyEnv(bytes, fn, rid) {
  if (!lastEnv || !lastEnv.equals(bytes)) {
    lastEnv = Buffer.from(bytes);
    const env = {};
    for (const [k, v] of Object.entries(JSON.parse(lastEnv.toString("utf8")))) env[k] = String(v);
    const keys = new Set(Object.keys(env));
    if (projectKeys) {
      for (const [k, v] of Object.entries(process.env)) {
        if (!projectKeys.has(k) && !keys.has(k) && k !== "RUN402_FUNCTION_NAME" && k !== "RUN402_REQUEST_ID") env[k] = v;
      }
    }
    projectKeys = keys;
    process.env = env;
  }
  process.env.RUN402_FUNCTION_NAME = fn || "";
  process.env.RUN402_REQUEST_ID = rid || "";
}

const handlers = new Map(); // module file -> handler (file names are content hashes: a redeploy is a new file)

/** Calls the module's handler: directly once it is loaded, no await (a promise) on the warm path. */
function run(file, request) {
  const fn = handlers.get(file);
  return fn ? fn(request) : load(file).then((f) => f(request));
}

async function load(file) {
  const mod = await import(pathToFileURL(file).href);
  const fn = typeof mod.default === "function" ? mod.default : typeof mod.handler === "function" ? mod.handler : null;
  if (!fn) throw new Error("Function does not export a default handler");
  handlers.set(file, fn);
  return fn;
}

// Legacy gateway result mapping: a Response as is; a plain object {statusCode, headers, body}; any other value as JSON.
function toResponse(out) {
  if (out instanceof Response) return out;
  if (out && typeof out === "object" && ("statusCode" in out || "body" in out)) {
    const body = typeof out.body === "string" ? out.body : JSON.stringify(out.body ?? out);
    return new Response(body, { status: out.statusCode || 200, headers: { "content-type": "application/json", ...(out.headers || {}) } });
  }
  return new Response(JSON.stringify(out ?? null), { status: 200, headers: { "content-type": "application/json" } });
}

const SKIP = new Set(["transfer-encoding", "content-length", "connection", "set-cookie"]);

// One call: the Web Request built from the head (outside user code), then everything else (the function, its
// answer's head and body) inside the call's context, so every log line it causes carries its request id.
function handle(call) {
  const { meta } = call;
  applyEnv(call.env, meta.fn, meta.rid);
  const headers = [];
  let trigger = null;
  let idempotencyKey = null;
  for (let i = 0; i + 1 < meta.h.length; i += 2) {
    const k = meta.h[i]; // lower case, from the gateway
    headers.push([k, meta.h[i + 1]]);
    if (k === "x-run402-trigger") trigger = meta.h[i + 1];
    else if (k === "idempotency-key") idempotencyKey = meta.h[i + 1];
  }
  let request;
  try {
    request = makeRequest(meta.m, meta.u, headers, call.body);
  } catch (err) {
    emit("error", ["Cannot pass the request to the function:", err?.message ?? String(err)], { requestId: meta.rid, functionName: meta.fn });
    return Promise.resolve(answer(call, failed(err)));
  }
  return withRequestContext(meta, request, trigger, idempotencyKey, () => respond(call, request));
}

async function respond(call, request) {
  let response;
  try {
    response = toResponse(await run(call.meta.mod, request));
  } catch (err) {
    emit("error", [err?.stack ?? String(err)]);
    response = failed(err);
  }
  return answer(call, response);
}

function failed(err) {
  const message = err?.message ?? String(err);
  return new Response(JSON.stringify({ error: "Internal function error", message }),
    { status: 500, headers: { "content-type": "application/json", "x-run402-function-error": "1" } });
}

/** Sends the function's answer: its head, then its body as it comes, then the end. */
function answer(call, response) {
  const out = [];
  response.headers.forEach((v, k) => { if (!SKIP.has(k)) out.push(k, v); });
  for (const c of response.headers.getSetCookie?.() ?? []) out.push("set-cookie", c);
  out.unshift(String(response.status));
  const wait = call.send("H", Buffer.from(out.join("\0")));
  const bytes = response.body && call.meta.m !== "HEAD" ? bodySource(response) : undefined;
  if (bytes !== undefined || !response.body || call.meta.m === "HEAD") {
    if (bytes?.length) call.send("D", bytes);
    return call.send("Z", Buffer.alloc(0)) ?? wait;
  }
  return streamAnswer(call, response, wait);
}

/** A body that is a stream (or whose source is not at hand): sent as it comes, waiting whenever the socket is full. */
async function streamAnswer(call, response, wait) {
  if (wait) await wait;
  try {
    const reader = response.body.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      const chunk = r.value;
      if (chunk.byteLength) wait = call.send("D", Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      if (wait) await wait;
    }
  } catch (err) {
    emit("error", ["Response stream failed:", err?.stack ?? String(err)]);
    return call.send("X", Buffer.alloc(0));
  }
  return call.send("Z", Buffer.alloc(0));
}

// One gateway connection: parses frames and runs one call at a time. It always reads: the request body (at most
// 6 MiB, checked by the gateway) is buffered in the body stream, so the gateway's writes never wait on the handler.
class Connection {
  constructor(sock) {
    this.sock = sock;
    this.buf = null;
    this.call = null;
    sock.setNoDelay(true);
    sock.on("data", (d) => this.onData(d));
    sock.on("error", () => {});
    sock.on("close", () => this.call?.closed());
  }

  onData(d) {
    let buf = this.buf ? Buffer.concat([this.buf, d]) : d;
    let off = 0;
    while (buf.length - off >= 5) {
      const len = buf.readUInt32BE(off + 1);
      if (buf.length - off - 5 < len) break;
      this.frame(String.fromCharCode(buf[off]), buf.subarray(off + 5, off + 5 + len));
      off += 5 + len;
    }
    this.buf = off === buf.length ? null : buf.subarray(off);
  }

  frame(type, payload) {
    if (type === "H") {
      const f = payload.toString("utf8").split("\0");
      this.call = new Call(this, { m: f[0], u: f[1], mod: f[2], fn: f[3], rid: f[4], b: f[5] === "1", h: f.slice(6) });
    } else if (type === "E" && this.call) {
      this.call.env = payload;
      const { meta } = this.call;
      const broken = (err) => {
        emit("error", [err?.stack ?? String(err)], { requestId: meta.rid, functionName: meta.fn });
        this.sock.destroy();
      };
      try {
        handle(this.call).catch(broken);
      } catch (err) {
        broken(err); // thrown before the call's promise existed (its environment, say): this call fails, not the worker
      }
    } else if (type === "D" && this.call) {
      this.call.data(Buffer.from(payload));
    } else if (type === "Z" && this.call) {
      this.call.end();
    } else {
      emit("error", ["run402 worker: unexpected frame " + JSON.stringify(type)]);
      this.sock.destroy();
    }
  }
}

class Call {
  constructor(conn, meta) {
    this.conn = conn;
    this.meta = meta;
    this.env = null;
    this.controller = null;
    this.body = meta.b
      ? new ReadableStream({
        start: (c) => { this.controller = c; },
        cancel: () => { this.controller = null; },
      })
      : undefined;
  }

  data(chunk) {
    this.controller?.enqueue(chunk); // none once the handler cancelled the body: the rest is dropped
  }

  end() {
    try { this.controller?.close(); } catch { /* cancelled */ }
    this.controller = null;
  }

  closed() {
    try { this.controller?.error(new Error("The caller went away")); } catch { /* already closed */ }
    this.controller = null;
  }

  // Frames of one response leave corked and go out together at the end of the tick (one segment for a small answer).
  // Returns a promise only when the socket is full (await it before the next frame); nothing otherwise, so the
  // warm path awaits nothing it does not have to.
  send(type, payload) {
    const sock = this.conn.sock;
    if (sock.destroyed) return undefined;
    if (!sock.writableCorked) {
      sock.cork();
      process.nextTick(() => sock.uncork());
    }
    const head = Buffer.allocUnsafe(5);
    head[0] = type.charCodeAt(0);
    head.writeUInt32BE(payload.length, 1);
    sock.write(head);
    if (sock.write(payload)) return undefined;
    return new Promise((res) => { sock.once("drain", res); sock.once("close", res); });
  }
}

// The gateway passes a Unix domain socket path to listen on; without one (Windows), a loopback TCP port.
const socketPath = process.argv[2];
const server = net.createServer((sock) => new Connection(sock));
if (socketPath) {
  server.listen(socketPath, () => stdoutWrite("RUN402_WORKER_READY unix:" + socketPath + "\n"));
} else {
  server.listen(0, "127.0.0.1", () => stdoutWrite("RUN402_WORKER_READY " + server.address().port + "\n"));
}
