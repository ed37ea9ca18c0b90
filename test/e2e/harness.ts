import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import type { CredentialRecord } from '../../src/types.js';

/** Debian's Chromium (`apt-get install -y chromium`); never a downloaded browser. */
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface DemoServer {
  /** Where the pages are: http://localhost:<port>. */
  url: string;
  dbPath: string;
  stop(): Promise<void>;
}

/**
 * Starts examples/demo/server.ts in a child process, as `npm run demo` does (the library comes
 * from dist/ through the package's own name), on a free port of 127.0.0.1 with its own database.
 * `origin` overrides the origin the server expects, to stage a misconfigured server.
 */
export async function startDemo(options: { dbPath: string; origin?: string }): Promise<DemoServer> {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'examples/demo/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DEMO_DB: options.dbPath, ORIGIN: options.origin ?? url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('listening on')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`the demo server exited (${code}) before listening:\n${output}`)));
  });
  return {
    url,
    dbPath: options.dbPath,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** What the demo stored for a user: the account row and its credential records. */
export function storedAccount(dbPath: string, username: string): { handle: string; records: CredentialRecord[] } | undefined {
  const db = new Database(dbPath, { readonly: true });
  try {
    const user = db.prepare<[string], { id: number; handle: string }>('SELECT id, handle FROM users WHERE username = ?').get(username);
    if (user === undefined) return undefined;
    const rows = db.prepare<[number], { record: string }>('SELECT record FROM credentials WHERE user_id = ? ORDER BY rowid').all(user.id);
    return { handle: user.handle, records: rows.map((r) => JSON.parse(r.record) as CredentialRecord) };
  } finally {
    db.close();
  }
}

/** A credential as the DevTools WebAuthn domain reports it (ids in standard base64). */
export interface VirtualCredential {
  credentialId: string;
  isResidentCredential: boolean;
  rpId?: string;
  userHandle?: string;
  signCount: number;
  userName?: string;
  userDisplayName?: string;
}

export interface VirtualAuthenticatorOptions {
  protocol: 'ctap2' | 'u2f';
  transport: 'internal' | 'usb' | 'nfc' | 'ble';
  hasResidentKey?: boolean;
  hasUserVerification?: boolean;
  isUserVerified?: boolean;
  automaticPresenceSimulation?: boolean;
  defaultBackupEligibility?: boolean;
  defaultBackupState?: boolean;
}

export interface VirtualAuthenticator {
  credentials(): Promise<VirtualCredential[]>;
  /** Whether the authenticator answers at once (on) or waits for a touch that never comes (off). */
  presence(on: boolean): Promise<void>;
  addCredential(credential: { credentialId: string; privateKey: string; userHandle: string; rpId: string }): Promise<void>;
  remove(): Promise<void>;
}

/** The page's virtual authenticators, through the DevTools protocol's WebAuthn domain. */
export async function webAuthnDomain(page: Page): Promise<{ add(options: VirtualAuthenticatorOptions): Promise<VirtualAuthenticator> }> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  return {
    async add(options) {
      const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', { options });
      return {
        credentials: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials as VirtualCredential[],
        presence: async (enabled) => {
          await cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId, enabled });
        },
        addCredential: async (credential) => {
          await cdp.send('WebAuthn.addCredential', { authenticatorId, credential: { ...credential, isResidentCredential: true, signCount: 0 } });
        },
        remove: async () => {
          await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
        },
      };
    },
  };
}

/** base64 (as DevTools gives ids and handles) to base64url (as the server stores them). */
export const base64url = (base64: string) => Buffer.from(base64, 'base64').toString('base64url');
