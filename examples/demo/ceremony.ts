import { fromBase64url, parseClientDataJSON } from 'passkey-rp';

/** What the server remembers between handing out options and verifying the answer. */
export type CeremonyContext = SignUpContext | AddPasskeyContext | SignInContext;

export interface SignUpContext {
  kind: 'signup';
  /** The new account's user handle, as sent in options.user.id. */
  userHandle: string;
  username: string;
  displayName: string;
}

export interface AddPasskeyContext {
  kind: 'add-passkey';
  userId: number;
  /** A security key: attestation 'direct', not discoverable, user verification not required. */
  securityKey: boolean;
}

export type SignInFlow = 'autofill' | 'button' | 'username';

export interface SignInContext {
  kind: 'signin';
  flow: SignInFlow;
  /** The credential IDs offered in allowCredentials (the username flow only). */
  allowCredentials?: string[];
}

/**
 * The challenge a ceremony response answers, read from its clientDataJSON only to look up the
 * ceremony's context; passkey-rp then verifies the challenge itself (and consumes it). Undefined
 * for anything unreadable: the verifier reports what is wrong with it.
 */
export function answeredChallenge(response: unknown): string | undefined {
  const clientDataJSON = (response as { response?: { clientDataJSON?: unknown } } | null)?.response?.clientDataJSON;
  if (typeof clientDataJSON !== 'string') return undefined;
  try {
    return parseClientDataJSON(fromBase64url(clientDataJSON)).challenge;
  } catch {
    return undefined;
  }
}
