import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  base64url,
  CHROMIUM,
  hasChromium,
  launchChromium,
  startDemo,
  storedAccount,
  webAuthnDomain,
  type DemoServer,
  type VirtualAuthenticator,
  type VirtualAuthenticatorOptions,
} from './harness.js';

/**
 * The demo relying party (examples/demo) in a real Chromium, with virtual authenticators from
 * the DevTools protocol: every ceremony goes through the browser's WebAuthn stack and the
 * library's verifiers, and the results are read back from the demo's SQLite file.
 * DEMO_SCREENSHOTS=1 also saves the pages to docs/screenshots/ for the README.
 */

if (!hasChromium) console.warn(`e2e: ${CHROMIUM} not found, the browser tests are skipped (apt-get install -y chromium)`);

const SCREENSHOTS = process.env.DEMO_SCREENSHOTS === '1' ? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url)) : undefined;

/** A phone or laptop passkey: CTAP2, built in, verifies the user, synced (BE and BS set). */
const PLATFORM: VirtualAuthenticatorOptions = {
  protocol: 'ctap2',
  transport: 'internal',
  hasResidentKey: true,
  hasUserVerification: true,
  isUserVerified: true,
  automaticPresenceSimulation: true,
  defaultBackupEligibility: true,
  defaultBackupState: true,
};
/** A CTAP2 security key with a PIN: stores passkeys, verifies the user, never synced. */
const CTAP2_KEY: VirtualAuthenticatorOptions = {
  protocol: 'ctap2',
  transport: 'usb',
  hasResidentKey: true,
  hasUserVerification: true,
  isUserVerified: true,
  automaticPresenceSimulation: true,
};
/** An old U2F security key: no passkeys, no user verification, fido-u2f attestation. */
const U2F_KEY: VirtualAuthenticatorOptions = { protocol: 'u2f', transport: 'usb', automaticPresenceSimulation: true };

