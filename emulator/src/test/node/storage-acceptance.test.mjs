// Acceptance test: project storage with real clients: the `minio` JS client on the S3 endpoint and
// @run402/sdk@3.3.3's assets namespace (ls/get/sign/rm) on /storage/v1. Run by NodeAcceptanceIT, or:
//   RUN402_API_BASE=http://127.0.0.1:PORT RUN402_S3_ENDPOINT=http://127.0.0.1:S3PORT node --test storage-acceptance.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import * as Minio from 'minio';
import { freshAllowance } from './sdk-allowance.mjs';

const API = process.env.RUN402_API_BASE;
const S3 = new URL(process.env.RUN402_S3_ENDPOINT);
assert.ok(API && S3, 'RUN402_API_BASE and RUN402_S3_ENDPOINT must be set');

freshAllowance('storage-acceptance');
const sdk = await import('@run402/sdk/node');
const r = sdk.run402();

const project = await r.projects.provision({ name: `storage-${Date.now()}` });
const id = project.project_id;
const bucket = id.toLowerCase().replaceAll('_', '-'); // S3 clients refuse '_' in bucket names
const client = (secretKey) => new Minio.Client({
  endPoint: S3.hostname, port: Number(S3.port), useSSL: false, pathStyle: true, region: 'us-east-1',
  accessKey: id, secretKey, partSize: 5 * 1024 * 1024,
});
const s3 = client(project.service_key);

async function readAll(stream) {
  const chunks = [];
  for await (const c of stream) chunks.push(c);
  return Buffer.concat(chunks);
}

async function listKeys(prefix) {
  const keys = [];
  for await (const o of s3.listObjectsV2(bucket, prefix, true)) keys.push(o.name);
  return keys;
}

test('minio: put, get, ranged get, list, multipart, delete', async () => {
  await s3.putObject(bucket, 'notes/hello.txt', Buffer.from('hello from minio-js'), undefined, { 'Content-Type': 'text/plain' });
  assert.equal((await readAll(await s3.getObject(bucket, 'notes/hello.txt'))).toString(), 'hello from minio-js');
  assert.equal((await readAll(await s3.getPartialObject(bucket, 'notes/hello.txt', 6, 4))).toString(), 'from');
  const stat = await s3.statObject(bucket, 'notes/hello.txt');
  assert.equal(stat.size, 19);

  const big = randomBytes(11 * 1024 * 1024 + 3); // over partSize: minio-js uploads it in parts
  await s3.putObject(bucket, 'notes/big.bin', big, big.length);
  const back = await readAll(await s3.getObject(bucket, 'notes/big.bin'));
  assert.equal(createHash('sha256').update(back).digest('hex'), createHash('sha256').update(big).digest('hex'));

  assert.deepEqual(await listKeys('notes/'), ['notes/big.bin', 'notes/hello.txt']);
  await s3.removeObject(bucket, 'notes/big.bin');
  assert.deepEqual(await listKeys('notes/'), ['notes/hello.txt']);
});

test('minio: a bad signature and an expired presigned URL get S3 XML errors', async () => {
  await assert.rejects(client(project.service_key + 'x').statObject(bucket, 'notes/hello.txt')); // HEAD: no body
  await assert.rejects(client(project.service_key + 'x').putObject(bucket, 'x.txt', Buffer.from('x')),
    (e) => e.code === 'SignatureDoesNotMatch');
  const hourAgo = new Date(Date.now() - 3600_000);
  const expired = await s3.presignedUrl('GET', bucket, 'notes/hello.txt', 60, {}, hourAgo);
  const res = await fetch(expired);
  assert.equal(res.status, 403);
  const xml = await res.text();
  assert.match(xml, /<Code>AccessDenied<\/Code>/);
  assert.match(xml, /Request has expired/);
  const fresh = await s3.presignedGetObject(bucket, 'notes/hello.txt', 60);
  assert.equal(await (await fetch(fresh)).text(), 'hello from minio-js');
});

test('sdk assets: ls, get, sign and rm on blobs written through S3 and service-asset-put', async () => {
  const put = await fetch(`${API}/apply/v1/service-asset-put`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${project.service_key}`, 'x-run402-asset-key': 'img/logo.svg',
      'x-run402-asset-visibility': 'private', 'x-run402-asset-immutable': 'true', 'Content-Type': 'image/svg+xml' },
    body: '<svg/>',
  });
  assert.equal(put.status, 200);
  const ref = await put.json();
  assert.equal(ref.sri, 'sha256-' + createHash('sha256').update('<svg/>').digest('base64'));

  const page = await r.assets.ls(id, { prefix: 'img/' });
  assert.deepEqual(page.blobs.map((b) => b.key), ['img/logo.svg']);
  assert.equal(page.blobs[0].size_bytes, 6);
  const all = await r.assets.ls(id, { limit: 1, sort: 'key:asc' });
  assert.equal(all.blobs.length, 1);
  const next = await r.assets.ls(id, { limit: 1, sort: 'key:asc', cursor: all.next_cursor });
  assert.notEqual(next.blobs[0].key, all.blobs[0].key);

  const res = await r.assets.get(id, 'notes/hello.txt'); // written by minio-js: one key space
  assert.equal(await res.text(), 'hello from minio-js');

  const signed = await r.assets.sign(id, 'img/logo.svg', { ttl_seconds: 120 });
  assert.equal(signed.expires_in, 120);
  assert.equal(await (await fetch(signed.signed_url)).text(), '<svg/>');
  assert.equal((await fetch(signed.signed_url.split('?')[0])).status, 404, 'private without a signature');

  await r.assets.rm(id, 'img/logo.svg');
  assert.deepEqual((await r.assets.ls(id, { prefix: 'img/' })).blobs, []);
});

test('sdk assets.put goes through the apply pipeline (POST /apply/v1/plans)', async () => {
  const js = `console.log(${JSON.stringify(id)})`;
  const ref = await r.assets.put(id, 'site/app.js', js, { contentType: 'text/javascript' });
  const res = await fetch(ref.url);
  assert.equal(res.status, 200, ref.url);
  assert.deepEqual(Buffer.from(await res.arrayBuffer()), Buffer.from(js));
  assert.match(res.headers.get('content-type'), /^text\/javascript/);
  assert.equal(ref.sri, 'sha256-' + createHash('sha256').update(js).digest('base64'));
  const pinned = await fetch(ref.immutableUrl);
  assert.equal(await pinned.text(), js, ref.immutableUrl);
  assert.match(pinned.headers.get('cache-control'), /immutable/);
  assert.equal((await r.assets.ls(id, { prefix: 'site/' })).blobs[0].key, 'site/app.js', 'the same key space as /storage/v1');
  assert.equal(await (await r.assets.get(id, 'site/app.js')).text(), js);
});
