// Acceptance test: end-user auth of a running run402-local, as a browser app and a deployed function
// see it: settings (service key), signup, password login, GET /auth/v1/user, refresh rotation,
// logout, production's refusals; the access token verified against the JWKS with `jose` (what
// @run402/functions does) and used on /rest/v1 by the real @supabase/postgrest-js under a
// user_owns_rows expose policy.
//
// Run by NodeAcceptanceIT, which provisions a fresh project and passes
//   RUN402_API_BASE, RUN402_PROJECT_ID, RUN402_ANON_KEY, RUN402_SERVICE_KEY
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, decodeProtectedHeader } from 'jose';
import { PostgrestClient } from '@supabase/postgrest-js';

const env = (name) => {
  const v = process.env[name];
  assert.ok(v, `${name} must be set (NodeAcceptanceIT sets it)`);
  return v;
};
const API = env('RUN402_API_BASE');
const PROJECT = env('RUN402_PROJECT_ID');
const ANON = env('RUN402_ANON_KEY');
const SERVICE = env('RUN402_SERVICE_KEY');

async function call(method, path, { apikey = ANON, bearer, body } = {}) {
  const headers = { apikey };
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${API}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, json, text, headers: res.headers };
}

function expect(res, status, what) {
  assert.equal(res.status, status, `${what}: ${res.status} ${res.text}`);
  return res.json;
}

function refused(res, status, message, what) {
  assert.equal(res.status, status, `${what}: ${res.status} ${res.text}`);
  assert.equal(res.json?.message, message, `${what}: ${res.text}`);
  assert.equal(typeof res.json?.error, 'string', `${what}: the production envelope has an error code`);
}

const EMAIL = `Alice.${Date.now()}@Example.com`;
const email = EMAIL.toLowerCase();
const PASSWORD = 'correct horse battery staple';

