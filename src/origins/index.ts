export { checkOrigin, originMatcher, type ExpectedOrigin, type OriginMatcher } from './origin.js';
export { checkCrossOrigin, type CrossOriginClientData, type CrossOriginPolicy } from './cross-origin.js';
export { assertRpConfiguration, checkRpConfiguration, type RpConfiguration, type RpConfigurationCheck } from './rp-id.js';
export {
  buildWellKnownWebauthn,
  DEFAULT_MAX_LABELS,
  relatedOriginsMatcher,
  validateRelatedOrigins,
  WELL_KNOWN_WEBAUTHN_PATH,
  type IgnoredRelatedOrigin,
  type RelatedOriginsOptions,
  type RelatedOriginsReport,
  type WellKnownWebauthnDocument,
} from './related-origins.js';
export { androidApkKeyHashOrigin, appleAppOrigin, isAndroidApkKeyHashOrigin, ANDROID_APK_KEY_HASH_PREFIX } from './native-apps.js';
export { registrableOriginLabel } from './domain.js';
