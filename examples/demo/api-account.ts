import type { Context } from 'hono';
import { Hono } from 'hono';
import {
  deletionImpact,
  describePasskey,
  fromBase64url,
  generateRegistrationOptions,
  issueChallenge,
  removePasskey,
  renamePasskey,
  shouldOfferBackupPasskey,
  signalAllAcceptedCredentials,
  signalCurrentUserDetails,
  storedChallenge,
  verifyRegistrationResponse,
  type CredentialRecord,
} from 'passkey-rp';
import type { User } from './accounts.js';
import { answeredChallenge } from './ceremony.js';
import { DemoError } from './errors.js';
import { nameField, readJSON } from './forms.js';
import type { Session } from './sessions.js';
import type { Services } from './services.js';

/** Registration options for a security key, on top of the passkey defaults. */
const SECURITY_KEY = {
  // Ask the key what it is: its attestation statement (fido-u2f, packed...) is verified and kept.
  attestation: 'direct',
  // U2F keys can neither store a passkey nor verify the user.
  residentKey: 'discouraged',
  userVerification: 'discouraged',
  authenticatorAttachment: 'cross-platform',
  hints: ['security-key'],
} as const;

/** One passkey as the account page lists it. */
function passkeyJSON(records: readonly CredentialRecord[], record: CredentialRecord) {
  const view = describePasskey(record);
  return {
    id: view.id,
    name: view.name,
    customName: view.customName ?? null,
    providerName: view.providerName,
    icon: view.icon ?? null,
    createdAt: view.createdAt,
    lastUsedAt: view.lastUsedAt ?? null,
    backupEligible: view.backupEligible,
    backedUp: view.backedUp,
    transports: view.transports,
    attestationFormat: record.attestationFormat,
    userVerifying: record.uvInitialized,
    signCount: record.signCount,
    /** What the page must warn about before deleting it. */
    deletionWarning: deletionImpact(records, record.id).warning ?? null,
  };
}

/** The account page's API: the passkey list, adding, renaming and deleting passkeys, the display name. */
export function accountApi({ config, accounts, sessions, challenges }: Services): Hono {
  const api = new Hono();
  const rpId = config.rpID;

  function signedIn(c: Context): { session: Session; user: User } {
    const session = sessions.read(c);
    const user = session?.userId == null ? undefined : accounts.userById(session.userId);
    if (session === undefined || user === undefined) throw new DemoError(401, 'signed_out', 'You are signed out.');
    return { session, user };
  }

  /** Tells the user's authenticators which passkeys the account still accepts (the rest may go). */
  const allAccepted = (user: User) =>
    signalAllAcceptedCredentials({ rpId, userId: user.handle, records: accounts.credentialsOf(user.id), session: { userId: user.handle } });
  const userDetails = (user: User) =>
    signalCurrentUserDetails({ rpId, userId: user.handle, name: user.username, displayName: user.displayName, session: { userId: user.handle } });

  api.get('/account', (c) => {
    const { session, user } = signedIn(c);
    const records = accounts.credentialsOf(user.id);
    return c.json({
      user: { username: user.username, displayName: user.displayName },
      signedInWith: session.method,
      passkeys: records.map((r) => passkeyJSON(records, r)),
      offerBackupPasskey: shouldOfferBackupPasskey(records),
      // On every visit, so authenticators catch up with changes made elsewhere.
      signal: { currentUserDetails: userDetails(user), allAcceptedCredentials: allAccepted(user) },
    });
  });

  api.patch('/account', async (c) => {
    const { user } = signedIn(c);
    const displayName = nameField((await readJSON(c)).displayName, 'The display name');
    accounts.setDisplayName(user.id, displayName);
    const updated = { ...user, displayName };
    return c.json({ user: { username: updated.username, displayName }, signal: { currentUserDetails: userDetails(updated) } });
  });

  api.post('/passkeys/options', async (c) => {
    const { session, user } = signedIn(c);
    const securityKey = (await readJSON(c)).securityKey === true;
    const records = accounts.credentialsOf(user.id);
    const challenge = await issueChallenge(challenges.withContext({ kind: 'add-passkey', userId: user.id, securityKey }), {
      purpose: 'registration',
      binding: session.idHash,
    });
    const options = generateRegistrationOptions({
      rpName: config.rpName,
      rpID: rpId,
      userName: user.username,
      userDisplayName: user.displayName,
      userID: fromBase64url(user.handle),
      challenge,
      // An authenticator that already holds one of these refuses to make another (InvalidStateError).
      excludeCredentials: records,
      ...(securityKey ? SECURITY_KEY : {}),
    });
    return c.json({ options });
  });

  api.post('/passkeys/verify', async (c) => {
    const { session, user } = signedIn(c);
    const { response } = await readJSON(c);
    const challenge = answeredChallenge(response);
    const context = challenge === undefined ? undefined : challenges.context(challenge, 'registration');
    const adding = context?.kind === 'add-passkey' && context.userId === user.id ? context : undefined;
    const verified = await verifyRegistrationResponse({
      response,
      expectedChallenge: storedChallenge(challenges, { purpose: 'registration', binding: session.idHash }),
      expectedOrigin: config.origin,
      expectedRPID: rpId,
      requireUserVerification: adding?.securityKey !== true,
      userID: user.handle,
      isCredentialIdRegistered: (id) => accounts.credentialExists(id),
    });
    if (adding === undefined) throw new DemoError(400, 'wrong_ceremony', 'This passkey was not made for this account page.');
    accounts.addCredential(user.id, verified.credential);
    const records = accounts.credentialsOf(user.id);
    return c.json({ passkey: passkeyJSON(records, verified.credential) });
  });

  api.patch('/passkeys/:id', async (c) => {
    const { user } = signedIn(c);
    const found = accounts.credential(c.req.param('id'));
    if (found === undefined || found.userId !== user.id) throw new DemoError(404, 'unknown_credential', 'This account has no such passkey.');
    const renamed = renamePasskey(found.record, (await readJSON(c)).name as string);
    accounts.saveCredential(user.id, renamed);
    return c.json({ passkey: passkeyJSON(accounts.credentialsOf(user.id), renamed) });
  });

  api.delete('/passkeys/:id', (c) => {
    const { user } = signedIn(c);
    const records = accounts.credentialsOf(user.id);
    // deletionImpact throws unknown_credential when the passkey is not this account's. Demo
    // accounts have no password, so the last passkey is the only way in: refuse to delete it
    // (README "Moving users off passwords", step 4).
    if (deletionImpact(records, c.req.param('id')).isLast) {
      throw new DemoError(409, 'last_passkey', 'This is your only passkey: add another one before deleting it, or you could not sign in again.');
    }
    removePasskey(records, c.req.param('id'));
    accounts.deleteCredential(user.id, c.req.param('id'));
    return c.json({ signal: { allAcceptedCredentials: allAccepted(user) } });
  });

  api.post('/signout', (c) => {
    sessions.signOut(c);
    return c.json({ redirect: '/' });
  });

  return api;
}
