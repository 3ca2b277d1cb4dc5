// Types of scripts/npm-start.mjs, for the TypeScript that reads npm start (bench, tests).
export interface NpmStart {
  /** The variables the script sets before `node` (GLIBC_TUNABLES [decision:malloc-huge-pages]). */
  env: Record<string, string>;
  /** Node's own flags, before the script's file. */
  nodeArgs: string[];
  /** The file Node runs and its arguments (`bin/offpeak.js serve`). */
  command: string[];
}
export function parseNpmStart(script: string): NpmStart;
export function readNpmStart(root: URL): NpmStart;
