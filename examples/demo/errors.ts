import { isWebAuthnError } from 'passkey-rp';

/** A failure of the demo itself (not of a ceremony): a bad form field, no session, a taken username. */
export class DemoError extends Error {
  readonly status: 400 | 401 | 404 | 409 | 413 | 415;
  readonly code: string;
  /** Signal API payloads for the page to pass on, e.g. `{ unknownCredential }`. */
  readonly signal: Record<string, unknown> | undefined;

  constructor(status: DemoError['status'], code: string, message: string, signal?: Record<string, unknown>) {
    super(message);
    this.status = status;
    this.code = code;
    this.signal = signal;
  }
}

export interface ErrorBody {
  error: { code: string; message: string };
  signal?: Record<string, unknown>;
}

/**
 * The JSON body and status for a failed request. passkey-rp's WebAuthnError codes are stable, so
 * the page picks its wording by `code` (origin_mismatch, bad_signature, challenge_expired...).
 */
export function errorResponse(error: unknown): { status: 400 | 401 | 404 | 409 | 413 | 415 | 500; body: ErrorBody } {
  if (isWebAuthnError(error)) return { status: 400, body: { error: { code: error.code, message: error.message } } };
  if (error instanceof DemoError) {
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    if (error.signal !== undefined) body.signal = error.signal;
    return { status: error.status, body };
  }
  return { status: 500, body: { error: { code: 'internal_error', message: 'Something went wrong on the server.' } } };
}
