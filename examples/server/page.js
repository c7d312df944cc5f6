// Points every widget at a Hearth server, as a host site does once its member has signed in.
// Everything comes from the query: ?endpoint=…&community=…&id=…&name=…&token=… (the token is
// one the host site signed with the community's secret). Kept out of the HTML so the page runs
// under a CSP with no inline script.
import { configure } from '/cdn/hearth.js';

const query = new URLSearchParams(location.search);
const endpoint = query.get('endpoint');
const token = query.get('token');
if (!endpoint) throw new Error('Open this page with ?endpoint=<the Hearth server URL> (and community, id, name, token).');

const viewer = token ? { id: query.get('id') ?? '', displayName: query.get('name') ?? '', token } : null;
configure({ endpoint, community: query.get('community') ?? undefined, viewer });
document.querySelector('#who').textContent = viewer ? `Signed in as ${viewer.displayName}` : 'Signed out';
