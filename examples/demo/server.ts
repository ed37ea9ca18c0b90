/**
 * Starts the demo: `npm run demo`, then open http://localhost:3000.
 * Settings (environment): PORT (3000), HOST (127.0.0.1), ORIGIN (http://localhost:PORT),
 * RP_ID (localhost), RP_NAME, DEMO_DB (examples/demo/data/demo.sqlite).
 * Plain http works only on localhost; anywhere else, serve https and set ORIGIN and RP_ID.
 */
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';

const env = process.env;
const port = Number(env.PORT ?? 3000);
const origin = env.ORIGIN ?? `http://localhost:${port}`;
const { app, close } = await createApp({
  dbPath: env.DEMO_DB ?? fileURLToPath(new URL('./data/demo.sqlite', import.meta.url)),
  rpID: env.RP_ID ?? 'localhost',
  origin,
  rpName: env.RP_NAME ?? 'passkey-rp demo',
});

const server = serve({ fetch: app.fetch, port, hostname: env.HOST ?? '127.0.0.1' }, (info) => {
  console.log(`passkey-rp demo listening on ${info.address}:${info.port}; open ${origin}`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close();
    close();
    process.exit(0);
  });
}
