import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import { TMP } from './paths';

/** Every webhook call any test received, one JSON line each: the leak scan reads this file. */
export const WEBHOOK_PAYLOADS_FILE = path.join(TMP, 'webhook-payloads.ndjson');

export interface ReceivedWebhook {
  receivedAt: number;
  headers: http.IncomingHttpHeaders;
  body: { event: string; createdAt: string } & Record<string, unknown>;
  raw: string;
}

/** A real HTTP receiver on 127.0.0.1 for Strapi webhooks. */
export const startWebhookReceiver = async () => {
  const received: ReceivedWebhook[] = [];
  const waiters: Array<{
    match: (w: ReceivedWebhook) => boolean;
    resolve: (w: ReceivedWebhook) => void;
  }> = [];
  fs.mkdirSync(TMP, { recursive: true });
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const hook: ReceivedWebhook = {
        receivedAt: Date.now(),
        headers: req.headers,
        body: JSON.parse(raw || '{}'),
        raw,
      };
      received.push(hook);
      fs.appendFileSync(
        WEBHOOK_PAYLOADS_FILE,
        `${JSON.stringify({ url: req.url, headers: req.headers, body: raw })}\n`
      );
      for (const waiter of [...waiters]) {
        if (waiter.match(hook)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(hook);
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    /** The first call (already received or to come) that matches, or a rejection after timeoutMs. */
    waitFor(
      match: (w: ReceivedWebhook) => boolean,
      timeoutMs: number,
      what: string
    ): Promise<ReceivedWebhook> {
      const seen = received.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `no webhook ${what} within ${timeoutMs} ms; received: ${received.map((r) => r.body.event).join(', ')}`
              )
            ),
          timeoutMs
        );
        waiters.push({
          match,
          resolve: (w) => {
            clearTimeout(timer);
            resolve(w);
          },
        });
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
