/**
 * An admin's live stream, as the browser opens it (plugins/whatsapp/server/src/inbox/stream.ts):
 * a stream token from `POST /whatsapp/stream/token` with the admin's JWT, then `GET` the URL it
 * names, read as Server-Sent Events. Every event is kept with the time it arrived (Date.now(),
 * the clock the webhook sender uses too).
 */
const http = require('http');

async function openStream(baseUrl, jwt) {
  const res = await fetch(`${baseUrl}/whatsapp/stream/token`, { method: 'POST', headers: { Authorization: `Bearer ${jwt}` } });
  if (res.status !== 200) throw new Error(`stream token: ${res.status} ${await res.text()}`);
  const { data } = await res.json();
  return new Promise((resolve, reject) => {
    const events = [];
    const req = http.get(`${baseUrl}${data.url}`, { headers: { Accept: 'text/event-stream' } }, (response) => {
      if (response.statusCode !== 200) return reject(new Error(`stream: ${response.statusCode}`));
      // A killed instance ends its streams abruptly (ECONNRESET): expected, not an error of the bench.
      response.on('error', () => undefined);
      let buffer = '';
      let ready = false;
      response.setEncoding('utf8');
      response.on('data', (chunk) => {
        const at = Date.now();
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = { at, id: undefined, event: 'message', data: undefined };
          const lines = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('id: ')) event.id = line.slice(4);
            else if (line.startsWith('event: ')) event.event = line.slice(7);
            else if (line.startsWith('data: ')) lines.push(line.slice(6));
          }
          if (!lines.length && event.event === 'message') continue; // a heartbeat comment
          try {
            event.data = JSON.parse(lines.join('\n'));
          } catch {
            event.data = lines.join('\n');
          }
          events.push(event);
          if (event.event === 'ready' && !ready) {
            ready = true;
            resolve({ events, close: () => req.destroy() });
          }
        }
      });
    });
    req.on('error', (error) => (events.length ? undefined : reject(error)));
  });
}

module.exports = { openStream };
