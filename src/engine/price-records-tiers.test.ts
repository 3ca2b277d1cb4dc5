import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toDecimal } from './decimal.ts';
import { tieredTariff } from './example-tariffs.ts';
import { type EnergyRecord, priceRecords } from './price-records.ts';
import { LONDON, kwh, pieceRows, seriesOf } from './price-records-support.ts';
import { formatRatio } from './ratio.ts';
import { at, iso } from './test-support.ts';

describe('priceRecords with tiers', () => {
  it('cuts a record where the counter crosses the tier bound when the month passes 300 kWh inside it', () => {
    // 299.5 kWh counted already; 2 kWh over an hour: 0.5 kWh (15 min) at 0.15, 1.5 kWh at 0.21.
    const result = priceRecords(
      [kwh('2025-06-10T10:00:00Z', '2025-06-10T11:00:00Z', '2')],
      seriesOf(tieredTariff),
      {
        ...LONDON,
        priorMonthEnergyKwh: toDecimal('299.5'),
      },
    );
    assert.deepEqual(pieceRows(result), [
      ['2025-06-10T10:00:00Z', '2025-06-10T10:15:00Z', '0.5', '15e-2', '0.075'],
      ['2025-06-10T10:15:00Z', '2025-06-10T11:00:00Z', '1.5', '21e-2', '0.315'],
    ]);
    assert.deepEqual(
      result.pieces.map((p) => p.commodityTier),
      [0, 1],
    );
    assert.equal(formatRatio(result.cost), '0.39');
    assert.equal(formatRatio(result.monthEnergyKwh), '301.5');
  });

  it('keeps the energies exact and rounds only the instant when the crossing falls between milliseconds', () => {
    // 0.7 kWh over 1 s from 299.9 kWh: the bound is reached after 1000/7 ms ≈ 142.857 ms.
    const start = at('2025-06-10T10:00:00Z');
    const result = priceRecords(
      [{ start, end: start + 1000, energyKwh: toDecimal('0.7') }],
      seriesOf(tieredTariff),
      { ...LONDON, priorMonthEnergyKwh: toDecimal('299.9') },
    );
    assert.deepEqual(
      result.pieces.map((p) => [
        p.start - start,
        p.end - start,
        formatRatio(p.energyKwh),
        formatRatio(p.cost),
      ]),
      [
        [0, 143, '0.1', '0.015'],
        [143, 1000, '0.6', '0.126'],
      ],
    );
    assert.equal(formatRatio(result.energyKwh), '0.7');
  });

  it('crosses the bound on the right day and restarts the counter when a new local month begins', () => {
    // June 2025 in London: 30 local days of 13 kWh each. After 23 days 299 kWh are counted; day 24
    // reaches 300 kWh after 1/13 of its 24 hours. June: 300 × 0.15 + 90 × 0.21 = 63.9.
    // 1 July starts again at 0: 13 × 0.15 = 1.95.
    const records: EnergyRecord[] = [];
    for (let d = 0; d < 31; d++) {
      const start = Date.UTC(2025, 5, 1 + d) - 3_600_000; // local midnight (BST)
      records.push({ start, end: start + 86_400_000, energyKwh: toDecimal('13') });
    }
    const result = priceRecords(records, seriesOf(tieredTariff), LONDON);
    const june = result.pieces.filter((p) => p.start < at('2025-06-30T23:00:00Z'));
    const crossing = result.pieces.findIndex((p) => p.commodityTier === 1);
    const dayStart = at('2025-06-23T23:00:00Z');
    assert.equal(result.pieces[crossing - 1]?.start, dayStart);
    assert.equal(result.pieces[crossing]?.start, dayStart + Math.round(86_400_000 / 13));
    assert.equal(formatRatio(result.pieces[crossing - 1]?.energyKwh ?? { n: 0n, d: 1n }), '1');
    const juneCost = june.reduce((sum, p) => sum + Number(formatRatio(p.cost)), 0);
    assert.equal(juneCost.toFixed(5), '63.90000');
    const july = result.pieces.at(-1);
    assert.deepEqual(july && [iso(july.start), formatRatio(july.cost), july.commodityTier], [
      '2025-06-30T23:00:00Z',
      '1.95',
      0,
    ]);
    assert.equal(formatRatio(result.cost), '65.85');
    assert.equal(formatRatio(result.monthEnergyKwh), '13');
  });

  it('reports only the window and still counts energy before it when a window is given', () => {
    // 300 kWh before the window puts the whole window on the second tier.
    const result = priceRecords(
      [
        kwh('2025-06-01T00:00:00Z', '2025-06-10T00:00:00Z', '300'),
        kwh('2025-06-10T00:00:00Z', '2025-06-10T02:00:00Z', '2'),
      ],
      seriesOf(tieredTariff),
      { ...LONDON, window: { start: at('2025-06-10T01:00:00Z'), end: at('2025-06-11T00:00:00Z') } },
    );
    assert.deepEqual(pieceRows(result), [
      ['2025-06-10T01:00:00Z', '2025-06-10T02:00:00Z', '1', '21e-2', '0.21'],
    ]);
    assert.equal(result.records[0]?.cost.n, 0n);
  });

  it('cuts overlapping records at the same instant when their summed rate crosses the bound', () => {
    // 298.5 kWh counted. A: 2 kWh over 10:00–11:00; B: 1 kWh over 10:30–11:30. 10:00–10:30 A alone
    // adds 1 → 299.5; from 10:30 both add 3 kWh/h, so the last 0.5 kWh below 300 takes 10 min:
    // the bound falls at 10:40, where A holds 1/3 and B 1/6 of that 0.5 kWh.
    // A: 1 × 0.15 + 1/3 × 0.15 + 2/3 × 0.21 = 0.34. B: 1/6 × 0.15 + 1/3 × 0.21 + 0.5 × 0.21 = 0.2.
    const result = priceRecords(
      [
        kwh('2025-06-10T10:00:00Z', '2025-06-10T11:00:00Z', '2'),
        kwh('2025-06-10T10:30:00Z', '2025-06-10T11:30:00Z', '1'),
      ],
      seriesOf(tieredTariff),
      { ...LONDON, priorMonthEnergyKwh: toDecimal('298.5') },
    );
    assert.deepEqual(
      result.pieces.map((p) => [
        p.recordIndex,
        iso(p.start),
        iso(p.end),
        formatRatio(p.energyKwh),
        p.commodityTier,
      ]),
      [
        [0, '2025-06-10T10:00:00Z', '2025-06-10T10:30:00Z', '1', 0],
        [0, '2025-06-10T10:30:00Z', '2025-06-10T10:40:00Z', '1/3', 0],
        [1, '2025-06-10T10:30:00Z', '2025-06-10T10:40:00Z', '1/6', 0],
        [0, '2025-06-10T10:40:00Z', '2025-06-10T11:00:00Z', '2/3', 1],
        [1, '2025-06-10T10:40:00Z', '2025-06-10T11:00:00Z', '1/3', 1],
        [1, '2025-06-10T11:00:00Z', '2025-06-10T11:30:00Z', '0.5', 1],
      ],
    );
    assert.deepEqual(
      result.records.map((r) => [formatRatio(r.energyKwh), formatRatio(r.cost)]),
      [
        ['2', '0.34'],
        ['1', '0.2'],
      ],
    );
    assert.equal(formatRatio(result.cost), '0.54');
    assert.equal(formatRatio(result.monthEnergyKwh), '301.5');
  });

  // [decision:tier-counter-records]
  it('prices records at the tier that other records drove the counter to, without counting them', () => {
    // A device meters 2 kWh over 10:00–11:00; its location's records, 3 kWh over the same hour,
    // feed the counter from 299: it reaches 300 at 10:20. The device's 2/3 kWh before 10:20 pay
    // 0.15 (0.1) and its 4/3 kWh after pay 0.21 (0.28). The counter ends at 302, not 304.
    const result = priceRecords(
      [kwh('2025-06-10T10:00:00Z', '2025-06-10T11:00:00Z', '2')],
      seriesOf(tieredTariff),
      {
        ...LONDON,
        priorMonthEnergyKwh: toDecimal('299'),
        counterRecords: [kwh('2025-06-10T10:00:00Z', '2025-06-10T11:00:00Z', '3')],
      },
    );
    assert.deepEqual(pieceRows(result), [
      ['2025-06-10T10:00:00Z', '2025-06-10T10:20:00Z', '2/3', '15e-2', '0.1'],
      ['2025-06-10T10:20:00Z', '2025-06-10T11:00:00Z', '4/3', '21e-2', '0.28'],
    ]);
    assert.equal(formatRatio(result.monthEnergyKwh), '302');
    // with no feeding record the counter stays put: everything at the first tier
    const alone = priceRecords(
      [kwh('2025-06-10T10:00:00Z', '2025-06-10T11:00:00Z', '2')],
      seriesOf(tieredTariff),
      { ...LONDON, priorMonthEnergyKwh: toDecimal('299'), counterRecords: [] },
    );
    assert.equal(formatRatio(alone.cost), '0.3');
    assert.equal(formatRatio(alone.monthEnergyKwh), '299');
  });
});
