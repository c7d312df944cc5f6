// Kept out of the HTML so the page runs under a CSP with no inline script.
import { configure } from '/cdn/hearth.js';

// Who the demo visitor is. With `npm start` the page talks to the Hearth server, which
// signs a token for the picked sample member (its demo-only /demo/token route; a real site
// signs tokens in its own backend, see docs/adapters.md). Served without a server (the
// screenshot and e2e scripts), it falls back to the in-browser memory backend, which
// trusts these claims as given.
const VIEWERS = {
  you: { id: 'demo-you', displayName: 'You', role: 'member' },
  maya: { id: 'demo-maya', displayName: 'Maya Chen', role: 'member' },
  sam: { id: 'demo-sam', displayName: 'Sam (Hearth team)', role: 'moderator' },
  guest: null,
};

const picker = document.querySelector('#viewer');
const saved = localStorage.getItem('hearth-brand:viewer');
if (saved && saved in VIEWERS) picker.value = saved;

/** `{ endpoint, community }` of the server `npm start` runs (it tells the page in a meta tag), or null. */
function findServer() {
  const meta = document.querySelector('meta[name="hearth-demo-server"]');
  return meta ? JSON.parse(meta.content) : null;
}

const backend = findServer();

/** The picked viewer, with a token from the demo server when there is one. */
async function signIn(claims) {
  if (!claims || !backend) return claims;
  const res = await fetch(`${backend.endpoint}/demo/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'hearth-community': backend.community },
    body: JSON.stringify(claims),
  });
  if (!res.ok) throw new Error(`The demo server did not sign in ${claims.displayName} (${res.status}).`);
  return { ...claims, token: (await res.json()).token };
}

if (backend) {
  // The markup asks for the memory backend, so it works when served alone; here the server serves instead.
  for (const el of document.querySelectorAll('[adapter="memory"]')) el.removeAttribute('adapter');
  document.querySelector('#backend').textContent = 'on the Hearth server started by npm start (open this page in a second browser to watch it live)';
  // A token expires after an hour; the widgets ask for a new one when it does.
  const refreshToken = async () => (await signIn(VIEWERS[picker.value]))?.token ?? null;
  configure({ endpoint: backend.endpoint, community: backend.community, refreshToken });
  void signIn(VIEWERS[picker.value]).then(
    // A pick made while this first sign-in was under way has the last word.
    (viewer) => picker.dataset.picked || configure({ viewer }),
    (error) => (document.querySelector('#backend').textContent = `on the Hearth server, which could not sign you in: ${error.message}`),
  );
} else {
  // A separate storage key keeps the brand demo apart from the comments-only demo.
  configure({ memory: { seed: 'demo', persist: 'hearth:brand-demo' }, viewer: VIEWERS[picker.value] });
}

picker.addEventListener('change', async () => {
  picker.dataset.picked = 'true';
  const picked = picker.value;
  localStorage.setItem('hearth-brand:viewer', picked);
  const viewer = await signIn(VIEWERS[picked]);
  // Only the latest pick counts when sign-ins finish out of order.
  if (picker.value === picked) configure({ viewer });
});

// The page's own theme switch; widgets with theme="html[data-theme=dark]" follow it.
const theme = document.querySelector('#theme');
theme.value = document.documentElement.dataset.theme ?? 'light';
theme.addEventListener('change', () => {
  document.documentElement.dataset.theme = theme.value;
  // Comments predates the selector form of `theme`; it is told directly.
  for (const el of document.querySelectorAll('[data-follow-theme]')) el.setAttribute('theme', theme.value);
});
for (const el of document.querySelectorAll('[data-follow-theme]')) el.setAttribute('theme', theme.value);

// Every widget inherits the page's language.
document.querySelector('#lang').addEventListener('change', (event) => {
  document.documentElement.lang = event.target.value;
});
