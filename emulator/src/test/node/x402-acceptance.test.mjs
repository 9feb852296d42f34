// Acceptance test: x402 payments on the mock chain with the real @run402/sdk@3.3.3, @x402/fetch,
// @x402/evm and viem. Run by NodeAcceptanceIT against an emulator in x402 mode, or by hand:
//   RUN402_API_BASE=http://127.0.0.1:PORT node --test x402-acceptance.test.mjs
//
// Offline shim (api-contract 3.3): SDK 3.3.3 reads USDC balances through viem's default public RPC
// URLs of Base and Base Sepolia, with no setting to change them. viem's http transport calls
// globalThis.fetch, so this test routes those URLs to the emulator: Base Sepolia to /chain/rpc,
// Base mainnet to a JSON-RPC error (the emulator never answers for mainnet). Nothing leaves the machine.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createPublicClient, http, erc20Abi, defineChain } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { x402Client, wrapFetchWithPayment } from '@x402/fetch';
import { ExactEvmScheme } from '@x402/evm/exact/client';
import { toClientEvmSigner } from '@x402/evm';
import { freshAllowance } from './sdk-allowance.mjs';

const API = process.env.RUN402_API_BASE;
assert.ok(API && !API.endsWith('/'), `RUN402_API_BASE must be set, without a trailing slash (got ${API})`);
const RPC = `${API}/chain/rpc`;
const USDC = '0x036CbD53842c5426634e7929541eC2318f3dCF7e';

const realFetch = globalThis.fetch;
const SEPOLIA_RPC = /^https:\/\/(sepolia\.base\.org|base-sepolia[^/]*)/;
const MAINNET_RPC = /^https:\/\/(mainnet\.base\.org|base-rpc|1rpc\.io\/base)/;
const paymentResponses = [];
globalThis.fetch = async (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (SEPOLIA_RPC.test(url)) return realFetch(RPC, init);
  if (MAINNET_RPC.test(url)) {
    return new Response(JSON.stringify({ jsonrpc: '2.0', id: 1, error: { code: -32000, message: 'mainnet is not reachable offline' } }),
      { headers: { 'content-type': 'application/json' } });
  }
  const res = await realFetch(input, init);
  const pr = res.headers.get('payment-response');
  if (pr) paymentResponses.push(JSON.parse(Buffer.from(pr, 'base64').toString('utf8')));
  return res;
};

const chain = defineChain({ id: 84532, name: 'run402-local Base Sepolia', nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
  rpcUrls: { default: { http: [RPC] } } });
const viem = createPublicClient({ chain, transport: http(RPC) });
const usdcBalance = (address) => viem.readContract({ address: USDC, abi: erc20Abi, functionName: 'balanceOf', args: [address] });

const { account } = freshAllowance('x402-acceptance', { funded: false });

const sdk = await import('@run402/sdk/node');
const r = sdk.run402();

