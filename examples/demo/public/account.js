import { api, busy, clearError, creationOptions, credentialJSON, showError, signal } from '/static/webauthn.js';

const $ = (id) => document.getElementById(id);
const errorBox = $('error');
const list = $('passkeys');
const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

const SIGNED_IN_WITH = {
  signup: 'just created this account',
  autofill: 'signed in with autofill',
  button: 'signed in with the passkey button',
  username: 'signed in with your username and a passkey',
};

const WARNINGS = {
  'last-passkey': 'This is your only passkey, so it cannot be deleted: without it you could not sign in again. Add another passkey first.',
  'no-backup-left': 'After this, none of your passkeys is backed up: losing that one device would lock you out.',
};

let passkeys = [];

function notice(text) {
  $('notice').textContent = text;
  $('notice').hidden = false;
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** One row of the list. Every string is data: set as text, never as HTML. */
function passkeyItem(p) {
  const item = el('li', 'passkey');
  item.dataset.id = p.id;
  const icon = el('img', 'passkey-icon');
  icon.alt = '';
  icon.src = p.icon?.light ?? '/static/key.svg';
  const info = el('div', 'passkey-info');
  info.append(el('div', 'passkey-name', p.name));
  const facts = [];
  if (p.customName) facts.push(p.providerName);
  facts.push(p.backedUp ? 'Backed up' : p.backupEligible ? 'Not backed up yet' : 'Device-bound');
  facts.push(`Created ${when.format(new Date(p.createdAt))}`);
  facts.push(p.lastUsedAt ? `Last used ${when.format(new Date(p.lastUsedAt))}` : 'Never used to sign in');
  info.append(el('div', 'passkey-meta', facts.join(' · ')));
  const tech = [`attestation ${p.attestationFormat}`, `counter ${p.signCount}`, p.userVerifying ? 'verifies you' : 'presence only'];
  if (p.transports.length > 0) tech.push(p.transports.join(', '));
  const techLine = el('div', 'passkey-tech', tech.join(' · '));
  techLine.dataset.attestation = p.attestationFormat;
  techLine.dataset.counter = String(p.signCount);
  info.append(techLine);
  const actions = el('div', 'passkey-actions');
  const rename = el('button', 'link rename', 'Rename');
  rename.addEventListener('click', () => openRename(p));
  const remove = el('button', 'link danger delete', 'Delete');
  remove.addEventListener('click', () => openDelete(p));
  actions.append(rename, remove);
  item.append(icon, info, actions);
  return item;
}

function render() {
  list.replaceChildren(...passkeys.map(passkeyItem));
  $('empty').hidden = passkeys.length > 0;
  $('passkey-count').textContent = String(passkeys.length);
}

/** Fills the page from the server; on arrival, also brings the authenticators up to date. */
async function load({ arriving = false } = {}) {
  try {
    const data = await api('/api/account', { method: 'GET' });
    $('display-name').textContent = data.user.displayName;
    $('display-name-input').value = data.user.displayName;
    $('username').textContent = data.user.username;
    $('signed-in-with').textContent = SIGNED_IN_WITH[data.signedInWith] ?? '';
    $('backup-advice').hidden = !data.offerBackupPasskey;
    passkeys = data.passkeys;
    render();
    if (arriving) await signal(data.signal);
    document.body.dataset.ready = 'true';
  } catch (error) {
    if (error.code === 'signed_out') location.assign('/');
    else showError(errorBox, error);
  }
}

async function addPasskey(button, securityKey) {
  clearError(errorBox);
  $('notice').hidden = true;
  await busy(button, async () => {
    try {
      const { options } = await api('/api/passkeys/options', { body: { securityKey } });
      const credential = await navigator.credentials.create({ publicKey: creationOptions(options) });
      const { passkey } = await api('/api/passkeys/verify', { body: { response: credentialJSON(credential) } });
      notice(`Added “${passkey.name}”.`);
      await load();
    } catch (error) {
      showError(errorBox, error);
    }
  });
}

$('add-passkey').addEventListener('click', (e) => addPasskey(e.currentTarget, false));
$('add-security-key').addEventListener('click', (e) => addPasskey(e.currentTarget, true));

let renaming;
function openRename(p) {
  renaming = p;
  $('rename-input').value = p.customName ?? p.name;
  $('rename-dialog').showModal();
}
$('rename-dialog').addEventListener('close', async () => {
  if ($('rename-dialog').returnValue !== 'save' || renaming === undefined) return;
  clearError(errorBox);
  try {
    await api(`/api/passkeys/${encodeURIComponent(renaming.id)}`, { method: 'PATCH', body: { name: $('rename-input').value } });
    await load();
  } catch (error) {
    showError(errorBox, error);
  }
});

let deleting;
function openDelete(p) {
  deleting = p;
  $('delete-name').textContent = p.name;
  const warning = WARNINGS[p.deletionWarning];
  $('delete-warning').textContent = warning ?? 'You can still sign in with your other passkeys.';
  $('delete-warning').classList.toggle('warning', warning !== undefined);
  // The server refuses to delete the last passkey too; the page does not offer it.
  $('delete-dialog').querySelector('button[value=delete]').disabled = p.deletionWarning === 'last-passkey';
  $('delete-dialog').showModal();
}
$('delete-dialog').addEventListener('close', async () => {
  if ($('delete-dialog').returnValue !== 'delete' || deleting === undefined) return;
  clearError(errorBox);
  try {
    const res = await api(`/api/passkeys/${encodeURIComponent(deleting.id)}`, { method: 'DELETE' });
    // Tell the authenticators which passkeys still work here: they can drop the deleted one.
    await signal(res.signal);
    notice(`Deleted “${deleting.name}”.`);
    await load();
  } catch (error) {
    showError(errorBox, error);
  }
});

$('display-name-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  clearError(errorBox);
  try {
    const res = await api('/api/account', { method: 'PATCH', body: { displayName: $('display-name-input').value } });
    $('display-name').textContent = res.user.displayName;
    // Authenticators show the new name in their account pickers.
    await signal(res.signal);
    notice('Display name saved.');
  } catch (error) {
    showError(errorBox, error);
  }
});

$('sign-out').addEventListener('click', async () => {
  const { redirect } = await api('/api/signout');
  location.assign(redirect);
});

load({ arriving: true });
