import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startHarness, type Harness } from '../testing/harness.ts';

const HTTP = dirname(fileURLToPath(import.meta.url));

/** Production files of src/http that register routes (their options carry a `config`). */
function routeSources(): Map<string, string> {
  const files = readdirSync(HTTP, { recursive: true, withFileTypes: true }).filter(
    (entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'),
  );
  const sources = new Map(
    files.map((entry) => [
      join(entry.parentPath, entry.name),
      readFileSync(join(entry.parentPath, entry.name), 'utf8'),
    ]),
  );
  return new Map([...sources].filter(([, text]) => text.includes('config:')));
}

// One hop from an operation name to its code: grep for `customer_create` finds the route, whose
// handler is a function of that name (or, for routes that share a handler, of a name listed here).
const SHARED_HANDLERS: Record<string, string> = {
  admin_account_disable: 'admin_account_disable_or_enable',
  admin_account_enable: 'admin_account_disable_or_enable',
  connect_tariff_token_create: 'connect_token_create',
  connect_tariff_token_retrieve: 'connect_token_retrieve',
};

describe('operation names', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it('names every operation literally in one route file whose handler function carries the name', () => {
    const document = h.app.swagger() as unknown as {
      paths: Record<string, Record<string, { operationId?: string }>>;
    };
    const operations = Object.values(document.paths).flatMap((methods) =>
      Object.values(methods).map((operation) => operation.operationId),
    );
    assert.ok(operations.length > 40, `${operations.length} operations`);
    const sources = [...routeSources().entries()];
    const problems: string[] = [];
    for (const operation of operations) {
      if (!operation) {
        problems.push('an operation without an operationId');
        continue;
      }
      const literal = sources.filter(([, text]) => text.includes(`'${operation}'`));
      if (literal.length !== 1) problems.push(`${operation}: named literally in ${literal.length} files`);
      const handler = SHARED_HANDLERS[operation] ?? operation.replace(/^tariff_element_/, 'tariff_');
      if (!sources.some(([, text]) => text.includes(`function ${handler}(`)))
        problems.push(`${operation}: no handler function ${handler}`);
    }
    assert.deepEqual(problems, []);
  });
});
