import { FileTextOutlined } from '@ant-design/icons';
import { Button, Modal, Spin } from 'antd';
import { useState } from 'react';
import { api, ok } from '../api/client';
import { useT } from '../i18n/i18n';
import { DocumentList } from './documents';
import { ErrorAlert } from './ErrorAlert';
import { useLoad } from './hooks';

/** The bank receipt of a paid batch (its documents, from GET /settlements/:id), previewed in a dialog. */
export function BatchReceipt({ batchId }: { batchId: string }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        data-testid="batch-receipt"
        size="small"
        icon={<FileTextOutlined />}
        onClick={() => {
          setOpen(true);
        }}
      >
        {t('settle.receiptView')}
      </Button>
      {open && (
        <ReceiptModal
          batchId={batchId}
          onClose={() => {
            setOpen(false);
          }}
        />
      )}
    </>
  );
}

function ReceiptModal({ batchId, onClose }: { batchId: string; onClose: () => void }) {
  const t = useT();
  const batch = useLoad(() => ok(api.GET('/settlements/{id}', { params: { path: { id: batchId } } })), [batchId]);
  return (
    <Modal open title={t('settle.receipt')} footer={null} onCancel={onClose} width={720} data-testid="receipt-modal">
      <ErrorAlert error={batch.error} />
      {batch.loading ? <Spin /> : batch.data && <DocumentList documents={batch.data.documents ?? []} inline testId="receipt-documents" />}
    </Modal>
  );
}
