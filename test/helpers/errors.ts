import { WebAuthnError } from '../../src/errors.js';

/** The WebAuthnError code a call throws, 'no error', or a description of a wrong exception type. */
export function errorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return e instanceof WebAuthnError ? e.code : `not a WebAuthnError: ${String(e)}`;
  }
  return 'no error';
}

/** The same for an async call. */
export async function asyncErrorCode(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
  } catch (e) {
    return e instanceof WebAuthnError ? e.code : `not a WebAuthnError: ${String(e)}`;
  }
  return 'no error';
}

/** The full WebAuthnError an async call throws (to check its step too). */
export async function caught(fn: () => Promise<unknown>): Promise<WebAuthnError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof WebAuthnError) return e;
    throw new Error(`expected a WebAuthnError, got ${String(e)}`);
  }
  throw new Error('expected a WebAuthnError, but the call succeeded');
}
