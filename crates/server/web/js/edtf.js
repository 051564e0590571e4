// EDTF values as time intervals, so that every date is drawn with its own
// precision: a year is a year-long span, a month a month, a day a day, and
// only a time of day is (nearly) a point.

const HOUR = 3600e3;
const DAY = 24 * HOUR;

/** Milliseconds since 1970 of a UTC date; years may be negative or < 100. */
export function utc(y, m = 1, d = 1, h = 0, min = 0) {
  // Date.UTC maps years 0–99 to 1900–1999, so the year is set apart; months
  // and days past their end carry over (month 13 is January of y + 1).
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  t.setUTCHours(h, min, 0, 0);
  return t.getTime();
}

const SEASONS = { 21: [3, 6], 22: [6, 9], 23: [9, 12], 24: [12, 15], 25: [3, 6], 26: [6, 9], 27: [9, 12], 28: [12, 15] };

/**
 * One EDTF date (no interval) as `{lo, hi, precision}` in ms, `hi`
 * exclusive; `null` when it is not a date this reads.
 */
function single(v) {
  const s = v.replace(/[?~%]/g, '');
  let m = /^(-?)(\d{4}|\d{2}XX|\d{3}X)(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::\d{2})?Z?)?)?)?$/.exec(s);
  if (!m) return null;
  const neg = m[1] === '-';
  const ys = m[2];
  if (ys.includes('X')) {
    const digits = ys.replace(/X/g, '');
    const span = 10 ** (4 - digits.length);
    let y = Number(digits) * span;
    if (neg) y = -y - span + 1;
    return { lo: utc(y), hi: utc(y + span), precision: span >= 100 ? 'century' : 'decade' };
  }
  const y = neg ? -Number(ys) : Number(ys);
  if (!m[3]) return { lo: utc(y), hi: utc(y + 1), precision: 'year' };
  const mo = Number(m[3]);
  if (mo > 12) {
    const se = SEASONS[mo];
    if (!se) return null;
    return { lo: utc(y, se[0]), hi: utc(y, se[1]), precision: 'season' };
  }
  if (!m[4]) return { lo: utc(y, mo), hi: utc(y, mo + 1), precision: 'month' };
  const d = Number(m[4]);
  if (m[5] === undefined) return { lo: utc(y, mo, d), hi: utc(y, mo, d + 1), precision: 'day' };
  const t = utc(y, mo, d, Number(m[5]), Number(m[6]));
  return { lo: t, hi: t + 60e3, precision: 'minute' };
}

/**
 * An EDTF value (`1920`, `1920-04`, `1920-04-27T23:00`, `1918/1920`,
 * `1920-21`, `19XX`, `-0331`) as `{lo, hi, precision}`, or `null`.
 */
export function interval(value) {
  if (!value) return null;
  if (value.includes('/')) {
    const [a, b] = value.split('/');
    const x = a && a !== '..' ? single(a) : null;
    const y = b && b !== '..' ? single(b) : null;
    if (!x && !y) return null;
    return { lo: (x || y).lo, hi: (y || x).hi, precision: 'interval' };
  }
  return single(value);
}

/** The interval of an event from its first and last day. */
export function eventInterval(start, end) {
  const a = interval(start);
  const b = interval(end || start);
  if (!a && !b) return null;
  return { lo: (a || b).lo, hi: (b || a).hi };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function yearText(y) {
  return y <= 0 ? `${1 - y} BC` : String(y);
}

/** A readable form of an EDTF value, keeping its precision. */
export function human(value) {
  if (!value) return '';
  if (value.includes('/')) return value.split('/').map((x) => (x === '..' || x === '' ? '…' : human(x))).join(' – ');
  const i = single(value);
  if (!i) return value;
  const d = new Date(i.lo);
  const y = yearText(d.getUTCFullYear());
  const q = /[?~%]/.test(value) ? ' (uncertain)' : '';
  switch (i.precision) {
    case 'century':
    case 'decade':
      return `${value.replace(/X/g, '0')}s${q}`;
    case 'year':
      return `${y}${q}`;
    case 'season':
      return `${['spring', 'summer', 'autumn', 'winter'][(Number(value.slice(-2)) - 21) % 4]} ${y}${q}`;
    case 'month':
      return `${MONTHS[d.getUTCMonth()]} ${y}${q}`;
    case 'day':
      return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${y}${q}`;
    default:
      return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${y}, ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}${q}`;
  }
}

/** An event's first to last day, readable (one day when they are equal). */
export function humanSpan(start, end) {
  return !end || start === end ? human(start) : `${human(start)} – ${human(end)}`;
}

/** The day of a time, readable (`27 Apr 1920`, `332 BC`). */
export function dayText(ms) {
  const d = new Date(ms);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${yearText(d.getUTCFullYear())}`;
}

/** The EDTF day of a time (`1920-04-27`, `-0331-03-01`). */
export function edtfDay(ms) {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const ys = y < 0 ? `-${String(-y).padStart(4, '0')}` : String(y).padStart(4, '0');
  return `${ys}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

/** Axis steps from centuries to hours: [name, approximate ms]. */
export const STEPS = [
  ['100y', 100 * 365.25 * DAY],
  ['50y', 50 * 365.25 * DAY],
  ['10y', 10 * 365.25 * DAY],
  ['5y', 5 * 365.25 * DAY],
  ['1y', 365.25 * DAY],
  ['3m', 91 * DAY],
  ['1m', 30.5 * DAY],
  ['7d', 7 * DAY],
  ['1d', DAY],
  ['6h', 6 * HOUR],
  ['1h', HOUR],
];

/** Tick times of a step within [lo, hi], aligned to the calendar. */
export function ticks(step, lo, hi) {
  const out = [];
  const d = new Date(lo);
  const y0 = d.getUTCFullYear();
  const unit = step.slice(-1);
  const n = Number(step.slice(0, -1));
  let t;
  if (unit === 'y') {
    let y = Math.floor(y0 / n) * n;
    for (t = utc(y); t <= hi && out.length < 500; y += n, t = utc(y)) if (t >= lo) out.push([t, yearText(y)]);
  } else if (unit === 'm') {
    let m = Math.floor(d.getUTCMonth() / n) * n;
    let y = y0;
    for (t = utc(y, m + 1); t <= hi && out.length < 500; ) {
      if (t >= lo) out.push([t, `${MONTHS[m]} ${yearText(y)}`]);
      m += n;
      if (m >= 12) {
        m -= 12;
        y += 1;
      }
      t = utc(y, m + 1);
    }
  } else if (unit === 'd') {
    const start = utc(y0, d.getUTCMonth() + 1, d.getUTCDate());
    for (t = start; t <= hi && out.length < 500; t += n * DAY) {
      const x = new Date(t);
      if (t >= lo) out.push([t, `${x.getUTCDate()} ${MONTHS[x.getUTCMonth()]} ${yearText(x.getUTCFullYear())}`]);
    }
  } else {
    const start = Math.floor(lo / (n * HOUR)) * n * HOUR;
    for (t = start; t <= hi && out.length < 500; t += n * HOUR) {
      const x = new Date(t);
      const label = x.getUTCHours() === 0 ? `${x.getUTCDate()} ${MONTHS[x.getUTCMonth()]}` : `${String(x.getUTCHours()).padStart(2, '0')}:00`;
      if (t >= lo) out.push([t, label]);
    }
  }
  return out;
}

export { DAY, HOUR };
