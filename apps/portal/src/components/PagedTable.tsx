import { Button, Empty, List, Space, Table, type TableProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { ErrorAlert } from './ErrorAlert';
import { useLoad } from './hooks';

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
  const hasNext = (data?.length ?? 0) > pageSize;
  return (
    <div data-testid={testId}>
      <ErrorAlert error={error} />
      {card ? (
        <List<T> loading={loading} dataSource={rows} locale={{ emptyText: <Empty /> }} renderItem={(row) => card(row)} />
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
