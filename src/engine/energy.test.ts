import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { recordEnergyKwh } from './energy.ts';
import { MeteringError } from './metering-errors.ts';
import { formatRatio, roundRatio, shiftRatio } from './ratio.ts';
import { formatDecimal } from './decimal.ts';
import { at } from './test-support.ts';

const start = at('2022-02-01T10:30:00Z');
const halfHour = { start, end: start + 1_800_000 };

describe('recordEnergyKwh', () => {
  it('multiplies power by duration when the unit is W (the documented 20567 W × 30 min)', () => {
    const e = recordEnergyKwh({ value: 20567, unit: 'W', ...halfHour });
    assert.equal(formatRatio(e), '10.2835');
    assert.equal(formatDecimal(roundRatio(shiftRatio(e, 3), 0)), '10284'); // written as integer Wh
  });

  it('reads the value as an amount when the unit is Wh or kWh', () => {
    assert.equal(formatRatio(recordEnergyKwh({ value: 1553, unit: 'Wh', ...halfHour })), '1.553');
    assert.equal(formatRatio(recordEnergyKwh({ value: '0.1', unit: 'kWh', ...halfHour })), '0.1');
    assert.equal(formatRatio(recordEnergyKwh({ value: 2.5, unit: 'kW', ...halfHour })), '1.25');
  });

  it('keeps the exact fraction when power × time is not a terminating decimal', () => {
    const oneSecond = recordEnergyKwh({ value: 1, unit: 'W', start, end: start + 1000 });
    assert.equal(formatRatio(oneSecond), '1/3600000');
  });

  it('rejects with a code when the range, the value or the unit is invalid', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof MeteringError ? e.code : 'other';
      }
      return 'none';
    };
    assert.equal(
      code(() => recordEnergyKwh({ value: 1, unit: 'Wh', start, end: start })),
      'time_range_invalid',
    );
    assert.equal(
      code(() => recordEnergyKwh({ value: -1, unit: 'Wh', ...halfHour })),
      'value_invalid',
    );
    assert.equal(
      code(() => recordEnergyKwh({ value: Number.NaN, unit: 'Wh', ...halfHour })),
      'value_invalid',
    );
    assert.equal(
      code(() => recordEnergyKwh({ value: 1, unit: 'MWh' as 'Wh', ...halfHour })),
      'units_invalid',
    );
  });
});
