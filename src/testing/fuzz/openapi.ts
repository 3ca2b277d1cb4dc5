import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * The operations of a served OpenAPI 3.1 document, as the fuzzer needs them: every path and
 * method (hidden routes are not in the document, so not fuzzed), how each authenticates, its
 * parameters and body, and Ajv validators of its declared responses and of the error object.
 */
export type JsonSchema = Record<string, unknown>;

export type AuthMode = 'bearer' | 'basic' | 'admin' | 'none';

export interface Parameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: JsonSchema;
  example?: unknown;
}

export interface Operation {
  id: string;
  method: string;
  /** The path template, `/customers/{id}`. */
  path: string;
  auth: AuthMode;
  parameters: Parameter[];
  body?: { contentTypes: string[]; schema: JsonSchema } | undefined;
  /** Validators of the declared responses, by status. */
  responses: Map<number, ValidateFunction>;
  /** The content types each declared status is written in, where other than JSON (an SVG logo). */
  otherMedia?: Map<number, string[]>;
}

export interface ApiDescription {
  operations: Operation[];
  /** The error object every non-2xx response must be. */
  validateError: ValidateFunction;
}

interface DocumentOperation {
  operationId?: string;
  security?: Record<string, unknown>[];
  parameters?: (Parameter & { in: string })[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
}

const METHODS = new Set(['get', 'put', 'post', 'patch', 'delete', 'head', 'options']);

/**
 * The document's default security scheme is the API's bearer token; a Basic scheme is a login;
 * any other bearer scheme is a token of another kind (the admin token).
 */
function authOf(
  security: Record<string, unknown>[] | undefined,
  defaults: Record<string, unknown>[],
  schemes: Record<string, { scheme?: string }>,
): AuthMode {
  const requirement = security ?? defaults;
  const name = requirement.flatMap((entry) => Object.keys(entry))[0];
  if (name === undefined) return 'none';
  if (schemes[name]?.scheme?.toLowerCase() === 'basic') return 'basic';
  const defaultNames = defaults.flatMap((entry) => Object.keys(entry));
  return defaultNames.includes(name) ? 'bearer' : 'admin';
}

export function readApiDescription(document: Record<string, unknown>): ApiDescription {
  const ajv = addFormats.default(new Ajv.default({ strict: false, allErrors: true }));
  const components = (document.components ?? {}) as {
    schemas?: Record<string, JsonSchema>;
    securitySchemes?: Record<string, { scheme?: string }>;
  };
  // `$ref`s point into the document's components, so they travel with each schema.
  const compile = (schema: JsonSchema) => ajv.compile({ ...schema, components });
  const errorSchema = components.schemas?.Error;
  if (!errorSchema) throw new Error('the OpenAPI document has no Error schema');
  const defaults = (document.security ?? []) as Record<string, unknown>[];
  const operations: Operation[] = [];
  const paths = (document.paths ?? {}) as Record<string, Record<string, DocumentOperation>>;
  for (const [path, methods] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      if (!METHODS.has(method)) continue;
      const responses = new Map<number, ValidateFunction>();
      const otherMedia = new Map<number, string[]>();
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const schema = response.content?.['application/json']?.schema;
        if (schema && /^\d{3}$/.test(status)) responses.set(Number(status), compile(schema));
        const other = Object.keys(response.content ?? {}).filter((type) => !type.includes('json'));
        if (other.length > 0 && /^\d{3}$/.test(status)) otherMedia.set(Number(status), other);
      }
      const content = operation.requestBody?.content;
      const firstBody = content ? Object.values(content)[0]?.schema : undefined;
      operations.push({
        id: operation.operationId ?? `${method} ${path}`,
        method: method.toUpperCase(),
        path,
        auth: authOf(operation.security, defaults, components.securitySchemes ?? {}),
        parameters: (operation.parameters ?? [])
          .filter((p) => p.in === 'path' || p.in === 'query')
          .map((p) => ({
            name: p.name,
            in: p.in as 'path' | 'query',
            required: p.required === true,
            schema: p.schema ?? {},
            ...(p.example !== undefined ? { example: p.example } : {}),
          })),
        body: content && firstBody ? { contentTypes: Object.keys(content), schema: firstBody } : undefined,
        responses,
        ...(otherMedia.size > 0 ? { otherMedia } : {}),
      });
    }
  }
  return { operations, validateError: compile(errorSchema) };
}
