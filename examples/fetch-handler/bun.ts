// Bun: bun examples/fetch-handler/bun.ts
import { createRelyingParty } from './handler.ts';

declare const Bun: { // Bun's own global, declared for this repo's tsc (which has Node's types only)
  serve(options: { port: number; hostname: string; fetch(request: Request): Promise<Response> }): unknown;
};

const port = Number(process.env.PORT ?? 3001);
const fetch = createRelyingParty({ rpID: 'localhost', rpName: 'passkey-rp fetch handler', origin: `http://localhost:${port}` });

Bun.serve({ port, hostname: '127.0.0.1', fetch });
console.log(`listening on http://localhost:${port}`);
