/** Every BullMQ job: its name and the queue it runs on. The worker refuses to start unless each has exactly one handler. */
export const JOBS = {
  expireVouchers: { name: 'vouchers.expire', queue: 'maintenance' },
  buildSettlement: { name: 'settlement.build', queue: 'settlement' },
  monthEndSettlement: { name: 'settlement.month-end', queue: 'settlement' },
  closeMonths: { name: 'reconciliation.close-months', queue: 'maintenance' },
} as const;

export type JobName = (typeof JOBS)[keyof typeof JOBS]['name'];
export type QueueName = (typeof JOBS)[keyof typeof JOBS]['queue'];

export const QUEUE_NAMES: QueueName[] = [...new Set(Object.values(JOBS).map((j) => j.queue))];

export function queueOf(job: JobName): QueueName {
  return Object.values(JOBS).find((j) => j.name === job)!.queue;
}
