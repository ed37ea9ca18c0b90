import { WebAuthnError } from '../errors.js';
import type { AuthenticatorFlags } from '../parse/authenticator-data.js';

/** UP must be set (7.1 step 13, 7.2 step 14), except for conditional create (L3: mediation "conditional"). */
export function checkUserPresent(flags: AuthenticatorFlags, step: string, allowAbsent = false): void {
  if (!flags.up && !allowAbsent) {
    throw new WebAuthnError('user_not_present', 'the authenticator did not report user presence (UP flag)', { step });
  }
}

/** UV must be set when the RP requires user verification (7.1 step 14, 7.2 step 15). */
export function checkUserVerified(flags: AuthenticatorFlags, required: boolean, step: string): void {
  if (required && !flags.uv) {
    throw new WebAuthnError('user_not_verified', 'user verification was required but the UV flag is not set', { step });
  }
}

/** A credential that is not backup eligible cannot be backed up (WebAuthn L3 section 6.1.3). */
export function checkBackupFlags(flags: AuthenticatorFlags, step: string): void {
  if (flags.bs && !flags.be) {
    throw new WebAuthnError('backup_flags_invalid', 'the BS flag is set but the BE flag is not', { step });
  }
}
