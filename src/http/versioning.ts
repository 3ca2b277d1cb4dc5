import { ValidationError, VersionNotSupportedError } from '../core/errors.ts';
import { API_VERSION } from './schemas.ts';
import type { App } from './types.ts';

/** Versions Flatpeak has published before anode, including the documented slip `2025-08-01.anode`. */
const OLDER_VERSIONS = new Set(['2024-08-24.zero', '2024-08-24', '2025-08-01.anode']);

/** Every response names the version served; a request may ask for it, and only for it. */
export function registerVersioning(app: App): void {
  // A callback hook: it never waits, so it costs no promise on every request
  // [decision:request-hooks-without-promises].
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('flatpeak-version', API_VERSION);
    reply.header('x-request-id', request.id);
    const asked = request.headers['flatpeak-version'];
    if (asked === undefined) return done();
    const version = Array.isArray(asked) ? asked[0] : asked;
    if (version === API_VERSION) return done();
    if (version !== undefined && OLDER_VERSIONS.has(version)) {
      return done(new VersionNotSupportedError(version, API_VERSION));
    }
    done(
      new ValidationError(
        'api_version_invalid',
        `The Flatpeak-Version header ${JSON.stringify(version)} is not an API version; use ${API_VERSION}`,
      ),
    );
  });
}
