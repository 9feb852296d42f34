// Acceptance test: functions with the real @run402/sdk@3.3.3 (functions.deploy through project.apply, invoke,
// logs, update, list, delete; secrets.set) and the real @run402/functions@4.0.0 inside the deployed function
// (db(req) under RLS, adminDb().sql(), auth.user() verifying the ES256 access token against the JWKS).
// Run by NodeAcceptanceIT, or: RUN402_API_BASE=http://127.0.0.1:PORT node --test functions-acceptance.test.mjs
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshAllowance } from './sdk-allowance.mjs';

const API = process.env.RUN402_API_BASE;
assert.ok(API, 'RUN402_API_BASE must be set');
freshAllowance('functions-acceptance');
const sdk = await import('@run402/sdk/node');
const r = sdk.run402();

async function call(method, path, { apikey, bearer, body, contentType = 'application/json' } = {}) {
  const headers = {};
  if (apikey) headers.apikey = apikey;
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  if (body !== undefined) headers['Content-Type'] = contentType;
  const res = await fetch(`${API}${path}`, { method, headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, json, text, headers: res.headers };
}

function ok(res, status, what) {
  assert.equal(res.status, status, `${what}: ${res.status} ${res.text}`);
  return res.json;
}

async function eventually(what, probe, ms = 10_000) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    last = await probe();
    if (last) return last;
    await new Promise((res) => setTimeout(res, 100));
  }
  assert.fail(`${what} did not happen within ${ms} ms`);
}

const WHOAMI = `
import { db, adminDb, auth, getUser } from "@run402/functions";

type Note = { body: string };

export default async (req: Request): Promise<Response> => {
  const user = await auth.user();
  let legacy = "returned";
  try { getUser(req); } catch (e) { legacy = (e as Error).name + ": " + (e as Error).message; }
  const mine = (await db(req).from("notes").select("body").order("body")) as Note[];
  const total = await adminDb().sql("SELECT count(*)::int AS n FROM notes");
  console.log(\`whoami user=\${user?.id ?? "anon"} visible=\${mine.length}\`);
  return Response.json({ user: user ? { id: user.id, email: user.email } : null,
    mine: mine.map((n) => n.body), total: total.rows[0].n, legacy });
};
`;

