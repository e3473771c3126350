/** Pure helpers for evidence files (no React): sizes in words, and which kinds the browser previews. */

/** The API refuses a document over 20 MB (413); the same limit in the browser saves the upload. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

/** 512 B, 12.3 KB, 4.5 MB. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** How a document is shown: inline (PDF in a frame, PNG/JPEG as an image), or null (OFD, XML: download only). */
export function previewKind(contentType: string): 'pdf' | 'image' | null {
  if (contentType === 'application/pdf') return 'pdf';
  if (contentType === 'image/png' || contentType === 'image/jpeg') return 'image';
  return null;
}
