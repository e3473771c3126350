/**
 * The month's settlement, as each finance bureau does it: start a run (built by the worker through
 * BullMQ), wait for it, approve the batch, pay it. In one region the bank refuses one line; its
 * money goes back to payable and a supplementary run puts it into a second batch, which is paid too.
 */
import { uploadPdf } from '../generator/api.js';
import type { Http } from '../generator/http.js';
import { JINHUA } from '../generator/jinhua.js';
import { BANK_RETURN_REASON } from '../generator/names.js';
import type { World } from '../generator/world.js';
import { required } from '@ivl/core';

interface RunBody {
  jobId: string;
  state: 'waiting' | 'active' | 'completed' | 'failed';
  batchIds: string[];
  error?: string;
}

interface LineBody {
  providerId: string;
  providerName: string;
  amount: number;
  status: 'pending' | 'returned' | 'paid';
}

interface BatchBody {
  id: string;
  regionCode: string;
  sequence: number;
  status: 'draft' | 'approved' | 'paid';
  total: number;
  lines: LineBody[];
}

export interface SettledBatch {
  sequence: number;
  total: number;
  lines: number;
  returned: number;
}

export interface RegionSettlement {
  regionCode: string;
  batches: SettledBatch[];
}

const RUN_TIMEOUT_MS = 60_000;

/** Settles `period` for every Jinhua region, one region after another (the worker runs them in turn anyway). */
export async function settleMonth(world: World, period: string): Promise<RegionSettlement[]> {
  const results: RegionSettlement[] = [];
  let bankReturnDone = false;
  for (const region of JINHUA) {
    const token = required(world.finance.get(region.code), `the finance bureau of ${region.code}`).token;
    const settled = await settleRegion(world.http, token, region.code, period, !bankReturnDone);
    bankReturnDone ||= settled.batches.some((b) => b.returned > 0);
    results.push(settled);
  }
  return results;
}

async function settleRegion(
  http: Http,
  token: string,
  regionCode: string,
  period: string,
  mayReturnLine: boolean,
): Promise<RegionSettlement> {
  const batches: SettledBatch[] = [];
  for (const batchId of await runSettlement(http, token, regionCode, period)) {
    const batch = await payBatch(http, token, batchId, mayReturnLine);
    batches.push(batch);
    if (batch.returned === 0) continue;
    // The returned line is payable again: a supplementary run batches it.
    for (const supplementaryId of await runSettlement(http, token, regionCode, period))
      batches.push(await payBatch(http, token, supplementaryId, false));
  }
  return { regionCode, batches };
}

/** POST /settlements/runs, then polls the run until the worker has built it; answers its batch ids. */
export async function runSettlement(http: Http, token: string, regionCode: string, period: string): Promise<string[]> {
  const { body: started } = await http.request<RunBody>('POST', '/settlements/runs', { token, body: { regionCode, period }, expect: 202 });
  const deadline = Date.now() + RUN_TIMEOUT_MS;
  for (;;) {
    const { body: run } = await http.request<RunBody>('GET', `/settlements/runs/${started.jobId}`, { token, expect: 200 });
    if (run.state === 'completed') return run.batchIds;
    if (run.state === 'failed') throw new Error(`settlement run ${run.jobId} of ${regionCode} failed: ${run.error ?? 'no reason given'}`);
    if (Date.now() > deadline)
      throw new Error(
        `settlement run ${run.jobId} of ${regionCode} still ${run.state} after ${RUN_TIMEOUT_MS / 1000} s: is the worker running?`,
      );
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Approves a batch, returns one line if asked and the batch has several, and pays the rest. */
async function payBatch(http: Http, token: string, batchId: string, returnOneLine: boolean): Promise<SettledBatch> {
  const { body: batch } = await http.request<BatchBody>('POST', `/settlements/${batchId}/approve`, { token, expect: 200 });
  let returned = 0;
  if (returnOneLine && batch.lines.length >= 2) {
    const line = batch.lines[batch.lines.length - 1];
    await http.request('POST', `/settlements/${batchId}/lines/${line.providerId}/return`, {
      token,
      body: { reason: BANK_RETURN_REASON },
      expect: 200,
    });
    returned = 1;
  }
  const reference = `ICBC-${batch.regionCode}-${batch.sequence}-${batchId.slice(0, 8)}`;
  const receipt = await uploadPdf(http, token, `银行回单-${reference}.pdf`, ['Bank receipt', `Reference ${reference}`, `Batch ${batchId}`]);
  const { body: paid } = await http.request<BatchBody>('POST', `/settlements/${batchId}/pay`, {
    token,
    body: { paymentReference: reference, documentIds: [receipt] },
    expect: 200,
  });
  return { sequence: paid.sequence, total: paid.total, lines: paid.lines.length, returned };
}
