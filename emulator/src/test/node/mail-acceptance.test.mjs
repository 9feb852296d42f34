// Acceptance test: mailboxes, email.send and webhooks through the real @run402/sdk@3.3.3, checked
// against the mail catcher (GET /__local/mail) and a local webhook receiver. Run by NodeAcceptanceIT.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { freshAllowance } from './sdk-allowance.mjs';

const API = process.env.RUN402_API_BASE;
assert.ok(API && !API.endsWith('/'), `RUN402_API_BASE must be set (got ${API})`);
freshAllowance('mail-acceptance');

// The webhook receiver: records each request with its raw body.
const received = [];
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', () => { received.push({ headers: req.headers, body }); res.writeHead(200).end('ok'); });
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const hookUrl = `http://127.0.0.1:${server.address().port}/hook`;
after(() => { server.close(); });

const sdk = await import('@run402/sdk/node');
const r = sdk.run402();
const json = async (path) => { const res = await fetch(API + path); assert.equal(res.status, 200, path); return res.json(); };
const waitFor = async (what, fn, ms = 10000) => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
};

test('email.send (template and raw) lands in the catcher; the delivery webhook is signed and listed', async () => {
  const p = await r.projects.provision({ name: `mail-acc-${Date.now()}` });
  const slug = `acc${Date.now().toString(36)}`;
  const mb = await r.email.create(p.project_id, slug);
  assert.match(mb.mailbox_id, /^mbx_\d+_[0-9a-z]{6}$/);
  assert.equal(mb.address, `${slug}@mail.run402.com`);

  const hook = await r.email.webhooks.register(p.project_id, { url: hookUrl, events: ['delivery'] });
  assert.match(hook.webhook_id, /^whk_/);
  assert.ok(hook.secret, 'the emulator returns the signing secret');

  const sent = await r.email.send(p.project_id, {
    to: 'friend@example.com', template: 'project_invite',
    variables: { project_name: 'Acme', invite_url: 'https://acme.test/join' },
  });
  assert.equal(sent.status, 'sent');
  assert.equal(sent.template, 'project_invite');

  const raw = await r.email.send(p.project_id, {
    to: 'bob@example.com', subject: 'Report ready', html: '<h1>Hi Bob</h1>', text: 'Hi Bob',
    attachments: [{ filename: 'r.csv', content_base64: Buffer.from('a,b\n1,2\n').toString('base64'), content_type: 'text/csv' }],
  });

  const caught = await json(`/__local/mail?project_id=${p.project_id}`);
  assert.deepEqual(caught.messages.map((m) => m.id), [raw.message_id, sent.message_id], 'newest first');
  const invite = await json(`/__local/mail/${sent.message_id}`);
  assert.equal(invite.to, 'friend@example.com');
  assert.equal(invite.subject, "You're invited to Acme");
  assert.match(invite.text, /https:\/\/acme\.test\/join/);
  assert.match(invite.raw, /^To: friend@example\.com/m);
  assert.match(invite.raw, /Sent by an AI agent via run402\.com/);
  const report = await json(`/__local/mail/${raw.message_id}`);
  assert.equal(report.subject, 'Report ready');
  assert.match(report.html, /<h1>Hi Bob<\/h1>/);
  assert.match(report.raw, /filename=r\.csv/);
  assert.equal((await json(`/__local/mail?to=bob@example.com`)).messages[0].id, raw.message_id);

  const listed = await r.email.list(p.project_id);
  assert.equal(listed.messages.length, 2);
  const rawMime = await r.email.getRaw(p.project_id, sent.message_id);
  assert.match(Buffer.from(rawMime.bytes).toString(), /Subject: You're invited to Acme/);

  const deliveries = await waitFor('two delivered webhook deliveries', async () => {
    const d = await r.email.webhooks.listDeliveries(p.project_id, { status: 'delivered' });
    return d.deliveries.length === 2 && received.length >= 2 ? d : null;
  });
  for (const got of received) {
    const expected = 'sha256=' + createHmac('sha256', hook.secret).update(got.body).digest('hex');
    assert.equal(got.headers['run402-webhook-signature'], expected, 'valid HMAC-SHA256 signature');
    const event = JSON.parse(got.body);
    assert.equal(event.event, 'delivery');
    assert.equal(got.headers['run402-webhook-id'], event.idempotency_key);
  }
  const bodies = received.map((g) => JSON.parse(g.body).data.message_id).sort();
  assert.deepEqual(bodies, [sent.message_id, raw.message_id].sort());
  const d0 = deliveries.deliveries[0];
  assert.equal(d0.attempts, 1);
  assert.equal(d0.attempt_log[0].status_code, 200);
});

test('bad input gets production 4xx messages through the SDK', async () => {
  const p = await r.projects.provision({ name: `mail-bad-${Date.now()}` });
  const bad = async (promise) => { try { await promise; assert.fail('expected an error'); } catch (e) { assert.ok(sdk.isRun402Error(e), String(e)); return e; } };
  let e = await bad(r.email.create(p.project_id, 'postmaster'));
  assert.equal(e.status, 400);
  await r.email.create(p.project_id, `ok${Date.now().toString(36)}`);
  e = await bad(r.email.send(p.project_id, { to: 'a@example.com', template: 'magic_link', variables: { project_name: 'X' } }));
  assert.equal(e.status, 400);
  assert.match(JSON.stringify(e.body), /Missing required variable: link_url/);
});
