// The map: places with coordinates from the offline gazetteer, drawn over
// Natural Earth country outlines shipped with the server (world-atlas
// TopoJSON; no tile server). Markers are sized by mentions; regions are
// drawn as approximate areas and countries as their outlines. With a time
// window (`from`, `to`) only the places of events in it are shown, sized
// by how often those events name them.

import { apiAll, el, svg, entities, entityHash, hash } from './util.js';

let world = null;

/** Decodes the countries of a TopoJSON topology into rings of [lon, lat]. */
function decode(topo) {
  const [sx, sy] = topo.transform.scale;
  const [tx, ty] = topo.transform.translate;
  const arcs = topo.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    return arc.map(([dx, dy]) => {
      x += dx;
      y += dy;
      return [x * sx + tx, y * sy + ty];
    });
  });
  // Rings that cross the antimeridian are unwrapped (longitudes past 180)
  // so that no edge runs across the whole map.
  const ring = (ids) => {
    const out = [];
    for (const i of ids) {
      const a = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
      out.push(...(out.length ? a.slice(1) : a));
    }
    let shift = 0;
    for (let j = 1; j < out.length; j++) {
      const d = out[j][0] + shift - out[j - 1][0];
      if (d > 180) shift -= 360;
      else if (d < -180) shift += 360;
      out[j] = [out[j][0] + shift, out[j][1]];
    }
    return out;
  };
  return topo.objects.countries.geometries.map((g) => {
    const polys = g.type === 'Polygon' ? [g.arcs] : g.type === 'MultiPolygon' ? g.arcs : [];
    return { name: (g.properties && g.properties.name) || '', rings: polys.flatMap((p) => p.map(ring)) };
  });
}

async function countries() {
  if (!world) {
    const res = await fetch('/ui/vendor/countries-50m.json');
    if (!res.ok) throw new Error(`the base map could not be loaded (${res.status})`);
    world = decode(await res.json());
  }
  return world;
}

/** Places (entities with coordinates) and their weights for the window. */
async function places(from, to) {
  if (!from && !to) {
    const { items } = await apiAll('/api/entities', { type: 'PLACE' }, 5000);
    return items.filter((e) => e.lat !== null && e.lon !== null).map((e) => ({ e, n: e.mentions }));
  }
  const { items: events } = await apiAll('/api/events', { from, to }, 1000);
  const counts = new Map();
  for (const ev of events) {
    for (const t of ev.tellings) {
      for (const p of t.places) if (p.entity) counts.set(p.entity, (counts.get(p.entity) || 0) + 1);
    }
    for (const p of ev.places) if (!counts.has(p)) counts.set(p, 1);
  }
  const found = await entities([...counts.keys()]);
  const out = [];
  for (const [id, n] of counts) {
    const e = found.get(id);
    if (e && e.type === 'PLACE' && e.lat !== null && e.lon !== null) out.push({ e, n });
  }
  return out;
}

