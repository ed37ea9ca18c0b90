// The sign-in path as an application imports it: the bundle-size benchmark measures what this reaches.
export { generateAuthenticationOptions, verifyAuthenticationResponse } from 'passkey-rp';
