import { Button, Empty, List, Space, Table, type TableProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { ErrorAlert } from './ErrorAlert';
import { useLoad } from './hooks';
import { RowCard, usePhone } from './RowCard';

interface Props<T> extends Omit<TableProps<T>, 'dataSource' | 'pagination' | 'loading'> {
  /** loads one page; the API answers plain arrays for `?limit=&offset=` */
  fetchPage: (limit: number, offset: number) => Promise<T[]>;
  /** when these change the table goes back to the first page */
  filterKey?: string;
  pageSize?: number;
  /** bump to reload the current page */
  reloadKey?: number;
  testId?: string;
  /** a card per row instead of the table (on phones: no sideways scrolling) */
  card?: (row: T) => ReactNode;
  /** on a phone, each row as a card of its columns (RowCard) instead of the table */
  phoneCards?: boolean;
}

function keyOf<T extends object>(rowKey: TableProps<T>['rowKey'], row: T): string | undefined {
  if (typeof rowKey === 'function') return String(rowKey(row));
  if (typeof rowKey === 'string') return String((row as Record<string, unknown>)[rowKey]);
  return undefined;
}

/**
 * A table paged on the server. The API gives no totals, so one row more than a page is asked
 * for: if it comes, there is a next page.
 */
export function PagedTable<T extends object>({
  fetchPage,
  filterKey = '',
  pageSize = 20,
  reloadKey = 0,
  testId,
  card,
  phoneCards = false,
  ...table
}: Props<T>) {
  const [page, setPage] = useState(0);
  const [pageFilter, setPageFilter] = useState(filterKey);
  if (pageFilter !== filterKey) {
    setPageFilter(filterKey);
    setPage(0);
  }
  const { data, loading, error } = useLoad(() => fetchPage(pageSize + 1, page * pageSize), [page, filterKey, reloadKey, pageSize]);
  const rows = data?.slice(0, pageSize) ?? [];
  // On a phone a table without its own card shows each row as a card of its columns.
  const phone = usePhone();
  const cardOf =
    card ??
    (phone && phoneCards && table.columns
      ? (row: T) => <RowCard columns={table.columns ?? []} row={row} index={rows.indexOf(row)} rowKey={keyOf(table.rowKey, row)} />
      : undefined);
  const hasNext = (data?.length ?? 0) > pageSize;
  return (
    <div data-testid={testId}>
      <ErrorAlert error={error} />
      {cardOf ? (
        <List<T> loading={loading} dataSource={rows} locale={{ emptyText: <Empty /> }} renderItem={(row) => cardOf(row)} />
      ) : (
        <Table<T> size="middle" scroll={{ x: 'max-content' }} {...table} dataSource={rows} loading={loading} pagination={false} />
      )}
      {(page > 0 || hasNext) && (
        <Space style={{ marginTop: 12, justifyContent: 'flex-end', width: '100%' }}>
          <Button
            data-testid="page-prev"
            disabled={page === 0}
            onClick={() => {
              setPage(page - 1);
            }}
          >
            ‹
          </Button>
          <span data-testid="page-number">{page + 1}</span>
          <Button
            data-testid="page-next"
            disabled={!hasNext}
            onClick={() => {
              setPage(page + 1);
            }}
          >
            ›
          </Button>
        </Space>
      )}
    </div>
  );
}
