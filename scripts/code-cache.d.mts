// Types of scripts/code-cache.mjs, for its tests (src/cli/code-cache.test.ts).
export function cacheFileFor(cacheDir: string, bytes: Buffer): string;
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
