// Shared by the demo's pages: JSON calls to the server, WebAuthn options and responses as JSON,
// the Signal API, and errors shown by their code.

/** A failed API call: `code` is the server's error code, `signal` any Signal API payloads it sent. */
export class ApiError extends Error {
  constructor(error, signal) {
    super(error.message);
    this.code = error.code;
    this.signal = signal;
  }
}

/** Calls the demo's JSON API; throws an ApiError on an error answer. */
export async function api(path, { method = 'POST', body } = {}) {
  const init = { method, headers: { Accept: 'application/json' } };
  if (method !== 'GET') {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body ?? {});
  }
  const res = await fetch(path, init);
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(data.error ?? { code: `http_${res.status}`, message: `The server answered ${res.status}.` }, data.signal);
  return data;
}

// Fallbacks for browsers without the WebAuthn Level 3 JSON methods.
const fromB64url = (text) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)).buffer;
const toB64url = (buffer) => btoa(String.fromCharCode(...new Uint8Array(buffer))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const descriptors = (list) => (list ?? []).map((d) => ({ ...d, id: fromB64url(d.id) }));

/** PublicKeyCredentialCreationOptions from the server's JSON. */
export function creationOptions(json) {
  if (typeof PublicKeyCredential.parseCreationOptionsFromJSON === 'function') return PublicKeyCredential.parseCreationOptionsFromJSON(json);
  return { ...json, challenge: fromB64url(json.challenge), user: { ...json.user, id: fromB64url(json.user.id) }, excludeCredentials: descriptors(json.excludeCredentials) };
}

/** PublicKeyCredentialRequestOptions from the server's JSON. */
export function requestOptions(json) {
  if (typeof PublicKeyCredential.parseRequestOptionsFromJSON === 'function') return PublicKeyCredential.parseRequestOptionsFromJSON(json);
  return { ...json, challenge: fromB64url(json.challenge), allowCredentials: descriptors(json.allowCredentials) };
}

/** The credential as JSON for the server (RegistrationResponseJSON / AuthenticationResponseJSON). */
export function credentialJSON(credential) {
  if (typeof credential.toJSON === 'function') return credential.toJSON();
  const r = credential.response;
  const response = { clientDataJSON: toB64url(r.clientDataJSON) };
  if (r.attestationObject) {
    response.attestationObject = toB64url(r.attestationObject);
    response.transports = r.getTransports?.() ?? [];
  } else {
    response.authenticatorData = toB64url(r.authenticatorData);
    response.signature = toB64url(r.signature);
    response.userHandle = r.userHandle ? toB64url(r.userHandle) : null;
  }
  return {
    id: credential.id,
    rawId: toB64url(credential.rawId),
    type: credential.type,
    response,
    authenticatorAttachment: credential.authenticatorAttachment ?? null,
    clientExtensionResults: credential.getClientExtensionResults(),
  };
}

const SIGNALS = {
  unknownCredential: 'signalUnknownCredential',
  allAcceptedCredentials: 'signalAllAcceptedCredentials',
  currentUserDetails: 'signalCurrentUserDetails',
};

/** Passes the server's Signal API payloads to the browser, where it has the Signal API. */
export async function signal(payloads) {
  for (const [key, payload] of Object.entries(payloads ?? {})) {
    const method = SIGNALS[key];
    if (method === undefined || typeof PublicKeyCredential[method] !== 'function') continue;
    try {
      await PublicKeyCredential[method](payload);
    } catch (error) {
      console.warn(`${method} failed`, error);
    }
  }
}

// What to tell the user, by passkey-rp error code (server) or DOMException name (browser).
const MESSAGES = {
  origin_mismatch: 'The server expected this page at another address. Check the ORIGIN the demo was started with.',
  rp_id_mismatch: 'The passkey was made for another site (RP ID).',
  bad_signature: 'The passkey’s signature did not verify: the response may have been altered.',
  challenge_mismatch: 'This attempt is no longer valid. Please try again.',
  challenge_expired: 'This took too long. Please try again.',
  challenge_binding_mismatch: 'This attempt was started in another session. Please try again.',
  unknown_credential: 'This passkey is not registered here (it may have been deleted). Your device was told to forget it.',
  user_not_verified: 'Your authenticator did not verify you (PIN or biometrics). Use a passkey that can.',
  user_handle_mismatch: 'This passkey belongs to another account.',
  counter_regression: 'This passkey’s counter went backwards: it may have been cloned.',
  credential_already_registered: 'This passkey is already registered.',
  username_taken: 'This username is taken: sign in instead, or pick another one.',
  unknown_user: 'No account has this username.',
  signed_out: 'You are signed out.',
  NotAllowedError: 'The request was cancelled or timed out, or no passkey was chosen.',
  InvalidStateError: 'This authenticator already holds a passkey for this account. Use another device or security key.',
  SecurityError: 'The browser refused this site’s RP ID. Check the RP_ID and ORIGIN the demo was started with.',
  NotSupportedError: 'This browser or authenticator does not support what was asked.',
};

/** Shows an error in `box`: what happened, its code, and the server's own explanation. */
export function showError(box, error) {
  const code = error instanceof ApiError ? error.code : (error?.name ?? 'Error');
  const text = document.createElement('p');
  text.textContent = MESSAGES[code] ?? error?.message ?? String(error);
  const detail = document.createElement('p');
  detail.className = 'alert-detail';
  const codeEl = document.createElement('code');
  codeEl.className = 'error-code';
  codeEl.textContent = code;
  detail.append(codeEl);
  if (MESSAGES[code] !== undefined && error?.message) detail.append(` ${error.message}`);
  box.replaceChildren(text, detail);
  box.hidden = false;
}

export function clearError(box) {
  box.hidden = true;
  box.replaceChildren();
}

/** Disables `button` while `task` runs. */
export async function busy(button, task) {
  button.disabled = true;
  try {
    return await task();
  } finally {
    button.disabled = false;
  }
}
