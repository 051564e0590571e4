// The timeline: events drawn as spans of their own precision on a zoomable
// axis (centuries down to hours), optionally in lanes by place or entity.
// Times of day that tellings give are ticks inside their event; an event
// whose sources disagree is marked and opens with the comparison.

import { apiAll, el, entities, entityLink, hash, errorBox } from './util.js';
import { eventInterval, interval, human, humanSpan, dayText, edtfDay, STEPS, ticks, HOUR, DAY } from './edtf.js';
import { show as showEvent } from './event.js';

const ROW = 24;
const LABEL = 170;
const MIN_SPAN = 2 * HOUR;
const MAX_SPAN = 3000 * 365.25 * DAY;

function controls(params, apply) {
  const field = (name, label, placeholder) =>
    el('label', {}, label, ' ', el('input', { name, value: params.get(name) || '', placeholder, size: 11, 'aria-describedby': 'edtf-help' }));
  const group = el(
    'select',
    { name: 'group' },
    [['none', 'one lane'], ['place', 'place'], ['entity', 'entity']].map(([v, t]) => el('option', { value: v, selected: (params.get('group') || 'none') === v }, t)),
  );
  const form = el(
    'form',
    { class: 'controls', on: { submit: (e) => { e.preventDefault(); apply(new FormData(form)); } } },
    field('from', 'From', '1920-04-27'),
    field('to', 'to', '1920-04-28'),
    el('label', {}, 'Group by ', group),
    el('button', { type: 'submit' }, 'Show'),
    el('span', { id: 'edtf-help', class: 'muted small' }, 'Dates in EDTF: 1920, 1920-04, 1920-04-27.'),
  );
  return form;
}

function groupKey(e, by) {
  if (by === 'place') return e.places[0] || null;
  if (by === 'entity') return e.participants[0] || e.places[0] || null;
  return '';
}

