import { formatDate, formatDateTime } from '../lib/time';

export function DateTime({ iso }: { iso: string | null | undefined }) {
  return <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(iso)}</span>;
}

export function DateOnly({ iso }: { iso: string | null | undefined }) {
  return <span style={{ whiteSpace: 'nowrap' }}>{formatDate(iso)}</span>;
}
