import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from './errors.ts';
import { checkTimeWindow } from './time-window.ts';

const DAY = 86_400_000;

const failure = (run: () => void): string => {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ValidationError);
    assert.equal(error.code, 'time_range_invalid');
    return error.message;
  }
  return 'no error';
};

describe('checkTimeWindow', () => {
  it('accepts a window that ends after it starts, up to its limit inclusive', () => {
    checkTimeWindow({ start: 0, end: 1 });
    checkTimeWindow({ start: 0, end: 90 * DAY }, 90 * DAY);
  });

  it('refuses an empty or reversed window and one longer than the limit, naming the limit', () => {
    assert.equal(
      failure(() => checkTimeWindow({ start: 5, end: 5 })),
      'end_time must be after start_time',
    );
    assert.equal(
      failure(() => checkTimeWindow({ start: 5, end: 4 }, DAY)),
      'end_time must be after start_time',
    );
    assert.equal(
      failure(() => checkTimeWindow({ start: 0, end: 3 * DAY + 1 }, 3 * DAY, 'data[1]: ')),
      'data[1]: the window from start_time to end_time is longer than 3 days',
    );
    assert.equal(
      failure(() => checkTimeWindow({ start: 0, end: 90 * DAY + 1 }, 90 * DAY)),
      'The window from start_time to end_time is longer than 90 days',
    );
  });
});
