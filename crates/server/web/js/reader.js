// The document reader: the cleaned text, paragraph by paragraph in its own
// language and direction, with dates, entity mentions and footnote markers
// marked; markers link to the reference entries they point to. Everything
// from the source is inserted as text.

import { api, apiAll, el, srcText, langBadge, byteIndex, docHash, entityHash, hash, stat } from './util.js';
import { human } from './edtf.js';

function sentenceNodes(doc, p, at, s) {
  const a = at(s.text_start);
  const b = at(s.text_end);
  const marks = [];
  for (const t of p.times) {
    if (t.start >= s.text_start && t.end <= s.text_end) marks.push({ lo: at(t.start), hi: at(t.end), t });
  }
  for (const m of p.mentions) {
    if (m.start >= s.text_start && m.end <= s.text_end) marks.push({ lo: at(m.start), hi: at(m.end), m });
  }
  for (const f of p.anchors) {
    if (f.offset > s.text_start && f.offset <= s.text_end) marks.push({ lo: at(f.offset), hi: at(f.offset), f });
  }
  marks.sort((x, y) => x.lo - y.lo || (x.f ? 1 : 0) - (y.f ? 1 : 0) || y.hi - x.hi);
  const span = el('span', { class: 'sent', id: `s-${s.start}`, 'data-start': s.start, 'data-end': s.end, lang: s.lang !== p.lang && s.lang !== 'und' ? s.lang : null });
  let pos = a;
  for (const k of marks) {
    if (k.lo < pos) continue;
    if (k.lo > pos) span.append(p.text.slice(pos, k.lo));
    const text = p.text.slice(k.lo, k.hi);
    if (k.t) {
      span.append(el('time', { class: `t ty-${k.t.type.toLowerCase()}`, title: `${k.t.type}: ${k.t.value}${/^(date|time)$/i.test(k.t.type) ? ` (${human(k.t.value)})` : ''}`, 'data-value': k.t.value }, text));
    } else if (k.m) {
      span.append(
        k.m.entity
          ? el('a', { class: `m t-${k.m.type || 'none'}`, href: entityHash(k.m.entity), title: `${k.m.type || 'entity'}: ${k.m.entity}` }, text)
          : el('span', { class: 'm unlinked', title: 'a name not linked to an entity' }, text),
      );
    } else {
      const label = `[${k.f.label}]`;
      span.append(
        el(
          'sup',
          { class: 'fn' },
          k.f.reference !== null
            ? el('a', { href: docHash(doc, null, k.f.reference), title: 'the reference this marker points to' }, label)
            : el('span', { title: 'no reference entry with this label' }, label),
        ),
      );
    }
    pos = k.hi;
  }
  if (pos < b) span.append(p.text.slice(pos, b));
  return span;
}

function paragraph(doc, p, reference) {
  const at = byteIndex(p.text);
  const node = srcText('p', '', p.lang, { class: `para k-${p.kind}${reference ? ' reference' : ''}`, id: `p-${p.paragraph}`, 'data-lang': p.lang });
  let pos = 0;
  for (const s of p.sentences) {
    const a = at(s.text_start);
    if (a > pos) node.append(p.text.slice(pos, a));
    node.append(sentenceNodes(doc, p, at, s));
    pos = at(s.text_end);
  }
  if (pos < p.text.length) node.append(p.text.slice(pos));
  const side = el('div', { class: 'para-side' }, langBadge(p.lang));
  if (reference) {
    side.append(el('div', { class: 'small muted' }, reference.label ? `ref. ${reference.label}` : 'reference'));
    if (reference.work) side.append(el('a', { class: 'small', href: hash('search', { q: reference.work.split('-')[0] }), title: `cited work ${reference.work}` }, reference.work));
  }
  return el('div', { class: 'para-row' }, side, node);
}

export async function render(main, name, params) {
  const d = await api(`/api/documents/${encodeURIComponent(name)}/annotations`);
  const refs = new Map(d.references.map((r) => [r.paragraph, r]));
  const langs = new Map();
  for (const p of d.paragraphs) langs.set(p.lang, (langs.get(p.lang) || 0) + 1);
  const counts = d.paragraphs.reduce((n, p) => [n[0] + p.times.length, n[1] + p.mentions.filter((m) => m.entity).length, n[2] + p.anchors.length], [0, 0, 0]);
  const article = el('article', { class: 'reader', 'aria-label': `Document ${d.name}` });
  for (const p of d.paragraphs) article.append(paragraph(d.name, p, refs.get(p.paragraph)));
  main.append(
    el('p', {}, el('a', { href: hash('docs') }, '← Documents')),
    el('h1', {}, srcText('span', d.title || d.name, d.main_lang)),
    el(
      'p',
      { class: 'meta' },
      el('code', {}, d.name),
      d.url ? [' · ', el('span', { class: 'url' }, d.url)] : '',
      ` · ${d.format}, ${d.encoding} · `,
      stat('paragraphs', d.paragraphs.length),
      ' · ',
      stat('dates', counts[0]),
      ' · ',
      stat('linked names', counts[1]),
      ' · ',
      stat('footnote markers', counts[2]),
      ' · ',
      stat('references', d.references.length),
    ),
    el('p', { class: 'meta' }, 'Paragraph languages: ', [...langs.entries()].sort((a, b) => b[1] - a[1]).map(([l, n]) => el('span', { class: 'chip' }, langBadge(l), ` ${n}`))),
    el('p', { class: 'legend small' }, el('time', { class: 't' }, 'date'), ' ', el('a', { class: 'm t-PERSON' }, 'person'), ' ', el('a', { class: 'm t-PLACE' }, 'place'), ' ', el('a', { class: 'm t-ORG' }, 'organisation'), ' ', el('sup', { class: 'fn' }, '[1]'), ' footnote marker'),
    article,
  );
  function go(p) {
    let target = null;
    const at = p.get('at');
    const para = p.get('p');
    for (const x of article.querySelectorAll('.target')) x.classList.remove('target');
    if (at !== null) {
      const b = Number(at);
      target = [...article.querySelectorAll('.sent')].find((s) => Number(s.dataset.start) <= b && b < Number(s.dataset.end));
    } else if (para !== null) {
      target = article.querySelector(`#p-${CSS.escape(para)}`);
    }
    if (target) {
      target.classList.add('target');
      target.setAttribute('tabindex', '-1');
      target.scrollIntoView({ block: 'center' });
      target.focus({ preventScroll: true });
    }
  }
  go(params);
  return {
    update(next) {
      go(next);
      return true;
    },
  };
}

export async function renderList(main) {
  const { items, total } = await apiAll('/api/documents', {}, 5000);
  main.append(
    el('h1', {}, 'Documents'),
    el('p', { class: 'meta' }, `${total} documents`),
    el(
      'table',
      { class: 'docs' },
      el('thead', {}, el('tr', {}, ['Document', 'Title', 'Language', 'Format', 'Paragraphs', 'Sentences', 'References'].map((h) => el('th', { scope: 'col' }, h)))),
      el(
        'tbody',
        {},
        items.map((d) =>
          el(
            'tr',
            {},
            el('td', {}, el('a', { href: docHash(d.name) }, d.name)),
            el('td', {}, d.title ? srcText('span', d.title, d.main_lang) : ''),
            el('td', {}, d.main_lang ? langBadge(d.main_lang) : ''),
            el('td', {}, d.format),
            el('td', { class: 'num' }, String(d.paragraph_count)),
            el('td', { class: 'num' }, String(d.sentence_count)),
            el('td', { class: 'num' }, String(d.reference_count)),
          ),
        ),
      ),
    ),
  );
  return null;
}

