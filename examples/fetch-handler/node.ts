// Node: npx tsx examples/fetch-handler/node.ts   (then POST to http://localhost:3001/...)
// Node has no built-in server for fetch handlers; @hono/node-server adapts node:http (it needs `hono` as a peer).
import { serve } from '@hono/node-server';
import { createRelyingParty } from './handler.ts';

const port = Number(process.env.PORT ?? 3001);
const fetch = createRelyingParty({ rpID: 'localhost', rpName: 'passkey-rp fetch handler', origin: `http://localhost:${port}` });

serve({ fetch, port, hostname: '127.0.0.1' }, () => console.log(`listening on http://localhost:${port}`));
