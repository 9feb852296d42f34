// Shared by the acceptance tests: a throwaway SDK config dir holding an allowance for a new wallet.
import { after } from 'node:test';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';

/**
 * Points the SDK (RUN402_CONFIG_DIR) at a new temp dir with `allowance.json` for a fresh wallet, clears
 * the env vars that would override it, and removes the dir after the file's tests.
 * Returns { configDir, privateKey, account } (account.address is EIP-55 checksummed).
 */
export function freshAllowance(name, { funded = true } = {}) {
  const configDir = mkdtempSync(join(tmpdir(), `run402-${name}-`));
  process.env.RUN402_CONFIG_DIR = configDir;
  for (const v of ['RUN402_ALLOWANCE_PATH', 'RUN402_WALLET', 'RUN402_PROFILE', 'RUN402_DELEGATE_TOKEN']) delete process.env[v];
  const privateKey = generatePrivateKey();
  const account = privateKeyToAccount(privateKey);
  writeFileSync(join(configDir, 'allowance.json'), JSON.stringify({
    address: account.address, privateKey, created: new Date().toISOString(), funded, rail: 'x402',
  }, null, 2), { mode: 0o600 });
  after(() => rmSync(configDir, { recursive: true, force: true }));
  return { configDir, privateKey, account };
}
