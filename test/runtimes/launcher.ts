import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { PublicKeyCredentialCreationOptionsJSON } from 'passkey-rp';
import { SoftwareAuthenticator } from 'passkey-rp/testing';

/**
 * The real-network check of the fetch-handler example's launchers (examples/fetch-handler/node.ts,
 * deno.ts, bun.ts): start one exactly as its README command does, on a free port, sign up once over
 * HTTP (which also proves its origin, http://localhost:PORT, matches the port), and stop it.
 */

const STARTUP_MS = 20_000;

/** A port the system just handed out and released. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function post(url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** Resolves once the launcher answers on `base`; rejects if it exits first or takes too long. */
async function waitUntilListening(base: string, exited: () => string | undefined): Promise<void> {
  const deadline = Date.now() + STARTUP_MS;
  for (;;) {
    const exit = exited();
    if (exit !== undefined) throw new Error(`the launcher exited (${exit}) before it answered`);
    try {
      await (await fetch(`${base}/`)).arrayBuffer();
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`the launcher did not answer within ${STARTUP_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Runs `commandLine` from `cwd` with PORT set; resolves with a one-line description, or rejects with the launcher's output. */
export async function signUpThroughLauncher(commandLine: readonly string[], cwd: string): Promise<string> {
  const port = await freePort();
  const [command, ...args] = commandLine;
  // Its own process group, so that stopping it also stops what it spawned (tsx runs node as a child).
  const child = spawn(command!, args, {
    cwd,
    detached: true,
    env: { ...process.env, PORT: String(port), NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let exit: string | undefined;
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  const closed = new Promise<void>((resolve) => child.once('close', (code, signal) => ((exit = signal ?? `code ${code}`), resolve())));
  child.once('error', (error) => (exit = error.message));

  const origin = `http://localhost:${port}`;
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitUntilListening(base, () => exit);
    const options = await post(`${base}/registration/options`, { username: 'smoke' });
    if (options.status !== 200) throw new Error(`registration options: ${options.status} ${JSON.stringify(options.json)}`);
    const creation = options.json as unknown as PublicKeyCredentialCreationOptionsJSON;
    const response = await new SoftwareAuthenticator().createCredential(creation, origin);
    const verified = await post(`${base}/registration/verify`, { username: 'smoke', userID: creation.user.id, response });
    if (verified.status !== 200 || verified.json.username !== 'smoke') throw new Error(`registration: ${verified.status} ${JSON.stringify(verified.json)}`);
    return `sign-up over HTTP on ${origin}`;
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${output.trimEnd()}`);
  } finally {
    if (exit === undefined) {
      process.kill(-child.pid!, 'SIGTERM');
      const timer = setTimeout(() => exit === undefined && process.kill(-child.pid!, 'SIGKILL'), 5000);
      await closed;
      clearTimeout(timer);
    }
  }
}
