import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, readConfig } from './config.ts';

describe('readConfig: OFFPEAK_DATABASE_POOL_SIZE', () => {
  it('keeps ten connections unless told otherwise, and takes any whole number from 1 to 1000', () => {
    assert.equal(readConfig({}).databasePoolSize, 10);
    assert.equal(readConfig({ OFFPEAK_DATABASE_POOL_SIZE: '' }).databasePoolSize, 10);
    assert.equal(readConfig({ OFFPEAK_DATABASE_POOL_SIZE: '1' }).databasePoolSize, 1);
    assert.equal(readConfig({ OFFPEAK_DATABASE_POOL_SIZE: '1000' }).databasePoolSize, 1000);
  });

  it('refuses zero, fractions and words, naming the variable', () => {
    for (const value of ['0', '2.5', 'four', '1001', '-3'])
      assert.throws(
        () => readConfig({ OFFPEAK_DATABASE_POOL_SIZE: value }),
        (error: Error) =>
          error instanceof ConfigError &&
          error.message ===
            `OFFPEAK_DATABASE_POOL_SIZE must be an integer between 1 and 1000, got "${value}"`,
      );
  });
});
