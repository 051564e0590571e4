// An entity page: its names in every script the sources write it in, its
// mentions by language, its events in time order, the entities it shares
// sentences with, and its mentions with their sentences.

import { api, el, srcText, langBadge, docHash, eventHash, hash, entityLink, stat } from './util.js';
import { humanSpan } from './edtf.js';

const SCRIPTS = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Armenian', /\p{Script=Armenian}/u],
  ['Georgian', /\p{Script=Georgian}/u],
  ['Arabic', /\p{Script=Arabic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Hebrew', /\p{Script=Hebrew}/u],
  ['Han', /\p{Script=Han}/u],
];

/** The script of a name: the first script any of its letters is in. */
export function scriptOf(text) {
  for (const [name, re] of SCRIPTS) if (re.test(text)) return name;
  return 'Other';
}

export async function render(main, id) {
  const [d, tl] = await Promise.all([
    api(`/api/entities/${encodeURIComponent(id)}`),
    api('/api/timeline', { entity: id, limit: 100 }),
  ]);
  const e = d.entity;
  const byScript = new Map();
  for (const a of d.aliases) {
    const s = scriptOf(a.text);
    if (!byScript.has(s)) byScript.set(s, []);
    byScript.get(s).push(a);
  }
  const byLang = new Map();
  for (const a of d.aliases) byLang.set(a.lang, (byLang.get(a.lang) || 0) + a.count);
  const langs = [...byLang.entries()].sort((a, b) => b[1] - a[1]);
  const most = Math.max(1, ...langs.map(([, n]) => n));

  main.append(
    el('h1', {}, e.name, ' ', el('span', { class: `type t-${e.type}` }, e.type)),
    el(
      'p',
      { class: 'meta' },
      stat('mentions', e.mentions),
      ' · ',
      stat('documents', e.documents),
      e.place_kind ? ` · ${e.place_kind}` : '',
      e.lat !== null && e.lon !== null ? [' · ', el('a', { href: hash('map', { focus: e.id }) }, `${e.lat.toFixed(3)}, ${e.lon.toFixed(3)} on the map`)] : '',
      e.place ? ` · gazetteer ${e.place}` : '',
      ' · ',
      el('a', { href: hash('search', { entity: e.id }) }, 'all sentences'),
    ),
    el(
      'section',
      { class: 'aliases' },
      el('h2', {}, 'Names in the sources'),
      el(
        'table',
        {},
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Script'), el('th', { scope: 'col' }, 'Forms (language, times written)'))),
        el(
          'tbody',
          {},
          [...byScript.entries()].map(([script, forms]) =>
            el(
              'tr',
              {},
              el('th', { scope: 'row' }, script),
              el(
                'td',
                {},
                forms.map((a) => el('span', { class: 'alias' }, srcText('span', a.text, a.lang), ' ', langBadge(a.lang), el('span', { class: 'muted small' }, ` ×${a.count}`))),
              ),
            ),
          ),
        ),
      ),
    ),
    el(
      'section',
      { class: 'by-lang' },
      el('h2', {}, 'Mentions by language'),
      el(
        'ul',
        { class: 'bars' },
        langs.map(([lang, n]) => {
          const bar = el('span', { class: 'bar' });
          bar.style.width = `${(100 * n) / most}%`;
          return el('li', {}, el('span', { class: 'bar-label' }, langBadge(lang)), el('span', { class: 'bar-track' }, bar), el('span', { class: 'num' }, String(n)));
        }),
      ),
    ),
    el(
      'section',
      { class: 'entity-timeline' },
      el('h2', {}, 'Events'),
      tl.total
        ? [
            el('p', { class: 'meta' }, `${tl.total} events · `, el('a', { href: hash('timeline', { entity: e.id }) }, 'open on the timeline')),
            el(
              'ol',
              { class: 'event-list' },
              tl.items.map((ev) =>
                el(
                  'li',
                  {},
                  el('span', { class: 'when' }, humanSpan(ev.start, ev.end)),
                  ' ',
                  el('a', { href: eventHash(ev.id) }, ev.label),
                  el('span', { class: 'muted small' }, ` · ${ev.tellings} tellings`),
                ),
              ),
            ),
          ]
        : el('p', { class: 'muted' }, 'No dated event names this entity.'),
    ),
    el(
      'section',
      { class: 'cooccurring' },
      el('h2', {}, 'Named in the same sentences'),
      d.cooccurring.length
        ? el('ul', { class: 'chips' }, d.cooccurring.map((c) => el('li', {}, entityLink(c.id, c), el('span', { class: 'muted small' }, ` ${c.sentences}`))))
        : el('p', { class: 'muted' }, 'None.'),
    ),
    el(
      'section',
      { class: 'mentions' },
      el('h2', {}, 'Mentions', d.mention_total > d.mentions.length ? ` (the first ${d.mentions.length} of ${d.mention_total})` : ''),
      el(
        'ul',
        { class: 'sentences' },
        d.mentions.map((m) =>
          el('li', {}, langBadge(m.lang), ' ', srcText('span', m.sentence, m.lang), ' ', el('a', { class: 'doc-link small', href: docHash(m.doc, m.sentence_start) }, m.doc)),
        ),
      ),
    ),
  );
  return null;
}
