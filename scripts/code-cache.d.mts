// Types of scripts/code-cache.mjs, for the tests that use it (src/cli/code-cache.test.ts, src/cli/warm-start.test.ts).
export function cacheFileFor(cacheDir: string, bytes: Buffer, execArgv?: readonly string[]): string;
export function runWithCodeCache(
  bundle: string,
  cacheDir: string,
): {
  exports: unknown;
  used: boolean;
  rejected: boolean;
  cacheFile: string;
  save(): boolean;
};
