// Acceptance test: the real @supabase/postgrest-js from npm against /rest/v1 and /admin/v1/rest of a
// running run402-local, with the RLS an expose manifest sets up.
//
// Run by NodeAcceptanceIT (mvn verify), which provisions the project and, since there is no /auth/v1
// yet, mints the two user access tokens with the project's signing key. All of it comes in through
// the environment:
//   RUN402_API_BASE, RUN402_PROJECT_ID, RUN402_ANON_KEY, RUN402_SERVICE_KEY,
//   RUN402_USER_A_ID, RUN402_USER_A_TOKEN, RUN402_USER_B_ID, RUN402_USER_B_TOKEN
// The project must be fresh: the tests create their tables and count rows exactly.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { PostgrestClient } from '@supabase/postgrest-js';

const env = (name) => {
  const v = process.env[name];
  assert.ok(v, `${name} must be set (NodeAcceptanceIT sets it)`);
  return v;
};
const API = env('RUN402_API_BASE');
assert.ok(!API.endsWith('/'), `RUN402_API_BASE must not end with a slash (got ${API})`);
const PROJECT = env('RUN402_PROJECT_ID');
const ANON = env('RUN402_ANON_KEY');
const SERVICE = env('RUN402_SERVICE_KEY');
const A = { id: env('RUN402_USER_A_ID'), token: env('RUN402_USER_A_TOKEN') };
const B = { id: env('RUN402_USER_B_ID'), token: env('RUN402_USER_B_TOKEN') };

/** The response headers of the last request each client made (postgrest-js hides them). */
const lastHeaders = new WeakMap();
function client(path, apikey, bearer) {
  const box = {};
  const c = new PostgrestClient(`${API}${path}`, {
    headers: { apikey, Authorization: `Bearer ${bearer}` },
    retry: false,
    fetch: async (url, init) => {
      const res = await fetch(url, init);
      box.headers = res.headers;
      return res;
    },
  });
  lastHeaders.set(c, box);
  return c;
}
const headersOf = (c) => lastHeaders.get(c).headers;

const asA = client('/rest/v1', ANON, A.token);
const asB = client('/rest/v1', ANON, B.token);
const asAnon = client('/rest/v1', ANON, ANON);
const asAdmin = client('/admin/v1/rest', SERVICE, SERVICE);

const show = (res) => JSON.stringify({ status: res.status, error: res.error, data: res.data, count: res.count });

/** A postgrest-js result that must have succeeded with the given status; returns its data. */
function ok(res, status, what) {
  assert.equal(res.error, null, `${what}: ${show(res)}`);
  assert.equal(res.status, status, `${what}: ${show(res)}`);
  return res.data;
}

/** A postgrest-js result that must have failed with the given status and code. */
function refused(res, status, code, what) {
  assert.ok(res.error, `${what}: expected an error, got ${show(res)}`);
  assert.equal(res.status, status, `${what}: ${show(res)}`);
  if (code) assert.equal(res.error.code, code, `${what}: ${show(res)}`);
  assert.equal(res.data, null, `${what}: no data with an error`);
}

