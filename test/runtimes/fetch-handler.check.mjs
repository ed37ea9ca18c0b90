// The fetch-handler example (examples/fetch-handler/handler.ts), driven in-process the way a browser
// would drive it: every call is `handler(new Request(...))`, the authenticator is passkey-rp/testing's
// SoftwareAuthenticator, and each refusal must be a 4xx `{ error: code }` with nothing else in it.
// test/runtimes/run.ts copies this file and handler.ts side by side into the project where the packed
// package is installed, and runs it under Node (through tsx's loader: Node 20 cannot run .ts), Deno
// and Bun. Prints one line per check and ends with "N passed, M failed"; exits 1 on any failure.

import { assert, check, finish, runtime } from './checks.mjs';
import { SoftwareAuthenticator } from 'passkey-rp/testing';
import { createRelyingParty } from './handler.ts';

const ORIGIN = 'http://localhost:3001';
const OTHER_ORIGIN = 'http://localhost:3002';

const handler = createRelyingParty({ rpID: 'localhost', rpName: 'Fetch handler check', origin: ORIGIN });

/** One HTTP exchange with the handler: `body` is JSON-encoded unless it is already a string. */
async function call(path, body = {}, init = {}) {
  const request = new Request(new URL(path, ORIGIN), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  });
  const response = await handler(request);
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text), text };
}

function succeeded(exchange, expected) {
  assert(exchange.status === 200, `status ${exchange.status}: ${exchange.text}`);
  if (expected !== undefined) assert(exchange.text === JSON.stringify(expected), `body ${exchange.text}, expected ${JSON.stringify(expected)}`);
}

/** The refusal carries the code and nothing else: no message, no stack. */
function refused(exchange, status, code) {
  assert(exchange.status === status && exchange.text === JSON.stringify({ error: code }), `got ${exchange.status} ${exchange.text}, expected ${status} {"error":"${code}"}`);
}

/** Registration options for `username`, answered by `authenticator` on `origin` (not yet verified). */
async function createPasskey(authenticator, username, origin = ORIGIN) {
  const options = await call('/registration/options', { username });
  succeeded(options);
  const response = await authenticator.createCredential(options.body, origin);
  return { options: options.body, verifyBody: { username, userID: options.body.user.id, response } };
}

async function signUp(authenticator, username, origin = ORIGIN) {
  const { options, verifyBody } = await createPasskey(authenticator, username, origin);
  return { options, verifyBody, verified: await call('/registration/verify', verifyBody) };
}

/** Discoverable sign-in options, answered by `authenticator` on `origin` with `overrides`, and verified. */
async function signIn(authenticator, origin = ORIGIN, overrides = {}) {
  const options = await call('/authentication/options');
  succeeded(options);
  const response = await authenticator.getAssertion(options.body, origin, overrides);
  return { options: options.body, response, verified: await call('/authentication/verify', { response }) };
}

console.log(`passkey-rp fetch-handler example checks on ${runtime}`);

const alice = new SoftwareAuthenticator({ algorithm: -7, backupEligible: true, backupState: true });

await check('sign-up: options for a discoverable passkey, the response verified and stored', async () => {
  const { options, verified } = await signUp(alice, 'alice');
  assert(options.rp.id === 'localhost' && options.user.name === 'alice', `options for ${options.rp.id} / ${options.user.name}`);
  assert(options.authenticatorSelection?.residentKey === 'required', `residentKey ${options.authenticatorSelection?.residentKey}`);
  succeeded(verified, { username: 'alice' });
});

await check('sign-in: discoverable options (no allowCredentials), the account found from the user handle', async () => {
  const { options, verified } = await signIn(alice);
  assert(options.rpId === 'localhost' && options.allowCredentials.length === 0, `rpId ${options.rpId}, ${options.allowCredentials.length} allowCredentials`);
  succeeded(verified, { username: 'alice' });
});