async function call(method, path, { headers = {}, body } = {}) {
  const res = await realFetch(API + path, { method, headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, json, text, headers: res.headers };
}
const ledger = async () => (await call('GET', '/__local/payments')).json.payments;

test('SDK: faucet, tier.set pays the 402, balance drops 0.10 USDC, provision, status active, receipt on /chain/rpc', async () => {
  assert.equal(await viem.getChainId(), 84532);
  const drip = await r.allowance.faucet();
  assert.equal(drip.amountUsdMicros, 250000, JSON.stringify(drip));
  assert.match(drip.transactionHash, /^0x[0-9a-f]{64}$/);
  const before = await usdcBalance(account.address);
  assert.equal(before, 250000n);

  const set = await r.tier.set('prototype');
  assert.equal(set.tier, 'prototype', JSON.stringify(set));
  assert.equal(set.action, 'subscribe');
  assert.equal(await usdcBalance(account.address), before - 100000n, 'the tier cost 0.10 USDC');

  const settled = paymentResponses.at(-1);
  assert.ok(settled?.success, `PAYMENT-RESPONSE seen: ${JSON.stringify(paymentResponses)}`);
  assert.equal(settled.network, 'eip155:84532');
  assert.equal(settled.payer.toLowerCase(), account.address.toLowerCase());
  const receipt = await viem.getTransactionReceipt({ hash: settled.transaction });
  assert.equal(receipt.status, 'success');
  assert.ok(receipt.blockNumber <= await viem.getBlockNumber());

  const p = await r.projects.provision({ name: `x402-${Date.now()}` });
  assert.match(p.project_id, /^prj_/);
  assert.equal(await usdcBalance(account.address), before - 100000n, 'provisioning with an active tier is free');
  const status = await r.tier.status();
  assert.equal(status.active, true, JSON.stringify(status));
  assert.equal(status.tier, 'prototype');
  assert.ok((await ledger()).some((e) => e.transaction === settled.transaction && e.amount_usd_micros === 100000));
});

test('an expired lease is read-only; renewing it through x402 restores writes', async () => {
  const p = await r.projects.provision({ name: `lease-${Date.now()}` });
  const sql = (text) => call('POST', `/projects/v1/admin/${p.project_id}/sql`,
    { headers: { authorization: `Bearer ${p.service_key}`, 'content-type': 'text/plain' }, body: text });
  assert.equal((await sql('CREATE TABLE notes (id int PRIMARY KEY, body text)')).status, 200);
  assert.equal((await sql("INSERT INTO notes VALUES (1, 'before')")).status, 200);

  const moved = await call('POST', '/__local/clock', { body: JSON.stringify({ advance: '8d' }) });
  assert.equal(moved.status, 200, moved.text);
  const refused = await sql("INSERT INTO notes VALUES (2, 'while expired')");
  assert.equal(refused.status, 402, refused.text);
  assert.equal(refused.json.error, 'payment_required');
  const read = await sql('SELECT body FROM notes');
  assert.equal(read.status, 200, read.text);
  assert.equal(read.json.rows.length, 1);

  const balance = await usdcBalance(account.address);
  const renewed = await r.tier.set('prototype');
  assert.equal(renewed.tier, 'prototype', JSON.stringify(renewed));
  assert.equal(await usdcBalance(account.address), balance - 100000n, 'the renewal cost 0.10 USDC');
  assert.equal((await r.tier.status()).active, true);
  const after = await sql("INSERT INTO notes VALUES (2, 'renewed')");
  assert.equal(after.status, 200, after.text);
});

// ---- hand-built payments with viem ----
const payTo = (await call('GET', '/tiers/v1/prototype')).json.accepts[0].payTo;

async function payment(signer, { value = '100000', validBefore, nonce, network = 'eip155:84532', tamper } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const authorization = { from: signer.address, to: payTo, value, validAfter: String(now - 600),
    validBefore: validBefore ?? String(now + 300), nonce: nonce ?? `0x${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex')}` };
  const signature = await signer.signTypedData({
    domain: { name: 'USDC', version: '2', chainId: 84532, verifyingContract: USDC },
    types: { TransferWithAuthorization: [{ name: 'from', type: 'address' }, { name: 'to', type: 'address' },
      { name: 'value', type: 'uint256' }, { name: 'validAfter', type: 'uint256' }, { name: 'validBefore', type: 'uint256' },
      { name: 'nonce', type: 'bytes32' }] },
    primaryType: 'TransferWithAuthorization',
    message: { ...authorization, value: BigInt(authorization.value), validAfter: BigInt(authorization.validAfter), validBefore: BigInt(authorization.validBefore) },
  });
  const payload = { x402Version: 2, accepted: { scheme: 'exact', network, asset: USDC, amount: '100000', payTo, maxTimeoutSeconds: 300,
    extra: { name: 'USDC', version: '2' } }, payload: { authorization, signature } };
  if (tamper) tamper(payload);
  return { payload, header: Buffer.from(JSON.stringify(payload)).toString('base64') };
}
const payTier = (header) => call('POST', '/tiers/v1/prototype', { headers: header ? { 'PAYMENT-SIGNATURE': header } : {} });

test('hand-built payments: each bad one is a 402 with its reason and the ledger does not change', async () => {
  const payer = privateKeyToAccount(generatePrivateKey());
  await call('POST', '/faucet/v1', { body: JSON.stringify({ address: payer.address }) });
  const unpaid = await payTier(null);
  assert.equal(unpaid.status, 402);
  const challenge = JSON.parse(Buffer.from(unpaid.headers.get('payment-required'), 'base64').toString('utf8'));
  assert.equal(challenge.x402Version, 2);
  assert.deepEqual(unpaid.json.x402, challenge);
  assert.equal(challenge.accepts[0].network, 'eip155:84532');

  const before = await ledger();
  const good = await payment(payer);
  const cases = [
    ['invalid_signature', await payment(payer, { tamper: (p) => { p.payload.authorization.value = '100001'; } })],
    ['expired', await payment(payer, { validBefore: String(Math.floor(Date.now() / 1000) - 5) })],
    ['amount_mismatch', await payment(payer, { value: '99999' })],
    ['insufficient_funds', await payment(privateKeyToAccount(generatePrivateKey()))],
    ['wrong_network', await payment(payer, { network: 'eip155:8453' })],
  ];
  for (const [reason, p] of cases) {
    const res = await payTier(p.header);
    assert.equal(res.status, 402, `${reason}: ${res.text}`);
    assert.equal(res.json.reason, reason, `${reason}: ${res.text}`);
    assert.ok(res.json.message.length > 10);
    assert.ok(res.headers.get('payment-required'), `${reason}: a fresh challenge`);
  }
  assert.deepEqual(await ledger(), before, 'no refused payment reached the ledger');

  const ok = await payTier(good.header);
  assert.equal(ok.status, 201, ok.text);
  const replay = await payTier(good.header);
  assert.equal(replay.status, 402);
  assert.equal(replay.json.reason, 'nonce_used', replay.text);
  assert.equal((await ledger()).length, before.length + 1);
  assert.equal(await usdcBalance(payer.address), 150000n);
});

test('a third-party x402 server verifies and settles through /facilitator/*', async () => {
  const requirements = { scheme: 'exact', network: 'eip155:84532', asset: USDC, amount: '10000', payTo,
    maxTimeoutSeconds: 60, extra: { name: 'USDC', version: '2' } };
  const facilitator = (op, body) => realFetch(`${API}/facilitator/${op}`, { method: op === 'supported' ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) }).then((x) => x.json());
  const server = createServer(async (req, res) => {     // the whole "seller": challenge, verify, settle
    const sig = req.headers['payment-signature'];
    const challenge = { x402Version: 2, resource: { url: `http://${req.headers.host}${req.url}` }, accepts: [requirements] };
    if (!sig) {
      res.writeHead(402, { 'PAYMENT-REQUIRED': Buffer.from(JSON.stringify(challenge)).toString('base64') }).end('{}');
      return;
    }
    const paymentPayload = JSON.parse(Buffer.from(sig, 'base64').toString('utf8'));
    const v = await facilitator('verify', { x402Version: 2, paymentPayload, paymentRequirements: requirements });
    if (!v.isValid) { res.writeHead(402).end(JSON.stringify(v)); return; }
    const s = await facilitator('settle', { x402Version: 2, paymentPayload, paymentRequirements: requirements });
    res.writeHead(200, { 'PAYMENT-RESPONSE': Buffer.from(JSON.stringify(s)).toString('base64'), 'content-type': 'application/json' })
      .end(JSON.stringify({ weather: 'sunny' }));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  try {
    const supported = await facilitator('supported');
    assert.ok(supported.kinds.some((k) => k.x402Version === 2 && k.network === 'eip155:84532'), JSON.stringify(supported));
    const buyer = privateKeyToAccount(generatePrivateKey());
    await call('POST', '/faucet/v1', { body: JSON.stringify({ address: buyer.address }) });
    const client = new x402Client();
    client.register('eip155:84532', new ExactEvmScheme(toClientEvmSigner(buyer, viem)));
    const paidFetch = wrapFetchWithPayment(realFetch, client);
    const res = await paidFetch(`http://127.0.0.1:${server.address().port}/weather`);
    assert.equal(res.status, 200, await res.clone().text());
    assert.deepEqual(await res.json(), { weather: 'sunny' });
    const settled = JSON.parse(Buffer.from(res.headers.get('payment-response'), 'base64').toString('utf8'));
    assert.equal(settled.success, true);
    assert.equal((await viem.getTransactionReceipt({ hash: settled.transaction })).status, 'success');
    assert.equal(await usdcBalance(buyer.address), 240000n);
  } finally {
    server.close();
  }
});
