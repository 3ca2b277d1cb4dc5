import { Type } from 'typebox';
import { API_VERSION } from '../schemas.ts';
import type { App } from '../types.ts';

export function registerHealth(app: App): void {
  app.get(
    '/health',
    {
      config: { operation: 'health_retrieve', auth: 'none', rateLimit: false },
      schema: {
        tags: ['System'],
        summary: 'Liveness: the process answers HTTP',
        security: [],
        response: { 200: Type.Object({ status: Type.Literal('ok'), version: Type.String() }) },
      },
    },
    async function health_retrieve() {
      return { status: 'ok' as const, version: API_VERSION };
    },
  );
}
