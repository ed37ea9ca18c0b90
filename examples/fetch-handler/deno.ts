// Deno: deno run --allow-net --allow-env=PORT examples/fetch-handler/deno.ts
import { createRelyingParty } from './handler.ts';

declare const Deno: { // Deno's own global, declared for this repo's tsc (which has Node's types only)
  env: { get(name: string): string | undefined };
  serve(options: { port: number; hostname: string; onListen(): void }, handler: (request: Request) => Promise<Response>): unknown;
};

const port = Number(Deno.env.get('PORT') ?? 3001);
const handler = createRelyingParty({ rpID: 'localhost', rpName: 'passkey-rp fetch handler', origin: `http://localhost:${port}` });

Deno.serve({ port, hostname: '127.0.0.1', onListen: () => console.log(`listening on http://localhost:${port}`) }, handler);
