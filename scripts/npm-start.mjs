// What `npm start` runs, read from package.json's `start` script, so that the install's warm-up
// start (scripts/build.mjs), the benchmarks and the test of the bundle start the server exactly as
// users do: its environment assignments, Node's flags, then the script and its arguments. Only that
// plain shape is understood (`NAME=value … node --flag … file arg …`, no quotes or expansions);
// anything else is an error, so that an edit of the script cannot leave them starting something
// else quietly. Types: npm-start.d.mts.
import { readFileSync } from 'node:fs';

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;
const PLAIN = /^[A-Za-z0-9_./:=,@%+-]+$/;

/** Splits a `start` script of the plain shape above into `{ env, nodeArgs, command }`. */
export function parseNpmStart(script) {
  const words = script.trim().split(/\s+/);
  const unplain = words.find((word) => !PLAIN.test(word));
  if (unplain !== undefined) throw new Error(`npm start: "${unplain}" is more than a plain word: ${script}`);
  const env = {};
  let at = 0;
  for (let m = ASSIGNMENT.exec(words[at] ?? ''); m; m = ASSIGNMENT.exec(words[++at] ?? '')) env[m[1]] = m[2];
  if (words[at] !== 'node') throw new Error(`npm start does not run node: ${script}`);
  at++;
  const nodeArgs = [];
  while (words[at]?.startsWith('-')) nodeArgs.push(words[at++]);
  const command = words.slice(at);
  if (command.length === 0) throw new Error(`npm start names no script for node: ${script}`);
  return { env, nodeArgs, command };
}

/** package.json's `start` script of the checkout at `root` (a directory URL), split. */
export function readNpmStart(root) {
  const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
  const script = pkg.scripts?.start;
  if (typeof script !== 'string') throw new Error('package.json has no start script');
  return parseNpmStart(script);
}
