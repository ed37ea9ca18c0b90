import { api, busy, clearError, creationOptions, credentialJSON, showError } from '/static/webauthn.js';

const form = document.getElementById('signup-form');
const errorBox = document.getElementById('error');

form.addEventListener('submit', (event) => {
  event.preventDefault();
  clearError(errorBox);
  busy(form.querySelector('button'), async () => {
    try {
      const { options } = await api('/api/signup/options', {
        body: { username: form.username.value, displayName: form.displayName.value },
      });
      const credential = await navigator.credentials.create({ publicKey: creationOptions(options) });
      const { redirect } = await api('/api/signup/verify', { body: { response: credentialJSON(credential) } });
      location.assign(redirect);
    } catch (error) {
      showError(errorBox, error);
    }
  });
});
