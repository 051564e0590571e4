// Shared helpers of the views: building DOM nodes (text only ever goes in
// as text nodes), calling the API, byte offsets, entity names.

const SVG_NS = 'http://www.w3.org/2000/svg';

function build(node, attrs, children) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'on') {
      for (const [ev, fn] of Object.entries(v)) node.addEventListener(ev, fn);
    } else if (k === 'text') {
      node.textContent = String(v);
    } else {
      node.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(node, children);
  return node;
}

/** Appends children: nodes as they are, strings and numbers as text. */
export function append(node, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    node.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** An HTML element: `el('a', {href: '#/x', class: 'y'}, 'text', child)`. */
export function el(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

/** An SVG element. */
export function svg(tag, attrs, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

/** Source text in its language, direction decided by its own letters. */
export function srcText(tag, text, lang, attrs) {
  return el(tag, Object.assign({ lang: lang && lang !== 'und' ? lang : null, dir: 'auto' }, attrs || {}), text);
}

/** A language badge. */
export function langBadge(lang) {
  return el('span', { class: 'lang', title: `language: ${lang}` }, lang || 'und');
}

/** A URL hash for a view: `hash('timeline', {from: '1920'})`. */
export function hash(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v === null || v === undefined || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => q.append(k, x));
    else q.set(k, v);
  }
  const s = q.toString();
  return `#/${path}${s ? `?${s}` : ''}`;
}

/** The reader at a source byte offset (`at`) or at a paragraph (`p`). */
export function docHash(doc, at, p) {
  return hash(`doc/${encodeURIComponent(doc)}`, { at, p });
}

export function entityHash(id) {
  return hash(`entity/${encodeURIComponent(id)}`);
}

export function eventHash(id) {
  return hash(`event/${encodeURIComponent(id)}`);
}

/** An error with the API's message. */
export class ApiError extends Error {}

/** GET an API path with query parameters; resolves to the parsed JSON. */
export async function api(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v === null || v === undefined || v === '') continue;
    if (Array.isArray(v)) {
      if (v.length) q.set(k, v.join(','));
    } else q.set(k, v);
  }
  const url = `${path}${q.toString() ? `?${q}` : ''}`;
  let res;
  try {
    res = await fetch(url, { headers: { Accept: 'application/json' } });
  } catch (e) {
    throw new ApiError(`the server did not answer ${path}: ${e.message}`);
  }
  let body = null;
  try {
    body = await res.json();
  } catch (e) {
    throw new ApiError(`${path} answered ${res.status} without JSON`);
  }
  if (!res.ok) throw new ApiError(body && body.error ? body.error.message : `${path} answered ${res.status}`);
  return body;
}

/** Every item of a paginated list, at most `cap`; returns {items, total}. */
export async function apiAll(path, params, cap = 2000) {
  const items = [];
  let total = 0;
  for (let offset = 0; offset < cap; offset += 100) {
    const page = await api(path, Object.assign({}, params, { offset, limit: 100 }));
    total = page.total;
    items.push(...page.items);
    if (offset + 100 >= page.total) break;
  }
  return { items, total };
}

/** Maps UTF-8 byte offsets of `text` to string (UTF-16) indices. */
export function byteIndex(text) {
  const map = new Map();
  let bytes = 0;
  let i = 0;
  map.set(0, 0);
  for (const ch of text) {
    const cp = ch.codePointAt(0);
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    i += ch.length;
    map.set(bytes, i);
  }
  return (b) => {
    if (map.has(b)) return map.get(b);
    // Not on a character boundary: the next one.
    for (let x = b; x <= bytes; x++) if (map.has(x)) return map.get(x);
    return text.length;
  };
}

/** Text with `<mark>`s over byte ranges [{start, end}] of it. */
export function marked(text, ranges, lang) {
  const at = byteIndex(text);
  const spans = ranges
    .map((r) => [at(r.start), at(r.end)])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const out = srcText('span', '', lang, { class: 'hit-text' });
  let pos = 0;
  for (const [a, b] of spans) {
    if (a < pos) continue;
    if (a > pos) out.append(text.slice(pos, a));
    out.append(el('mark', {}, text.slice(a, b)));
    pos = b;
  }
  if (pos < text.length) out.append(text.slice(pos));
  return out;
}

const names = new Map();

/** Names of entity ids (cached): resolves to a Map id → entity. */
export async function entities(ids) {
  const missing = [...new Set(ids)].filter((id) => !names.has(id));
  for (let i = 0; i < missing.length; i += 100) {
    const chunk = missing.slice(i, i + 100);
    const page = await api('/api/entities', { id: chunk, limit: 100 });
    for (const e of page.items) names.set(e.id, e);
    for (const id of chunk) if (!names.has(id)) names.set(id, null);
  }
  return new Map(ids.map((id) => [id, names.get(id)]));
}

/** A link to an entity page, named by `entity` (a record) or the id. */
export function entityLink(id, entity) {
  return el('a', { href: entityHash(id), class: `entity ${entity ? `t-${entity.type}` : ''}` }, entity ? entity.name : id);
}

/** The error box a view shows when it cannot load. */
export function errorBox(err) {
  return el('p', { class: 'error', role: 'alert' }, err && err.message ? err.message : String(err));
}

/** A small labelled number. */
export function stat(label, value) {
  return el('span', { class: 'stat' }, el('b', {}, String(value)), ` ${label}`);
}

/** `[1, 2]` → `1, 2` as nodes separated by commas. */
export function joined(nodes, sep = ', ') {
  const out = [];
  nodes.forEach((n, i) => {
    if (i) out.push(sep);
    out.push(n);
  });
  return out;
}

/** A short document label. */
export function docLabel(name) {
  return name.length > 32 ? `${name.slice(0, 29)}…` : name;
}
