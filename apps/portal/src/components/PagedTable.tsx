import { Button, Empty, Input, List, Space, Table, Typography, type TableProps } from 'antd';
import { useState, type ReactNode } from 'react';
import type { ListPage } from '../api/client';
import { useT } from '../i18n/i18n';
import { ErrorAlert } from './ErrorAlert';
import { useLoad } from './hooks';
import { RowCard, usePhone } from './RowCard';

interface Props<T> extends Omit<TableProps<T>, 'dataSource' | 'pagination' | 'loading'> {
  /**
   * Loads one page for `?limit=&offset=` (and `q` when the table has a search box): a page with its
   * total (okPage: the list's X-Total-Count), or a plain array when the list sends no total.
   */
  fetchPage: (limit: number, offset: number, q: string | undefined) => Promise<ListPage<T> | T[]>;
  /** when these change the table goes back to the first page */
  filterKey?: string;
  pageSize?: number;
  /** bump to reload the current page */
  reloadKey?: number;
  testId?: string;
  /** a card per row instead of the table (on phones: no sideways scrolling) */
  card?: (row: T) => ReactNode;
  /** shows a search box (the list's `q`) with this hint, e.g. 「名称或统一社会信用代码」 */
  searchPlaceholder?: string;
  /** on a phone, each row as a card of its columns (RowCard) instead of the table */
  phoneCards?: boolean;
}

function keyOf<T extends object>(rowKey: TableProps<T>['rowKey'], row: T): string | undefined {
  if (typeof rowKey === 'function') return String(rowKey(row));
  if (typeof rowKey === 'string') return String((row as Record<string, unknown>)[rowKey]);
  return undefined;
}

/**
 * A table paged on the server, with the list's total (「共 N 条」) and, where people look things up,
 * a search box. A list that sends no total is asked one row more than a page: if it comes, there
 * is a next page.
 */
export function PagedTable<T extends object>({
  fetchPage,
  filterKey = '',
  pageSize = 20,
  reloadKey = 0,
  testId,
  card,
  searchPlaceholder,
  phoneCards = false,
  ...table
}: Props<T>) {
  const t = useT();
  const [page, setPage] = useState(0);
  const [q, setQ] = useState<string>();
  const key = `${filterKey}|${q ?? ''}`;
  const [pageFilter, setPageFilter] = useState(key);
  if (pageFilter !== key) {
    setPageFilter(key);
    setPage(0);
  }
  const { data, loading, error } = useLoad(async () => {
    const answer = await fetchPage(pageSize + 1, page * pageSize, q);
    return Array.isArray(answer) ? { items: answer, total: undefined } : answer;
  }, [page, key, reloadKey, pageSize]);
  const rows = data?.items.slice(0, pageSize) ?? [];
  const total = data?.total;
  const hasNext = (data?.items.length ?? 0) > pageSize;
  // On a phone a table without its own card shows each row as a card of its columns.
  const phone = usePhone();
  const cardOf =
    card ??
    (phone && phoneCards && table.columns
      ? (row: T) => <RowCard columns={table.columns ?? []} row={row} index={rows.indexOf(row)} rowKey={keyOf(table.rowKey, row)} />
      : undefined);
  return (
    <div data-testid={testId}>
      {searchPlaceholder !== undefined && (
        <Input.Search
          data-testid={testId ? `${testId}-search` : 'table-search'}
          aria-label={t('common.search')}
          placeholder={searchPlaceholder}
          allowClear
          enterButton={t('common.search')}
          maxLength={200}
          onSearch={(value) => {
            setQ(value.trim() || undefined);
          }}
          style={{ maxWidth: 420, marginBottom: 12 }}
        />
      )}
      <ErrorAlert error={error} />
      {cardOf ? (
        <List<T> loading={loading} dataSource={rows} locale={{ emptyText: <Empty /> }} renderItem={(row) => cardOf(row)} />
      ) : (
        <Table<T> size="middle" scroll={{ x: 'max-content' }} {...table} dataSource={rows} loading={loading} pagination={false} />
      )}
      {(total !== undefined || page > 0 || hasNext) && (
        <Space wrap style={{ marginTop: 12, justifyContent: 'flex-end', width: '100%' }}>
          {total !== undefined && (
            <Typography.Text type="secondary" data-testid="page-total">
              {t('common.totalCount', { n: total })}
            </Typography.Text>
          )}
          {(page > 0 || hasNext) && (
            <>
              <Button
                data-testid="page-prev"
                aria-label={t('common.prevPage')}
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
                aria-label={t('common.nextPage')}
                disabled={!hasNext}
                onClick={() => {
                  setPage(page + 1);
                }}
              >
                ›
              </Button>
            </>
          )}
        </Space>
      )}
    </div>
  );
}
