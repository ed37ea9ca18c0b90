import { WebAuthnError } from '../errors.js';
import { fromBase64url, toBase64url } from '../encoding/base64url.js';
import { domainProblem } from './domain.js';

/**
 * Origins reported by native apps, which are not web origins.
 *
 * Android (Credential Manager, Google Play services FIDO2): an app signs in with the origin
 * `android:apk-key-hash:<h>`, where <h> is the unpadded base64url SHA-256 of the app's signing
 * certificate. The app is tied to the RP ID by Digital Asset Links
 * (`https://<rpId>/.well-known/assetlinks.json`, relation
 * `delegate_permission/common.get_login_creds`), which lists the same fingerprint in hex.
 *
 * Apple platforms (AuthenticationServices): there is no app-specific origin. An app with the
 * `webcredentials:<rpId>` associated domain (and the RP's apple-app-site-association file)
 * produces clientDataJSON whose origin is the web origin `https://<rpId>`: see `appleAppOrigin`.
 */

export const ANDROID_APK_KEY_HASH_PREFIX = 'android:apk-key-hash:';

const HEX_COLONS = /^[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){31}$/;
const HEX = /^[0-9a-fA-F]{64}$/;

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function fingerprintBytes(fingerprint: string | Uint8Array): Uint8Array | undefined {
  if (fingerprint instanceof Uint8Array) return fingerprint.length === 32 ? fingerprint : undefined;
  if (typeof fingerprint !== 'string') return undefined;
  if (HEX_COLONS.test(fingerprint)) return hexBytes(fingerprint.replace(/:/g, ''));
  if (HEX.test(fingerprint)) return hexBytes(fingerprint);
  if (fingerprint.length === 43) {
    try {
      return fromBase64url(fingerprint);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * The origin an Android app reports, from the SHA-256 fingerprint of its signing certificate:
 * 32 bytes, 64 hex digits (colon-separated as `keytool -list -v` and assetlinks.json print it, or
 * not), or the 43-character base64url form. With Play App Signing, use the app signing key's
 * fingerprint from the Play Console, not the upload key's.
 */
export function androidApkKeyHashOrigin(sha256CertFingerprint: string | Uint8Array): string {
  const bytes = fingerprintBytes(sha256CertFingerprint);
  if (bytes === undefined) {
    throw new WebAuthnError(
      'invalid_options',
      'androidApkKeyHashOrigin needs the SHA-256 fingerprint of the APK signing certificate: 32 bytes, 64 hex digits (colons allowed) or 43 base64url characters',
    );
  }
  return ANDROID_APK_KEY_HASH_PREFIX + toBase64url(bytes);
}

/** True for `android:apk-key-hash:` followed by exactly the unpadded base64url of 32 bytes. */
export function isAndroidApkKeyHashOrigin(origin: string): boolean {
  if (typeof origin !== 'string' || !origin.startsWith(ANDROID_APK_KEY_HASH_PREFIX)) return false;
  const hash = origin.slice(ANDROID_APK_KEY_HASH_PREFIX.length);
  if (hash.length !== 43) return false;
  try {
    fromBase64url(hash);
    return true;
  } catch {
    return false;
  }
}

/**
 * The origin Apple platforms put in clientDataJSON for a native app's passkey ceremony:
 * `https://<rpId>` (the app must list `webcredentials:<rpId>` in its associated domains). It is
 * the RP's own web origin, so it only needs listing when that origin is not already expected.
 */
export function appleAppOrigin(rpId: string): string {
  const problem = domainProblem(rpId);
  if (problem !== undefined) throw new WebAuthnError('invalid_options', problem);
  return `https://${rpId}`;
}
