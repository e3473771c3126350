import { Modal, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, ok } from '../../api/client';
import type { Voucher } from '../../api/models';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Money } from '../../components/Money';
import { useT } from '../../i18n/i18n';
import { VoucherCode } from './VoucherCode';

/** The voucher's QR code (GET /vouchers/:code/qr.svg with the token, shown from a blob URL) and its code to read out. */
export function QrModal({ voucher, onClose }: { voucher: Voucher | null; onClose: () => void }) {
  const t = useT();
  const [url, setUrl] = useState<string>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    if (!voucher) return;
    let objectUrl: string | undefined;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- another voucher: forget the last one's image before loading its own
    setUrl(undefined);
    setError(undefined);
    ok(
      api.GET('/vouchers/{code}/qr.svg', {
        params: { path: { code: voucher.code } },
        headers: { accept: 'image/svg+xml' },
        parseAs: 'blob',
      }),
    )
      .then((blob) => {
        setUrl((objectUrl = URL.createObjectURL(blob)));
      })
      .catch(setError);
    return () => {
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [voucher]);
  return (
    <Modal open={voucher !== null} onCancel={onClose} footer={null} title={t('voucher.qr')} destroyOnHidden>
      {voucher && (
        <div style={{ textAlign: 'center' }} data-testid="qr-modal">
          <ErrorAlert error={error} />
          {url ? (
            <img data-testid="voucher-qr" src={url} alt={voucher.code} style={{ width: 240, maxWidth: '100%' }} />
          ) : (
            !error && <Spin />
          )}
          <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
            {t('voucher.readOut')}
          </Typography.Paragraph>
          <VoucherCode code={voucher.code} large />
          <div style={{ marginTop: 12 }}>
            {t('voucher.balance')}: <Money fen={voucher.balance} />
          </div>
        </div>
      )}
    </Modal>
  );
}
