// Kept out of the HTML so the page runs under a CSP with no inline script.
import { configure } from '/cdn/hearth.js';

// Who the demo visitor is. The memory backend trusts these claims; a real site passes a
// signed token from its own sign-in instead (see docs/adapters.md).
const VIEWERS = {
  you: { id: 'demo-you', displayName: 'You', role: 'member' },
  maya: { id: 'demo-maya', displayName: 'Maya Chen', role: 'member' },
  sam: { id: 'demo-sam', displayName: 'Sam (Hearth team)', role: 'moderator' },
  guest: null,
};

const picker = document.querySelector('#viewer');
const saved = localStorage.getItem('hearth-brand:viewer');
if (saved && saved in VIEWERS) picker.value = saved;

// A separate storage key keeps the brand demo apart from the comments-only demo.
configure({ memory: { seed: 'demo', persist: 'hearth:brand-demo' }, viewer: VIEWERS[picker.value] });

picker.addEventListener('change', () => {
  localStorage.setItem('hearth-brand:viewer', picker.value);
  configure({ viewer: VIEWERS[picker.value] });
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
