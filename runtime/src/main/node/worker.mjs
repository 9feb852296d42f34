// run402-local function worker: one warm Node process serving many invocations of one project's functions.
// Protocol (kept deliberately small):
//   stdout line "RUN402_WORKER_READY <port>" once the loopback HTTP server listens;
//   stdout lines "RUN402_LOG {json}" for console.* and uncaught errors ({rid, fn, level, message, ts});
//   each invocation is an HTTP request to 127.0.0.1:<port> carrying the caller's method, path, query, headers
//   and body, plus control headers x-run402-worker-{module,env,fn,rid,url} that are removed before the handler
//   sees the request. The handler's Response is streamed back as is.
import http from "node:http";
import { AsyncLocalStorage } from "node:async_hooks";
import { pathToFileURL } from "node:url";
import { format } from "node:util";

const context = new AsyncLocalStorage();
const stdoutWrite = process.stdout.write.bind(process.stdout);

function emit(level, args) {
  const c = context.getStore();
  const line = JSON.stringify({ rid: c?.rid ?? null, fn: c?.fn ?? null, level, message: format(...args), ts: Date.now() });
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

function withRequestContext(req, url, headers, fn) {
  if (typeof functionsPkg?.runWithContext !== "function") return fn();
  const trigger = req.headers["x-run402-trigger"];
  return functionsPkg.runWithContext({
    requestId: req.headers["x-run402-worker-rid"] || "",
    projectId: process.env.RUN402_PROJECT_ID || "",
    releaseId: process.env.RUN402_RELEASE_ID || "",
    locale: null,
    defaultLocale: null,
    host: new URL(url).host,
    request: { method: req.method, url, headers: Object.fromEntries(headers) },
    invocationKind: trigger === "cron" ? "scheduled" : "direct",
    idempotencyKey: headers.get("idempotency-key"),
  }, fn);
}

const CONTROL = ["x-run402-worker-module", "x-run402-worker-env", "x-run402-worker-fn", "x-run402-worker-rid", "x-run402-worker-url"];

// The project's environment (RUN402_* and secrets), replaced before every call so a secrets.set shows at once.
let lastEnv = null;
function applyEnv(b64, fn, rid) {
  if (b64 !== lastEnv) {
    lastEnv = b64;
    const env = JSON.parse(Buffer.from(b64 || "e30=", "base64").toString("utf8"));
    for (const k of Object.keys(process.env)) if (!(k in env)) delete process.env[k];
    for (const [k, v] of Object.entries(env)) process.env[k] = String(v);
  }
  process.env.RUN402_FUNCTION_NAME = fn || "";
  process.env.RUN402_REQUEST_ID = rid || "";
}

const handlers = new Map(); // module file -> handler (file names are content hashes: a redeploy is a new file)
async function load(file) {
  const cached = handlers.get(file);
  if (cached) return cached;
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

async function handle(req, res) {
  const module = req.headers["x-run402-worker-module"];
  const url = req.headers["x-run402-worker-url"];
  applyEnv(req.headers["x-run402-worker-env"], req.headers["x-run402-worker-fn"], req.headers["x-run402-worker-rid"]);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (CONTROL.includes(k) || k === "host" || k === "connection" || k === "transfer-encoding") continue;
    for (const one of Array.isArray(v) ? v : [v]) headers.append(k, one);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const request = new Request(url, { method: req.method, headers, body: hasBody ? req : undefined, duplex: "half" });
  let response;
  try {
    const fn = await load(module);
    response = toResponse(await withRequestContext(req, url, headers, () => fn(request)));
  } catch (err) {
    emit("error", [err?.stack ?? String(err)]);
    const message = err?.message ?? String(err);
    response = new Response(JSON.stringify({ error: "Internal function error", message }),
      { status: 500, headers: { "content-type": "application/json", "x-run402-function-error": "1" } });
  }
  const out = {};
  response.headers.forEach((v, k) => {
    if (k === "transfer-encoding" || k === "content-length" || k === "connection") return;
    if (k === "set-cookie") return;
    out[k] = v;
  });
  const cookies = response.headers.getSetCookie?.() ?? [];
  if (cookies.length) out["set-cookie"] = cookies;
  res.writeHead(response.status, out);
  if (!response.body || req.method === "HEAD") return res.end();
  try {
    for await (const chunk of response.body) res.write(chunk);
  } catch (err) {
    emit("error", ["Response stream failed:", err?.stack ?? String(err)]);
  }
  res.end();
}

const server = http.createServer((req, res) => {
  const rid = req.headers["x-run402-worker-rid"] || null;
  const fn = req.headers["x-run402-worker-fn"] || null;
  context.run({ rid, fn }, () => handle(req, res).catch((err) => {
    emit("error", [err?.stack ?? String(err)]);
    if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: "Internal function error", message: String(err?.message ?? err) }));
  }));
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => stdoutWrite("RUN402_WORKER_READY " + server.address().port + "\n"));
