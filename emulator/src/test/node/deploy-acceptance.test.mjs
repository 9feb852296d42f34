// Acceptance test: the apply pipeline with @run402/sdk@3.3.3: `sites.deployDir` (content plans, presigned
// PUTs on the S3 endpoint, commit, site serving) and `project(id).apply` with migrations + expose + site in
// one release, then a broken migration that must leave the previous release live. Run by NodeAcceptanceIT, or:
//   RUN402_API_BASE=http://127.0.0.1:PORT RUN402_S3_ENDPOINT=http://127.0.0.1:S3PORT node --test deploy-acceptance.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { randomUUID } from 'node:crypto';
import { after } from 'node:test';
import { freshAllowance } from './sdk-allowance.mjs';

const API = process.env.RUN402_API_BASE;
const S3 = new URL(process.env.RUN402_S3_ENDPOINT);
assert.ok(API && S3, 'RUN402_API_BASE and RUN402_S3_ENDPOINT must be set');

// Every request the SDK sends to the S3 port is counted: the proof that unchanged bytes are not re-sent.
const s3Puts = [];
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
  if (url.port === S3.port) {
    const body = init?.body;
    s3Puts.push({ path: url.pathname, bytes: body == null ? 0 : (body.byteLength ?? body.length ?? 0) });
  }
  return realFetch(input, init);
};

freshAllowance('deploy-acceptance');
const sdk = await import('@run402/sdk/node');
const r = sdk.run402();

// The content store is shared by the emulator's projects: each run's bytes are new, so the first deploy uploads all.
const RUN = randomUUID();
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'),
  Buffer.from(RUN)]);

function site(files) {
  const dir = mkdtempSync(join(tmpdir(), 'run402-site-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [path, body] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), body);
  }
  return dir;
}

/** GETs path on the API port with Host: host (fetch cannot set Host), resolving { status, headers, body }. */
function getWithHost(host, path, headers = {}) {
  const api = new URL(API);
  return new Promise((resolve, reject) => {
    const req = request({ host: api.hostname, port: api.port, path, headers: { Host: host, ...headers } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.setTimeout(10_000, () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

async function anonRead(project, table) {
  const res = await fetch(`${API}/rest/v1/${table}?select=*&order=id`, { headers: { apikey: project.anon_key } });
  return { status: res.status, body: await res.json() };
}

test('sites.deployDir serves the site, then re-deploys only the bytes that changed', async () => {
  const project = await r.projects.provision({ name: `deploy-${Date.now()}` });
  const files = {
    'index.html': `<!doctype html><title>${RUN}</title><link rel="stylesheet" href="/css/app.css">`,
    'css/app.css': `/* ${RUN} */ body { color: rebeccapurple; }`,
    'img/logo.png': PNG,
  };
  const dir = site(files);
  const total = Object.values(files).reduce((n, b) => n + Buffer.byteLength(b), 0);

  s3Puts.length = 0;
  const first = await r.sites.deployDir({ project: project.project_id, dir });
  assert.equal(first.bytes_uploaded, total);
  assert.equal(s3Puts.length, 3, JSON.stringify(s3Puts));
  assert.match(first.url, /^https?:\/\//);

  const host = `${new URL(first.url).hostname}`;
  assert.match(host, /\.localhost$/, first.url);
  const index = await getWithHost(host, '/');
  assert.equal(index.status, 200);
  assert.equal(index.body.toString(), files['index.html']);
  assert.match(index.headers['content-type'], /^text\/html/);
  const css = await getWithHost(host, '/css/app.css');
  assert.equal(css.status, 200);
  assert.match(css.headers['content-type'], /^text\/css/);
  assert.equal(css.body.toString(), files['css/app.css']);
  const png = await getWithHost(host, '/img/logo.png');
  assert.equal(png.headers['content-type'], 'image/png');
  assert.deepEqual(png.body, PNG);
  const spa = await getWithHost(host, '/some/route');
  assert.equal(spa.status, 200, 'SPA fallback');
  assert.equal(spa.body.toString(), files['index.html']);
  const again = await getWithHost(host, '/css/app.css', { 'If-None-Match': css.headers.etag });
  assert.equal(again.status, 304);

  const label = host.slice(0, -'.localhost'.length); // the path form, for clients that cannot resolve *.localhost
  const viaPath = await fetch(`${API}/__sites/${label}/css/app.css`);
  assert.equal(await viaPath.text(), files['css/app.css']);

  s3Puts.length = 0;
  const unchanged = await r.sites.deployDir({ project: project.project_id, dir });
  assert.equal(unchanged.bytes_uploaded, 0);
  assert.deepEqual(s3Puts, [], 'an unchanged directory sends nothing to S3');

  const css2 = `/* ${RUN} */ body { color: teal; }`;
  writeFileSync(join(dir, 'css/app.css'), css2);
  s3Puts.length = 0;
  const changed = await r.sites.deployDir({ project: project.project_id, dir });
  assert.equal(changed.bytes_uploaded, Buffer.byteLength(css2));
  assert.equal(s3Puts.length, 1, JSON.stringify(s3Puts));
  assert.equal((await getWithHost(host, '/css/app.css')).body.toString(), css2);
});

test('project.apply: migrations + expose + site in one release; a broken migration leaves it live', async () => {
  const project = await r.projects.provision({ name: `apply-${Date.now()}` });
  const p = await r.project(project.project_id);
  const first = await p.apply({
    project: project.project_id,
    database: {
      migrations: [{ id: '001_init', sql: "create table notes (id int primary key, body text); insert into notes values (1, 'one');" }],
      expose: { version: '1', tables: [{ name: 'notes', expose: true, policy: 'public_read_authenticated_write' }] },
    },
    site: { replace: { 'index.html': { data: '<h1>v1</h1>', contentType: 'text/html' } } },
  });
  assert.ok(first.release_id, JSON.stringify(first));
  const liveUrl = first.urls.project;
  const host = new URL(liveUrl).hostname;
  assert.deepEqual((await anonRead(project, 'notes')).body, [{ id: 1, body: 'one' }]);
  assert.equal((await getWithHost(host, '/')).body.toString(), '<h1>v1</h1>');

  const failed = await p.apply({
    project: project.project_id,
    database: { migrations: [{ id: '002_broken', sql: "insert into notes values (2, 'two'); select * from no_such_table;" }] },
    site: { replace: { 'index.html': { data: '<h1>v2</h1>', contentType: 'text/html' } } },
  }).then(() => assert.fail('a broken migration must fail the apply'), (e) => e);
  assert.equal(failed.code, 'MIGRATION_FAILED', String(failed));
  assert.match(failed.message, /relation "no_such_table" does not exist/);
  assert.equal(failed.details?.sqlstate, '42P01');
  const op = await fetch(`${API}/apply/v1/operations/${failed.operationId}`, { headers: { apikey: project.anon_key } });
  const opBody = await op.json();
  assert.equal(opBody.status, 'failed', JSON.stringify(opBody));
  assert.match(JSON.stringify(opBody), /no_such_table/);

  assert.deepEqual((await anonRead(project, 'notes')).body, [{ id: 1, body: 'one' }], 'the migration rolled back');
  assert.equal((await getWithHost(host, '/')).body.toString(), '<h1>v1</h1>', 'the previous release stays live');
  const active = await fetch(`${API}/apply/v1/releases/active?project_id=${project.project_id}`,
    { headers: { apikey: project.anon_key } });
  assert.equal((await active.json()).release_id, first.release_id);
});
