import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import type { MutationClass } from './mutate-fields.ts';
import type { Seeds } from './seeds.ts';
import { setHeader, shown } from './slots.ts';

/**
 * Credentials that must not get in: none, garbled, tampered with, signed by another secret,
 * expired, of a revoked key, of the wrong kind for the operation.
 */
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

function tamperedTokens(seeds: Seeds): string[] {
  const token = seeds.tokens.valid.replace(/^Bearer /, '');
  const [header = '', payload = '', signature = ''] = token.split('.');
  const livePayload = seeds.tokens.live.replace(/^Bearer /, '').split('.')[1] ?? '';
  const kid = (JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { kid?: string }).kid;
  const flipped = signature.slice(0, -1) + (signature.endsWith('A') ? 'B' : 'A');
  const foreignSecret = createHmac('sha256', 'not-the-secret')
    .update(`${header}.${payload}`)
    .digest('base64url');
  return [
    '',
    'Bearer',
    'Bearer ',
    'Bearer x',
    'Bearer a.b.c',
    `Bearer ${header}.${payload}`,
    `Bearer ${header}.${payload}.${flipped}`,
    `Bearer ${header}.${livePayload}.${signature}`,
    `Bearer ${header}.${payload}.${foreignSecret}`,
    `Bearer ${b64url(JSON.stringify({ alg: 'none', typ: 'JWT', kid }))}.${payload}.`,
    `Bearer ${token}x`,
    `Bearer ${token} extra`,
    `Token ${token}`,
    `Bearer ${seeds.adminToken}`,
    `Basic ${b64(`${seeds.accountId}:${seeds.apiKey}`)}`,
    `Bearer ${'a'.repeat(8_000)}`,
    seeds.tokens.revoked,
    ...(seeds.tokens.expired ? [seeds.tokens.expired] : []),
  ];
}

function badAdminTokens(seeds: Seeds): string[] {
  return [
    '',
    'Bearer',
    `Bearer ${seeds.adminToken}x`,
    `Bearer ${seeds.adminToken.slice(0, -1)}`,
    seeds.tokens.valid,
    `Basic ${b64(`admin:${seeds.adminToken}`)}`,
    `Bearer ${'a'.repeat(8_000)}`,
    seeds.adminToken,
  ];
}

function badBasics(seeds: Seeds): string[] {
  const wrongKey = `sk_test_${'0'.repeat(32)}`;
  return [
    '',
    'Basic',
    'Basic !!!',
    `Basic ${b64('no-colon')}`,
    `Basic ${b64(`${seeds.accountId}:${wrongKey}`)}`,
    `Basic ${b64(`acc_${'0'.repeat(24)}:${seeds.apiKey}`)}`,
    `Basic ${b64(`${seeds.accountId}\u0000:${seeds.apiKey}`)}`,
    `Basic ${b64(`${seeds.accountId}:${seeds.apiKey}\u0000`)}`,
    `Basic ${b64(`${seeds.accountId}:${'k'.repeat(8_000)}`)}`,
    seeds.tokens.valid,
    `Basic ${b64(`${seeds.accountId}:${seeds.apiKey}`)}=`,
    `Basic ${b64(':')}`,
  ];
}

export const credentials: MutationClass = ({ op, base, seeds }) => {
  const values =
    op.auth === 'admin'
      ? badAdminTokens(seeds)
      : op.auth === 'basic'
        ? badBasics(seeds)
        : tamperedTokens(seeds);
  return fc.constantFrom(...values).map((value) => ({
    cls: 'credentials',
    note: value === '' ? 'no Authorization' : `Authorization: ${shown(value)}`,
    parts: setHeader(base, 'Authorization', value === '' ? undefined : value),
  }));
};
