import { isDeepStrictEqual } from 'node:util';
import type { ApiSession } from './http-client.ts';
import { checkEntity, type Entity, type Fields } from './ledger.ts';
import { isoSeconds, METER_START_MS, pathOf, QUARTER_HOUR_MS } from './wire.ts';
import type { Writer } from './writer.ts';

export interface Verification {
  /** Acknowledged entities, meter records, meter batches and idempotent answers looked at. */
  checked: number;
  problems: string[];
}

/** Runs `task` over `items` with at most `concurrency` at once. */
async function eachInParallel<T>(items: readonly T[], concurrency: number, task: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

async function verifyEntity(session: ApiSession, entity: Entity): Promise<string | undefined> {
  const answer = await session.request('GET', pathOf(entity));
  if (!answer.answered) return `GET ${pathOf(entity)} got no answer: ${answer.error}`;
  if (answer.status !== 200 && answer.status !== 404) {
    return `GET ${pathOf(entity)} answered ${answer.status}: ${JSON.stringify(answer.body)}`;
  }
  return checkEntity(entity, answer.status === 404 ? 'deleted' : (answer.body as Fields));
}

/** Every acknowledged meter record of the writer, found by its reference in the location's cost report. */
async function verifyMeterRecords(session: ApiSession, writer: Writer, problems: string[]): Promise<number> {
  const records = writer.ledger.batches.flatMap((batch) => batch.records);
  if (records.length === 0 || !writer.meterLocationId) return 0;
  const path = `/costs/interval/${writer.meterLocationId}`;
  const body = {
    start_time: isoSeconds(METER_START_MS),
    end_time: isoSeconds(METER_START_MS + writer.quarterHours * QUARTER_HOUR_MS),
  };
  const answer = await session.request('POST', path, { body });
  if (!answer.answered || answer.status !== 200) {
    problems.push(`POST ${path} answered ${answer.answered ? answer.status : answer.error}`);
    return records.length;
  }
  const stored = new Map<string, number>();
  for (const item of (answer.body as { data: { record_reference_id?: string; energy: { value: number } }[] })
    .data) {
    if (item.record_reference_id !== undefined) stored.set(item.record_reference_id, item.energy.value);
  }
  for (const { ref, wh } of records) {
    const found = stored.get(ref);
    if (found === undefined) problems.push(`meter record ${ref} (${wh} Wh) was acknowledged but is missing`);
    else if (found !== wh)
      problems.push(`meter record ${ref} was acknowledged as ${wh} Wh but has ${found} Wh`);
  }
  return records.length;
}

async function verifyBatches(session: ApiSession, writer: Writer, problems: string[]): Promise<number> {
  await eachInParallel(writer.ledger.batches, 4, async ({ batchId, records }) => {
    const answer = await session.request('GET', `/meters/batch?batch_id=${batchId}`);
    const accepted =
      answer.answered && answer.status === 200 ? (answer.body as { records_accepted: number }) : null;
    if (accepted?.records_accepted !== records.length) {
      const seen = answer.answered ? `${answer.status} ${JSON.stringify(answer.body)}` : answer.error;
      problems.push(
        `meter batch ${batchId} of ${records.length} records was acknowledged but answers ${seen}`,
      );
    }
  });
  return writer.ledger.batches.length;
}

/** A retry of an acknowledged write with its Idempotency-Key must replay the acknowledged answer. */
async function verifyReplays(session: ApiSession, writer: Writer, problems: string[]): Promise<number> {
  await eachInParallel(writer.ledger.idempotent, 4, async (write) => {
    const answer = await session.request(write.method, write.path, {
      body: write.body,
      idempotencyKey: write.key,
    });
    const same =
      answer.answered &&
      answer.replayed &&
      answer.status === write.status &&
      isDeepStrictEqual(answer.body, write.response);
    if (!same) {
      const seen = answer.answered
        ? `${answer.status}${answer.replayed ? ' (replayed)' : ''} ${JSON.stringify(answer.body)}`
        : answer.error;
      problems.push(
        `${write.method} ${write.path} with Idempotency-Key ${write.key} was acknowledged with ` +
          `${write.status} but its retry answers ${seen}`,
      );
    }
  });
  return writer.ledger.idempotent.length;
}

/**
 * Compares everything the writers were acknowledged with what the server now holds. Entities
 * whose last write went unanswered are settled to what is observed, when that is allowed.
 */
export async function verifyWriters(session: ApiSession, writers: readonly Writer[]): Promise<Verification> {
  const problems: string[] = [];
  const entities = writers.flatMap((writer) => [...writer.ledger.entities.values()]);
  await eachInParallel(entities, 16, async (entity) => {
    const problem = await verifyEntity(session, entity);
    if (problem) problems.push(problem);
  });
  let checked = entities.length;
  await eachInParallel(writers, 4, async (writer) => {
    checked += await verifyMeterRecords(session, writer, problems);
    checked += await verifyBatches(session, writer, problems);
    checked += await verifyReplays(session, writer, problems);
  });
  return { checked, problems };
}
