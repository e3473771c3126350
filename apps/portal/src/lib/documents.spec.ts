import { describe, expect, it } from '@jest/globals';
import { formatSize, MAX_DOCUMENT_BYTES, previewKind } from './documents.js';

describe('evidence files in the browser', () => {
  it('says sizes in B, KB and MB', () => {
    expect(formatSize(512)).toBe('512 B');
    expect(formatSize(1536)).toBe('1.5 KB');
    expect(formatSize(MAX_DOCUMENT_BYTES)).toBe('20.0 MB');
  });

  it('previews PDF and images inline, offers OFD and XML as downloads', () => {
    expect(previewKind('application/pdf')).toBe('pdf');
    expect(previewKind('image/png')).toBe('image');
    expect(previewKind('image/jpeg')).toBe('image');
    expect(previewKind('application/ofd')).toBeNull();
    expect(previewKind('application/xml')).toBeNull();
  });
});
