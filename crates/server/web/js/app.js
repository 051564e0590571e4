// The router: `#/VIEW/ARG?params` picks a view module and renders it into
// `main#view`. A view marks `data-ready` when it has loaded (or failed), so
// that people and tests know when the page is complete.

import { el, errorBox, hash } from './util.js';
import * as timeline from './timeline.js';
import * as event from './event.js';
import * as map from './map.js';
import * as entity from './entity.js';
import * as reader from './reader.js';
import * as search from './search.js';
import * as conflicts from './conflicts.js';

const VIEWS = {
  timeline: timeline.render,
  event: event.render,
  map: map.render,
  entity: entity.render,
  doc: reader.render,
  docs: reader.renderList,
  search: search.render,
  conflicts: conflicts.render,
};

const NAV = { event: 'timeline', doc: 'docs', entity: null };
// The name a view shows in `main#view[data-view]`, where it differs.
const SHOWN = { doc: 'reader' };

let current = null;

function parse() {
  const raw = location.hash.replace(/^#\/?/, '');
  const qi = raw.indexOf('?');
  const path = qi < 0 ? raw : raw.slice(0, qi);
  const params = new URLSearchParams(qi < 0 ? '' : raw.slice(qi + 1));
  const [name, ...rest] = path.split('/');
  return { name: name || 'timeline', arg: rest.length ? decodeURIComponent(rest.join('/')) : null, params };
}

async function route() {
  const main = document.getElementById('view');
  const { name, arg, params } = parse();
  const view = VIEWS[name];
  const key = `${name}/${arg}`;
  for (const a of document.querySelectorAll('nav a')) {
    const on = a.dataset.nav === (name in NAV ? NAV[name] : name);
    if (on) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  // Same document or view with other parameters: let it update in place
  // (scroll to a sentence, open an event) when it can.
  if (current && current.key === key && current.handle && current.handle.update) {
    if (current.handle.update(params) !== false) return;
  }
  main.dataset.view = view ? SHOWN[name] || name : 'missing';
  main.dataset.ready = 'false';
  main.replaceChildren();
  const token = {};
  current = { key, token, handle: null };
  if (!view) {
    main.append(errorBox(`There is no view “${name}”.`), el('p', {}, el('a', { href: hash('timeline') }, 'Open the timeline')));
    main.dataset.ready = 'error';
    return;
  }
  const loading = el('p', { class: 'loading muted', role: 'status' }, 'Loading…');
  main.append(loading);
  main.setAttribute('aria-busy', 'true');
  try {
    const handle = await view(main, arg, params, () => current && current.token === token);
    if (current.token !== token) return;
    current.handle = handle || null;
    main.dataset.ready = 'true';
  } catch (e) {
    if (current.token !== token) return;
    main.append(errorBox(e));
    main.dataset.ready = 'error';
    console.warn(e);
  } finally {
    loading.remove();
    if (current.token === token) main.removeAttribute('aria-busy');
  }
}

function quickSearch(e) {
  e.preventDefault();
  const q = e.target.querySelector('input').value.trim();
  location.hash = hash('search', { q });
}

window.addEventListener('hashchange', route);
window.addEventListener('DOMContentLoaded', () => {
  document.querySelector('form.quick').addEventListener('submit', quickSearch);
  document.querySelector('a.skip').addEventListener('click', (e) => {
    e.preventDefault();
    document.getElementById('view').focus();
  });
  route();
});
