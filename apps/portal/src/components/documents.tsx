/**
 * Evidence files: the upload control (POST /documents, multipart part `file`, with the token) used in
 * forms, and the list that shows a subject's documents, PDF and images previewed inline from
 * GET /documents/:id/content (fetched with the token into a Blob URL), OFD and XML offered as downloads.
 */
import { DeleteOutlined, DownloadOutlined, EyeInvisibleOutlined, EyeOutlined, FileOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Empty, List, Spin, Typography, Upload, type UploadFile } from 'antd';
import { useEffect, useState } from 'react';
import { api, download, ok } from '../api/client';
import type { DocumentView } from '../api/models';
import { errorText } from '../i18n/errors';
import { useI18n, useT } from '../i18n/i18n';
import { ErrorAlert } from './ErrorAlert';
import { handler } from './hooks';
import { formatSize, MAX_DOCUMENT_BYTES, previewKind } from '../lib/documents';
import { DateTime } from './Time';

export type { DocumentView };

/** What the file picker offers: the five kinds the API accepts (it judges by content, not by name). */
export const DOCUMENT_ACCEPT = '.pdf,.ofd,.jpg,.jpeg,.png,.xml,application/pdf,image/jpeg,image/png,application/xml,text/xml';

/** Uploads one file; answers what the API stored. */
export function uploadDocument(file: File): Promise<DocumentView> {
  const body = new FormData();
  body.append('file', file, file.name);
  // (the generated type says `file: string`: the multipart part is the file itself)
  return ok(api.POST('/documents', { body: body as never, bodySerializer: (b: unknown) => b as FormData }));
}

function contentOf(id: string): Promise<{ data?: Blob }> {
  return api.GET('/documents/{id}/content', { params: { path: { id } }, parseAs: 'blob', headers: { accept: '*/*' } });
}

/** Ids of the documents a form collected, for `documentIds`. */
export const idsOf = (docs: readonly DocumentView[] | undefined): string[] => (docs ?? []).map((d) => d.id);

interface UploadProps {
  /** the uploaded documents (a Form.Item value) */
  value?: DocumentView[];
  onChange?: (docs: DocumentView[]) => void;
  /** data-testid of the control; its file input is `${testId} input[type=file]`, each file `${testId}-item` */
  testId?: string;
  /** at most this many files (1 for a single invoice file) */
  max?: number;
  disabled?: boolean;
}

/**
 * Upload control for a form field: each file goes to POST /documents as soon as it is chosen; the
 * list shows name, size and state, and a file can be removed before the form is submitted (nothing
 * is attached until then). 413 and 415 are said in plain words.
 */
