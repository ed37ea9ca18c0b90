/**
 * A passkey relying party as one Web-standard fetch handler, `(request: Request) => Promise<Response>`,
 * with no framework and no runtime API: node.ts, deno.ts and bun.ts serve this same file.
 *
 *   POST /registration/options    { username }                      -> creation options
 *   POST /registration/verify     { username, userID, response }    -> { username }   (userID: options.user.id)
 *   POST /authentication/options  {}                                -> request options (discoverable: autofill, passkey button)
 *   POST /authentication/verify   { response }                      -> { username }
 *
 * `response` is the browser's `credential.toJSON()`. A refusal is `{ error: code }`: status 400 with
 * passkey-rp's WebAuthnError code, or this app's own code. Accounts and passkeys live in Maps here;
 * keep them in a database. Challenges are sealed (README "Challenges"): no storage when options are
 * issued, and a ReplayStore makes each one single use. In production, put a rate limit in front
 * of these routes: every verified ceremony holds a replay-store slot until its challenge expires.
 */
import {
  applySignIn,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  generateUserHandle,
  isWebAuthnError,
  MemoryChallengeStore,
  sealChallenge,
  sealedChallenge,
  toBase64url,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type CredentialRecord,
  type ExpectedOrigin,
} from 'passkey-rp';

export interface RelyingPartyConfig {
  rpID: string;
  rpName: string;
  /** The pages' origin(s), exactly as the browser shows them, e.g. 'https://example.com'. */
  origin: ExpectedOrigin;
  /** At least 32 random bytes, the same on every server. Default: a fresh secret (one process only). */
  secret?: Uint8Array;
}

/** A refusal of this app's own (not a WebAuthnError): sent as `{ error: code }` with `status`. */
class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

type Body = Record<string, unknown>;

const MAX_BODY_CHARS = 64 * 1024;
const MAX_USERNAME_CHARS = 64;

export function createRelyingParty(config: RelyingPartyConfig): (request: Request) => Promise<Response> {
  const secret = config.secret ?? crypto.getRandomValues(new Uint8Array(32));
  const replays = new MemoryChallengeStore(); // one process; share a Redis/SQL ReplayStore across servers
  const rp = { expectedRPID: config.rpID, expectedOrigin: config.origin };
  const userIDs = new Map<string, string>(); // username -> user handle (base64url)
  const passkeys = new Map<string, { username: string; record: CredentialRecord }>(); // by credential id

  // The registration challenge is bound to the account it was issued for, so the answer cannot be
  // filed under another user handle or username. (A user handle is base64url: it holds no ':'.)
  const accountBinding = (userID: string, username: string) => `${userID}:${username}`;

  const routes = new Map<string, (body: Body) => Promise<Response>>([
    ['/registration/options', async (body) => {
      const username = availableUsername(body.username);
      const userID = generateUserHandle(); // random, never personal data
      const challenge = sealChallenge({ secret, purpose: 'registration', binding: accountBinding(toBase64url(userID), username) });
      return Response.json(generateRegistrationOptions({ rpName: config.rpName, rpID: config.rpID, userName: username, userID, challenge }));
    }],
    ['/registration/verify', async (body) => {
      const username = stringField(body.username, 'invalid_username', MAX_USERNAME_CHARS);
      const userID = stringField(body.userID, 'invalid_user_id', 128);
      const { credential } = await verifyRegistrationResponse({
        response: body.response,
        expectedChallenge: sealedChallenge({ secret, purpose: 'registration', binding: accountBinding(userID, username), store: replays }),
        userID,
        isCredentialIdRegistered: (id) => passkeys.has(id),
        ...rp,
      });
      availableUsername(username); // someone else may have finished signing up with it meanwhile
      userIDs.set(username, userID);
      passkeys.set(credential.id, { username, record: credential });
      return Response.json({ username });
    }],
    ['/authentication/options', async () => {
      // No allowCredentials: the browser offers every passkey it holds for this RP ID. With a
      // pre-sign-in session cookie, also bind the challenge to it (README "Binding").
      const challenge = sealChallenge({ secret, purpose: 'authentication' });
      return Response.json(generateAuthenticationOptions({ rpID: config.rpID, challenge }));
    }],
    ['/authentication/verify', async (body) => {
      const response = body.response as { id?: unknown } | null | undefined;
      const passkey = typeof response?.id === 'string' ? passkeys.get(response.id) : undefined;
      // A real RP also sends signalUnknownCredential() here, so the browser can hide the passkey.
      if (passkey === undefined) throw new RequestError(400, 'unknown_credential');
      const result = await verifyAuthenticationResponse({
        response,
        credential: passkey.record,
        requireUserHandle: true, // discoverable sign-in: the account comes from the user handle (7.2 step 6)
        expectedChallenge: sealedChallenge({ secret, purpose: 'authentication', store: replays }),
        ...rp,
      });
      passkeys.set(passkey.record.id, { ...passkey, record: applySignIn(passkey.record, result.update) });
      return Response.json({ username: passkey.username });
    }],
  ]);

  function availableUsername(value: unknown): string {
    const username = stringField(value, 'invalid_username', MAX_USERNAME_CHARS);
    if (userIDs.has(username)) throw new RequestError(409, 'username_taken');
    return username;
  }

  return async (request) => {
    const route = routes.get(new URL(request.url).pathname);
    if (route === undefined) return Response.json({ error: 'not_found' }, { status: 404 });
    if (request.method !== 'POST') return Response.json({ error: 'method_not_allowed' }, { status: 405, headers: { allow: 'POST' } });
    try {
      return await route(await readJson(request));
    } catch (error) {
      if (isWebAuthnError(error)) return Response.json({ error: error.code }, { status: 400 });
      if (error instanceof RequestError) return Response.json({ error: error.code }, { status: error.status });
      console.error(error); // the server's log only: the client never sees a message or a stack
      return Response.json({ error: 'internal_error' }, { status: 500 });
    }
  };
}

async function readJson(request: Request): Promise<Body> {
  const text = await request.text();
  if (text.length > MAX_BODY_CHARS) throw new RequestError(413, 'body_too_large');
  let body: unknown;
  try {
    body = JSON.parse(text === '' ? '{}' : text);
  } catch {
    throw new RequestError(400, 'malformed_json');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new RequestError(400, 'malformed_json');
  return body as Body;
}

function stringField(value: unknown, code: string, maxLength: number): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) throw new RequestError(400, code);
  return value;
}
