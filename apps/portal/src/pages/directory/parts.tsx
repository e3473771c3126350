import { Rate, Space, Tag, Typography } from 'antd';
import type { DirectoryProvider, DirectoryService } from '../../api/models';
import { Money } from '../../components/Money';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';

/** A provider's rating: stars of its mean and the number of ratings (no stars while unrated). */
export function RatingStars({ rating }: { rating: DirectoryProvider['rating'] }) {
  const t = useT();
  if (rating.count === 0 || rating.mean === null)
    return (
      <Typography.Text type="secondary" data-testid="rating" data-count={0}>
        {t('dir.noRating')}
      </Typography.Text>
    );
  return (
    <Space size={6} data-testid="rating" data-count={rating.count} data-mean={rating.mean}>
      <Rate disabled allowHalf value={Math.round(rating.mean * 2) / 2} style={{ fontSize: 14 }} />
      <Typography.Text strong>{rating.mean.toFixed(1)}</Typography.Text>
      <Typography.Text type="secondary">{t('dir.ratings', { count: rating.count })}</Typography.Text>
    </Space>
  );
}

/** Categories and valid accreditations as tags. */
export function ProviderTags({ provider }: { provider: DirectoryProvider }) {
  const t = useT();
  return (
    <Space size={[4, 4]} wrap>
      {provider.categories.map((c) => (
        <Tag key={c}>{t(`category.${c}` as MessageKey)}</Tag>
      ))}
      {provider.accreditations.map((a) => (
        <Tag key={a.type + a.number} color="blue" title={t('dir.validUntil', { date: a.validUntil })}>
          {a.type}
        </Tag>
      ))}
    </Space>
  );
}

/** ¥3,000.00 – ¥8,000.00 / 次 */
export function PriceRange({ service }: { service: Pick<DirectoryService, 'priceFrom' | 'priceTo' | 'unit'> }) {
  const t = useT();
  return (
    <span>
      <Money fen={service.priceFrom} />
      {service.priceTo !== null && service.priceTo !== service.priceFrom && (
        <>
          {' – '}
          <Money fen={service.priceTo} />
        </>
      )}
      {t('dir.perUnit', { unit: service.unit })}
    </span>
  );
}
