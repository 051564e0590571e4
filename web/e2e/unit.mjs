// Unit tests of the web UI's pure modules (no browser): EDTF values as
// intervals at their own precision, readable dates, axis ticks, and UTF-8
// byte offsets turned into string indices.
//
//   node --test web/e2e/unit.mjs

import test from 'node:test';
import assert from 'node:assert/strict';
import { interval, eventInterval, human, humanSpan, ticks, utc, edtfDay, dayText, DAY, HOUR } from '../../crates/server/web/js/edtf.js';
import { byteIndex } from '../../crates/server/web/js/util.js';

test('every precision is a span of its own length', () => {
  const day = interval('1920-04-27');
  assert.equal(day.precision, 'day');
  assert.equal(day.hi - day.lo, DAY);
  const month = interval('1920-04');
  assert.equal(month.precision, 'month');
  assert.equal(month.hi - month.lo, 30 * DAY);
  const feb = interval('1920-02');
  assert.equal(feb.hi - feb.lo, 29 * DAY, '1920 is a leap year');
  const year = interval('1919');
  assert.equal(year.hi - year.lo, 365 * DAY);
  const minute = interval('1920-04-27T23:00');
  assert.equal(minute.precision, 'minute');
  assert.equal(minute.lo, utc(1920, 4, 27, 23, 0));
});

test('intervals, seasons, decades, centuries and BC years', () => {
  const iv = interval('1918/1920');
  assert.equal(iv.lo, utc(1918));
  assert.equal(iv.hi, utc(1921));
  const open = interval('1918/..');
  assert.equal(open.lo, utc(1918));
  assert.equal(open.hi, utc(1919));
  const spring = interval('1920-21');
  assert.equal(spring.lo, utc(1920, 3));
  assert.equal(spring.hi, utc(1920, 6));
  const winter = interval('1920-24');
  assert.equal(winter.lo, utc(1920, 12));
  assert.equal(winter.hi, utc(1921, 3));
  assert.equal(interval('192X').hi, utc(1930));
  assert.equal(interval('19XX').lo, utc(1900));
  assert.equal(interval('19XX').hi, utc(2000));
  // Astronomical numbering: -0331 is 332 BC.
  assert.equal(new Date(interval('-0331').lo).getUTCFullYear(), -331);
  assert.equal(human('-0331'), '332 BC');
  assert.equal(human('0000'), '1 BC');
  assert.equal(interval('1920-04-27?').precision, 'day');
  assert.equal(interval('not a date'), null);
  assert.equal(interval(''), null);
});

test('an event spans from the start of its first day to the end of its last', () => {
  const e = eventInterval('1920-04-27', '1920-04-28');
  assert.equal(e.lo, utc(1920, 4, 27));
  assert.equal(e.hi, utc(1920, 4, 29));
  assert.equal(eventInterval(null, null), null);
});

test('readable dates keep their precision', () => {
  assert.equal(human('1920-04-27T23:00'), '27 Apr 1920, 23:00');
  assert.equal(human('1920-04-27'), '27 Apr 1920');
  assert.equal(human('1920-04'), 'Apr 1920');
  assert.equal(human('1920'), '1920');
  assert.equal(human('1920-23'), 'autumn 1920');
  assert.equal(human('1920?'), '1920 (uncertain)');
  assert.equal(human('1920-04-26/1920-04-27'), '26 Apr 1920 – 27 Apr 1920');
  assert.equal(humanSpan('1920-04-27', '1920-04-27'), '27 Apr 1920');
  assert.equal(humanSpan('1920-04-27', '1920-04-28'), '27 Apr 1920 – 28 Apr 1920');
  assert.equal(dayText(utc(1920, 4, 27, 13)), '27 Apr 1920');
  assert.equal(edtfDay(utc(1920, 4, 27, 13)), '1920-04-27');
  assert.equal(edtfDay(utc(-331, 3, 1)), '-0331-03-01');
});

test('axis ticks fall on calendar boundaries from centuries to hours', () => {
  const years = ticks('100y', utc(1450), utc(1800));
  assert.deepEqual(years.map(([, label]) => label), ['1500', '1600', '1700', '1800']);
  const months = ticks('1m', utc(1920, 3, 15), utc(1920, 6, 1));
  assert.deepEqual(months.map(([, label]) => label), ['Apr 1920', 'May 1920', 'Jun 1920']);
  const hours = ticks('6h', utc(1920, 4, 27, 1), utc(1920, 4, 28));
  assert.deepEqual(hours.map(([, label]) => label), ['06:00', '12:00', '18:00', '28 Apr']);
  for (const [t] of hours) assert.equal(Math.abs(t % HOUR), 0);
});

test('UTF-8 byte offsets become string indices', () => {
  // Latin, Cyrillic (2 bytes), Vietnamese with a combining-free 3-byte
  // letter, and an emoji (4 bytes, 2 UTF-16 units).
  const text = 'Baku Шуша Việt 🙂 end';
  const at = byteIndex(text);
  const bytes = (s) => new TextEncoder().encode(s).length;
  for (const word of ['Baku', 'Шуша', 'Việt', '🙂', 'end']) {
    const i = text.indexOf(word);
    const b = bytes(text.slice(0, i));
    assert.equal(at(b), i, word);
    assert.equal(at(b + bytes(word)), i + word.length, word);
  }
  // An offset inside a character goes to the next boundary.
  assert.equal(at(bytes('Baku Ш') - 1), 'Baku Ш'.length);
});