test('a TypeScript function with @run402/functions sees RLS through db(req), adminDb().sql() and auth.user()', async () => {
  const project = await r.projects.provision({ name: `functions-${Date.now()}` });
  const { project_id: id, anon_key: anon, service_key: service } = project;
  ok(await call('POST', `/projects/v1/admin/${id}/sql`, { bearer: service, contentType: 'text/plain',
    body: 'CREATE TABLE notes (id serial PRIMARY KEY, owner uuid, body text NOT NULL)' }), 200, 'create table');
  ok(await call('POST', `/projects/v1/admin/${id}/expose`, { bearer: service, body: { version: '1',
    tables: [{ name: 'notes', expose: true, policy: 'user_owns_rows', owner_column: 'owner', force_owner_on_insert: true }],
    views: [], rpcs: [] } }), 200, 'expose');
  ok(await call('PATCH', '/auth/v1/settings', { apikey: anon, bearer: service,
    body: { allow_password_set: true, preferred_sign_in_method: 'password', public_signup: 'open' } }), 200, 'settings');
  const email = `fn.${Date.now()}@example.com`;
  const user = ok(await call('POST', '/auth/v1/signup', { apikey: anon, body: { email, password: 'pw-123456' } }), 201, 'signup');
  const session = ok(await call('POST', '/auth/v1/token?grant_type=password', { apikey: anon,
    body: { email, password: 'pw-123456' } }), 200, 'login');
  ok(await call('POST', '/rest/v1/notes', { apikey: anon, bearer: session.access_token, body: { body: 'mine' } }), 201, 'user insert');
  ok(await call('POST', `/projects/v1/admin/${id}/sql`, { bearer: service, contentType: 'text/plain',
    body: "INSERT INTO notes (owner, body) VALUES ('00000000-0000-0000-0000-000000000001', 'someone else')" }), 200, 'other row');

  const deployed = await r.functions.deploy(id, { name: 'whoami', code: WHOAMI });
  assert.equal(deployed.status, 'deployed');
  assert.equal(deployed.url, `${API}/functions/v1/whoami`);

  const asAnon = ok(await call('GET', '/functions/v1/whoami', { apikey: anon }), 200, 'anon invoke');
  // @run402/functions 4.0.0 (the version the contract pins) removed getUser(req) in v3.0: it throws its own
  // fix-it error naming auth.user(), in production as here. The function reads the user with auth.user().
  assert.match(asAnon.legacy, /getUser[\s\S]*auth\.user\(\)/, asAnon.legacy);
  delete asAnon.legacy;
  assert.deepEqual(asAnon, { user: null, mine: [], total: 2 });
  const asUser = ok(await call('GET', '/functions/v1/whoami', { apikey: anon, bearer: session.access_token }), 200, 'user invoke');
  delete asUser.legacy;
  assert.deepEqual(asUser, { user: { id: user.id, email }, mine: ['mine'], total: 2 });
  const viaSdk = await r.functions.invoke(id, 'whoami', { method: 'GET' });
  assert.equal(viaSdk.body.total, 2);
  assert.equal((await call('GET', '/functions/v1/whoami', {})).status, 401, 'no apikey is refused');

  const logs = await r.functions.logs(id, 'whoami', { tail: 50 });
  const lines = logs.logs.map((l) => l.message);
  assert.ok(lines.includes('whoami user=anon visible=0'), JSON.stringify(lines));
  assert.ok(lines.includes(`whoami user=${user.id} visible=1`), JSON.stringify(lines));
  const one = logs.logs.find((l) => l.message === 'whoami user=anon visible=0');
  const byId = await r.functions.logs(id, 'whoami', { requestId: one.request_id });
  assert.deepEqual(byId.logs.map((l) => l.message), ['whoami user=anon visible=0']);

  const listed = await r.functions.list(id);
  assert.deepEqual(listed.functions.map((f) => f.name), ['whoami']);
  await r.functions.delete(id, 'whoami');
  assert.equal((await call('GET', '/functions/v1/whoami', { apikey: anon })).status, 404);
});

const HELPERS = `
import { adminDb, email, assets, ai } from "@run402/functions";

export default async (): Promise<Response> => {
  const rows = await adminDb().from("items").select("name").order("name");
  const sent = await email.send({ to: "reader@example.com", subject: "sent from a function", html: "<p>hello</p>" });
  const ref = await assets.put("fn/hello.txt", "hello from a function", { contentType: "text/plain" });
  let aiError = "none";
  try { await ai.translate("hola", "en"); } catch (e) { aiError = (e as Error).message; }
  return Response.json({ rows, sent, ref, aiError });
};
`;

test('inside a function, adminDb().from(), email.send and assets.put reach the emulator; ai.* is 501', async () => {
  const project = await r.projects.provision({ name: `fn-helpers-${Date.now()}` });
  const { project_id: id, anon_key: anon, service_key: service } = project;
  ok(await call('POST', `/projects/v1/admin/${id}/sql`, { bearer: service, contentType: 'text/plain',
    body: "CREATE TABLE items (name text PRIMARY KEY); INSERT INTO items VALUES ('b'), ('a')" }), 200, 'table');
  await r.email.create(id, `fn${Date.now().toString(36)}`);
  await r.functions.deploy(id, { name: 'helpers', code: HELPERS });

  const out = ok(await call('POST', '/functions/v1/helpers', { apikey: anon, body: {} }), 200, 'helpers invoke');
  assert.deepEqual(out.rows, [{ name: 'a' }, { name: 'b' }]);
  assert.ok(out.sent.message_id, JSON.stringify(out.sent));
  const caught = ok(await call('GET', `/__local/mail/${out.sent.message_id}`), 200, 'caught mail');
  assert.equal(caught.to, 'reader@example.com');
  assert.equal(caught.subject, 'sent from a function');
  const asset = await fetch(out.ref.url);
  assert.equal(asset.status, 200, out.ref.url);
  assert.equal(await asset.text(), 'hello from a function');
  assert.match(out.aiError, /not_emulated|501|not emulated/i, out.aiError);
});