export async function render(main, _arg, params, alive) {
  const from = params.get('from') || '';
  const to = params.get('to') || '';
  const focus = params.get('focus');
  const form = el(
    'form',
    {
      class: 'controls',
      on: {
        submit: (e) => {
          e.preventDefault();
          const fd = new FormData(form);
          location.hash = hash('map', { from: fd.get('from'), to: fd.get('to') });
        },
      },
    },
    el('label', {}, 'Events from ', el('input', { name: 'from', value: from, placeholder: '1920-04-27', size: 11 })),
    el('label', {}, ' to ', el('input', { name: 'to', value: to, placeholder: '1920-04-28', size: 11 })),
    el('button', { type: 'submit' }, 'Show'),
    from || to ? el('a', { href: hash('map') }, 'all places') : null,
    ' ',
    el('a', { href: hash('timeline', { from, to }) }, 'this window on the timeline'),
  );
  main.append(el('h1', {}, 'Map', from || to ? ` of events ${from || '…'} – ${to || '…'}` : ''), form);
  const [shapes, list] = await Promise.all([countries(), places(from, to)]);
  if (!alive()) return null;
  list.sort((a, b) => b.n - a.n || a.e.name.localeCompare(b.e.name));

  // Equirectangular, longitudes shrunk by the cosine of the middle latitude.
  // The first view holds the places that most mentions are of: the 10th
  // to 90th percentile of coordinates, weighted by mentions.
  const pts = list.filter((p) => p.e.place_kind !== 'country');
  const use = pts.length ? pts : list;
  const pct = (key, q) => {
    const s = use.map((p) => [p.e[key], p.n]).sort((a, b) => a[0] - b[0]);
    const total = s.reduce((n, [, w]) => n + w, 0);
    let acc = 0;
    for (const [v, w] of s) {
      acc += w;
      if (acc >= q * total) return v;
    }
    return s[s.length - 1][0];
  };
  const box = use.length
    ? [pct('lon', 0.1), pct('lat', 0.1), pct('lon', 0.9), pct('lat', 0.9)]
    : [-170, -60, 180, 80];
  const mid = (box[1] + box[3]) / 2;
  const k = Math.cos((mid * Math.PI) / 180);
  const px = (lon, lat) => [lon * k, -lat];
  const f = (n) => Math.round(n * 100) / 100;

  const countryLayer = svg('g', { class: 'countries' });
  const byName = new Map();
  for (const c of shapes) {
    const d = c.rings.map((r) => `M${r.map(([lo, la]) => px(lo, la).map(f).join(',')).join('L')}Z`).join('');
    const path = svg('path', { class: 'country', d }, svg('title', {}, c.name));
    byName.set(c.name, path);
    countryLayer.append(path);
  }
  const areaLayer = svg('g', { class: 'areas' });
  const markerLayer = svg('g', { class: 'markers' });
  const labelLayer = svg('g', { class: 'labels', 'aria-hidden': 'true' });
  const max = Math.max(1, ...list.map((p) => p.n));
  const markers = [];
  list.forEach((p, i) => {
    const [x, y] = px(p.e.lon, p.e.lat);
    const name = `${p.e.name}: ${p.n} mention${p.n === 1 ? '' : 's'}${from || to ? ' in this window' : ''}`;
    if (p.e.place_kind === 'country' && byName.has(p.e.name)) {
      const path = byName.get(p.e.name);
      path.classList.add('hit');
      path.replaceChildren(svg('title', {}, name));
      return;
    }
    if (p.e.place_kind === 'region') {
      areaLayer.append(svg('circle', { class: 'area', cx: f(x), cy: f(y), r: 0.45 }, svg('title', {}, `${p.e.name} (approximate area)`)));
    }
    const circle = svg('circle', { cx: f(x), cy: f(y), r: 1 });
    const a = svg('a', { href: entityHash(p.e.id), class: `place${p.e.id === focus ? ' focus' : ''}`, 'data-entity': p.e.id, 'aria-label': name }, circle, svg('title', {}, name));
    markerLayer.append(a);
    markers.push({ circle, size: 3 + 12 * Math.sqrt(p.n / max) });
    if (i < 14 || p.e.id === focus) labelLayer.append(svg('text', { x: f(x), y: f(y), class: 'label' }, p.e.name));
  });
  const map = svg(
    'svg',
    { class: 'map', role: 'group', tabindex: '0', 'aria-label': 'Map: arrow keys move, + and − zoom; Tab reaches the places' },
    svg('rect', { class: 'sea', x: -400, y: -100, width: 800, height: 200 }),
    countryLayer,
    areaLayer,
    markerLayer,
    labelLayer,
  );

  // The view box: the places with a margin, at least a few degrees wide.
  const focusPlace = list.find((p) => p.e.id === focus);
  const [x0, y0] = px(box[0], box[3]);
  const [x1, y1] = px(box[2], box[1]);
  const padX = Math.max(2, (x1 - x0) * 0.15);
  const padY = Math.max(1.5, (y1 - y0) * 0.15);
  let view = [x0 - padX, y0 - padY, x1 - x0 + 2 * padX, y1 - y0 + 2 * padY];
  if (focusPlace) {
    const [cx, cy] = px(focusPlace.e.lon, focusPlace.e.lat);
    view = [cx - 4, cy - 2.5, 8, 5];
  }
  // The view box takes the element's aspect ratio: `contain` widens or
  // heightens it around its centre so that all of it stays in sight (the
  // first view); otherwise the width is kept (zooming, panning).
  function draw(contain) {
    const w = map.clientWidth || 800;
    const h = map.clientHeight || 500;
    const ratio = h / w;
    const cx = view[0] + view[2] / 2;
    const cy = view[1] + view[3] / 2;
    const vw = contain ? Math.max(view[2], view[3] / ratio) : view[2];
    const vh = vw * ratio;
    view = [cx - vw / 2, cy - vh / 2, vw, vh];
    map.setAttribute('viewBox', view.map((v) => v.toFixed(4)).join(' '));
    const unit = view[2] / w;
    for (const m of markers) m.circle.setAttribute('r', (m.size * unit).toPrecision(3));
    labelLayer.setAttribute('font-size', (12 * unit).toPrecision(3));
    for (const t of labelLayer.children) t.setAttribute('dx', (6 * unit).toPrecision(3));
  }
  function zoom(s) {
    const cx = view[0] + view[2] / 2;
    const cy = view[1] + view[3] / 2;
    const w = Math.min(400, Math.max(0.5, view[2] * s));
    view = [cx - w / 2, cy - (view[3] * (w / view[2])) / 2, w, view[3] * (w / view[2])];
    draw();
  }
  function move(dx, dy) {
    view = [view[0] + dx * view[2], view[1] + dy * view[3], view[2], view[3]];
    draw();
  }
  map.addEventListener('keydown', (e) => {
    if (e.target !== map) return;
    const keys = { '+': () => zoom(0.6), '=': () => zoom(0.6), '-': () => zoom(1.6), ArrowLeft: () => move(-0.1, 0), ArrowRight: () => move(0.1, 0), ArrowUp: () => move(0, -0.1), ArrowDown: () => move(0, 0.1) };
    if (keys[e.key]) {
      e.preventDefault();
      keys[e.key]();
    }
  });
  map.addEventListener(
    'wheel',
    (e) => {
      e.preventDefault();
      zoom(e.deltaY > 0 ? 1.2 : 0.83);
    },
    { passive: false },
  );
  let drag = null;
  map.addEventListener('pointerdown', (e) => {
    if (e.target.closest('a')) return;
    drag = { x: e.clientX, y: e.clientY, view: view.slice() };
    map.setPointerCapture(e.pointerId);
  });
  map.addEventListener('pointermove', (e) => {
    if (!drag) return;
    const unit = view[2] / (map.clientWidth || 800);
    view = [drag.view[0] - (e.clientX - drag.x) * unit, drag.view[1] - (e.clientY - drag.y) * unit, view[2], view[3]];
    draw();
  });
  map.addEventListener('pointerup', () => (drag = null));

  const table = el(
    'table',
    { class: 'places' },
    el('caption', {}, `${list.length} places${from || to ? ' named by events in this window' : ''}, most mentioned first`),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Place'), el('th', { scope: 'col' }, 'Kind'), el('th', { scope: 'col' }, 'Mentions'))),
    el(
      'tbody',
      {},
      list.map((p) =>
        el(
          'tr',
          { 'data-entity': p.e.id, title: `${p.e.lat.toFixed(3)}, ${p.e.lon.toFixed(3)}` },
          el('td', {}, el('a', { href: entityHash(p.e.id) }, p.e.name)),
          el('td', {}, p.e.place_kind || ''),
          el('td', { class: 'num' }, String(p.n)),
        ),
      ),
    ),
  );
  main.append(
    el(
      'div',
      { class: 'map-wrap' },
      el(
        'div',
        { class: 'map-main' },
        el(
          'div',
          { class: 'toolbar', role: 'toolbar', 'aria-label': 'Zoom the map' },
          el('button', { type: 'button', on: { click: () => zoom(0.6) } }, '+ Zoom in'),
          el('button', { type: 'button', on: { click: () => zoom(1.6) } }, '- Zoom out'),
          el('span', { class: 'legend small muted' }, el('span', { class: 'dot' }), ' place, sized by mentions · ', el('span', { class: 'ring' }), ' region (approximate area) · ', el('span', { class: 'box' }), ' country'),
        ),
        map,
        el('p', { class: 'small muted' }, 'Base map: Natural Earth 1:50m (public domain), via world-atlas. Coordinates from Chronicle’s gazetteer.'),
      ),
      el('div', { class: 'map-side' }, table),
    ),
  );
  draw(true);
  window.addEventListener('resize', () => draw(false));
  return null;
}

