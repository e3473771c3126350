import { fileTypeFromBuffer } from 'file-type';
import yauzl from 'yauzl';
import type { DocumentContentType } from './document.types.js';

/** How many leading bytes the sniffer looks at (file-type needs at most this many for the kinds we take). */
export const SNIFF_BYTES = 4100;

const BY_SNIFFED_MIME: Record<string, DocumentContentType> = {
  'application/pdf': 'application/pdf',
  'image/jpeg': 'image/jpeg',
  'image/png': 'image/png',
  'application/xml': 'application/xml',
};

/**
 * What a received file is, by its content alone (the name and the client's type are never asked):
 * PDF, JPEG, PNG, XML, or OFD — a zip whose root holds `OFD.xml` (GB/T 33190). Anything else
 * (an executable, a Word file, a zip of something else, text) is undefined and refused.
 */
export async function sniffContentType(head: Uint8Array, path: string): Promise<DocumentContentType | undefined> {
  const sniffed = await fileTypeFromBuffer(head);
  if (!sniffed) return undefined;
  if (sniffed.mime === 'application/zip') return (await zipHoldsOfdRoot(path)) ? 'application/ofd' : undefined;
  return BY_SNIFFED_MIME[sniffed.mime];
}

/** Reads the zip's central directory (no entry is inflated) looking for a root `OFD.xml`; a broken zip is not an OFD. */
function zipHoldsOfdRoot(path: string, maxEntries = 10_000): Promise<boolean> {
  return new Promise((resolve) => {
    yauzl.open(path, { lazyEntries: true, autoClose: true }, (error, zip) => {
      if (error) {
        resolve(false);
        return;
      }
      let seen = 0;
      const finish = (found: boolean) => {
        zip.close();
        resolve(found);
      };
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName === 'OFD.xml') {
          finish(true);
          return;
        }
        if (++seen >= maxEntries) {
          finish(false);
          return;
        }
        zip.readEntry();
      });
      zip.on('end', () => {
        resolve(false);
      });
      zip.on('error', () => {
        resolve(false);
      });
      zip.readEntry();
    });
  });
}