test('secrets.set is visible on the next call without a redeploy, and only in its own project', async () => {
  const a = await r.projects.provision({ name: `secrets-a-${Date.now()}` });
  const b = await r.projects.provision({ name: `secrets-b-${Date.now()}` });
  const code = 'export default async () => new Response(String(process.env.GREETING))';
  await r.functions.deploy(a.project_id, { name: 'greet', code });
  await r.functions.deploy(b.project_id, { name: 'greet', code });
  assert.equal((await call('GET', '/functions/v1/greet', { apikey: a.anon_key })).text, 'undefined');
  await r.secrets.set(a.project_id, 'GREETING', 'hello');
  assert.equal((await call('GET', '/functions/v1/greet', { apikey: a.anon_key })).text, 'hello');
  await r.secrets.set(a.project_id, 'GREETING', 'hello again');
  assert.equal((await call('GET', '/functions/v1/greet', { apikey: a.anon_key })).text, 'hello again');
  assert.equal((await call('GET', '/functions/v1/greet', { apikey: b.anon_key })).text, 'undefined');
  const listed = await r.secrets.list(a.project_id);
  assert.ok(!JSON.stringify(listed).includes('hello'), 'values are never returned');
});

test('a multi-file function (files + entrypoint) deploys through project.apply, bundled, with its own stack lines', async () => {
  const project = await r.projects.provision({ name: `multi-${Date.now()}` });
  const p = await r.project(project.project_id);
  const ts = (data) => ({ data, contentType: 'text/typescript' });
  await p.apply({
    project: project.project_id,
    functions: { patch: { set: { multi: {
      entrypoint: 'src/index.ts',
      files: {
        'src/index.ts': ts([
          'import { greet } from "./lib/greet";',
          'import config from "../config.json";',
          'import { auth } from "@run402/functions";',
          'import { readFile } from "node:fs/promises";',
          'export default async (req: Request) => {',
          '  const user = await auth.user();',
          '  const page = await readFile(new URL("../templates/page.html", import.meta.url), "utf8"); // not imported: read from disk',
          '  return Response.json({ text: greet(new URL(req.url).searchParams.get("who")), env: config.env, anon: user === null, page });',
          '};',
        ].join('\n')),
        'src/lib/greet.ts': ts([
          'export function greet(who: string | null): string {',
          '  if (!who) {',
          '    throw new Error("nobody to greet");',
          '  }',
          '  return `hello ${who}`;',
          '}',
        ].join('\n')),
        'config.json': { data: '{"env":"local"}', contentType: 'application/json' },
        'templates/page.html': { data: '<p>hi</p>', contentType: 'text/html' },
      },
    } } } },
  });
  const res = ok(await call('GET', '/functions/v1/multi?who=ada', { apikey: project.anon_key }), 200, 'multi-file invoke');
  assert.deepEqual(res, { text: 'hello ada', env: 'local', anon: true, page: '<p>hi</p>' });
  const failed = await call('GET', '/functions/v1/multi', { apikey: project.anon_key });
  assert.equal(failed.status, 500, failed.text);
  const logs = (await r.functions.logs(project.project_id, 'multi')).logs.map((l) => l.message).join('\n');
  assert.match(logs, /nobody to greet[\s\S]*lib\/greet\.ts:3/, logs);

  // rebuild / rebuildAll (wallet-authed): built again by this emulator, code hash and behaviour unchanged.
  const before = (await r.functions.list(project.project_id)).functions.find((f) => f.name === 'multi');
  assert.equal(before.runtime_stale, false);
  const rebuilt = await r.functions.rebuild(project.project_id, 'multi');
  assert.equal(rebuilt.rebuilt, true);
  assert.equal(rebuilt.name, 'multi');
  assert.equal(rebuilt.new_fingerprint, rebuilt.old_fingerprint, 'same emulator, same build');
  assert.equal(rebuilt.runtime_version_after, before.runtime_current_version);
  assert.match(rebuilt.code_hash, /^[0-9a-f]{64}$/);
  const batch = await r.functions.rebuildAll(project.project_id);
  assert.deepEqual([batch.total, batch.rebuilt_count, batch.results[0].code_hash], [1, 1, rebuilt.code_hash]);
  assert.equal((await call('GET', '/functions/v1/multi?who=eve', { apikey: project.anon_key })).json.text, 'hello eve');
  const nope = await r.functions.rebuild(project.project_id, 'nope').then(() => assert.fail('no such function'), (e) => e);
  assert.equal(nope.status, 404, String(nope));

  const noEntry = await p.apply({ project: project.project_id, functions: { patch: { set: { broken: {
    files: { 'index.ts': ts('export default async () => new Response("x");') } } } } } })
    .then(() => assert.fail('files without an entrypoint must be refused'), (e) => e);
  assert.match(String(noEntry.message) + JSON.stringify(noEntry.body ?? {}), /entrypoint/, String(noEntry));
  const missing = await p.apply({ project: project.project_id, functions: { patch: { set: { broken: {
    entrypoint: 'main.ts', files: { 'index.ts': ts('export default async () => new Response("x");') } } } } } })
    .then(() => assert.fail('an entrypoint outside the files must be refused'), (e) => e);
  assert.match(String(missing.message) + JSON.stringify(missing.body ?? {}), /entrypoint/, String(missing));
  const clash = await p.apply({ project: project.project_id, functions: { patch: { set: { broken: {
    entrypoint: 'index.ts', files: { 'index.ts': ts('export default async () => new Response("x");'),
      lib: ts('export const a = 1;'), 'lib/b.ts': ts('export const b = 2;') } } } } } })
    .then(() => assert.fail('a path that is also a folder must be refused'), (e) => e);
  assert.match(String(clash.message) + JSON.stringify(clash.body ?? {}), /both a file and the folder/, String(clash));
  const badImport = await p.apply({ project: project.project_id, functions: { patch: { set: { broken: {
    entrypoint: 'index.ts', files: { 'index.ts': ts('import { x } from "./nowhere";\nexport default async () => new Response(x);') } } } } } })
    .then(() => assert.fail('an import of a file outside the set must fail the apply'), (e) => e);
  assert.match(String(badImport.message) + JSON.stringify(badImport.body ?? {}), /nowhere/, String(badImport));
  assert.equal((await call('GET', '/functions/v1/multi?who=bob', { apikey: project.anon_key })).json.text, 'hello bob',
    'the failed applies left the live function as it was');
});

