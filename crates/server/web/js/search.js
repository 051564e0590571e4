// The search page: one query over every language and script, with the
// expansion shown (which stems, spellings and entity names were searched),
// facets that filter, highlighted hits linking into the reader, and paging.

import { api, append, el, marked, langBadge, docHash, hash, entityHash, joined, srcText } from './util.js';

const FACETS = [
  ['lang', 'Language'],
  ['doc', 'Document'],
  ['entity', 'Entity'],
  ['place', 'Place'],
  ['type', 'Event type'],
];
const PAGE = 20;

function paramsOf(params) {
  const out = { q: params.get('q') || '' };
  for (const [k] of FACETS) out[k] = params.getAll(k).flatMap((v) => v.split(',')).filter(Boolean);
  for (const k of ['from', 'to', 'unit', 'offset']) out[k] = params.get(k) || '';
  out.expand = params.get('expand') !== 'false';
  return out;
}

function link(state, change) {
  const s = Object.assign({}, state, change);
  return hash('search', { q: s.q, lang: s.lang, doc: s.doc, entity: s.entity, place: s.place, type: s.type, from: s.from, to: s.to, unit: s.unit, offset: s.offset || null, expand: s.expand ? null : 'false' });
}

function facet(state, name, title, values) {
  if (!values || !values.length) return null;
  return el(
    'section',
    { class: 'facet', 'data-facet': name },
    el('h3', {}, title),
    el(
      'ul',
      {},
      values.map((v) => {
        const on = state[name].includes(v.value);
        const next = on ? state[name].filter((x) => x !== v.value) : [...state[name], v.value];
        return el(
          'li',
          {},
          el(
            'button',
            {
              type: 'button',
              'data-value': v.value,
              'aria-pressed': on ? 'true' : 'false',
              on: { click: () => (location.hash = link(state, { [name]: next, offset: '' })) },
            },
            name === 'lang' ? langBadge(v.value) : srcText('span', v.label || v.value, null),
            el('span', { class: 'count' }, String(v.count)),
          ),
        );
      }),
    ),
  );
}

function expansion(parts) {
  const rows = parts.filter((p) => p.text);
  if (!rows.length) return null;
  return el(
    'details',
    { class: 'expansion' },
    el('summary', {}, 'How the query was expanded across scripts'),
    el(
      'ul',
      {},
      rows.map((p) =>
        el(
          'li',
          {},
          el('b', {}, srcText('span', p.text, null)),
          ': stems ',
          (p.stems || []).join(', ') || '—',
          p.fold ? `; spelling without accents ${p.fold}` : '',
          p.roman && p.roman.length ? `; transliteration keys ${p.roman.join(', ')}` : '',
          p.entities && p.entities.length
            ? ['; entities ', joined(p.entities.map((e) => el('span', {}, el('a', { href: entityHash(e.id) }, e.name), ' (', joined(e.forms.map((f) => srcText('span', f, null))), ')')), '; ')]
            : '',
        ),
      ),
    ),
  );
}

export async function render(main, _arg, params, alive) {
  const state = paramsOf(params);
  const form = el(
    'form',
    {
      class: 'controls search-form',
      role: 'search',
      on: {
        submit: (e) => {
          e.preventDefault();
          const fd = new FormData(form);
          location.hash = link(state, { q: fd.get('q').trim(), unit: fd.get('unit'), expand: fd.get('expand') === 'on', offset: '' });
        },
      },
    },
    el('label', { class: 'sr', for: 'search-q' }, 'Query'),
    el('input', { id: 'search-q', name: 'q', type: 'search', value: state.q, size: 40, placeholder: 'Shusha, Шуша, "armored train", Baku OR Ganja, -Tiflis' }),
    el('label', {}, ' in ', el('select', { name: 'unit' }, [['sentence', 'sentences'], ['paragraph', 'paragraphs']].map(([v, t]) => el('option', { value: v, selected: (state.unit || 'sentence') === v }, t)))),
    el('label', {}, ' ', el('input', { type: 'checkbox', name: 'expand', checked: state.expand }), ' other scripts and names'),
    el('button', { type: 'submit' }, 'Search'),
  );
  main.append(el('h1', {}, 'Search'), form);
  const filtered = FACETS.some(([k]) => state[k].length) || state.from || state.to;
  if (!state.q && !filtered) {
    main.append(el('p', { class: 'muted' }, 'Words are all required; "quotes" make a phrase; OR joins alternatives; -word excludes. A name in one script also finds its other scripts and inflections.'));
    return null;
  }
  const offset = Number(state.offset) || 0;
  const res = await api('/api/search', {
    q: state.q,
    lang: state.lang,
    doc: state.doc,
    entity: state.entity,
    place: state.place,
    type: state.type,
    from: state.from,
    to: state.to,
    unit: state.unit,
    expand: state.expand ? null : 'false',
    offset,
    limit: PAGE,
  });
  if (!alive()) return null;
  const active = FACETS.flatMap(([k, title]) => state[k].map((v) => el('li', {}, el('a', { href: link(state, { [k]: state[k].filter((x) => x !== v), offset: '' }), class: 'chip', title: 'remove this filter' }, `${title}: ${v} ✕`))));
  const hits = el(
    'ol',
    { class: 'hits', start: offset + 1 },
    res.hits.map((h) =>
      el(
        'li',
        { class: 'hit', 'data-lang': h.lang },
        el('div', { class: 'hit-head' }, langBadge(h.lang), ' ', el('a', { class: 'doc-link', href: docHash(h.doc, h.start) }, h.doc), el('span', { class: 'muted small' }, ` ¶${h.paragraph + 1}${h.sentence !== null && h.sentence !== undefined ? ` · sentence ${h.sentence + 1}` : ''}`), h.types.length ? el('span', { class: 'small' }, ` · ${h.types.join(', ')}`) : ''),
        el('p', {}, marked(h.text, h.highlights, h.lang)),
      ),
    ),
  );
  const pager = el(
    'div',
    { class: 'pager' },
    offset > 0 ? el('button', { type: 'button', class: 'prev', on: { click: () => (location.hash = link(state, { offset: String(Math.max(0, offset - PAGE)) })) } }, '← Previous') : null,
    ` ${res.total ? offset + 1 : 0}–${offset + res.hits.length} of ${res.total}${res.total_exact ? '' : '+'} `,
    offset + PAGE < res.total ? el('button', { type: 'button', class: 'next', on: { click: () => (location.hash = link(state, { offset: String(offset + PAGE) })) } }, 'Next →') : null,
  );
  append(main, [
    active.length ? el('ul', { class: 'active-filters' }, active) : null,
    expansion(res.query && res.expansion ? res.expansion : []),
    el(
      'div',
      { class: 'search-layout' },
      el('aside', { class: 'facets', 'aria-label': 'Filters' }, FACETS.map(([k, t]) => facet(state, k, t, res.facets && res.facets[k]))),
      el('div', { class: 'results' }, el('p', { class: 'meta' }, `${res.total}${res.total_exact ? '' : '+'} ${state.unit === 'paragraph' ? 'paragraphs' : 'sentences'}`), res.hits.length ? hits : el('p', { class: 'empty' }, 'Nothing found. Remove a filter, or try another spelling.'), pager),
    ),
  ]);
  return null;
}
