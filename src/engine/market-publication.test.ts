import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { epochDayFromCivil } from './calendar.ts';
import {
  dayAheadPublication,
  lastPublishedDay,
  nextDayAheadPublication,
  nextMarketUpdate,
} from './market-publication.ts';
import { at, iso } from './test-support.ts';

const BERLIN = 'Europe/Berlin';
const JUNE_2 = epochDayFromCivil(2025, 6, 2);

describe('day-ahead publication', () => {
  it('publishes a delivery day at 12:45 local time on the day before', () => {
    assert.equal(iso(dayAheadPublication(BERLIN, JUNE_2)), '2025-06-01T10:45:00Z');
    assert.equal(iso(dayAheadPublication('Europe/London', JUNE_2)), '2025-06-01T11:45:00Z');
    assert.equal(iso(dayAheadPublication(BERLIN, epochDayFromCivil(2025, 1, 15))), '2025-01-14T11:45:00Z');
  });

  it('counts tomorrow as published from 12:45 and names the next publication after now', () => {
    assert.equal(lastPublishedDay(BERLIN, at('2025-06-01T10:44:59Z')), JUNE_2 - 1);
    assert.equal(lastPublishedDay(BERLIN, at('2025-06-01T10:45:00Z')), JUNE_2);
    assert.equal(iso(nextDayAheadPublication(BERLIN, at('2025-06-01T10:44:59Z'))), '2025-06-01T10:45:00Z');
    assert.equal(iso(nextDayAheadPublication(BERLIN, at('2025-06-01T10:45:00Z'))), '2025-06-02T10:45:00Z');
  });

  it('expects the first unstored day, then falls back to 23:00 local when it is overdue', () => {
    const storedThroughJune2 = at('2025-06-02T22:00:00Z'); // end of 2 June in Berlin
    // Before noon on 2 June, 3 June's prices are due at 12:45.
    assert.equal(
      iso(nextMarketUpdate(BERLIN, at('2025-06-02T08:00:00Z'), storedThroughJune2)),
      '2025-06-02T10:45:00Z',
    );
    // Overdue at 15:00: the documented fallback, 23:00 local.
    assert.equal(
      iso(nextMarketUpdate(BERLIN, at('2025-06-02T13:00:00Z'), storedThroughJune2)),
      '2025-06-02T21:00:00Z',
    );
    // Overdue after 23:00: the next publication.
    assert.equal(
      iso(nextMarketUpdate(BERLIN, at('2025-06-02T21:30:00Z'), storedThroughJune2)),
      '2025-06-03T10:45:00Z',
    );
    // Nothing stored: the next publication.
    assert.equal(iso(nextMarketUpdate(BERLIN, at('2025-06-02T08:00:00Z'), null)), '2025-06-02T10:45:00Z');
  });
});