test('durable runs: functions.runs.create inside functions, a defineFunctionRuns handler, chained runs', async () => {
  const p = await r.projects.provision({ name: `runs-${Date.now()}` });
  await r.functions.deploy(p.project_id, { name: 'enqueue', code: `
import { functions } from "@run402/functions";
export default async (req: Request) => {
  const { order } = await req.json();
  const run = await functions.runs.create("orders", { eventType: "order.paid",
    idempotencyKey: functions.idempotency.fromParts("order", order), payload: { order } });
  return Response.json(run, { status: 202 });
};` });
  await r.functions.deploy(p.project_id, { name: 'orders', code: `
import { defineFunctionRuns, functions } from "@run402/functions";
export default defineFunctionRuns({
  "order.paid": async (ctx, payload) => {
    await functions.runs.create("orders", { eventType: "order.shipped", idempotencyKey: "ship:" + payload.order, payload });
    return { paid: payload.order };
  },
  "order.shipped": async (ctx, payload) => {
    console.log("shipped", payload.order, "after", ctx.run.source.type, ctx.run.source.run_id);
    return { shipped: true };
  },
});` });
  const svc = { Authorization: `Bearer ${p.service_key}` };
  const runOf = async (id) => (await fetch(`${API}/functions/v1/runs/${id}`, { headers: svc })).json();
  const queued = await call('POST', '/functions/v1/enqueue', { apikey: p.anon_key, body: { order: 7 } });
  assert.equal(queued.status, 202, queued.text);
  assert.match(queued.json.run_id, /^fnrun_/);
  const paid = await eventually('the order.paid run', async () => {
    const run = await runOf(queued.json.run_id);
    return run.terminal ? run : null;
  });
  assert.equal(paid.status, 'succeeded', JSON.stringify(paid));
  const shipped = await eventually('the chained order.shipped run', async () => {
    const list = await (await fetch(`${API}/functions/v1/orders/runs?event_type=order.shipped`, { headers: svc })).json();
    return list.runs?.[0]?.terminal ? list.runs[0] : null;
  });
  assert.equal(shipped.status, 'succeeded', JSON.stringify(shipped));
  assert.deepEqual([shipped.source.type, shipped.source.run_id], ['function', paid.run_id]);
  const logs = await (await fetch(`${API}/functions/v1/runs/${shipped.run_id}/logs`, { headers: svc })).json();
  assert.ok(logs.logs.some((l) => l.message === `shipped 7 after function ${paid.run_id}`), JSON.stringify(logs));
  const replay = await call('POST', '/functions/v1/enqueue', { apikey: p.anon_key, body: { order: 7 } });
  assert.equal(replay.json.run_id, paid.run_id, 'the same idempotency key is the same run');
});

