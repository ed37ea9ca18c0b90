import { readdirSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { assertRpConfiguration } from 'passkey-rp';
import { Accounts } from './accounts.js';
import { accountApi } from './api-account.js';
import { signInApi } from './api-signin.js';
import { signUpApi } from './api-signup.js';
import { SqliteChallengeStore } from './challenge-store.js';
import { openDatabase } from './db.js';
import { DemoError, errorResponse } from './errors.js';
import { Sessions } from './sessions.js';
import type { DemoConfig, Services } from './services.js';

export type { DemoConfig } from './services.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** The files under public/, read once: the pages are static, their scripts call the JSON API. */
function loadPublicFiles(): Map<string, { body: string; type: string }> {
  const dir = new URL('./public/', import.meta.url);
  const files = new Map<string, { body: string; type: string }>();
  for (const name of readdirSync(dir)) {
    const type = TYPES[extname(name)];
    if (type !== undefined) files.set(name, { body: readFileSync(new URL(name, dir), 'utf8'), type });
  }
  return files;
}

export interface DemoApp {
  app: Hono;
  /** Closes the database. */
  close(): void;
}

/** The demo relying party: pages, the JSON API, and SQLite storage at `config.dbPath`. */
export async function createApp(config: DemoConfig): Promise<DemoApp> {
  // Fail at start, with an explanation, on an RP ID the browser would refuse on this origin.
  await assertRpConfiguration({ rpId: config.rpID, origins: config.origin });
  const secure = new URL(config.origin).protocol === 'https:';
  const db = openDatabase(config.dbPath);
  const services: Services = {
    config,
    accounts: new Accounts(db),
    sessions: new Sessions(db, { secure }),
    challenges: new SqliteChallengeStore(db),
  };
  const files = loadPublicFiles();
  const app = new Hono();

  app.use(
    secureHeaders({
      strictTransportSecurity: secure,
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        // Provider icons come as data: URIs from the AAGUID directory.
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    }),
  );

  const page = (c: Context, name: string) => {
    const file = files.get(name)!;
    return c.body(file.body, 200, { 'Content-Type': file.type, 'Cache-Control': 'no-store' });
  };
  const signedIn = (c: Context) => services.sessions.read(c)?.userId != null;
  app.get('/', (c) => (signedIn(c) ? c.redirect('/account') : page(c, 'signin.html')));
  app.get('/signup', (c) => (signedIn(c) ? c.redirect('/account') : page(c, 'signup.html')));
  app.get('/account', (c) => (signedIn(c) ? page(c, 'account.html') : c.redirect('/')));
  app.get('/static/:name', (c) => {
    const name = c.req.param('name');
    return name.endsWith('.html') || !files.has(name) ? c.notFound() : page(c, name);
  });

  app.use('/api/*', async (c, next) => {
    c.header('Cache-Control', 'no-store');
    // JSON only: a cross-site form cannot send it without a CORS preflight, which this API never grants.
    if (c.req.method !== 'GET' && !c.req.header('Content-Type')?.startsWith('application/json')) {
      throw new DemoError(415, 'unsupported_media_type', 'Send JSON.');
    }
    await next();
  });
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: 64 * 1024,
      onError: () => {
        throw new DemoError(413, 'input_too_large', 'The request is too large.');
      },
    }),
  );
  app.route('/api/signup', signUpApi(services));
  app.route('/api/signin', signInApi(services));
  app.route('/api', accountApi(services));

  app.onError((error, c) => {
    const { status, body } = errorResponse(error);
    if (status === 500) console.error(error);
    return c.json(body, status);
  });

  return { app, close: () => db.close() };
}
