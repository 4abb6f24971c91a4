// The content server in its own process, as it is in the field (a city server, not the pole):
// the benchmark's client and server must not share one event loop. IPC: pace, reset, sent.
import { rangeServer } from './range-server.js';

const pace: { bytesPerS?: number } = {};
const server = await rangeServer(process.argv[2]!, pace);
process.send?.({ url: server.url });
process.on('message', (m: { cmd: string; bytesPerS?: number }) => {
  if (m.cmd === 'pace') pace.bytesPerS = m.bytesPerS;
  if (m.cmd === 'reset') server.resetCount();
  if (m.cmd === 'close') void server.close().then(() => process.exit(0));
  process.send?.({ cmd: m.cmd, sent: server.sent });
});