test('a stuck function gets 504 at its (shortened) timeout, an out-of-memory one 502, and the next calls work', async () => {
  const p = await r.projects.provision({ name: `limits-${Date.now()}` });
  await r.functions.deploy(p.project_id, { name: 'spin', code:
    "export default async (req) => { if (new URL(req.url).searchParams.has('loop')) { for (;;) {} } return new Response('spun'); }" });
  const updated = await r.functions.update(p.project_id, 'spin', { timeout: 1 });
  assert.equal(updated.timeout, 1);
  const stuck = await call('GET', '/functions/v1/spin?loop=1', { apikey: p.anon_key });
  assert.equal(stuck.status, 504, stuck.text);
  assert.equal(stuck.json.error, 'function_timeout');
  assert.equal((await call('GET', '/functions/v1/spin', { apikey: p.anon_key })).text, 'spun');

  await r.functions.deploy(p.project_id, { name: 'hog', config: { memory: 128 }, code:
    "export default async (req) => { if (new URL(req.url).searchParams.has('eat')) { const a = []; for (;;) a.push(new Array(1e6).fill(1.5)); } return new Response('fed'); }" });
  const oom = await call('GET', '/functions/v1/hog?eat=1', { apikey: p.anon_key });
  assert.equal(oom.status, 502, oom.text);
  assert.match(oom.json.message, /heap/i);
  assert.equal((await call('GET', '/functions/v1/hog', { apikey: p.anon_key })).text, 'fed');
});

test('a scheduled function runs when the emulator clock passes its next tick', async () => {
  after(() => fetch(`${API}/__local/clock`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ reset: true }) }));
  const p = await r.projects.provision({ name: `cron-${Date.now()}` });
  await r.functions.deploy(p.project_id, { name: 'nightly', schedule: '*/30 * * * *', code:
    "export default async (req) => { const b = await req.json(); console.log('scheduled', b.trigger); return new Response('done'); }" });
  const moved = await fetch(`${API}/__local/clock`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ advance: '31m' }) });
  assert.equal(moved.status, 200, await moved.text());
  const lines = await eventually('the scheduled run', async () => {
    const l = (await r.functions.logs(p.project_id, 'nightly')).logs.map((x) => x.message);
    return l.includes('scheduled cron') ? l : null;
  });
  assert.ok(lines.some((m) => m.startsWith('Scheduled run (cron)')), JSON.stringify(lines));
  const fn = await eventually('schedule_meta', async () => {
    const f = (await r.functions.list(p.project_id)).functions[0];
    return f.schedule_meta?.run_count === 1 ? f : null;
  });
  assert.equal(fn.schedule, '*/30 * * * *');
  assert.equal(fn.schedule_meta.last_status, 200);
});
