// Kept out of the HTML so the page runs under a CSP with no inline script.
import { configure } from '/cdn/hearth.js';

configure({ memory: { seed: 'demo' } });

const comments = document.querySelector('community-comments');
document.querySelector('#theme').addEventListener('change', (event) => {
  comments.setAttribute('theme', event.target.value);
});
document.querySelector('#lang').addEventListener('change', (event) => {
  comments.setAttribute('lang', event.target.value);
});
