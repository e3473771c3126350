/**
 * `npm run bench:uploads` (issue 13): the API's memory while it receives ten 20 MB documents at once.
 *
 * 1. Migrates a fresh ivl_bench_uploads and starts the built API on it as `npm start` does
 *    (`node dist/apps/api/src/main.js`, a free port, its own queue prefix, DOCUMENT_DIR in a
 *    temporary directory, the local storage), logs in as the bootstrap admin (admin / admin) and
 *    uploads one small PDF, so the multipart and sniffing code is loaded before the baseline.
 * 2. Writes ten distinct files of exactly 20 MiB to disk (a PDF header, then random bytes).
 * 3. Samples the API's VmRSS (/proc/<pid>/status) every 50 ms for 2 s at rest: the baseline is
 *    their median. Then uploads the ten files at once, each streamed from its file into a
 *    multipart request (never a buffer of the file), sampling every 50 ms until all ten answered
 *    and 1 s after.
 * 4. Checks each answer (201, size, SHA-256 of the file), reports baseline, peak, rise and
 *    PASS/FAIL against the target (rise < 100 MB), prints one JSON line (last line) and writes
 *    bench/results/uploads.json. Memory is judged, time is not (it is reported).
 *
 * BENCH_UPLOADS_STORAGE=s3 measures the S3 backend instead: an s3rver (a real S3-protocol server)
 * runs in this bench's own process over a temporary directory, and the API sends it each object
 * with the AWS SDK, streamed from the received file. Results then go to uploads-s3.json.
 *
 * BENCH_SMOKE=1 runs the same (about 10 s) into bench/results/smoke/. The database and the files are
 * removed at the end unless BENCH_KEEP=1.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import {
  API_MAIN,
  dropDatabase,
  freePort,
  log,
  machineInfo,
  main,
  memoryOf,
  migrateDatabase,
  onCleanup,
  recreateDatabase,
  removeQueueKeys,
  round,
  scaleSettings,
  serviceEnv,
  SMOKE,
  startNode,
  waitForHealth,
  writeResult,
} from './scale/common.js';

const FILES = 10;
const FILE_BYTES = 20 * 1024 * 1024;
const SAMPLE_MS = 50;
const TARGET_RISE_MB = 100;
const DATABASE = 'ivl_bench_uploads';
const STORAGE = process.env.BENCH_UPLOADS_STORAGE ?? 'local';
if (STORAGE !== 'local' && STORAGE !== 's3') throw new Error(`BENCH_UPLOADS_STORAGE must be local or s3, got ${STORAGE}`);

/** With BENCH_UPLOADS_STORAGE=s3: an s3rver in this process (not the API's), and the API's environment for it. */
async function storageEnv(work: string): Promise<Record<string, string>> {
  const documents = { DOCUMENT_STORAGE: STORAGE, DOCUMENT_DIR: path.join(work, 'documents') };
  if (STORAGE === 'local') return documents;
  const { default: S3rver } = await import('s3rver');
  const bucket = 'ivl-bench-documents';
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: path.join(work, 's3rver'),
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  onCleanup(() => server.close());
  return {
    ...documents,
    S3_ENDPOINT: `http://127.0.0.1:${port}`,
    S3_BUCKET: bucket,
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
    S3_FORCE_PATH_STYLE: 'true',
  };
}

interface Answer {
  status: number;
  body: string;
}

