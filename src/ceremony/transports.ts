import type { AuthenticatorTransport } from '../types.js';

const KNOWN = new Set<string>(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);

/**
 * The known transports in `values`, once each, in order. The record type is a closed union, and
 * Level 1 clients threw on unknown enum values: a new transport arrives with a library update.
 */
export function knownTransports(values: readonly unknown[]): AuthenticatorTransport[] {
  return [...new Set(values.filter((t): t is AuthenticatorTransport => typeof t === 'string' && KNOWN.has(t)))];
}
