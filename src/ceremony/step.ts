import { WebAuthnError } from '../errors.js';

/**
 * Runs a building block that knows nothing of ceremonies (a parser, the extension checks, COSE
 * key decoding) as one ceremony step: a step-less WebAuthnError it throws is thrown again naming
 * that step, with the same code, message and cause. Configuration mistakes ('invalid_options')
 * stay step-less, like every other one.
 */
export function atStep<T>(step: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof WebAuthnError && e.step === undefined && e.code !== 'invalid_options') {
      throw new WebAuthnError(e.code, e.message, e.cause === undefined ? { step } : { step, cause: e.cause });
    }
    throw e;
  }
}
