// Acceptance test: passwordless sign-in through the real @run402/sdk@3.3.3 (auth.requestMagicLink,
// auth.verifyMagicLink, auth.inviteUser), with the link read back from the mail catcher
// (GET /__local/mail) as a developer would, and the session used on GET /auth/v1/user.
// Run by NodeAcceptanceIT with RUN402_API_BASE.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshAllowance } from './sdk-allowance.mjs';

const API = process.env.RUN402_API_BASE;
assert.ok(API && !API.endsWith('/'), `RUN402_API_BASE must be set (got ${API})`);
freshAllowance('magic-acceptance');

const sdk = await import('@run402/sdk/node');
const r = sdk.run402();
const json = async (path) => { const res = await fetch(API + path); assert.equal(res.status, 200, path); return res.json(); };

/** The token in the link of the newest caught mail to `to`. */
async function tokenFromMail(to) {
  const list = await json(`/__local/mail?to=${encodeURIComponent(to)}`);
  assert.ok(list.messages.length > 0, `a mail to ${to} was caught`);
  const mail = await json(`/__local/mail/${list.messages[0].id}`);
  const link = mail.text.match(/https?:\/\/\S+/)[0];
  return { mail, link, token: new URL(link).searchParams.get('token') };
}

async function refused(promise, status, message) {
  try {
    await promise;
  } catch (e) {
    assert.ok(sdk.isRun402Error(e), String(e));
    assert.equal(e.status, status, JSON.stringify(e.body));
    assert.equal(e.body?.message, message, JSON.stringify(e.body));
    return;
  }
  assert.fail(`expected ${status} ${message}`);
}

test('requestMagicLink mails a link; verifyMagicLink signs in once; the session works', async () => {
  const p = await r.projects.provision({ name: `magic-acc-${Date.now()}` });
  const email = `ml.${Date.now()}@example.com`;
  await r.auth.requestMagicLink(p.project_id, { email, redirectUrl: 'http://localhost:5173/callback', clientState: 'xyz' });

  const { mail, link, token } = await tokenFromMail(email);
  assert.equal(mail.subject.startsWith('Sign in to'), true, mail.subject);
  assert.ok(link.startsWith('http://localhost:5173/callback?token='), link);
  assert.match(token, /^[A-Za-z0-9_-]{43}$/);

  const session = await r.auth.verifyMagicLink(p.project_id, token);
  assert.equal(session.token_type, 'bearer');
  assert.equal(session.user.email, email);
  assert.equal(session.magic_link.intent, 'signin');
  assert.equal(session.magic_link.client_state, 'xyz');
  assert.equal(session.magic_link.state_trusted, false);

  const me = await fetch(`${API}/auth/v1/user`, { headers: { apikey: p.anon_key, Authorization: `Bearer ${session.access_token}` } });
  assert.equal(me.status, 200);
  const user = await me.json();
  assert.equal(user.id, session.user.id);
  assert.ok(user.email_verified_at, 'a magic-link sign-in verifies the address');

  await refused(r.auth.verifyMagicLink(p.project_id, token), 401, 'Invalid, expired, or already used magic link token');
  await refused(r.auth.requestMagicLink(p.project_id, { email, redirectUrl: 'https://evil.example.com/' }), 400,
    'redirect_url is not an allowed origin for this project');
});

test('inviteUser mails a trusted invite that signs the invitee in', async () => {
  const p = await r.projects.provision({ name: `invite-acc-${Date.now()}` });
  const email = `guest.${Date.now()}@example.com`;
  const made = await r.auth.inviteUser(p.project_id, { email, redirectUrl: 'http://127.0.0.1:3000/welcome', clientState: 'team-1' });
  assert.equal(made.invite_sent, true);
  assert.equal(made.created, true);
  const { mail, token } = await tokenFromMail(email);
  assert.match(mail.subject, /invited/);
  const session = await r.auth.verifyMagicLink(p.project_id, token);
  assert.equal(session.user.id, made.id);
  assert.deepEqual({ ...session.magic_link }, {
    intent: 'invite', client_state: 'team-1', state_source: 'service_key', state_trusted: true,
    delivery: 'link', verified_with: 'link',
  });
  const providers = await r.auth.providers(p.project_id);
  assert.deepEqual(providers.magic_link, { enabled: true, delivery_modes: ['link', 'code', 'both'] });
});
