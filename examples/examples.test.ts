// Runs every example against a real server on localhost, as a person would: a child process
// with the server's address and an account's credentials in its environment.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { startLiveServer, type LiveServer } from '../src/testing/live-server.ts';

const run = promisify(execFile);
const HERE = fileURLToPath(new URL('.', import.meta.url));

let server: LiveServer;
before(async () => {
  server = await startLiveServer();
});
after(() => server.close());

async function runExample(file: string, extraEnv: Record<string, string> = {}) {
  const account = await server.newAccount();
  const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', file], {
    cwd: HERE,
    timeout: 60_000,
    env: {
      ...process.env,
      OFFPEAK_URL: server.baseUrl,
      OFFPEAK_ACCOUNT_ID: account.accountId,
      OFFPEAK_API_KEY: account.apiKey,
      OFFPEAK_ADMIN_TOKEN: server.adminToken,
      ...extraEnv,
    },
  });
  return { stdout, stderr };
}

/** What each example must print (it exits 0, or `run` throws). */
const EXPECTED: Record<string, RegExp[]> = {
  'read-prices.ts': [
    /^Prices of loc_\w+ \(Europe\/London, GBP\):$/m,
    /^ {2}\S+Z → \S+Z {2}0\.075 GBP\/kWh/m,
    /0\.2962 GBP\/kWh/,
  ],
  'send-meter-readings.ts': [
    /^Batch bat_\w+: 4 submitted, 4 accepted, 0 failed \(sent twice, answered as bat_\w+\)$/m,
    /^Read back: \{.*"records_submitted":4/m,
  ],
  'cheapest-window.ts': [
    /^Cheapest 2 h at loc_\w+ \(Europe\/London\):$/m,
    /^ {2}\S+Z → \S+Z {2}average 0\.075 GBP\/kWh$/m,
  ],
  'connect-onboarding.ts': [
    /^Hosted Connect link: http:\/\/127\.0\.0\.1:\d+\/connect\?fp_cot=cot_[0-9a-f]{24}$/m,
    /^ {2}rate_tod_capture → tariff_summary$/m,
    /^Summary: today's rates (0\.075, 0\.2962|0\.2962, 0\.075)$/m,
    /^Back to https:\/\/app\.example\.com\/connect\/done$/m,
    /^Token cot_\w+: SAVE, location loc_\w+, customer cus_\w+$/m,
    /^Prices: 0\.075, 0\.2962 GBP\/kWh$/m,
  ],
  'verify-webhook.ts': [
    /^listening at http:\/\/127\.0\.0\.1:\d+\/flatpeak as endpoint whe_\w+$/m,
    /^verified customer\.create evt_\w+ \(key wsk_test_\w+\)$/m,
    /^customer cus_\w+ arrived as event evt_\w+$/m,
    /^refused a delivery: signature_invalid$/m,
    /^a forged copy of it was answered 400$/m,
  ],
};

describe('examples', () => {
  it('has an expectation for every example when the folder is listed', () => {
    const examples = readdirSync(HERE).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'setup.ts',
    );
    assert.deepEqual(examples.sort(), Object.keys(EXPECTED).sort());
  });

  for (const [file, patterns] of Object.entries(EXPECTED)) {
    it(`${file} exits 0 and prints what it got when run against a server`, async () => {
      const { stdout, stderr } = await runExample(file);
      for (const pattern of patterns) assert.match(stdout, pattern, `${file} printed:\n${stdout}\n${stderr}`);
    });
  }

  it('read-prices.ts uses OFFPEAK_LOCATION_ID when it is set, and fails with the error when it is unknown', async () => {
    await assert.rejects(
      runExample('read-prices.ts', { OFFPEAK_LOCATION_ID: 'loc_000000000000000000000000' }),
      (error: { code?: number; stderr?: string }) =>
        error.code !== 0 && /404 not_found/.test(error.stderr ?? ''),
    );
  });
});
