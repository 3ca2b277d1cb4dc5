#!/usr/bin/env node
// Runs dist/offpeak.mjs, the sources bundled once by scripts/build.mjs (at `npm install`), and
// rebuilds it first when a source file is newer, so there is no build step to forget and no
// TypeScript transpiled at every start [decision:compiled-start].
import { ensureBuilt, BUNDLE } from '../scripts/build.mjs';
import { pathToFileURL } from 'node:url';

await ensureBuilt({ log: (message) => process.stderr.write(`offpeak: ${message}\n`) });
await import(pathToFileURL(BUNDLE).href);
