// A pole's downloader in its own process, so the sync benchmark can SIGKILL it mid-download.
// argv: dir url sha256 bytes
import pino from 'pino';
import { ContentDownloader } from '../../../sync/index.js';

const [dir, url, sha256, bytes] = process.argv.slice(2) as [string, string, string, string];
const downloader = new ContentDownloader({ dir, log: pino({ level: 'silent' }) });
downloader.on('progress', (p: { done: number }) => process.stdout.write(`progress ${p.done}\n`));
const [result] = await downloader.fetchAll([{ id: 'bench', sha256, bytes: Number(bytes), url }]);
process.stdout.write(`result ${JSON.stringify(result)}\n`);