async function admin(method, path, contentType, body) {
  const res = await fetch(`${API}/projects/v1/admin/${PROJECT}${path}`, {
    method, headers: { Authorization: `Bearer ${SERVICE}`, 'Content-Type': contentType }, body,
  });
  const text = await res.text();
  assert.equal(res.status, 200, `${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

before(async () => {
  await admin('POST', '/sql', 'text/plain', `
    CREATE TABLE notes (id serial PRIMARY KEY, owner uuid, body text NOT NULL);
    CREATE TABLE posts (id serial PRIMARY KEY, title text NOT NULL);
    CREATE TABLE comments (id serial PRIMARY KEY, post_id int NOT NULL REFERENCES posts(id), body text NOT NULL);`);
  const applied = await admin('POST', '/expose', 'application/json', JSON.stringify({
    version: '1',
    tables: [
      { name: 'notes', expose: true, policy: 'user_owns_rows', owner_column: 'owner', force_owner_on_insert: true },
      { name: 'posts', expose: true, policy: 'public_read_authenticated_write' },
      { name: 'comments', expose: true, policy: 'public_read_authenticated_write' },
    ],
    views: [],
    rpcs: [],
  }));
  const names = (applied.applied?.tables ?? []).map((t) => (typeof t === 'string' ? t : t.name)).sort();
  assert.deepEqual(names, ['comments', 'notes', 'posts'], `expose applied: ${JSON.stringify(applied)}`);
});

test('user_owns_rows: each user inserts and sees only their own notes', async () => {
  const a = ok(await asA.from('notes').insert([{ body: 'a1' }, { body: 'a2' }]).select('body,owner'), 201, 'A inserts 2');
  assert.deepEqual(a, [{ body: 'a1', owner: A.id }, { body: 'a2', owner: A.id }], 'owner is set to A');

  // force_owner_on_insert: naming someone else as the owner is overwritten with the caller.
  const b = ok(await asB.from('notes').insert({ owner: A.id, body: 'b1' }).select('body,owner').single(), 201,
    'B inserts 1 naming A as owner');
  assert.deepEqual(b, { body: 'b1', owner: B.id }, 'owner is forced to B');

  const minimal = await asB.from('notes').insert({ body: 'b2' });
  assert.equal(minimal.status, 201, `insert without select (return=minimal): ${show(minimal)}`);
  assert.equal(minimal.data, null, 'return=minimal has no body');
  ok(await asB.from('notes').delete().eq('body', 'b2'), 204, 'B deletes its own b2');

  assert.deepEqual(ok(await asA.from('notes').select('body,owner').order('id'), 200, 'A selects'),
    [{ body: 'a1', owner: A.id }, { body: 'a2', owner: A.id }], 'A sees exactly its 2 notes');
  assert.deepEqual(ok(await asB.from('notes').select('body,owner').order('id'), 200, 'B selects'),
    [{ body: 'b1', owner: B.id }], 'B sees exactly its 1 note');

  // Another user's rows are invisible to UPDATE and DELETE too.
  assert.deepEqual(ok(await asB.from('notes').update({ body: 'hacked' }).eq('owner', A.id).select(), 200,
    "B updates A's notes"), [], "B's update matches none of A's rows");
  ok(await asB.from('notes').delete().eq('owner', A.id), 204, "B deletes A's notes");
  const one = ok(await asA.from('notes').select('body').eq('body', 'a2').single(), 200, 'A reads a2 as one object');
  assert.deepEqual(one, { body: 'a2' }, "A's note survived B's update and delete");
});

test('user_owns_rows: anon sees no notes and cannot insert', async () => {
  assert.deepEqual(ok(await asAnon.from('notes').select('*'), 200, 'anon selects notes'), [], 'anon sees nothing');
  refused(await asAnon.from('notes').insert({ body: 'anon' }).select(), 401, '42501', 'anon inserts a note');
  refused(await asAnon.from('notes').insert({ body: 'anon' }), 401, '42501', 'anon inserts a note (return=minimal)');
});

test('/admin/v1/rest with the service key bypasses RLS and sees every note', async () => {
  const all = ok(await asAdmin.from('notes').select('body,owner').order('id'), 200, 'service key selects notes');
  assert.deepEqual(all, [{ body: 'a1', owner: A.id }, { body: 'a2', owner: A.id }, { body: 'b1', owner: B.id }]);
  const head = await asAdmin.from('notes').select('*', { count: 'exact', head: true });
  assert.equal(ok(head, 200, 'HEAD with count=exact'), null, 'HEAD has no data');
  assert.equal(head.count, 3, `HEAD with count=exact: ${show(head)}`);
});

test('the service key is refused on /rest/v1', async () => {
  const asService = client('/rest/v1', SERVICE, SERVICE);
  const res = await asService.from('notes').select('*');
  refused(res, 403, null, 'service key on /rest/v1');
  assert.match(res.error.message, /\/admin\/v1\/rest/, `the refusal points at /admin/v1/rest: ${show(res)}`);
  const bearerOnly = client('/rest/v1', ANON, SERVICE);
  refused(await bearerOnly.from('notes').select('*'), 403, null, 'anon apikey with a service-key bearer on /rest/v1');
});

test('public_read_authenticated_write: anon reads, only authenticated users write', async () => {
  assert.deepEqual(ok(await asAnon.from('posts').select('*'), 200, 'anon reads empty posts'), []);
  refused(await asAnon.from('posts').insert({ title: 'by anon' }).select(), 401, '42501', 'anon inserts a post');

  const created = ok(await asA.from('posts').insert([{ title: 'hello' }, { title: 'world' }]).select('id,title'), 201,
    'A inserts 2 posts');
  assert.deepEqual(created.map((p) => p.title), ['hello', 'world']);
  ok(await asB.from('comments').insert([
    { post_id: created[0].id, body: 'first!' },
    { post_id: created[0].id, body: 'second' },
  ]), 201, 'B comments on hello');

  assert.deepEqual(ok(await asAnon.from('posts').select('title').order('id'), 200, 'anon reads posts'),
    [{ title: 'hello' }, { title: 'world' }], 'anon reads what A wrote');
  // B may update A's post: the policy is public read, authenticated write.
  assert.deepEqual(ok(await asB.from('posts').update({ title: 'world!' }).eq('title', 'world').select('title'), 200,
    'B updates a post'), [{ title: 'world!' }]);
  refused(await asAnon.from('posts').update({ title: 'x' }).eq('title', 'hello'), 401, '42501', 'anon updates a post');
});

test('postgrest-js filters, order, single, embeds and exact counts round-trip', async () => {
  const world = ok(await asAnon.from('posts').select('id,title').eq('title', 'world!').single(), 200, 'eq + single');
  assert.equal(world.title, 'world!');
  assert.equal(typeof world.id, 'number');

  assert.deepEqual(ok(await asAnon.from('posts').select('title').order('id', { ascending: false }), 200, 'order desc'),
    [{ title: 'world!' }, { title: 'hello' }]);
  assert.deepEqual(ok(await asAnon.from('posts').select('title').in('title', ['hello', 'nope']), 200, 'in()'),
    [{ title: 'hello' }]);
  assert.deepEqual(ok(await asAnon.from('posts').select('title').ilike('title', 'WOR%'), 200, 'ilike'),
    [{ title: 'world!' }]);
  assert.deepEqual(ok(await asAnon.from('posts').select('title').neq('title', 'hello').limit(5), 200, 'neq + limit'),
    [{ title: 'world!' }]);

  const none = await asAnon.from('posts').select('title').eq('title', 'nope').single();
  refused(none, 406, 'PGRST116', 'single() on no rows');
  const maybe = ok(await asAnon.from('posts').select('title').eq('title', 'nope').maybeSingle(), 200, 'maybeSingle');
  assert.equal(maybe, null);

  const embedded = ok(await asAnon.from('posts')
    .select('title,comments(body)')
    .order('id')
    .order('id', { referencedTable: 'comments' }), 200, 'embed comments');
  assert.deepEqual(embedded, [
    { title: 'hello', comments: [{ body: 'first!' }, { body: 'second' }] },
    { title: 'world!', comments: [] },
  ]);
  const inner = ok(await asAnon.from('comments').select('body,posts!inner(title)').eq('posts.title', 'hello').order('id'),
    200, 'many-to-one embed with an inner-join filter');
  assert.deepEqual(inner, [{ body: 'first!', posts: { title: 'hello' } }, { body: 'second', posts: { title: 'hello' } }]);

  const counted = await asAnon.from('posts').select('title', { count: 'exact' }).order('id');
  ok(counted, 200, 'count exact');
  assert.equal(counted.count, 2, `count: ${show(counted)}`);
  assert.equal(headersOf(asAnon).get('content-range'), '0-1/2', 'Content-Range of the full result');

  const page = await asAnon.from('posts').select('title', { count: 'exact' }).order('id').range(1, 1);
  assert.deepEqual(ok(page, 206, 'range(1,1) with count exact'), [{ title: 'world!' }]);
  assert.equal(page.count, 2, `count of a page: ${show(page)}`);
  assert.equal(headersOf(asAnon).get('content-range'), '1-1/2', 'Content-Range of the page');

  // The same request through the user's client counts the same rows: posts are public.
  const userCount = await asA.from('comments').select('*', { count: 'exact', head: true });
  assert.equal(userCount.count, 2, `HEAD count as A: ${show(userCount)}`);
  assert.equal(userCount.data, null);

  // Notes counted per caller: RLS applies to counts too.
  assert.equal((await asA.from('notes').select('*', { count: 'exact', head: true })).count, 2, "A's note count");
  assert.equal((await asB.from('notes').select('*', { count: 'exact', head: true })).count, 1, "B's note count");
  assert.equal((await asAnon.from('notes').select('*', { count: 'exact', head: true })).count, 0, "anon's note count");
});
