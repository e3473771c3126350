/** What the demo prints besides the reconciliations: the world, its month, the settlement, the logins. */
import type { Activity } from '../generator/activity.js';
import { OUTSIDE } from '../generator/jinhua.js';
import type { Login, World } from '../generator/world.js';
import { yuan } from './reconciliation.js';
import type { RegionSettlement } from './settlement.js';
import { required } from '@ivl/core';

export function describeWorld(world: World): string {
  const outside = world.providers.filter((p) => OUTSIDE.some((r) => r.code === p.regionCode)).length;
  const accredited = world.providers.filter((p) => p.accredited).length;
  const related = world.providers.filter((p) => p.controllerKey !== undefined).length;
  const controllers = world.enterprises.flatMap((e) => (e.controllerKey ? [e.controllerKey] : []));
  const groups = new Set(controllers.filter((key, i) => controllers.indexOf(key) !== i)).size;
  return [
    `regions: the city and its nine counties, and ${OUTSIDE.map((r) => r.name).join('、')} (some providers come from there)`,
    `${world.providers.length} providers (${outside} outside Jinhua, ${accredited} with CMA/CNAS, ${related} related to an enterprise), ` +
      `10 complexes (one per sector), ${world.enterprises.length} enterprises (${groups} groups under one controller)`,
    `10 funds, ${world.programs.length} programs (${world.programs.filter((p) => p.funding.length > 1).length} co-funded by the city and a county)`,
  ].join('\n');
}

export function describeActivity({ summary: s }: Activity): string {
  return [
    `applications: ${s.applications.approved} approved, ${s.applications.rejected} rejected, ${s.applications.waiting} awaiting review`,
    `vouchers: ${s.vouchers.issued} issued (¥${yuan(s.vouchers.faceValue)}), ${s.vouchers.revoked} revoked`,
    `redemptions: ${s.redemptions.confirmed} confirmed (¥${yuan(s.redemptions.subsidyConfirmed)} subsidy), ${s.redemptions.cancelled} cancelled, ${s.redemptions.pending} pending`,
    `claims: ${s.claims.approved} approved (¥${yuan(s.claims.amountApproved)}), ${s.claims.rejected} rejected (claimed again with a new invoice), ${s.claims.waiting} awaiting review`,
  ].join('\n');
}

export function describeSettlement(settled: RegionSettlement[]): string {
  const batches = settled.flatMap((r) => r.batches);
  const total = batches.reduce((sum, b) => sum + b.total, 0);
  const returned = batches.reduce((sum, b) => sum + b.returned, 0);
  const supplementary = batches.filter((b) => b.sequence > 1).length;
  return (
    `${batches.length} batches over ${settled.filter((r) => r.batches.length > 0).length} regions approved and paid (¥${yuan(total)}); ` +
    `${returned} line returned by the bank, paid in ${supplementary} supplementary batch${supplementary === 1 ? '' : 'es'}`
  );
}

/**
 * Logins worth trying: the admin, the finance bureau of the city and of the busiest county, that
 * county's officer, its busiest enterprise, the busiest provider, the auditor; and how the rest are named.
 */
export function describeLogins(world: World, activity: Activity): string {
  const busiestEnterprise =
    mostFrequent(activity.redemptions.filter((r) => r.status === 'confirmed').map((r) => r.voucher.enterprise)) ?? world.enterprises[0];
  const busiestProvider =
    mostFrequent(activity.redemptions.filter((r) => r.status === 'confirmed').map((r) => r.provider)) ?? world.providers[0];
  const county = busiestEnterprise.regionCode;
  const logins: Login[] = [
    world.admin,
    required(world.finance.get('330700'), 'the city finance bureau'),
    required(world.finance.get(county), `the finance bureau of ${county}`),
    required(world.officers.get(county), `the officer of ${county}`),
    busiestEnterprise.login,
    busiestProvider.login,
    world.auditor,
  ];
  const table = logins.map((l) => `  ${l.role.padEnd(16)}${l.username.padEnd(20)}${l.password.padEnd(14)}${l.who}`);
  const suffix = world.options.tag ? `-${world.options.tag}` : '';
  return [
    `  ${'role'.padEnd(16)}${'username'.padEnd(20)}${'password'.padEnd(14)}acts for`,
    ...table,
    `  Every region has <region>-finance, every county <region>-officer (regions: jinhua wucheng jindong wuyi pujiang panan lanxi yiwu dongyang yongkang);`,
    `  enterprises are <county>-e01…, providers <region>-p01… (hangzhou-p…, ningbo-p… outside Jinhua)${suffix ? `, each with the suffix ${suffix}` : ''}; every password is ${world.options.password}.`,
  ].join('\n');
}

function mostFrequent<T>(items: T[]): T | undefined {
  const counts = new Map<T, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  let best: { item: T; n: number } | undefined;
  for (const [item, n] of counts) if (best === undefined || n > best.n) best = { item, n };
  return best?.item;
}
