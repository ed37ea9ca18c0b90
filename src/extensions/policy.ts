import { WebAuthnError } from '../errors.js';

/**
 * What to do with an extension output the RP did not request (WebAuthn L3 §7.1 step 18, §7.2
 * step 17: clients and authenticators may add extensions by local policy, and the RP "MUST be
 * prepared to handle such situations, whether it be to ignore the unsolicited extensions or
 * reject"). 'ignore' drops the output and lists its identifier; 'reject' fails the ceremony.
 */
export type UnsolicitedExtensionPolicy = 'ignore' | 'reject';

export function checkPolicy(policy: unknown): UnsolicitedExtensionPolicy {
  if (policy !== 'ignore' && policy !== 'reject') {
    throw new WebAuthnError('invalid_options', 'the unsolicited extension policy must be "ignore" or "reject"');
  }
  return policy;
}

/** Applies the policy to an output nobody asked for: throws, or records it as ignored. */
export function unsolicited(id: string, where: string, policy: UnsolicitedExtensionPolicy, ignored: string[]): void {
  if (policy === 'reject') {
    throw new WebAuthnError('extension_not_requested', `${where} contain "${id.slice(0, 64)}", which was not requested`);
  }
  ignored.push(id);
}

/** Reads a member of the RP's own extension inputs without trusting their shape. */
export function inputOf(requested: unknown, id: string): unknown {
  if (typeof requested !== 'object' || requested === null || !Object.hasOwn(requested, id)) return undefined;
  return (requested as Record<string, unknown>)[id];
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/** Sets an own, enumerable property: safe for keys such as "__proto__" taken from input. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
