// The outsider's check of the published ledger anchors (账本锚点), standing alone: plain Node, no
// dependency, nothing of this repository imported, so anyone can read and run it.
//   npm run verify-anchors -- <url> <anchors.json | reconciliation.csv>
// <url> is the platform's address (e.g. https://ivl.example.cn); the file is either a JSON saved from
// <url>/public/ledger-anchors or a month's reconciliation CSV export (its 账本锚点 section). It fetches
// the published anchors of the same days and prints each anchor that changed or disappeared.
// Exit 0: every anchor still matches; 1: one changed or disappeared; 2: it could not check.
import { readFileSync } from 'node:fs';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const HASH = /^[0-9a-f]{64}$/;
/** The endpoint answers at most 400 days per request. */
const CHUNK_DAYS = 400;

/** Anchors from a saved JSON array or from the CSV rows `date,sequence,hash`. */
function readAnchors(text) {
  const body = text.replace(/^\uFEFF/, '').trim();
  if (body.startsWith('[')) return JSON.parse(body).map((a) => ({ date: a.date, sequence: Number(a.sequence), hash: a.hash }));
  const anchors = [];
  for (const line of body.split(/\r?\n/)) {
    const cells = line.split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
    if (cells.length >= 3 && DATE.test(cells[0]) && /^\d+$/.test(cells[1]) && HASH.test(cells[2])) {
      anchors.push({ date: cells[0], sequence: Number(cells[1]), hash: cells[2] });
    }
  }
  return anchors;
}

const addDays = (date, days) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

async function published(url, from, to) {
  const found = new Map();
  for (let start = from; start <= to; start = addDays(start, CHUNK_DAYS + 1)) {
    const end = addDays(start, CHUNK_DAYS) < to ? addDays(start, CHUNK_DAYS) : to;
    const response = await fetch(`${url.replace(/\/$/, '')}/public/ledger-anchors?from=${start}&to=${end}`);
    if (!response.ok) throw new Error(`${response.status} from ${response.url}`);
    for (const a of await response.json()) found.set(a.date, a);
  }
  return found;
}

async function main([url, file]) {
  if (!url || !file) {
    console.error('usage: npm run verify-anchors -- <url> <anchors.json | reconciliation.csv>');
    return 2;
  }
  const held = readAnchors(readFileSync(file, 'utf8'));
  if (held.length === 0) {
    console.error(`no anchors found in ${file}`);
    return 2;
  }
  const dates = held.map((a) => a.date).sort();
  const online = await published(url, dates[0], dates[dates.length - 1]);
  let broken = 0;
  for (const a of held) {
    const now = online.get(a.date);
    if (!now) {
      broken++;
      console.log(`${a.date}  DISAPPEARED  (held sequence ${a.sequence}, hash ${a.hash})`);
    } else if (Number(now.sequence) !== a.sequence || now.hash !== a.hash) {
      broken++;
      console.log(`${a.date}  CHANGED  held ${a.sequence} ${a.hash}, published ${now.sequence} ${now.hash}`);
    }
  }
  console.log(broken === 0 ? `all ${held.length} anchors match` : `${broken} of ${held.length} anchors changed or disappeared`);
  return broken === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error) => {
    console.error(`could not check: ${error.message}`);
    process.exitCode = 2;
  },
);
