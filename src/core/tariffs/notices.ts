// Contract notices [decision:contract-notices]: `tariff.expiring` 7 days before a tariff's contract_end and
// `tariff.expired` at it, each once per contract term, as events of the tariff's account and mode.
//
// A tariff row carries `next_notice_at`: contract_end − 7 days while the expiring notice is owed,
// contract_end while the expired one is, null when both are sent (a PATCH that moves
// contract_end starts a new term). The sweep locks due rows with `for update skip locked` and
// writes each event in the transaction that moves `next_notice_at` on, so any number of nodes can
// sweep at once and each notice is written exactly once. A tariff first seen after its contract
// ended gets `tariff.expired` only.
import { SERVER } from '../clock.ts';
import { claimDueTariffNotices, updateTariffRow } from '../../store/tariffs.ts';
import type { CoreContext } from '../context.ts';
import { recordEvent } from '../events/events.ts';
import { tariffOfRecordIn } from './tariffs.ts';

export interface TariffNotice {
  type: 'tariff.expiring' | 'tariff.expired';
  tariffId: string;
  accountId: string;
  liveMode: boolean;
}

/** Writes every notice due at `ctx.now(SERVER)`, up to `limit` tariffs per call. */
export async function sendDueTariffNotices(ctx: CoreContext, limit = 100): Promise<TariffNotice[]> {
  const now = ctx.now(SERVER);
  return ctx.db.transaction().execute(async (trx) => {
    const sent: TariffNotice[] = [];
    for (const row of await claimDueTariffNotices(trx, new Date(now), limit)) {
      const scope = { accountId: row.account_id, liveMode: row.live_mode };
      const ended = row.contract_end.getTime() <= now;
      const type = ended ? 'tariff.expired' : 'tariff.expiring';
      await recordEvent(trx, scope, now, type, await tariffOfRecordIn(trx, scope, row));
      await updateTariffRow(trx, scope, row.id, { next_notice_at: ended ? null : row.contract_end });
      sent.push({ type, tariffId: row.id, ...scope });
    }
    return sent;
  });
}

/** One round of the notice sweep: batches until nothing is due. */
export async function runTariffNoticeRound(ctx: CoreContext, batch = 100): Promise<TariffNotice[]> {
  const all: TariffNotice[] = [];
  for (;;) {
    const sent = await sendDueTariffNotices(ctx, batch);
    all.push(...sent);
    if (sent.length < batch) return all;
  }
}
