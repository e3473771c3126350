import { Card, Grid } from 'antd';
import type { ColumnType, ColumnsType } from 'antd/es/table';
import type { Key, ReactNode } from 'react';

/** Whether the screen is a phone's (narrower than antd's `md`): tables become cards there. */
export function usePhone(): boolean {
  return !Grid.useBreakpoint().md;
}

function cellOf<T extends object>(column: ColumnType<T>, row: T, index: number): ReactNode {
  const path = column.dataIndex;
  const value =
    path === undefined
      ? undefined
      : ((Array.isArray(path) ? path : [path]) as Key[]).reduce<unknown>(
          (v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[String(k)] : undefined),
          row,
        );
  if (column.render) return column.render(value, row, index) as ReactNode;
  return value === null || value === undefined ? '—' : (value as ReactNode);
}

/**
 * One row of a table as a card (a phone's list, no sideways scrolling): each column a line, its
 * title beside its value; the actions column (key `actions`) at the foot of the card.
 */
export function RowCard<T extends object>({
  columns,
  row,
  index,
  rowKey,
}: {
  columns: ColumnsType<T>;
  row: T;
  index: number;
  /** the row's key, as `data-row-key` (what a table row carries) */
  rowKey?: string;
}) {
  const plain = columns.filter((c): c is ColumnType<T> => !('children' in c));
  const actions = plain.find((c) => c.key === 'actions');
  const fields = plain.filter((c) => c !== actions);
  return (
    <Card size="small" data-testid="row-card" data-row-key={rowKey} style={{ width: '100%', marginBottom: 8 }}>
      {fields.map((c, i) => (
        <div
          key={typeof c.key === 'string' || typeof c.key === 'number' ? c.key : i}
          style={{ display: 'flex', gap: 8, justifyContent: 'space-between', lineHeight: '24px' }}
        >
          <span style={{ color: 'rgba(0,0,0,0.55)', flex: 'none' }}>{c.title as ReactNode}</span>
          <span style={{ textAlign: 'right', minWidth: 0, overflowWrap: 'anywhere' }}>{cellOf(c, row, index)}</span>
        </div>
      ))}
      {actions && <div style={{ marginTop: 8, display: 'flex', flexWrap: 'wrap', gap: 8 }}>{cellOf(actions, row, index)}</div>}
    </Card>
  );
}
