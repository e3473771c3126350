/** One published anchor: the last seal of a Shanghai day. */
export interface AnchorRow {
  date: string;
  sequence: number;
  /** SHA-256, 64 hex digits. */
  hash: string;
}

/**
 * One sealer at a time: the key of its transaction-level advisory lock. A session holding
 * pg_advisory_lock on it pauses sealing (the redemption bench measures without the sealer so).
 */
export const SEALER_LOCK = 7_015_640_301;
