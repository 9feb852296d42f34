// Acceptance test: lease expiry on the emulator clock, seen by the real @supabase/postgrest-js.
// The clock is moved with POST /__local/clock; once the 7-day prototype lease has expired the
// project is read-only: reads still work, writes get production's lifecycle 402.
//
// Run by NodeAcceptanceIT, which provisions the project with a wallet (so it has a lease) and passes
//   RUN402_API_BASE, RUN402_PROJECT_ID, RUN402_SERVICE_KEY
// The clock is put back in an after hook, so the other acceptance files see real time.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { PostgrestClient } from '@supabase/postgrest-js';

const env = (name) => {
  const v = process.env[name];
  assert.ok(v, `${name} must be set (NodeAcceptanceIT sets it)`);
  return v;
};
const API = env('RUN402_API_BASE');
const PROJECT = env('RUN402_PROJECT_ID');
const SERVICE = env('RUN402_SERVICE_KEY');

const admin = new PostgrestClient(`${API}/admin/v1/rest`, {
  headers: { apikey: SERVICE, Authorization: `Bearer ${SERVICE}` },
  retry: false,
});

async function clock(body) {
  const res = await fetch(`${API}/__local/clock`, body === undefined ? {} : {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

async function sql(text) {
  const res = await fetch(`${API}/projects/v1/admin/${PROJECT}/sql`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${SERVICE}`, 'Content-Type': 'text/plain' },
    body: text,
  });
  return { status: res.status, body: await res.json() };
}

after(async () => {
  await clock({ reset: true });
});

test('an expired lease leaves the project readable but not writable', async () => {
  const start = await clock();
  assert.equal(start.status, 200);
  assert.equal(start.body.offset_seconds, 0, JSON.stringify(start.body));
  assert.equal((await sql('CREATE TABLE notes (id int PRIMARY KEY, body text)')).status, 200);
  const ins = await admin.from('notes').insert({ id: 1, body: 'before' });
  assert.equal(ins.status, 201, JSON.stringify(ins));

  const moved = await clock({ advance: '8d' });
  assert.equal(moved.status, 200, JSON.stringify(moved.body));
  assert.equal(moved.body.offset, 'PT192H');
  assert.ok(Date.parse(moved.body.now) > Date.now() + 7 * 86400_000, moved.body.now);

  const read = await admin.from('notes').select('id, body');
  assert.equal(read.status, 200, JSON.stringify(read));
  assert.deepEqual(read.data, [{ id: 1, body: 'before' }]);

  const write = await admin.from('notes').insert({ id: 2, body: 'after' });
  assert.equal(write.status, 402, JSON.stringify(write));
  assert.equal(write.error.error, 'payment_required');
  assert.equal(write.error.lifecycle_state, 'expired');
  assert.match(write.error.message, /Renew the wallet's tier/);

  const sqlWrite = await sql("INSERT INTO notes VALUES (3, 'sql')");
  assert.equal(sqlWrite.status, 402, JSON.stringify(sqlWrite.body));
  assert.equal((await sql('SELECT count(*) AS n FROM notes')).body.rows[0].n, '1');

  const bad = await clock({ advance: '-1d' });
  assert.equal(bad.status, 400, JSON.stringify(bad.body));
});
