import { readdirSync } from 'node:fs';
import path from 'node:path';
import { documentSuite } from './support/document-suite.js';
import type { TestApp } from './support/test-app.js';

/** Every object file under the local storage's objects folder (`objects/ab/abcdef…`). */
function objectFiles(t: TestApp): string[] {
  const root = path.resolve(t.config.documents.dir, 'objects');
  try {
    return readdirSync(root).flatMap((fan) => readdirSync(path.join(root, fan)));
  } catch {
    return [];
  }
}

documentSuite({
  name: 'local',
  env: () => ({ DOCUMENT_STORAGE: 'local' }),
  storedObjects: (t) => Promise.resolve(objectFiles(t).length),
  holds: (t, sha256) => Promise.resolve(objectFiles(t).includes(sha256)),
});