describe.skipIf(!hasChromium)('the demo relying party in Chromium', { timeout: 20_000 }, () => {
  let dir: string;
  let server: DemoServer;
  let misconfigured: DemoServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'passkey-rp-e2e-'));
    if (SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true });
    [server, browser] = await Promise.all([startDemo({ dbPath: join(dir, 'demo.sqlite') }), launchChromium()]);
    // Same RP ID, but expecting the first server's origin: what a server behind a proxy with a wrong ORIGIN does.
    misconfigured = await startDemo({ dbPath: join(dir, 'misconfigured.sqlite'), origin: server.url });
  }, 60_000);

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await Promise.all([server?.stop(), misconfigured?.stop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh browser profile (no cookies, no authenticators) on `site`. */
  async function open(site: DemoServer = server) {
    const context = await browser.newContext({ baseURL: site.url, viewport: { width: 960, height: 720 }, locale: 'en-US', timezoneId: 'UTC' });
    contexts.push(context);
    const page = await context.newPage();
    return { page, webauthn: await webAuthnDomain(page) };
  }

  async function shot(page: Page, name: string) {
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  }

  async function accountPage(page: Page) {
    await page.waitForURL((url) => url.pathname === '/account');
    await page.locator('body[data-ready="true"]').waitFor();
  }

  async function signUp(page: Page, username: string, displayName = '', screenshot = false) {
    await page.goto('/signup');
    await page.fill('#username', username);
    await page.fill('#display-name', displayName);
    if (screenshot) await shot(page, 'signup');
    await page.click('#signup-form button[type=submit]');
    await accountPage(page);
  }

  /** Signs out and waits on the sign-in page with the autofill request pending and the authenticator idle. */
  async function signOutQuietly(page: Page, authenticator: VirtualAuthenticator) {
    await authenticator.presence(false);
    await page.click('#sign-out');
    await page.locator('body[data-autofill="waiting"]').waitFor();
    await authenticator.presence(true);
  }

  const errorCode = (page: Page) => page.locator('#error .error-code').textContent();
  const account = (username: string, site = server) => storedAccount(site.dbPath, username)!;
  const optionsFrom = (page: Page, path: string) => page.waitForResponse((r) => r.url().endsWith(path)).then((r) => r.json());

  it('signs up with a discoverable passkey, signs in with autofill and with the button, and the counter advances', async () => {
    const { page, webauthn } = await open();
    const phone = await webauthn.add(PLATFORM);
    await signUp(page, 'alice', 'Alice Liddell', true);
    expect(await page.textContent('#signed-in-with')).toBe('just created this account');

    const { handle, records } = account('alice');
    expect(records).toHaveLength(1);
    const [record] = records;
    expect(record).toMatchObject({
      userHandle: handle,
      discoverable: true,
      uvInitialized: true,
      backupEligible: true,
      backupState: true,
      attestationFormat: 'none',
      transports: ['internal'],
      authenticatorAttachment: 'platform',
    });
    const [held] = await phone.credentials();
    expect(held).toMatchObject({ isResidentCredential: true, rpId: 'localhost', userName: 'alice', userDisplayName: 'Alice Liddell' });
    expect(base64url(held!.credentialId)).toBe(record!.id);
    expect(base64url(held!.userHandle!)).toBe(handle);
    expect(record!.signCount).toBe(held!.signCount);
    let counter = record!.signCount;

    // Sign out: the sign-in page's autofill request picks the passkey at once (nobody to click it away).
    const autofilled = page.waitForResponse((r) => r.url().endsWith('/api/signin/verify'));
    await page.click('#sign-out');
    expect((await autofilled).ok()).toBe(true);
    await accountPage(page);
    expect(await page.textContent('#signed-in-with')).toBe('signed in with autofill');
    let [after] = account('alice').records;
    expect(after!.signCount).toBeGreaterThan(counter);
    expect(after!.signCount).toBe((await phone.credentials())[0]!.signCount);
    expect(after!.lastUsedAt).toBeDefined();
    counter = after!.signCount;

    // The button: a modal, discoverable request (empty allowCredentials) replaces the autofill one.
    await signOutQuietly(page, phone);
    await shot(page, 'signin');
    const options = optionsFrom(page, '/api/signin/options');
    await page.click('#passkey-button');
    expect((await options).options.allowCredentials).toEqual([]);
    await accountPage(page);
    expect(await page.textContent('#signed-in-with')).toBe('signed in with the passkey button');
    [after] = account('alice').records;
    expect(after!.signCount).toBeGreaterThan(counter);
    expect(after!.signCount).toBe((await phone.credentials())[0]!.signCount);
    // The account page shows the same counter.
    expect(await page.getAttribute('.passkey-tech', 'data-counter')).toBe(String(after!.signCount));
  });

  it('signs in username first, with the account’s credential listed in allowCredentials', async () => {
    const { page, webauthn } = await open();
    const phone = await webauthn.add(PLATFORM);
    await signUp(page, 'bob');
    const [record] = account('bob').records;
    await signOutQuietly(page, phone);

    await page.fill('#username', 'bob');
    const options = optionsFrom(page, '/api/signin/options');
    await page.click('#username-form button[type=submit]');
    expect((await options).options.allowCredentials).toEqual([{ id: record!.id, type: 'public-key', transports: ['internal'] }]);
    await accountPage(page);
    expect(await page.textContent('#signed-in-with')).toBe('signed in with your username and a passkey');
    expect(account('bob').records[0]!.signCount).toBeGreaterThan(record!.signCount);
  });

  it('registers a U2F security key with attestation "direct" (fido-u2f), which cannot sign in without user verification', async () => {
    const { page, webauthn } = await open();
    const phone = await webauthn.add(PLATFORM);
    await signUp(page, 'carol');
    await phone.remove();
    const key = await webauthn.add(U2F_KEY);

    const options = optionsFrom(page, '/api/passkeys/options');
    await page.click('#add-security-key');
    expect((await options).options).toMatchObject({
      attestation: 'direct',
      authenticatorSelection: { residentKey: 'discouraged', userVerification: 'discouraged' },
    });
    await page.locator('#notice').waitFor();
    const { records } = account('carol');
    expect(records).toHaveLength(2);
    expect(records[1]).toMatchObject({ attestationFormat: 'fido-u2f', uvInitialized: false, backupEligible: false, transports: ['usb'] });
    expect((await key.credentials())[0]!.isResidentCredential).toBe(false);
    const row = page.locator('.passkey').nth(1);
    await expect.poll(() => row.locator('.passkey-name').textContent()).toBe('Security key');
    expect(await row.locator('.passkey-tech').getAttribute('data-attestation')).toBe('fido-u2f');

    // Username first lists it; the key answers with presence only, and the server requires UV.
    // (No autofill here: the key holds no passkey, so the browser offers none.)
    await page.click('#sign-out');
    await page.waitForURL((url) => url.pathname === '/');
    await page.fill('#username', 'carol');
    await page.click('#username-form button[type=submit]');
    await page.locator('#error').waitFor();
    expect(await errorCode(page)).toBe('user_not_verified');
    expect(new URL(page.url()).pathname).toBe('/');
  });

  it('refuses a second passkey on the same authenticator (excludeCredentials)', async () => {
    const { page, webauthn } = await open();
    const phone = await webauthn.add(PLATFORM);
    await signUp(page, 'dave');
    const [record] = account('dave').records;

    const options = optionsFrom(page, '/api/passkeys/options');
    await page.click('#add-passkey');
    expect((await options).options.excludeCredentials).toEqual([{ id: record!.id, type: 'public-key', transports: ['internal'] }]);
    await page.locator('#error').waitFor();
    expect(await errorCode(page)).toBe('InvalidStateError');
    expect(account('dave').records).toHaveLength(1);
    expect(await phone.credentials()).toHaveLength(1);
  });

  it('rejects a tampered assertion with bad_signature, and keeps the stored counter', async () => {
    const { page, webauthn } = await open();
    const phone = await webauthn.add(PLATFORM);
    await signUp(page, 'erin');
    const [before] = account('erin').records;
    await signOutQuietly(page, phone);

    await page.route('**/api/signin/verify', async (route) => {
      const body = route.request().postDataJSON();
      const signature = Buffer.from(body.response.response.signature, 'base64url');
      signature[10]! ^= 0x01;
      body.response.response.signature = signature.toString('base64url');
      await route.continue({ postData: JSON.stringify(body) });
    });
    await page.click('#passkey-button');
    await page.locator('#error').waitFor();
    expect(await errorCode(page)).toBe('bad_signature');
    expect(new URL(page.url()).pathname).toBe('/');
    expect(account('erin').records[0]!.signCount).toBe(before!.signCount);
    await shot(page, 'error-bad-signature');
  });

  it('rejects a ceremony on an origin the server does not expect (origin_mismatch)', async () => {
    const { page, webauthn } = await open(misconfigured);
    await webauthn.add(PLATFORM);
    await page.goto('/signup');
    await page.fill('#username', 'frank');
    await page.click('#signup-form button[type=submit]');
    await page.locator('#error').waitFor();
    expect(await errorCode(page)).toBe('origin_mismatch');
    expect(await page.textContent('#error')).toContain(misconfigured.url);
    expect(storedAccount(misconfigured.dbPath, 'frank')).toBeUndefined();
    await shot(page, 'error-origin-mismatch');
  });

  it('lists, renames and deletes passkeys on the account page, and signals the changes to the authenticators', async () => {
    const { page, webauthn } = await open();
    const phone = await webauthn.add(PLATFORM);
    await signUp(page, 'grace', 'Grace');

    // A new display name reaches the authenticator (signalCurrentUserDetails).
    await page.fill('#display-name-input', 'Grace Hopper');
    await page.click('#display-name-form button');
    await expect.poll(async () => (await phone.credentials())[0]!.userDisplayName).toBe('Grace Hopper');

    // A second passkey, on a security key: the phone stays idle so that the key answers.
    await phone.presence(false);
    const key = await webauthn.add(CTAP2_KEY);
    await page.click('#add-passkey');
    await page.locator('#notice').waitFor();
    const names = page.locator('.passkey-name');
    await expect.poll(() => names.allTextContents()).toEqual(['Synced passkey', 'Security key']);

    // Rename the key.
    await page.locator('.passkey').nth(1).locator('button.rename').click();
    await page.fill('#rename-input', '  Blue key ');
    await page.click('#rename-dialog button[value=save]');
    await expect.poll(() => names.allTextContents()).toEqual(['Synced passkey', 'Blue key']);
    const [, renamed] = account('grace').records;
    expect(renamed!.name).toBe('Blue key');
    expect(await page.locator('.passkey').nth(1).locator('.passkey-meta').textContent()).toContain('Security key');
    await shot(page, 'account');

    // Delete the key: the synced passkey remains, so no warning; the key is told to drop it.
    await page.locator('.passkey').nth(1).locator('button.delete').click();
    expect(await page.textContent('#delete-warning')).toBe('You can still sign in with your other passkeys.');
    await page.click('#delete-dialog button[value=delete]');
    await expect.poll(() => names.allTextContents()).toEqual(['Synced passkey']);
    await expect.poll(() => key.credentials()).toEqual([]);
    expect(await phone.credentials()).toHaveLength(1);
    expect(account('grace').records.map((r) => r.id)).toEqual([account('grace').records[0]!.id]);

    // The last one cannot go: the account has no password, so it would be locked out.
    await page.locator('.passkey').first().locator('button.delete').click();
    expect(await page.textContent('#delete-warning')).toContain('This is your only passkey');
    expect(await page.locator('#delete-dialog button[value=delete]').isDisabled()).toBe(true);
    await shot(page, 'delete-last-passkey');
    await page.click('#delete-dialog button[value=cancel]');
    // The server refuses it as well, whatever a page sends.
    const lastId = account('grace').records[0]!.id;
    const refused = await page.evaluate(async (id) => {
      const res = await fetch(`/api/passkeys/${encodeURIComponent(id)}`, { method: 'DELETE', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      return { status: res.status, body: await res.json() };
    }, lastId);
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'last_passkey' } } });
    expect(account('grace').records.map((r) => r.id)).toEqual([lastId]);
    expect(await phone.credentials()).toHaveLength(1);
  });

  it('reports a passkey the server does not know, and the authenticator drops it (signalUnknownCredential)', async () => {
    const { page, webauthn } = await open();
    const phone = await webauthn.add(PLATFORM);
    // A passkey for this RP ID that the server never registered (e.g. deleted while the phone was offline).
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const credentialId = randomBytes(16);
    await phone.addCredential({
      credentialId: credentialId.toString('base64'),
      privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
      userHandle: randomBytes(16).toString('base64'),
      rpId: 'localhost',
    });

    await page.goto('/'); // autofill offers it at once
    await page.locator('#error').waitFor();
    expect(await errorCode(page)).toBe('unknown_credential');
    await expect.poll(() => phone.credentials()).toEqual([]);
  });
});
