import { WebAuthnError } from '../../errors.js';
import type { Certificate, DistinguishedName } from '../../x509/types.js';
import { tpmManufacturerName } from './manufacturers.js';

/** tcg-kp-AIKCertificate (TCG EK Credential Profile section 3.2.16). */
export const TCG_KP_AIK_CERTIFICATE = '2.23.133.8.3';
/** The TPM attributes of the AIK certificate's subjectAltName (TCG EK Credential Profile section 3.2.9). */
export const TCG_AT = {
  tpmManufacturer: '2.23.133.2.1',
  tpmModel: '2.23.133.2.2',
  tpmVersion: '2.23.133.2.3',
} as const;
const SUBJECT_ALT_NAME = '2.5.29.17';

/** What the AIK certificate's subjectAltName says about the TPM. */
export interface TpmDeviceAttributes {
  /** tcg-at-tpmManufacturer, e.g. "id:4E544300". */
  manufacturer: string;
  /** The vendor's name from the TCG TPM Vendor ID Registry, e.g. "Nuvoton Technology". */
  manufacturerName: string;
  /** tcg-at-tpmModel, e.g. "NPCT75x". */
  model: string;
  /** tcg-at-tpmVersion: the TPM firmware version, e.g. "id:00070002". */
  firmwareVersion: string;
}

function fail(message: string): never {
  throw new WebAuthnError('attestation_certificate_invalid', `TPM AIK certificate ${message}`, { step: '8.3.1 tpm' });
}

/**
 * The one value of each tcg-at-tpm attribute in the directoryName. The EK profile puts each in
 * its own RDN; many real TPMs (e.g. Nuvoton, Infineon via Windows) put all three in one
 * multi-valued RDN, in any order. Both are accepted: what matters is that each appears once.
 */
function tpmAttributes(name: DistinguishedName): Record<keyof typeof TCG_AT, string> | undefined {
  const found: Partial<Record<keyof typeof TCG_AT, string>> = {};
  for (const rdn of name.rdns) {
    for (const attribute of rdn) {
      for (const key of Object.keys(TCG_AT) as (keyof typeof TCG_AT)[]) {
        if (attribute.oid !== TCG_AT[key]) continue;
        if (found[key] !== undefined) fail(`subjectAltName has ${key} twice`);
        found[key] = attribute.value;
      }
    }
  }
  const { tpmManufacturer, tpmModel, tpmVersion } = found;
  if (tpmManufacturer === undefined && tpmModel === undefined && tpmVersion === undefined) return undefined;
  if (tpmManufacturer === undefined || tpmModel === undefined || tpmVersion === undefined) {
    fail('subjectAltName lacks one of tcg-at-tpmManufacturer, tcg-at-tpmModel, tcg-at-tpmVersion');
  }
  return { tpmManufacturer, tpmModel, tpmVersion };
}

/**
 * Checks the AIK certificate against WebAuthn L3 section 8.3.1 and returns the TPM's identity
 * from its subjectAltName. The AAGUID extension is checked separately (section 8.3 step list).
 */
export function checkAikCertificate(aik: Certificate): TpmDeviceAttributes {
  // 8.3.1: "Version MUST be set to 3."
  if (aik.version !== 3) fail(`is version ${aik.version}, not 3`);
  // 8.3.1: "Subject field MUST be set to empty."
  if (aik.subject.rdns.length !== 0) fail(`subject must be empty, found "${aik.subject.text}"`);

  // 8.3.1: "The Subject Alternative Name extension MUST be set as defined in [TPMv2-EK-Profile]
  // section 3.2.9." With an empty subject, RFC 5280 section 4.2.1.6 makes it critical.
  const sanExtension = aik.extensions.find((e) => e.oid === SUBJECT_ALT_NAME);
  if (!sanExtension || !aik.subjectAltName) fail('has no subjectAltName');
  if (!sanExtension.critical) fail('subjectAltName must be critical, as the subject is empty');
  let attributes: Record<keyof typeof TCG_AT, string> | undefined;
  for (const name of aik.subjectAltName) {
    if (name.type !== 'directoryName') continue;
    const found = tpmAttributes(name.value);
    if (!found) continue;
    if (attributes) fail('subjectAltName names the TPM twice');
    attributes = found;
  }
  if (!attributes) fail('subjectAltName has no directoryName with the TPM manufacturer, model and version');
  const manufacturerName = tpmManufacturerName(attributes.tpmManufacturer);
  if (manufacturerName === undefined) {
    fail(`names manufacturer "${attributes.tpmManufacturer}", which is not in the TCG TPM Vendor ID Registry`);
  }

  // 8.3.1: "The Extended Key Usage extension MUST contain the OID 2.23.133.8.3."
  if (!aik.extKeyUsage?.includes(TCG_KP_AIK_CERTIFICATE)) fail('extKeyUsage does not contain tcg-kp-AIKCertificate (2.23.133.8.3)');
  // 8.3.1: "The Basic Constraints extension MUST have the CA component set to false."
  if (!aik.basicConstraints) fail('has no basicConstraints');
  if (aik.basicConstraints.ca) fail('basicConstraints has CA set to true');

  return {
    manufacturer: attributes.tpmManufacturer,
    manufacturerName,
    model: attributes.tpmModel,
    firmwareVersion: attributes.tpmVersion,
  };
}
