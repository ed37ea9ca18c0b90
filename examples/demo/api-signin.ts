import { Hono } from 'hono';
import {
  applySignIn,
  generateAuthenticationOptions,
  issueChallenge,
  signalUnknownCredential,
  storedChallenge,
  verifyAuthenticationResponse,
  type CredentialRecord,
} from 'passkey-rp';
import { answeredChallenge, type SignInContext, type SignInFlow } from './ceremony.js';
import { DemoError } from './errors.js';
import { nameField, readJSON } from './forms.js';
import type { Services } from './services.js';

const FLOWS: readonly SignInFlow[] = ['autofill', 'button', 'username'];

/**
 * Sign-in three ways: autofill (the username field offers passkeys, mediation "conditional"), the
 * passkey button (discoverable: no username), and username first (allowCredentials lists the
 * account's passkeys, so security keys that keep no passkey on them work too).
 */
export function signInApi({ config, accounts, sessions, challenges }: Services): Hono {
  const api = new Hono();

  api.post('/options', async (c) => {
    const body = await readJSON(c);
    const flow = FLOWS.find((f) => f === body.flow);
    if (flow === undefined) throw new DemoError(400, 'invalid_field', `flow must be one of ${FLOWS.join(', ')}.`);
    let allowCredentials: CredentialRecord[] = [];
    if (flow === 'username') {
      // Answering "no such user" tells anyone which usernames exist; a real site may prefer not to.
      const user = accounts.userByUsername(nameField(body.username, 'The username'));
      if (user === undefined) throw new DemoError(404, 'unknown_user', 'No account has this username.');
      allowCredentials = accounts.credentialsOf(user.id);
      if (allowCredentials.length === 0) throw new DemoError(404, 'no_passkeys', 'This account has no passkeys left.');
    }
    const context: SignInContext = { kind: 'signin', flow };
    if (allowCredentials.length > 0) context.allowCredentials = allowCredentials.map((r) => r.id);
    const session = sessions.ensure(c);
    const challenge = await issueChallenge(challenges.withContext(context), { purpose: 'authentication', binding: session.idHash });
    const options = generateAuthenticationOptions({ rpID: config.rpID, challenge, allowCredentials });
    return c.json({ options });
  });

  api.post('/verify', async (c) => {
    const { response } = await readJSON(c);
    const challenge = answeredChallenge(response);
    const context = challenge === undefined ? undefined : challenges.context(challenge, 'authentication');
    const signIn = context?.kind === 'signin' ? context : undefined;

    const id = (response as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') throw new DemoError(400, 'malformed_response', 'The response names no credential.');
    const found = accounts.credential(id);
    if (found === undefined) {
      if (challenge !== undefined) await challenges.consume(challenge);
      // Deleted here, or never registered: the page tells the authenticator, which can then hide it.
      throw new DemoError(404, 'unknown_credential', 'This passkey is not registered here.', {
        unknownCredential: signalUnknownCredential({ rpId: config.rpID, credentialId: id }),
      });
    }
    const user = accounts.userById(found.userId)!;
    const verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: storedChallenge(challenges, { purpose: 'authentication', binding: sessions.read(c)?.idHash }),
      expectedOrigin: config.origin,
      expectedRPID: config.rpID,
      credential: found.record,
      expectedUserHandle: user.handle,
      // Autofill and the button find the account from the passkey's user handle (7.2 step 6).
      requireUserHandle: signIn?.flow !== 'username',
      allowCredentials: signIn?.allowCredentials,
    });
    // 7.2 step 22: store the new counter, backup state and time of use.
    accounts.saveCredential(user.id, applySignIn(found.record, verified.update));
    sessions.signIn(c, user.id, signIn?.flow ?? 'button');
    return c.json({ redirect: '/account' });
  });

  return api;
}
