/**
 * The Cloud API sandbox in its own process for the benches (bench/outbound, bench/scale): Meta's
 * side must not share the event loop (or the CPU time) of the Strapis being measured. Driven over
 * IPC by startSandboxProcess (bench/lib.js).
 */
const path = require('path');

const { createSandbox } = require(path.resolve(__dirname, '../../plugins/whatsapp/dist/server/index.js'));

let sandbox;
let rateLimited = 0;

process.on('message', async (message) => {
  if (message.type === 'start') {
    sandbox = createSandbox({
      ...message.options,
      log: (line) => {
        if (line.includes('(#130429)')) rateLimited += 1;
      },
    });
    const url = await sandbox.listen(0, '127.0.0.1');
    process.send({ type: 'started', url });
  } else if (message.type === 'webhook') {
    sandbox.setWebhookUrl(message.url);
  } else if (message.type === 'report') {
    const sent = sandbox.sent.map((s) => ({ to: s.to, phoneNumberId: s.phoneNumberId, type: s.type, at: s.at }));
    process.send({ type: 'report', sent, rateLimited });
  } else if (message.type === 'stop') {
    await sandbox.close();
    process.exit(0);
  }
});
