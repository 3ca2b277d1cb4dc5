import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { GENERATED_FILE, generateSource, readServerDocument } from './generate.ts';

describe('sdk:generate', () => {
  let documentOnce: Promise<Record<string, unknown>> | undefined;
  const document = () => (documentOnce ??= readServerDocument());

  it('matches the committed sdk/src/generated/openapi.ts when the server document is unchanged', async () => {
    const [fresh, committed] = await Promise.all([
      generateSource(await document()),
      readFile(GENERATED_FILE, 'utf8'),
    ]);
    // a plain equality check: a diff of 10 000 lines would drown the message
    assert.ok(
      fresh === committed,
      'sdk/src/generated/openapi.ts is out of date with the OpenAPI document: run `npm run sdk:generate` and commit it',
    );
  });

  it('types every operation of the document when generated', async () => {
    const { paths } = (await document()) as {
      paths: Record<string, Record<string, { operationId?: string }>>;
    };
    const source = await generateSource(await document());
    for (const methods of Object.values(paths)) {
      for (const operation of Object.values(methods)) {
        if (operation.operationId)
          assert.ok(source.includes(`    ${operation.operationId}: {`), operation.operationId);
      }
    }
  });
});