export async function render(main, _arg, params, alive) {
  const filter = {
    from: params.get('from'),
    to: params.get('to'),
    entity: params.get('entity'),
    place: params.get('place'),
    lang: params.get('lang'),
  };
  const by = params.get('group') || 'none';
  const go = (extra) => {
    const p = Object.fromEntries([...params.entries()].filter(([k]) => k !== 'event'));
    location.hash = hash('timeline', Object.assign(p, extra));
  };
  const named = await entities([filter.entity, filter.place].filter(Boolean));
  const nameOf = (id) => (named.get(id) ? named.get(id).name : id);
  main.append(
    el('h1', {}, 'Timeline', filter.entity ? ` of ${nameOf(filter.entity)}` : '', filter.place ? ` at ${nameOf(filter.place)}` : ''),
    controls(params, (fd) => go({ from: fd.get('from'), to: fd.get('to'), group: fd.get('group') })),
  );
  const [{ items: events, total }, { items: conflicts }] = await Promise.all([
    apiAll('/api/events', filter, 1000),
    apiAll('/api/conflicts', {}, 5000),
  ]);
  if (!alive()) return null;
  const disputed = new Set(conflicts.map((c) => c.event));
  const ids = new Set();
  for (const e of events) [...e.places, ...e.participants].forEach((x) => ids.add(x));
  const names = by === 'none' ? new Map() : await entities([...ids]);

  const items = [];
  let undated = 0;
  for (const e of events) {
    const iv = eventInterval(e.start, e.end);
    if (!iv) {
      undated += 1;
      continue;
    }
    const times = [];
    for (const t of e.tellings) {
      const v = t.time && t.time.value;
      if (v && v.includes('T') && !v.includes('/')) {
        const i = interval(v);
        if (i) times.push({ t: i.lo, value: v, doc: t.doc, who: t.attribution ? t.attribution.source : null });
      }
    }
    items.push({ e, lo: iv.lo, hi: iv.hi, times, disputed: disputed.has(e.id), group: groupKey(e, by) });
  }

  let mapLink = null;
  const summary = el(
    'p',
    { class: 'meta' },
    `${items.length} events`,
    total > events.length ? ` (the first ${events.length} of ${total}; narrow the window)` : '',
    undated ? ` · ${undated} without a date` : '',
    ` · ${items.filter((i) => i.disputed).length} with disagreeing sources (⚠)`,
    ' · ',
    (mapLink = el('a', { href: hash('map', { from: filter.from, to: filter.to }), title: 'the places of the events in the window shown' }, 'these places on the map')),
  );
  main.append(summary);
  if (!items.length) {
    main.append(el('p', { class: 'empty' }, 'No dated events in this window. Widen it or clear the filters.'));
    return null;
  }

  // The view: the asked window, else everything with a margin.
  let v0;
  let v1;
  const wf = interval(filter.from);
  const wt = interval(filter.to);
  if (wf || wt) {
    v0 = wf ? wf.lo : Math.min(...items.map((i) => i.lo));
    v1 = wt ? wt.hi : Math.max(...items.map((i) => i.hi));
  } else {
    v0 = Math.min(...items.map((i) => i.lo));
    v1 = Math.max(...items.map((i) => i.hi));
    const pad = (v1 - v0) * 0.03 + DAY;
    v0 -= pad;
    v1 += pad;
  }

  // Groups, in the order of their first event.
  const groups = new Map();
  for (const it of items.sort((a, b) => a.lo - b.lo || b.hi - a.hi)) {
    if (!groups.has(it.group)) groups.set(it.group, []);
    groups.get(it.group).push(it);
  }

  const zoomLabel = el('span', { class: 'zoom-label muted small' });
  const toolbar = el(
    'div',
    { class: 'toolbar', role: 'toolbar', 'aria-label': 'Zoom the timeline' },
    el('button', { type: 'button', on: { click: () => zoom(0.5) }, title: 'Zoom in (+)' }, '+ Zoom in'),
    el('button', { type: 'button', on: { click: () => zoom(2) }, title: 'Zoom out (−)' }, '- Zoom out'),
    el('button', { type: 'button', on: { click: () => pan(-0.25) }, title: 'Earlier (←)' }, '← Earlier'),
    el('button', { type: 'button', on: { click: () => pan(0.25) }, title: 'Later (→)' }, 'Later →'),
    el('button', { type: 'button', on: { click: () => fit() } }, 'Fit'),
    zoomLabel,
  );
  const axis = el('div', { class: 'tl-axis', 'aria-hidden': 'true' });
  const body = el('div', { class: 'tl-body' });
  const tl = el(
    'div',
    { class: 'tl', tabindex: '0', role: 'group', 'aria-label': 'Timeline: + and − zoom, arrow keys move; Tab reaches the events' },
    axis,
    body,
  );
  const detail = el('div', { class: 'tl-detail' });
  const list = el('ol', { class: 'event-list' });
  const legend = el(
    'p',
    { class: 'legend small muted' },
    'Each bar spans the precision its sources give (a day, a month, a year); ',
    el('span', { class: 'tl-time-key' }),
    ' a time of day a telling gives; ',
    el('span', { class: 'ev-key disputed' }, '⚠'),
    ' sources disagree. Drag or use the arrow keys to move, the wheel or + and − to zoom.',
  );
  main.append(toolbar, tl, legend, detail, el('h2', {}, 'Events in time order'), list);

  const lanes = [];
  for (const [key, its] of groups) {
    const rows = el('div', { class: 'tl-rows' });
    const label =
      by === 'none'
        ? null
        : el('div', { class: 'tl-glabel' }, key ? entityLink(key, names.get(key)) : el('span', { class: 'muted' }, `no ${by}`));
    const lane = el('div', { class: `tl-group${label ? '' : ' single'}` }, label, rows);
    body.append(lane);
    for (const it of its) {
      const iv = humanSpan(it.e.start, it.e.end);
      it.bar = el(
        'button',
        {
          type: 'button',
          class: `ev${it.disputed ? ' disputed' : ''}`,
          'data-event': it.e.id,
          title: `${it.e.label}\n${iv}\n${it.e.tellings.length} tellings${it.disputed ? '\nSources disagree' : ''}`,
          'aria-label': `${it.e.label}, ${iv}${it.disputed ? ', sources disagree' : ''}`,
          on: { click: () => go({ event: it.e.id }) },
        },
        it.disputed ? '⚠ ' : '',
        it.e.label,
      );
      it.ticks = it.times.map((x) =>
        el('span', { class: 'tl-time', title: `${human(x.value)} · ${x.who ? `according to ${x.who} · ` : ''}${x.doc}` }),
      );
      rows.append(it.bar, ...it.ticks);
    }
    lanes.push({ rows, its });
  }
  for (const it of items) {
    list.append(
      el(
        'li',
        { class: it.disputed ? 'disputed' : null },
        el('span', { class: 'when' }, humanSpan(it.e.start, it.e.end)),
        ' ',
        el('a', { href: hash('timeline', Object.assign(Object.fromEntries(params.entries()), { event: it.e.id })), 'data-event': it.e.id }, it.disputed ? '⚠ ' : '', it.e.label),
        el('span', { class: 'muted small' }, ` · ${it.e.tellings.length} tellings, ${it.e.langs.join(' ')}`),
      ),
    );
  }

  function layout() {
    const width = Math.max(200, body.clientWidth - (by === 'none' ? 0 : LABEL));
    const x = (t) => ((t - v0) / (v1 - v0)) * width;
    const span = v1 - v0;
    const step = STEPS.slice().reverse().find(([, ms]) => (ms / span) * width >= 80) || STEPS[0];
    axis.replaceChildren();
    axis.style.marginLeft = `${by === 'none' ? 0 : LABEL}px`;
    for (const [t, text] of ticks(step[0], v0, v1)) {
      const tick = el('span', { class: 'tick' }, text);
      tick.style.left = `${x(t)}px`;
      axis.append(tick);
    }
    zoomLabel.textContent = `${dayText(v0)} – ${dayText(v1 - 1)} · grid ${step[0]}`;
    // The map follows the window on screen.
    mapLink.setAttribute('href', hash('map', { from: edtfDay(v0), to: edtfDay(v1 - 1) }));
    for (const { rows, its } of lanes) {
      const ends = [];
      for (const it of its) {
        const a = x(it.lo);
        const b = x(it.hi);
        const visible = b >= 0 && a <= width;
        it.bar.hidden = !visible;
        it.ticks.forEach((t) => (t.hidden = true));
        if (!visible) continue;
        const left = Math.max(a, -2);
        const w = Math.max(Math.min(b, width + 2) - left, 4);
        let row = ends.findIndex((end) => end <= left + 1);
        if (row < 0) {
          row = ends.length;
          ends.push(0);
        }
        ends[row] = left + Math.max(w, 8);
        Object.assign(it.bar.style, { left: `${left}px`, width: `${w}px`, top: `${row * ROW}px` });
        if (w > 30) {
          it.times.forEach((tm, i) => {
            const t = it.ticks[i];
            t.hidden = false;
            Object.assign(t.style, { left: `${x(tm.t)}px`, top: `${row * ROW}px` });
          });
        }
      }
      rows.style.height = `${Math.max(1, ends.length) * ROW}px`;
    }
  }
  function zoom(f, center) {
    const c = center === undefined ? (v0 + v1) / 2 : center;
    const span = Math.min(MAX_SPAN, Math.max(MIN_SPAN, (v1 - v0) * f));
    const k = (c - v0) / (v1 - v0);
    v0 = c - span * k;
    v1 = v0 + span;
    layout();
  }
  function pan(f) {
    const d = (v1 - v0) * f;
    v0 += d;
    v1 += d;
    layout();
  }
  const initial = [v0, v1];
  function fit() {
    [v0, v1] = initial;
    layout();
  }
  tl.addEventListener('keydown', (e) => {
    if (e.target !== tl) return;
    const keys = { '+': () => zoom(0.5), '=': () => zoom(0.5), '-': () => zoom(2), ArrowLeft: () => pan(-0.1), ArrowRight: () => pan(0.1) };
    if (keys[e.key]) {
      e.preventDefault();
      keys[e.key]();
    }
  });
  tl.addEventListener(
    'wheel',
    (e) => {
      e.preventDefault();
      const r = body.getBoundingClientRect();
      const width = r.width - (by === 'none' ? 0 : LABEL);
      const px = e.clientX - r.left - (by === 'none' ? 0 : LABEL);
      zoom(e.deltaY > 0 ? 1.25 : 0.8, v0 + (px / width) * (v1 - v0));
    },
    { passive: false },
  );
  let drag = null;
  body.addEventListener('pointerdown', (e) => {
    if (e.target.closest('button, a')) return;
    drag = { x: e.clientX, v0, v1 };
    body.setPointerCapture(e.pointerId);
  });
  body.addEventListener('pointermove', (e) => {
    if (!drag) return;
    const width = body.clientWidth - (by === 'none' ? 0 : LABEL);
    const d = ((e.clientX - drag.x) / width) * (drag.v1 - drag.v0);
    v0 = drag.v0 - d;
    v1 = drag.v1 - d;
    layout();
  });
  body.addEventListener('pointerup', () => (drag = null));
  window.addEventListener('resize', layout);
  layout();

  async function open(id) {
    for (const it of items) it.bar.classList.toggle('selected', it.e.id === id);
    if (!id) {
      detail.replaceChildren();
      return;
    }
    try {
      const section = await showEvent(detail, id);
      section.scrollIntoView({ block: 'start' });
      section.querySelector('h2').focus({ preventScroll: true });
    } catch (e) {
      detail.replaceChildren(errorBox(e));
    }
  }
  await open(params.get('event'));
  return {
    update(next) {
      const same = ['from', 'to', 'group', 'entity', 'place', 'lang'].every((k) => next.get(k) === params.get(k));
      if (!same) return false;
      params = next;
      open(next.get('event'));
      return true;
    },
  };
}
