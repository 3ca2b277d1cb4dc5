import assert from 'node:assert/strict';
import { test } from 'node:test';
import { epochMs } from './customers.ts';

// PostgreSQL writes a float8 in its shortest exact form, which parseFloat reads back to the same
// double; these are such texts for instants at the edges of a millisecond and of a second.
test('epochMs gives the milliseconds Date.getTime() gives for the same timestamp', () => {
  const cases: [string, string][] = [
    ['1764779282.123456', '2025-12-03T16:28:02.123Z'],
    ['1764779282.999999', '2025-12-03T16:28:02.999Z'],
    ['1764779282.001', '2025-12-03T16:28:02.001Z'],
    ['1764779282.000999', '2025-12-03T16:28:02.000Z'],
    ['1764779282', '2025-12-03T16:28:02.000Z'],
    ['4102444799.999999', '2099-12-31T23:59:59.999Z'],
    ['0.000001', '1970-01-01T00:00:00.000Z'],
  ];
  for (const [float8, iso] of cases) assert.equal(epochMs(Number.parseFloat(float8)), Date.parse(iso), float8);
});
