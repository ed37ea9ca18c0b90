/**
 * TPM manufacturers as the AIK certificate names them (tcg-at-tpmManufacturer, "id:" and the
 * four-byte vendor ID in hex), from the TCG "TPM Vendor ID Registry, Family 1.2 and 2.0",
 * version 1.07. WebAuthn L3 section 8.3.1 requires the SAN's manufacturer to be a TPM vendor;
 * an ID outside this table is rejected.
 */
export const TPM_MANUFACTURERS: Readonly<Record<string, string>> = Object.freeze({
  'id:414D4400': 'AMD',
  'id:414E5400': 'Ant Group',
  'id:41544D4C': 'Atmel',
  'id:4252434D': 'Broadcom',
  'id:4353434F': 'Cisco',
  'id:464C5953': 'Flyslice Technologies',
  'id:524F4343': 'Fuzhou Rockchip',
  'id:474F4F47': 'Google',
  'id:48504900': 'HPI',
  'id:48504500': 'HPE',
  'id:48495349': 'Huawei',
  'id:49424D00': 'IBM',
  'id:49465800': 'Infineon',
  'id:494E5443': 'Intel',
  'id:4C454E00': 'Lenovo',
  'id:4D534654': 'Microsoft',
  'id:4E534D20': 'National Semiconductor',
  'id:4E545A00': 'Nationz',
  'id:4E534700': 'NSING',
  'id:4E544300': 'Nuvoton Technology',
  'id:51434F4D': 'Qualcomm',
  'id:534D534E': 'Samsung',
  'id:53454345': 'SecEdge',
  'id:534E5300': 'Sinosun',
  'id:534D5343': 'SMSC',
  'id:53544D20': 'STMicroelectronics',
  'id:54584E00': 'Texas Instruments',
  'id:57454300': 'Winbond',
  'id:5345414C': 'Wisekey',
  // Not a vendor: the ID the FIDO Alliance conformance tools put in their test AIK certificates.
  // Accepting it at statement level is harmless: those certificates chain only to FIDO's test
  // roots, which no production trust anchor list contains.
  'id:FFFFF1D0': 'FIDO Alliance Conformance Testing',
});

/** The vendor name for a tcg-at-tpmManufacturer value (hex digits compared case-insensitively). */
export function tpmManufacturerName(id: string): string | undefined {
  const match = /^id:([0-9A-Fa-f]{8})$/.exec(id);
  return match ? TPM_MANUFACTURERS[`id:${match[1]!.toUpperCase()}`] : undefined;
}
