import { api, busy, clearError, credentialJSON, requestOptions, showError, signal } from '/static/webauthn.js';

const form = document.getElementById('username-form');
const passkeyButton = document.getElementById('passkey-button');
const errorBox = document.getElementById('error');
/** The autofill request waiting in the background, if any. */
let autofill;

/** One sign-in: options from the server, the browser's get(), the answer verified by the server. */
async function signIn(flow, mediation, controller, username) {
  const { options } = await api('/api/signin/options', { body: { flow, username } });
  if (mediation === 'conditional') document.body.dataset.autofill = 'waiting';
  const credential = await navigator.credentials.get({ publicKey: requestOptions(options), mediation, signal: controller?.signal });
  const { redirect } = await api('/api/signin/verify', { body: { response: credentialJSON(credential) } });
  location.assign(redirect);
}

async function fail(error) {
  if (error?.name === 'AbortError') return; // we cancelled it ourselves
  await signal(error?.signal); // e.g. an unknown passkey: the authenticator may hide it
  showError(errorBox, error);
}

/** Autofill: the username field offers this site's passkeys (mediation "conditional"). */
async function startAutofill() {
  if (autofill !== undefined || !(await PublicKeyCredential.isConditionalMediationAvailable?.())) return;
  const controller = new AbortController();
  autofill = controller;
  try {
    await signIn('autofill', 'conditional', controller);
  } catch (error) {
    await fail(error);
  } finally {
    if (autofill === controller) autofill = undefined;
    delete document.body.dataset.autofill;
  }
}

/** A modal sign-in replaces the autofill request: a page may have only one get() at a time. */
function modal(button, flow, username) {
  clearError(errorBox);
  autofill?.abort();
  autofill = undefined;
  return busy(button, () => signIn(flow, undefined, undefined, username).catch(fail));
}

passkeyButton.addEventListener('click', () => modal(passkeyButton, 'button'));
form.addEventListener('submit', (event) => {
  event.preventDefault();
  modal(form.querySelector('button'), 'username', form.username.value);
});
// Offer autofill again once the field is used after a cancelled or failed attempt.
form.username.addEventListener('focus', () => startAutofill());
startAutofill();
