import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { generateRegistrationOptions, issueChallenge, storedChallenge, toBase64url, verifyRegistrationResponse } from 'passkey-rp';
import { answeredChallenge } from './ceremony.js';
import { DemoError } from './errors.js';
import { nameField, readJSON } from './forms.js';
import type { Services } from './services.js';

/** Sign-up with a passkey and no password: the account is created with its first passkey. */
export function signUpApi({ config, accounts, sessions, challenges }: Services): Hono {
  const api = new Hono();

  api.post('/options', async (c) => {
    const body = await readJSON(c);
    const username = nameField(body.username, 'The username');
    const displayName = body.displayName === undefined || body.displayName === '' ? username : nameField(body.displayName, 'The display name');
    if (accounts.userByUsername(username)) {
      throw new DemoError(409, 'username_taken', 'This username is taken: sign in instead, or pick another one.');
    }
    const session = sessions.ensure(c);
    // The user handle: random, never personal data (WebAuthn L3 section 14.6.1).
    const userID = new Uint8Array(randomBytes(32));
    const challenge = await issueChallenge(
      challenges.withContext({ kind: 'signup', userHandle: toBase64url(userID), username, displayName }),
      { purpose: 'registration', binding: session.idHash },
    );
    // Passkey defaults: a discoverable credential, user verification preferred, attestation 'none'.
    const options = generateRegistrationOptions({ rpName: config.rpName, rpID: config.rpID, userName: username, userDisplayName: displayName, userID, challenge });
    return c.json({ options });
  });

  api.post('/verify', async (c) => {
    const { response } = await readJSON(c);
    const challenge = answeredChallenge(response);
    const context = challenge === undefined ? undefined : challenges.context(challenge, 'registration');
    const signUp = context?.kind === 'signup' ? context : undefined;
    const verified = await verifyRegistrationResponse({
      response,
      expectedChallenge: storedChallenge(challenges, { purpose: 'registration', binding: sessions.read(c)?.idHash }),
      expectedOrigin: config.origin,
      expectedRPID: config.rpID,
      userID: signUp?.userHandle,
      isCredentialIdRegistered: (id) => accounts.credentialExists(id),
    });
    // The challenge was ours and this session's, so its context is too; only its kind can be wrong.
    if (signUp === undefined) throw new DemoError(400, 'wrong_ceremony', 'This passkey was not made for a sign-up.');
    const user = accounts.createUser({ handle: signUp.userHandle, username: signUp.username, displayName: signUp.displayName }, verified.credential);
    sessions.signIn(c, user.id, 'signup');
    return c.json({ redirect: '/account' });
  });

  return api;
}