export function DocumentUpload({ value, onChange, testId = 'document-upload', max, disabled }: UploadProps) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [files, setFiles] = useState<Array<UploadFile<DocumentView>>>([]);
  // The form was reset (value emptied): forget the files shown.
  const done = files.filter((f) => f.status === 'done');
  if ((value?.length ?? 0) === 0 && done.length > 0) setFiles(files.filter((f) => f.status !== 'done'));

  const update = (next: Array<UploadFile<DocumentView>>) => {
    setFiles(next);
    onChange?.(next.flatMap((f) => (f.status === 'done' && f.response ? [f.response] : [])));
  };
  const full = max !== undefined && files.filter((f) => f.status !== 'error').length >= max;

  return (
    <div data-testid={testId}>
      <Upload<DocumentView>
        accept={DOCUMENT_ACCEPT}
        multiple={max !== 1}
        disabled={disabled}
        fileList={files}
        showUploadList={false}
        beforeUpload={(file) => {
          if (file.size > MAX_DOCUMENT_BYTES) {
            void message.error(t('documents.tooLarge', { name: file.name }));
            return Upload.LIST_IGNORE;
          }
          return true;
        }}
        onChange={({ fileList }) => {
          update(fileList);
        }}
        customRequest={({ file, onSuccess, onError }) => {
          uploadDocument(file as File).then(
            (doc) => {
              onSuccess?.(doc);
            },
            (e: unknown) => {
              const text = errorText(e, t, lang);
              void message.error(`${(file as File).name}：${text.message}`);
              onError?.(Object.assign(new Error(text.message), { status: 0 }));
            },
          );
        }}
      >
        <Button icon={<UploadOutlined />} disabled={(disabled ?? false) || full} data-testid={`${testId}-button`}>
          {t('documents.choose')}
        </Button>
      </Upload>
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4, fontSize: 12 }}>
        {t('documents.hint')}
      </Typography.Text>
      {files.length > 0 && (
        <div style={{ marginTop: 8 }}>
          {files.map((f) => (
            <div
              key={f.uid}
              data-testid={`${testId}-item`}
              data-status={f.status}
              style={{ display: 'flex', alignItems: 'center', gap: 8, padding: '4px 0', minWidth: 0 }}
            >
              {f.status === 'uploading' ? <Spin size="small" /> : <FileOutlined />}
              <Typography.Text ellipsis type={f.status === 'error' ? 'danger' : undefined} style={{ flex: 1, minWidth: 0 }} title={f.name}>
                {f.name}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap', fontSize: 12 }}>
                {f.status === 'error'
                  ? ((f.error as Error | undefined)?.message ?? t('documents.failed'))
                  : f.status === 'uploading'
                    ? t('documents.uploading')
                    : formatSize(f.response?.size ?? f.size ?? 0)}
              </Typography.Text>
              <Button
                size="small"
                type="text"
                aria-label={t('documents.remove')}
                title={t('documents.remove')}
                data-testid={`${testId}-remove`}
                icon={<DeleteOutlined />}
                onClick={() => {
                  update(files.filter((x) => x.uid !== f.uid));
                }}
              />
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

/** One document shown inline: an <img> for PNG/JPEG, an <iframe> for PDF (a Blob URL fetched with the token). */
export function DocumentPreview({ doc }: { doc: DocumentView }) {
  const t = useT();
  const kind = previewKind(doc.contentType);
  const [url, setUrl] = useState<string>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    if (!kind) return;
    let live = true;
    let created: string | undefined;
    ok(contentOf(doc.id)).then(
      (blob) => {
        // The stored type, whatever the answer's header: the frame shows a PDF only when told it is one.
        created = URL.createObjectURL(blob.type === doc.contentType ? blob : new Blob([blob], { type: doc.contentType }));
        if (live) setUrl(created);
        else URL.revokeObjectURL(created);
      },
      (e: unknown) => {
        if (live) setError(e);
      },
    );
    return () => {
      live = false;
      if (created) URL.revokeObjectURL(created);
    };
  }, [doc.id, doc.contentType, kind]);
  if (!kind) return null;
  if (error) return <ErrorAlert error={error} testId="document-preview-error" />;
  if (!url) return <Spin size="small" />;
  return kind === 'image' ? (
    <img
      data-testid="document-image"
      src={url}
      alt={doc.name}
      style={{ display: 'block', maxWidth: '100%', maxHeight: 480, border: '1px solid #f0f0f0', borderRadius: 4 }}
    />
  ) : (
    <iframe
      data-testid="document-pdf"
      src={url}
      title={doc.name}
      style={{ display: 'block', width: '100%', height: 'min(70vh, 560px)', border: '1px solid #f0f0f0', borderRadius: 4 }}
    >
      {t('documents.noInlinePdf')}
    </iframe>
  );
}

/**
 * A subject's documents: name, size, upload time, download; PDF and images previewed inline
 * (`inline`: open from the start, as reviewers need them; otherwise behind 预览).
 */
export function DocumentList({
  documents,
  inline = false,
  testId = 'documents',
}: {
  documents: readonly DocumentView[];
  inline?: boolean;
  testId?: string;
}) {
  const t = useT();
  const [open, setOpen] = useState<Record<string, boolean>>({});
  const [error, setError] = useState<unknown>();
  if (documents.length === 0)
    return (
      <div data-testid={testId}>
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('documents.none')} />
      </div>
    );
  return (
    <div data-testid={testId}>
      <ErrorAlert error={error} />
      <List<DocumentView>
        size="small"
        dataSource={[...documents]}
        renderItem={(d) => {
          const kind = previewKind(d.contentType);
          const shown = kind !== null && (open[d.id] ?? inline);
          return (
            <List.Item data-testid="document" data-id={d.id} style={{ display: 'block', paddingLeft: 0, paddingRight: 0 }}>
              <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
                <FileOutlined />
                <Typography.Text strong style={{ wordBreak: 'break-all', flex: '1 1 160px' }}>
                  {d.name}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatSize(d.size)} · <DateTime iso={d.uploadedAt} />
                </Typography.Text>
                <span style={{ whiteSpace: 'nowrap' }}>
                  {kind && (
                    <Button
                      size="small"
                      type="link"
                      data-testid="document-toggle"
                      icon={shown ? <EyeInvisibleOutlined /> : <EyeOutlined />}
                      onClick={() => {
                        setOpen({ ...open, [d.id]: !shown });
                      }}
                    >
                      {shown ? t('documents.hide') : t('documents.preview')}
                    </Button>
                  )}
                  <Button
                    size="small"
                    type="link"
                    data-testid="document-download"
                    icon={<DownloadOutlined />}
                    onClick={handler(async () => {
                      setError(undefined);
                      await download(contentOf(d.id), d.name).catch((e: unknown) => {
                        setError(e);
                      });
                    })}
                  >
                    {t('common.download')}
                  </Button>
                </span>
              </div>
              {!kind && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('documents.downloadOnly')}
                </Typography.Text>
              )}
              {shown && (
                <div style={{ marginTop: 8 }} data-testid="document-preview">
                  <DocumentPreview doc={d} />
                </div>
              )}
            </List.Item>
          );
        }}
      />
    </div>
  );
}