test('settings, signup, login, user, JWKS, REST, refresh and logout', async () => {
  // As fullstack-integration.test.ts does before signing anyone up.
  const settings = expect(await call('PATCH', '/auth/v1/settings', {
    bearer: SERVICE, body: { allow_password_set: true, preferred_sign_in_method: 'password', public_signup: 'open' },
  }), 200, 'settings');
  assert.deepEqual(settings, {
    allow_password_set: true, preferred_sign_in_method: 'password', public_signup: 'open',
    require_passkey_for_project_admin: false, allowed_email_domains: [],
  });
  refused(await call('PATCH', '/auth/v1/settings', { bearer: ANON, body: { allow_password_set: true } }), 403,
    'Service key required to update auth settings', 'settings with the anon key');

  const user = expect(await call('POST', '/auth/v1/signup', { body: { email: EMAIL, password: PASSWORD } }), 201, 'signup');
  assert.equal(user.email, email, 'the email is lower-cased');
  assert.match(user.id, /^[0-9a-f-]{36}$/);
  assert.equal(user.access_token, undefined, 'signup does not return an access token');
  refused(await call('POST', '/auth/v1/signup', { body: { email: EMAIL, password: 'x' } }), 409, 'User already exists', 'duplicate');
  refused(await call('POST', '/auth/v1/signup', { body: { email: 'not-an-email', password: PASSWORD } }), 400,
    'Invalid email: must be a valid email address', 'malformed email');
  // Production has no password policy (legacy-gateway 1.7): only an empty password is refused.
  refused(await call('POST', '/auth/v1/signup', { body: { email: `weak.${email}`, password: '' } }), 400,
    'email and password required', 'empty password');
  expect(await call('POST', '/auth/v1/signup', { body: { email: `weak.${email}`, password: 'a' } }), 201,
    'a one-character password is accepted, as in production');

  refused(await call('POST', '/auth/v1/token?grant_type=password', { body: { email, password: 'wrong' } }), 401,
    'Invalid credentials', 'wrong password');
  refused(await call('POST', '/auth/v1/token?grant_type=password', { body: { email: `nobody.${email}`, password: PASSWORD } }),
    401, 'Invalid credentials', 'unknown user');
  const session = expect(await call('POST', '/auth/v1/token?grant_type=password', { body: { email: EMAIL, password: PASSWORD } }),
    200, 'password login');
  assert.equal(session.token_type, 'bearer');
  assert.equal(session.expires_in, 3600);
  assert.deepEqual(session.user, { id: user.id, email });

  const me = expect(await call('GET', '/auth/v1/user', { bearer: session.access_token }), 200, 'GET /auth/v1/user');
  assert.equal(me.id, user.id);
  assert.equal(me.email, email);
  refused(await call('GET', '/auth/v1/user', {}), 401, 'Missing Bearer token', 'user without a bearer');

  // What @run402/functions does: fetch the keyset with the service key, verify ES256 by kid.
  const jwks = expect(await call('GET', '/internal/v1/project-jwt-keys', { bearer: SERVICE }), 200, 'JWKS');
  assert.equal(jwks.keys.length, 1);
  const [key] = jwks.keys;
  assert.equal(key.kty, 'EC');
  assert.equal(key.crv, 'P-256');
  assert.equal(decodeProtectedHeader(session.access_token).kid, key.kid);
  const { payload, protectedHeader } = await jwtVerify(session.access_token, createLocalJWKSet(jwks), { algorithms: ['ES256'] });
  assert.equal(protectedHeader.alg, 'ES256');
  assert.equal(payload.sub, user.id);
  assert.equal(payload.project_id, PROJECT);
  assert.equal(payload.email, email);
  assert.equal(payload.role, 'authenticated');
  assert.match(payload.session_id, /^[0-9a-f-]{36}$/);
  assert.equal(payload.exp - payload.iat, 3600);
  const remote = createRemoteJWKSet(new URL(`${API}/internal/v1/project-jwt-keys`),
    { headers: { Authorization: `Bearer ${SERVICE}` } });
  await jwtVerify(session.access_token, remote, { algorithms: ['ES256'] });

  // The token on /rest/v1 under a user_owns_rows policy.
  const sql = await fetch(`${API}/projects/v1/admin/${PROJECT}/sql`, {
    method: 'POST', headers: { Authorization: `Bearer ${SERVICE}`, 'Content-Type': 'text/plain' },
    body: 'CREATE TABLE todos (id serial PRIMARY KEY, owner uuid, title text NOT NULL)',
  });
  assert.equal(sql.status, 200, await sql.text());
  const exposed = await fetch(`${API}/projects/v1/admin/${PROJECT}/expose`, {
    method: 'POST', headers: { Authorization: `Bearer ${SERVICE}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ version: '1', tables: [{ name: 'todos', expose: true, policy: 'user_owns_rows',
      owner_column: 'owner', force_owner_on_insert: true }], views: [], rpcs: [] }),
  });
  assert.equal(exposed.status, 200, await exposed.text());
  const asUser = new PostgrestClient(`${API}/rest/v1`, { headers: { apikey: ANON, Authorization: `Bearer ${session.access_token}` } });
  const inserted = await asUser.from('todos').insert({ title: 'write tests' }).select('title,owner').single();
  assert.equal(inserted.error, null, JSON.stringify(inserted));
  assert.deepEqual(inserted.data, { title: 'write tests', owner: user.id });
  const asAnon = new PostgrestClient(`${API}/rest/v1`, { headers: { apikey: ANON, Authorization: `Bearer ${ANON}` } });
  const hidden = await asAnon.from('todos').select('title');
  assert.deepEqual(hidden.data ?? [], [], `anon sees none of the user's rows: ${JSON.stringify(hidden)}`);
  const mine = await asUser.from('todos').select('title');
  assert.deepEqual(mine.data, [{ title: 'write tests' }], JSON.stringify(mine));

  // Refresh rotates; the spent token is refused afterwards.
  const next = expect(await call('POST', '/auth/v1/token?grant_type=refresh_token',
    { body: { refresh_token: session.refresh_token } }), 200, 'refresh');
  assert.notEqual(next.refresh_token, session.refresh_token);
  assert.deepEqual(next.user, { id: user.id, email });
  refused(await call('POST', '/auth/v1/token?grant_type=refresh_token', { body: { refresh_token: session.refresh_token } }),
    401, 'Refresh token already used', 'the old refresh token');

  // A fresh session, then logout: its refresh token no longer works.
  const again = expect(await call('POST', '/auth/v1/token', { body: { email, password: PASSWORD } }), 200, 'login again');
  assert.deepEqual(expect(await call('POST', '/auth/v1/logout', { bearer: again.access_token,
    body: { refresh_token: again.refresh_token } }), 200, 'logout'), { status: 'ok' });
  refused(await call('POST', '/auth/v1/token?grant_type=refresh_token', { body: { refresh_token: again.refresh_token } }),
    401, 'Refresh token already used', 'refresh after logout');
});