await check('a second sign-in stores the new counter: an older one is then refused (counter_regression)', async () => {
  succeeded((await signIn(alice)).verified, { username: 'alice' });
  refused((await signIn(alice, ORIGIN, { signCount: 1 })).verified, 400, 'counter_regression');
});

// The ReplayStore claim is the ceremony's last step, so a replay is refused by the first check it
// fails. With a counting authenticator that is the counter; a synced passkey's counter stays 0,
// and then the claim itself refuses it.
await check('a replayed sign-in response is refused by the counter (counter_regression)', async () => {
  const { response, verified } = await signIn(alice);
  succeeded(verified);
  refused(await call('/authentication/verify', { response }), 400, 'counter_regression');
});

await check('a replayed sign-in response from a passkey whose counter stays 0 is refused (challenge_replayed)', async () => {
  const synced = new SoftwareAuthenticator({ algorithm: -7, backupEligible: true, backupState: true, counter: 'zero' });
  succeeded((await signUp(synced, 'dora')).verified, { username: 'dora' });
  const { response, verified } = await signIn(synced);
  succeeded(verified, { username: 'dora' });
  refused(await call('/authentication/verify', { response }), 400, 'challenge_replayed');
});

await check('a replayed registration response is refused (credential_already_registered, 7.1 step 24)', async () => {
  const { verifyBody, verified } = await signUp(new SoftwareAuthenticator(), 'carol');
  succeeded(verified, { username: 'carol' });
  refused(await call('/registration/verify', verifyBody), 400, 'credential_already_registered');
});

await check('sign-up from another origin is refused (origin_mismatch)', async () => {
  refused((await signUp(new SoftwareAuthenticator(), 'mallory', OTHER_ORIGIN)).verified, 400, 'origin_mismatch');
});

await check('sign-in from another origin is refused (origin_mismatch)', async () => {
  refused((await signIn(alice, OTHER_ORIGIN)).verified, 400, 'origin_mismatch');
});

await check('a passkey the server never stored is refused (unknown_credential)', async () => {
  const abandoned = new SoftwareAuthenticator();
  await createPasskey(abandoned, 'dave'); // created on the authenticator, never sent to /registration/verify
  refused((await signIn(abandoned)).verified, 400, 'unknown_credential');
});

await check('a corrupted signature is refused (bad_signature)', async () => {
  refused((await signIn(alice, ORIGIN, { corruptSignature: true })).verified, 400, 'bad_signature');
});

await check('a registration challenge cannot sign in (challenge_purpose_mismatch)', async () => {
  const { options } = await createPasskey(new SoftwareAuthenticator(), 'erin');
  refused((await signIn(alice, ORIGIN, { challenge: options.challenge })).verified, 400, 'challenge_purpose_mismatch');
});

await check('a registration filed under another username than its options is refused (challenge_binding_mismatch)', async () => {
  const { verifyBody } = await createPasskey(new SoftwareAuthenticator(), 'frank');
  refused(await call('/registration/verify', { ...verifyBody, username: 'frances' }), 400, 'challenge_binding_mismatch');
});

await check('a taken username is refused before any ceremony (username_taken)', async () => {
  refused(await call('/registration/options', { username: 'alice' }), 409, 'username_taken');
});

await check('malformed requests get a code and no stack: bad JSON, a bad response, bad fields, wrong route or method', async () => {
  refused(await call('/authentication/verify', '{"response":'), 400, 'malformed_json');
  refused(await call('/registration/verify', { username: 'gina', userID: 'AAAA', response: 'not a credential' }), 400, 'malformed_response');
  refused(await call('/authentication/verify', { response: 42 }), 400, 'unknown_credential');
  refused(await call('/registration/options', { username: '' }), 400, 'invalid_username');
  refused(await call('/registration/verify', { username: 'gina' }), 400, 'invalid_user_id');
  refused(await call('/nowhere'), 404, 'not_found');
  refused(await call('/authentication/options', undefined, { method: 'GET', body: null }), 405, 'method_not_allowed');
});

finish();
