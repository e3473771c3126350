/** How big a generated world is. */
export interface Scale {
  /** Enterprises registered in each of the nine counties. */
  enterprisesPerCounty: number;
  /** Service providers, in the counties, the city and outside Jinhua. */
  providers: number;
  /** Applications per enterprise (most approved, some rejected, a few left for review). */
  vouchersPerEnterprise: number;
  /** At most this many service orders per voucher. */
  redemptionsPerVoucher: number;
}

export const SCALES = {
  /** The demo's: about 30 enterprises, 50 vouchers, 100 orders; built in ~15 s. */
  small: { enterprisesPerCounty: 3, providers: 12, vouchersPerEnterprise: 2, redemptionsPerVoucher: 3 },
  /** More to browse: about 110 enterprises, 300 vouchers, 800 orders. */
  medium: { enterprisesPerCounty: 12, providers: 36, vouchersPerEnterprise: 3, redemptionsPerVoucher: 4 },
} as const satisfies Record<string, Scale>;

export type ScaleName = keyof typeof SCALES;

export function isScaleName(name: string): name is ScaleName {
  return Object.hasOwn(SCALES, name);
}
