import { WebAuthnError } from '../errors.js';
import type { Clock } from './challenge-types.js';

/** Reads a host-supplied clock; a clock that does not give whole milliseconds is a configuration bug. */
export function readClock(clock: Clock): number {
  const t = clock();
  if (!Number.isSafeInteger(t) || t < 0) {
    throw new WebAuthnError('invalid_options', 'the clock must return whole milliseconds since the epoch');
  }
  return t;
}

export function checkClock(clock: unknown): Clock {
  if (typeof clock !== 'function') throw new WebAuthnError('invalid_options', '"now" must be a function returning milliseconds');
  return clock as Clock;
}

const YEAR_MS = 365 * 24 * 3600 * 1000;

/** A duration option: whole milliseconds, at least `min`, at most a year. */
export function checkDuration(value: unknown, what: string, min = 1): number {
  if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > YEAR_MS) {
    throw new WebAuthnError('invalid_options', `${what} must be a whole number of milliseconds from ${min} to one year`);
  }
  return value as number;
}
