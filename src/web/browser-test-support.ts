// Test support for pages in a real browser: Debian's Chromium driven by playwright-core, with the
// launch flags, the off-localhost guard, the console watch, axe-core and the screenshots the
// dashboard's browser test uses.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** `false`, or why the browser tests are skipped (printed once). */
export function browserSkip(): false | string {
  const skip = existsSync(CHROMIUM)
    ? false
    : `${CHROMIUM} is not installed (apt-get install -y chromium): browser tests skipped`;
  if (skip) console.log(`# ${skip}`);
  return skip;
}

/** Git-ignored; the best shots are copied to docs/screenshots by hand. */
export const SHOTS = join(process.cwd(), '.screenshots');

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Requests that tried to leave `base` (aborted). */
  outside: string[];
  /** Console errors and uncaught page errors. */
  consoleErrors: string[];
  close(): Promise<void>;
}

/** Chromium headless in `zone`, every request off `base` aborted and recorded. */
export async function launchBrowser(base: string, zone: string): Promise<Browser> {
  await mkdir(SHOTS, { recursive: true });
  const userDataDir = await mkdtemp(join(tmpdir(), 'offpeak-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    timezoneId: zone,
    locale: 'en-US',
    viewport: { width: 1280, height: 900 },
  });
  const outside: string[] = [];
  const consoleErrors: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.origin === base || url.protocol === 'data:') return route.continue();
    outside.push(url.href);
    return route.abort();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  return {
    context,
    page,
    outside,
    consoleErrors,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** axe-core on the page as it is: fails on any violation. */
export async function axeCheck(page: Page, name: string): Promise<void> {
  // evaluated through the DevTools protocol, so the page's CSP (no inline script) still holds for it
  const source = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run(): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> };
      }
    ).axe;
    const result = await axe.run();
    return result.violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  });
  assert.deepEqual(violations, [], `accessibility violations on ${name}`);
}

/** Full-page screenshots at desktop and phone width into SHOTS. */
export async function shoot(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: join(SHOTS, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(SHOTS, `${name}-phone.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}