/** The RSS of `pid` in MiB, sampled every SAMPLE_MS until stopped. */
function sampler(pid: number): { stop(): number[] } {
  const samples: number[] = [];
  const tick = () => {
    const memory = memoryOf(pid);
    if (memory) samples.push(memory.rssMb);
  };
  tick();
  const timer = setInterval(tick, SAMPLE_MS);
  return {
    stop: () => {
      clearInterval(timer);
      tick();
      return samples;
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Writes `bytes` bytes (a PDF header, then random) to `file` in 1 MiB steps; answers their SHA-256. */
async function writeRandomPdf(file: string, bytes: number): Promise<string> {
  const hash = createHash('sha256');
  const out = createWriteStream(file);
  let written = 0;
  while (written < bytes) {
    const chunk = randomBytes(Math.min(1024 * 1024, bytes - written));
    if (written === 0) Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1').copy(chunk);
    hash.update(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
    written += chunk.length;
  }
  out.end();
  await once(out, 'finish');
  return hash.digest('hex');
}

/** POST /documents with one part `file`, its content streamed from `file` (never read whole). */
function uploadFile(base: string, token: string, file: string, size: number, name: string): Promise<Answer> {
  const boundary = `----ivl-bench-${randomBytes(12).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${name}"\r\ncontent-type: application/pdf\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${base}/documents`,
      {
        method: 'POST',
        headers: {
          authorization: token,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(head.length + size + tail.length),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.write(head);
    const content = createReadStream(file);
    content.on('error', reject);
    content.pipe(request, { end: false });
    content.on('end', () => {
      request.end(tail);
    });
  });
}

main(async () => {
  const machine = await machineInfo();
  const work = await mkdtemp(path.join(tmpdir(), 'ivl-bench-uploads-'));
  if (!scaleSettings.keep) onCleanup(() => rm(work, { recursive: true, force: true }));

  // 1. The API on a fresh database.
  const url = await recreateDatabase(DATABASE);
  if (!scaleSettings.keep) onCleanup(() => dropDatabase(DATABASE));
  await migrateDatabase(url, 'uploads');
  const port = await freePort(3800);
  const queuePrefix = `ivl-bench-uploads-${process.pid}`;
  const api = startNode('uploads-api', API_MAIN, serviceEnv(url, queuePrefix, { PORT: String(port), ...(await storageEnv(work)) }));
  onCleanup(() => removeQueueKeys(queuePrefix));
  onCleanup(() => api.stop());
  const base = `http://127.0.0.1:${port}`;
  await waitForHealth(base, [api]);
  const login = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'admin' }),
  });
  if (login.status !== 200) throw new Error(`login as admin answered ${login.status}: ${await login.text()}`);
  const token = `Bearer ${((await login.json()) as { accessToken: string }).accessToken}`;
  log(`API up at ${base} (pid ${api.pid}), ${STORAGE} storage`);

  // 2. The files, on disk; a small upload first so the code on the upload path is loaded.
  const files = await Promise.all(
    Array.from({ length: FILES }, async (_, i) => {
      const file = path.join(work, `upload-${i}.pdf`);
      return { file, name: `检测报告-${i}.pdf`, sha256: await writeRandomPdf(file, FILE_BYTES) };
    }),
  );
  const warmFile = path.join(work, 'warm.pdf');
  await writeRandomPdf(warmFile, 64 * 1024);
  const warm = await uploadFile(base, token, warmFile, 64 * 1024, 'warm.pdf');
  if (warm.status !== 201) throw new Error(`the warm-up upload answered ${warm.status}: ${warm.body}`);
  log(`${FILES} files of ${FILE_BYTES / 1024 / 1024} MiB written to ${work}`);

  // 3. At rest, then ten uploads at once.
  await sleep(1000);
  const rest = sampler(api.pid);
  await sleep(2000);
  const baselineSamples = rest.stop();
  const baselineMb = median(baselineSamples);

  const during = sampler(api.pid);
  const started = performance.now();
  const answers = await Promise.all(files.map((f) => uploadFile(base, token, f.file, FILE_BYTES, f.name)));
  const seconds = (performance.now() - started) / 1000;
  await sleep(1000);
  const samples = during.stop();
  const peakMb = Math.max(...samples);
  const hwmMb = memoryOf(api.pid)?.peakMb ?? NaN;

  // 4. Every answer right, and the verdict.
  const problems: string[] = [];
  answers.forEach((answer, i) => {
    if (answer.status !== 201) {
      problems.push(`upload ${i} answered ${answer.status}: ${answer.body.slice(0, 200)}`);
      return;
    }
    const document = JSON.parse(answer.body) as { size: number; sha256: string };
    if (document.size !== FILE_BYTES || document.sha256 !== files[i].sha256) {
      problems.push(`upload ${i}: size ${document.size}, sha256 ${document.sha256}, expected ${FILE_BYTES} and ${files[i].sha256}`);
    }
  });
  const riseMb = round(peakMb - baselineMb, 1);
  const pass = riseMb < TARGET_RISE_MB;
  const result = {
    bench: 'uploads',
    smoke: SMOKE,
    files: FILES,
    fileMiB: FILE_BYTES / 1024 / 1024,
    storage: STORAGE,
    baselineRssMb: baselineMb,
    peakRssMb: peakMb,
    riseMb,
    targetRiseMb: TARGET_RISE_MB,
    verdict: pass ? 'PASS' : 'FAIL',
    vmHwmMb: hwmMb,
    samples: samples.length,
    sampleEveryMs: SAMPLE_MS,
    seconds: round(seconds, 2),
    mbPerSecond: round((FILES * FILE_BYTES) / 1024 / 1024 / seconds, 0),
    allStored: problems.length === 0,
    problems,
    machine,
  };
  const file = writeResult(STORAGE === 'local' ? 'uploads' : `uploads-${STORAGE}`, result);
  log(
    `ten 20 MiB uploads at once in ${result.seconds} s: API RSS ${baselineMb} MB at rest, ${peakMb} MB at peak, ` +
      `rise ${riseMb} MB (target < ${TARGET_RISE_MB} MB): ${result.verdict}; ${file}`,
  );
  for (const problem of problems) log(`problem: ${problem}`);
  const { machine: _machine, ...line } = result;
  console.log(JSON.stringify(line));
  return problems.length === 0;
});
