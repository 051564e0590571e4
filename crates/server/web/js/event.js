// One event: its tellings side by side, each with its sentence in its own
// language, document, attribution and cited references, and every
// disagreement between them as a table of claims. No claim is preferred.

import { api, el, srcText, langBadge, docHash, entities, entityLink, joined, hash, eventHash } from './util.js';
import { human, humanSpan } from './edtf.js';

/** The value of a claim, readable: dates with their precision, numbers. */
function claimValue(slot, value) {
  if (slot && slot.startsWith('quantity')) {
    const [a, b] = value.split('/');
    const f = (x) => Number(x).toLocaleString('en');
    return b ? `${f(a)} – ${f(b)}` : f(a);
  }
  return human(value);
}

/** The source of a claim or telling: document, attribution, references. */
function source(doc, start, attribution, references) {
  return [
    el('a', { class: 'doc-link', href: docHash(doc, start), title: 'Open the sentence in the document' }, doc),
    attribution ? el('span', { class: 'attribution' }, ' · according to ', srcText('span', attribution, null)) : null,
    references && references.length
      ? el('ul', { class: 'refs' }, references.map((r) => el('li', {}, r.label ? `[${r.label}] ` : '', srcText('span', r.text || r, null))))
      : null,
  ];
}

/** One disagreement as a table: a row per claim. `works` maps a cited
 *  work's id to the reference entry that cites it, when known. */
export function claimsTable(c, works) {
  return el(
    'section',
    { class: 'conflict', 'data-conflict': c.id },
    el('h3', {}, '⚠ Sources disagree: ', c.about),
    el(
      'table',
      { class: 'claims' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Value'), el('th', { scope: 'col' }, 'Wording'), el('th', { scope: 'col' }, 'Source'), el('th', { scope: 'col' }, 'Sentence'))),
      el(
        'tbody',
        {},
        c.claims.map((cl) =>
          el(
            'tr',
            { class: 'claim' },
            el('td', { class: 'value', 'data-value': cl.value }, el('b', {}, claimValue(c.slot, cl.value)), el('br'), el('code', {}, cl.value)),
            el('td', { class: 'wording' }, srcText('span', cl.wording, cl.lang)),
            el('td', { class: 'source' }, source(cl.doc, cl.start, cl.attributed_to, cl.references.map((w) => (works && works.get(w)) || { text: w }))),
            el('td', { class: 'sentence' }, langBadge(cl.lang), ' ', srcText('span', cl.sentence, cl.lang)),
          ),
        ),
      ),
    ),
  );
}

function telling(t) {
  const time = t.time && t.time.value ? t.time : null;
  return el(
    'article',
    { class: 'telling', lang: null },
    el(
      'header',
      {},
      langBadge(t.lang),
      ' ',
      time ? el('span', { class: 'when', title: `EDTF ${time.value}${time.explicit ? '' : ' (from the narrative)'}` }, human(time.value), time.explicit ? '' : ' *') : el('span', { class: 'when muted' }, 'no date'),
      ' ',
      el('span', { class: 'classes' }, t.classes.join(', ')),
    ),
    srcText('p', t.text, t.lang, { class: 'sentence' }),
    el(
      'footer',
      {},
      source(
        t.doc,
        t.sentence_start,
        t.attribution ? `${t.attribution.source}${t.attribution.noun ? ` (${t.attribution.noun})` : ''}` : null,
        t.references,
      ),
    ),
  );
}

/** Renders event `id` into `container`; resolves when shown. */
export async function show(container, id) {
  const { event: e, conflicts } = await api(`/api/events/${encodeURIComponent(id)}`);
  const names = await entities([...e.places, ...e.participants]);
  const docs = new Set(e.tellings.map((t) => t.doc));
  const works = new Map();
  for (const t of e.tellings) for (const r of t.references) if (r.work && !works.has(r.work)) works.set(r.work, r);
  const section = el(
    'section',
    { class: 'event-detail', 'data-event': e.id, 'aria-labelledby': 'event-title' },
    el('h2', { id: 'event-title', tabindex: '-1' }, e.label),
    el(
      'p',
      { class: 'meta' },
      el('span', { class: 'when' }, humanSpan(e.start, e.end)),
      ` · ${e.tellings.length} tellings in ${docs.size} document${docs.size === 1 ? '' : 's'} · languages ${e.langs.join(', ')} · `,
      el('a', { href: eventHash(e.id) }, 'permalink'),
    ),
    e.places.length ? el('p', { class: 'places' }, 'Where: ', joined(e.places.map((p) => entityLink(p, names.get(p))))) : null,
    e.participants.length ? el('p', { class: 'participants' }, 'Who: ', joined(e.participants.map((p) => entityLink(p, names.get(p))))) : null,
    conflicts.length ? conflicts.map((c) => claimsTable(c, works)) : el('p', { class: 'agree muted' }, 'The tellings do not contradict each other on time, place or figures.'),
    el('h3', {}, 'Tellings side by side'),
    el('p', { class: 'muted small' }, '* date completed from the narrative, not written in the sentence.'),
    el('div', { class: 'tellings' }, e.tellings.map(telling)),
  );
  container.replaceChildren(section);
  return section;
}

export async function render(main, id) {
  main.append(el('p', {}, el('a', { href: hash('timeline') }, '← Timeline')));
  const box = el('div');
  main.append(box);
  await show(box, id);
}
