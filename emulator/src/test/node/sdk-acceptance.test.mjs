// Acceptance test: the real @run402/sdk@3.3.3 from npm against a running run402-local.
// Run by NodeAcceptanceIT (mvn verify), or by hand:
//   RUN402_API_BASE=http://127.0.0.1:PORT node --test sdk-acceptance.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshAllowance } from './sdk-allowance.mjs';

const API = process.env.RUN402_API_BASE;
assert.ok(API && !API.endsWith('/'), `RUN402_API_BASE must be set, without a trailing slash (got ${API})`);

// A fresh wallet in a fresh config dir; the env must be set before the SDK is imported.
freshAllowance('sdk-acceptance');

const sdk = await import('@run402/sdk/node');
const r = sdk.run402(); // reads RUN402_API_BASE, the allowance and the keystore under RUN402_CONFIG_DIR
// The SDK's own SIWX signer (NodeCredentialsProvider -> core getAllowanceAuthHeaders), for raw requests.
const signer = new sdk.NodeCredentialsProvider();
const siwx = (path) => signer.getAuth(path);

const uniq = (prefix) => `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
const bearer = (key) => ({ Authorization: `Bearer ${key}` });

/** A raw HTTP call: {status, json, text}. */
async function call(method, path, { headers = {}, body } = {}) {
  const res = await fetch(API + path, { method, headers, body });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, json, text };
}

/** Awaits a promise that must reject with a Run402Error; returns the error. */
async function sdkError(promise, what) {
  try {
    const value = await promise;
    assert.fail(`${what}: expected the SDK to throw, got ${JSON.stringify(value)}`);
  } catch (e) {
    if (e instanceof assert.AssertionError) throw e;
    assert.ok(sdk.isRun402Error(e), `${what}: expected a Run402Error, got ${e?.stack ?? e}`);
    return e;
  }
}

test('service.health() and service.status() read the emulator through the SDK', async () => {
  const health = await r.service.health();
  assert.equal(health.status, 'healthy', `health: ${JSON.stringify(health)}`);
  assert.equal(health.checks.postgres, 'ok');
  const status = await r.service.status();
  assert.equal(status.current_status, 'operational', `status: ${JSON.stringify(status)}`);
  assert.equal(typeof status.deployment.version, 'string');
});

test('happy path: provision, SQL with params, usage, schema, list, get, rename, delete', async () => {
  const name = uniq('acc-happy');
  const p = await r.projects.provision({ name });
  const id = p.project_id;
  assert.match(id, /^prj_\d+_\d{4}$/, `project_id format: ${JSON.stringify(p)}`);
  assert.match(p.schema_slot, /^p\d{4}$/, `schema_slot format: ${JSON.stringify(p)}`);
  assert.ok(typeof p.anon_key === 'string' && p.anon_key.length > 0, 'provision returns an anon_key');
  assert.ok(typeof p.service_key === 'string' && p.service_key.length > 0, 'provision returns a service_key');
  assert.notEqual(p.anon_key, p.service_key, 'anon and service keys differ');

  const ddl = await r.projects.sql(id, 'CREATE TABLE todos (id serial primary key, title text not null, done boolean default false)');
  assert.equal(ddl.rowCount, null, `DDL has a null row count: ${JSON.stringify(ddl)}`);
  assert.deepEqual(ddl.rows, [], 'DDL returns no rows');

  const ins = await r.projects.sql(id, 'INSERT INTO todos (title) VALUES ($1), ($2) RETURNING id, title', ['buy milk', 'walk dog']);
  assert.equal(ins.rowCount, 2, `INSERT ... RETURNING counts 2 rows: ${JSON.stringify(ins)}`);
  assert.deepEqual(ins.rows.map((row) => row.title), ['buy milk', 'walk dog'], 'RETURNING rows come back in order');
  assert.equal(typeof ins.rows[0].id, 'number', 'serial ids are JSON numbers');

  const sel = await r.projects.sql(id, 'SELECT title, done FROM todos WHERE title = $1', ['walk dog']);
  assert.deepEqual(sel.rows, [{ title: 'walk dog', done: false }], `parameterised SELECT: ${JSON.stringify(sel)}`);
  assert.deepEqual(sel.fields.map((f) => f.name), ['title', 'done'], 'fields name the columns');

  const count = await r.projects.sql(id, 'SELECT count(*) FROM todos');
  assert.deepEqual(count.rows, [{ count: '2' }], 'count(*) is a bigint, returned as a string like node-postgres');

  const usage = await r.projects.getUsage(id);
  assert.equal(typeof usage.api_calls, 'number', `usage.api_calls is a number: ${JSON.stringify(usage)}`);
  assert.equal(usage.tier, 'prototype', 'a wallet without a tier gets the prototype tier');

  const schema = await r.projects.getSchema(id);
  const todos = schema.tables.find((t) => t.name === 'todos');
  assert.ok(todos, `schema lists table todos: ${JSON.stringify(schema)}`);
  assert.deepEqual(todos.columns.map((c) => c.name).sort(), ['done', 'id', 'title'], 'todos columns');
  assert.equal(todos.columns.find((c) => c.name === 'title').nullable, false, 'title is NOT NULL');
  assert.ok(todos.constraints.some((c) => c.type === 'PRIMARY KEY'), `todos has a PRIMARY KEY: ${JSON.stringify(todos.constraints)}`);

  const listed = (await r.projects.list()).projects.find((row) => row.id === id);
  assert.ok(listed, `projects.list() includes ${id}`);
  assert.equal(listed.name, name, 'list shows the name');
  const detail = await r.projects.get(id);
  assert.equal(detail.project_id, id, `projects.get returns the project: ${JSON.stringify(detail)}`);
  assert.equal(detail.name, name, 'get shows the name');

  const newName = uniq('acc-renamed');
  const renamed = await r.projects.rename(id, newName);
  assert.equal(renamed.name, newName, `rename answers the new name: ${JSON.stringify(renamed)}`);
  assert.equal((await r.projects.get(id)).name, newName, 'get shows the new name');
  const relisted = (await r.projects.list()).projects.find((row) => row.id === id);
  assert.equal(relisted?.name, newName, 'list shows the new name');

  await r.projects.delete(id);
  const gone = await call('POST', `/projects/v1/admin/${id}/sql`,
    { headers: { ...bearer(p.service_key), 'Content-Type': 'text/plain' }, body: 'SELECT 1' });
  assert.ok([401, 404].includes(gone.status), `SQL on a deleted project answers 404 or 401, got ${gone.status} ${gone.text}`);
  assert.ok(!(await r.projects.list()).projects.some((row) => row.id === id), 'a deleted project is no longer listed');
});

// ProvisionOptions in 3.3.3 has no idempotencyKey (added later), so this sends the
// Idempotency-Key header with a raw request signed by the SDK's own SIWX signer.
test('idempotency: the same Idempotency-Key and name provision the same project', async () => {
  const name = uniq('acc-idem');
  const key = `provision:${name}`;
  const provision = async () => call('POST', '/projects/v1', {
    headers: { ...(await siwx('/projects/v1')), 'Content-Type': 'application/json', 'Idempotency-Key': key },
    body: JSON.stringify({ name }),
  });
  const first = await provision();
  const second = await provision();
  assert.ok(first.status >= 200 && first.status < 300, `first provision: ${first.status} ${first.text}`);
  assert.ok(second.status >= 200 && second.status < 300, `replayed provision: ${second.status} ${second.text}`);
  assert.match(first.json.project_id, /^prj_\d+_\d{4}$/, 'first provision returns a project_id');
  assert.equal(second.json.project_id, first.json.project_id, 'a replay returns the same project');
  const mine = (await r.projects.list()).projects.filter((row) => row.name === name);
  assert.equal(mine.length, 1, `exactly one project named ${name}: ${JSON.stringify(mine)}`);
  const del = await call('DELETE', `/projects/v1/${first.json.project_id}`, { headers: bearer(first.json.service_key) });
  assert.ok(del.status < 300, `cleanup delete: ${del.status} ${del.text}`);
});

test('bad input is rejected with production status codes', async (t) => {
  const a = await r.projects.provision({ name: uniq('acc-bad-a') });
  const b = await r.projects.provision({ name: uniq('acc-bad-b') });
  await r.projects.sql(a.project_id, 'CREATE TABLE todos (id serial primary key, title text not null)');
  const sqlPath = `/projects/v1/admin/${a.project_id}/sql`;

  await t.test('a tampered SIWX signature answers 402 invalid_siwx', async () => {
    const header = (await siwx('/projects/v1'))['SIGN-IN-WITH-X'];
    const payload = JSON.parse(Buffer.from(header, 'base64').toString('utf8'));
    const i = 20; // a hex digit inside r
    payload.signature = payload.signature.slice(0, i) + (payload.signature[i] === '0' ? '1' : '0') + payload.signature.slice(i + 1);
    const res = await call('POST', '/projects/v1', {
      headers: { 'SIGN-IN-WITH-X': Buffer.from(JSON.stringify(payload)).toString('base64'), 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: uniq('acc-tampered') }),
    });
    assert.equal(res.status, 402, `tampered SIWX: ${res.text}`);
    assert.equal(res.json?.error, 'invalid_siwx', `error code: ${res.text}`);
  });

  await t.test('no SIWX header answers 401', async () => {
    const res = await call('POST', '/projects/v1', {
      headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: uniq('acc-anon') }),
    });
    assert.equal(res.status, 401, `missing SIWX: ${res.text}`);
  });

  await t.test("another project's service key answers 403 (SDK: Unauthorized)", async () => {
    const res = await call('POST', sqlPath, { headers: { ...bearer(b.service_key), 'Content-Type': 'text/plain' }, body: 'SELECT 1' });
    assert.equal(res.status, 403, `B's key on A's sql route: ${res.text}`);
    // A client whose keystore holds B's keys under A's id.
    const wrongKeys = new sdk.Run402({
      apiBase: API,
      credentials: { getAuth: async () => null, getProject: async () => ({ anon_key: b.anon_key, service_key: b.service_key }) },
    });
    const e = await sdkError(wrongKeys.projects.sql(a.project_id, 'SELECT 1'), 'sql with the wrong service key');
    assert.ok(e instanceof sdk.Unauthorized && sdk.isUnauthorized(e), `expected Unauthorized, got ${e.name}: ${e.message}`);
    assert.equal(e.status, 403, 'Unauthorized carries the 403');
  });

  await t.test('blocked SQL answers 403 "Blocked SQL pattern"', async () => {
    const e = await sdkError(r.projects.sql(a.project_id, 'GRANT SELECT ON todos TO anon'), 'GRANT to anon');
    assert.equal(e.status, 403, `status of ${e.name}: ${e.message}`);
    assert.match(e.message, /Blocked SQL pattern/, 'message names the blocklist');
  });

  await t.test('an SQL error answers 400 with the PostgreSQL message', async () => {
    const e = await sdkError(r.projects.sql(a.project_id, 'SELECT * FROM nope'), 'SELECT from a missing table');
    assert.equal(e.status, 400, `status of ${e.name}: ${e.message}`);
    assert.ok(e.message.includes('relation "nope" does not exist'), `message: ${e.message}`);
  });

  await t.test('malformed JSON to the sql route answers 400 invalid_json', async () => {
    const res = await call('POST', sqlPath, {
      headers: { ...bearer(a.service_key), 'Content-Type': 'application/json' }, body: '{"sql": "SELECT 1",',
    });
    assert.equal(res.status, 400, `malformed JSON: ${res.text}`);
    assert.equal(res.json?.error, 'invalid_json', `error code: ${res.text}`);
  });

  await r.projects.delete(a.project_id);
  await r.projects.delete(b.project_id);
});
