// End-to-end checks of the Chronicle web UI in headless Chromium.
//
//   node web/e2e/e2e.mjs BASE_URL SCREENSHOT_DIR
//
// BASE_URL is a running `chronicle serve` on a store holding the seed corpus
// and crates/cli/tests/fixtures/web/ (crates/cli/tests/web.rs sets this up).
// Each check prints `ok - NAME` or `not ok - NAME: reason`; the exit status
// is 1 when any failed. Script errors, console errors and dialogs on a page
// fail the test that opened it. One PNG of the viewport per view goes to
// SCREENSHOT_DIR (and `failed-TEST.png` when a test stops early).
//
// Environment: CHROMIUM (default /usr/bin/chromium), CHRONICLE_E2E_LIMIT_S
// (whole-run limit, default 240), CHRONICLE_E2E_WAIT_MS (one wait, default
// 30000), CHRONICLE_E2E_SEEDS=0 (the store holds the repository's samples,
// not the seeds: only the checks that need no seed document run).

import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

const [baseArg, shotsArg] = process.argv.slice(2);
if (!baseArg || !shotsArg) {
  console.error('usage: node web/e2e/e2e.mjs BASE_URL SCREENSHOT_DIR');
  process.exit(2);
}
const BASE = baseArg.replace(/\/+$/, '');
const SHOTS = path.resolve(shotsArg);
mkdirSync(SHOTS, { recursive: true });

const LIMIT_S = Number(process.env.CHRONICLE_E2E_LIMIT_S || 240);
const WAIT_MS = Number(process.env.CHRONICLE_E2E_WAIT_MS || 30000);
const VIEWPORT = { width: 1366, height: 850 };

const BILECERI = '1920-04-27-arrive-bilajari';
// CHRONICLE_E2E_SEEDS=0: the store holds the repository's samples instead of
// the seed documents, so only the checks that need no seed run (the hostile
// documents, every view loading, the keyboard path).
const SEEDS = process.env.CHRONICLE_E2E_SEEDS !== '0';
const SEED_DOC = '001_8af1442366d4ad4d.txt';

let passed = 0;
let failed = 0;
let current = '(starting)';

function ok(name) {
  passed++;
  console.log(`ok - ${name}`);
}

function notOk(name, reason) {
  failed++;
  const oneLine = String(reason).replace(/\s*\n\s*/g, ' | ');
  console.log(`not ok - ${name}: ${oneLine}`);
}

/** Records one check: passes when `cond` is true, else fails with `reason`. */
function check(name, cond, reason) {
  if (cond) ok(name);
  else notOk(name, reason || 'assertion failed');
  return Boolean(cond);
}

const timer = setTimeout(() => {
  notOk('time limit', `the run took longer than ${LIMIT_S} s (during "${current}")`);
  console.log(`# ${passed} passed, ${failed} failed`);
  process.exit(1);
}, LIMIT_S * 1000);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

// ---------------------------------------------------------------- helpers

/** A fresh context whose pages report script errors, console errors and
 *  dialogs into `problems`. */
async function newContext(problems) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  context.setDefaultTimeout(WAIT_MS);
  context.on('page', (page) => watch(page, problems));
  return context;
}

function watch(page, problems) {
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const where = msg.location() && msg.location().url ? ` (${msg.location().url})` : '';
      problems.push(`console error: ${msg.text()}${where}`);
    }
  });
  page.on('dialog', async (dialog) => {
    problems.push(`dialog (${dialog.type()}): ${dialog.message()}`);
    await dialog.dismiss().catch(() => {});
  });
}

/** Waits until `main#view` shows view `name` loaded; throws with the
 *  view's `.error` text when it reports an error. */
async function waitView(page, name) {
  try {
    await page.waitForFunction(
      (n) => {
        const v = document.querySelector('main#view');
        return (
          v !== null &&
          v.getAttribute('data-view') === n &&
          ['true', 'error'].includes(v.getAttribute('data-ready'))
        );
      },
      name,
      { timeout: WAIT_MS },
    );
  } catch (e) {
    const state = await page
      .evaluate(() => {
        const v = document.querySelector('main#view');
        return v
          ? `main#view has data-view=${JSON.stringify(v.getAttribute('data-view'))} data-ready=${JSON.stringify(v.getAttribute('data-ready'))}`
          : 'there is no main#view';
      })
      .catch(() => 'the page is gone');
    throw new Error(`view "${name}" did not become ready within ${WAIT_MS} ms; ${state}`);
  }
  const error = await page.evaluate(() => {
    const v = document.querySelector('main#view');
    if (v.getAttribute('data-ready') !== 'error') return null;
    const e = v.querySelector('.error') || document.querySelector('.error');
    return e ? `error shown: ${e.innerText.trim()}` : 'data-ready="error" but no .error element is shown';
  });
  if (error !== null) throw new Error(`view "${name}" failed to load (${page.url()}): ${error}`);
}

/** Opens `hash` (like `#/map`) in a new page of `context` and waits for `view`. */
async function open(context, hash, view) {
  const page = await context.newPage();
  await page.goto(`${BASE}/${hash}`);
  await waitView(page, view);
  return page;
}

async function shoot(page, file) {
  await page.screenshot({ path: path.join(SHOTS, file), fullPage: false });
}

/** Runs one test: a fresh context; an exception ends the test as a failure
 *  (with a screenshot); page problems are one more check at its end. */
async function test(name, body) {
  current = name;
  const problems = [];
  const context = await newContext(problems);
  try {
    await body(context);
  } catch (e) {
    notOk(name, (e && e.message ? e.message : String(e)).split('\n')[0]);
    const pages = context.pages();
    if (pages.length > 0) {
      const file = `failed-${name.replace(/[^a-z0-9]+/gi, '-')}.png`;
      await shoot(pages[pages.length - 1], file).catch(() => {});
    }
  } finally {
    // Late requests (the browser's own favicon fetch, say) finish and log
    // before the context goes, so their errors are counted every time.
    for (const page of context.pages()) {
      await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => {});
    }
    check(
      `${name}: no script errors, console errors or dialogs`,
      problems.length === 0,
      problems.join('; '),
    );
    await context.close().catch(() => {});
  }
}

// ------------------------------------------------------------------ tests

if (SEEDS) await test('timeline', async (context) => {
  const page = await open(context, '#/timeline?from=1920-04-27&to=1920-04-28', 'timeline');
  const bar = page.locator(`button.ev[data-event="${BILECERI}"]`);
  const bars = await page.locator('button.ev').count();
  if (!check('timeline: the Bileceri event has a bar', (await bar.count()) === 1,
    `${await bar.count()} button.ev[data-event="${BILECERI}"] among ${bars} bars`)) {
    throw new Error('no bar to click');
  }
  check('timeline: the Bileceri bar is marked disputed',
    await bar.evaluate((el) => el.classList.contains('disputed')),
    `its classes are "${await bar.getAttribute('class')}"`);
  const listed = await page.locator(`ol.event-list a[data-event="${BILECERI}"]`).count();
  check('timeline: the Bileceri event is in the event list', listed >= 1,
    `no ol.event-list a[data-event="${BILECERI}"]`);
  await shoot(page, 'timeline.png');

  await bar.click();
  const detail = page.locator(`section.event-detail[data-event="${BILECERI}"]`);
  await detail.waitFor({ state: 'visible' });
  ok('event: clicking the bar opens the event detail');

  const claims = await detail.locator('table.claims tr.claim').evaluateAll((rows) =>
    rows.map((r) => {
      const v = r.querySelector('td.value');
      const s = r.querySelector('td.source');
      return {
        value: v ? v.getAttribute('data-value') : null,
        text: v ? v.innerText.trim() : '',
        source: s ? s.innerText.trim() : '',
      };
    }));
  const shown = claims.map((c) => `${c.value} [${c.source.slice(0, 60)}]`).join('; ');
  for (const [value, who] of [
    ['1920-04-27T23:00', 'Druganov'],
    ['1920-04-28T02:00', 'Musabeyov'],
    ['1920-04-28T03:30', 'Izvestiya'],
  ]) {
    const claim = claims.find((c) => c.value === value && c.source.includes(who));
    check(`event: claim ${value} attributed to ${who}`, claim !== undefined,
      `table.claims rows: ${shown || 'none'}`);
    if (claim) {
      check(`event: claim ${value} has a human-readable value`, claim.text.length > 0,
        'td.value has no text');
    }
  }

  const tellings = await detail.locator('article.telling').evaluateAll((els) =>
    els.map((el) => el.querySelectorAll('a.doc-link').length));
  check('event: at least two tellings side by side', tellings.length >= 2,
    `${tellings.length} article.telling`);
  check('event: every telling links into the document reader',
    tellings.length > 0 && tellings.every((n) => n > 0),
    `a.doc-link counts per telling: ${tellings.join(', ')}`);
  await detail.scrollIntoViewIfNeeded();
  await shoot(page, 'event.png');

  // A telling's link opens the reader on that document.
  const link = detail.locator('article.telling a.doc-link').first();
  await link.click();
  await waitView(page, 'reader');
  const sentences = await page.locator('article.reader .sent').count();
  check('event: a telling\'s document link opens the reader', sentences > 0,
    'the reader shows no .sent elements');
});

if (SEEDS) await test('precision', async (context) => {
  // May 1918: a month-precision event (the declaration told as "May 1918")
  // is drawn over the whole month; a day-precision one over its day.
  const page = await open(context, '#/timeline?from=1918-05&to=1918-05', 'timeline');
  const width = (id) => page.locator(`button.ev[data-event="${id}"]`).evaluate((el) => el.getBoundingClientRect().width);
  const month = await width('1918-05-01-declare-azerbaijan');
  const day = await width('1918-05-28-establish-azerbaijan-democratic-republic');
  const axis = await page.locator('.tl-rows').first().evaluate((el) => el.getBoundingClientRect().width);
  check('precision: a month-precision event spans the month', Math.abs(month - axis) < axis * 0.02,
    `its bar is ${month.toFixed(0)} px of a ${axis.toFixed(0)} px month`);
  check('precision: a day-precision event spans one day of it', Math.abs(day - axis / 31) < 3,
    `its bar is ${day.toFixed(1)} px, a day is ${(axis / 31).toFixed(1)} px`);
});

await test('zoom', async (context) => {
  // The whole store spans centuries; the keyboard zooms down to hours.
  const page = await open(context, '#/timeline', 'timeline');
  const grid = () => page.locator('.zoom-label').innerText().then((t) => t.replace(/^.*grid /, ''));
  const start = await grid();
  await page.locator('.tl').focus();
  const seen = [start];
  for (let i = 0; i < 40 && seen[seen.length - 1] !== '1h'; i++) {
    await page.keyboard.press('+');
    const g = await grid();
    if (g !== seen[seen.length - 1]) seen.push(g);
  }
  check('zoom: the keyboard zooms from years to hours', /y$/.test(start) && seen[seen.length - 1] === '1h',
    `grids seen: ${seen.join(' → ')}`);
  for (let i = 0; i < 40 && !/^(100|50)y$/.test(await grid()); i++) await page.keyboard.press('-');
  check('zoom: and back out to centuries', /^(100|50)y$/.test(await grid()), `grid ${await grid()}`);
});

if (SEEDS) await test('search', async (context) => {
  const page = await open(context, '#/search?q=Shusha', 'search');
  const seen = new Set();
  let unmarked = 0;
  let total = 0;
  for (let pageNo = 0; pageNo < 10; pageNo++) {
    const hits = await page.locator('li.hit').evaluateAll((els) =>
      els.map((el) => ({
        lang: el.getAttribute('data-lang'),
        marks: el.querySelectorAll('.hit-text mark').length,
        text: el.innerText.slice(0, 80),
      })));
    for (const h of hits) {
      seen.add(h.lang);
      total++;
      if (h.marks === 0) unmarked++;
    }
    if (pageNo === 0) {
      check('search: Shusha finds hits', hits.length > 0, 'no li.hit');
      await shoot(page, 'search.png');
    }
    if (['be', 'en', 'vi'].every((l) => seen.has(l))) break;
    const next = page.locator('button.next');
    if ((await next.count()) === 0 || (await next.isDisabled())) break;
    const first = hits.length > 0 ? hits[0].text : '';
    await next.click();
    await page.waitForFunction((before) => {
      const v = document.querySelector('main#view');
      const h = document.querySelector('li.hit');
      return v.getAttribute('data-ready') === 'true' && h !== null &&
        h.innerText.slice(0, 80) !== before;
    }, first);
  }
  for (const lang of ['be', 'en', 'vi']) {
    check(`search: a hit in ${lang}`, seen.has(lang), `hit languages seen: ${[...seen].join(', ')}`);
  }
  check('search: every hit highlights the matched words', total > 0 && unmarked === 0,
    `${unmarked} of ${total} hits have no .hit-text mark`);

  // The language facet filters.
  await page.goto(`${BASE}/#/search?q=Shusha`);
  await waitView(page, 'search');
  const facet = page.locator('.facet[data-facet="lang"] button[data-value="be"]');
  if (!check('search: the language facet offers be', (await facet.count()) === 1,
    'no .facet[data-facet="lang"] button[data-value="be"]')) return;
  await facet.click();
  try {
    await page.waitForFunction(() => {
      const v = document.querySelector('main#view');
      const hits = [...document.querySelectorAll('li.hit')];
      return v.getAttribute('data-ready') === 'true' && hits.length > 0 &&
        hits.every((h) => h.getAttribute('data-lang') === 'be');
    });
    ok('search: the be facet keeps only Belarusian hits');
  } catch {
    const langs = await page.locator('li.hit').evaluateAll((els) =>
      els.map((el) => el.getAttribute('data-lang')));
    notOk('search: the be facet keeps only Belarusian hits',
      `after clicking it the hits are in: ${langs.join(', ') || 'none'} (${page.url()})`);
  }
});

if (SEEDS) await test('map', async (context) => {
  const page = await open(context, '#/map', 'map');
  const countries = await page.locator('svg.map path.country').count();
  check('map: country outlines are drawn', countries > 100, `${countries} path.country`);
  for (const id of ['baku', 'ganja']) {
    const n = await page.locator(`svg.map a.place[data-entity="${id}"] circle`).count();
    check(`map: a marker for ${id}`, n >= 1, `no a.place[data-entity="${id}"] with a circle`);
  }
  const table = (await page.locator('table.places').count()) === 1
    ? await page.locator('table.places').innerText()
    : null;
  for (const name of ['Baku', 'Ganja']) {
    check(`map: the places table lists ${name}`, table !== null && table.includes(name),
      table === null ? 'no table.places' : `"${name}" is not in table.places`);
  }
  const all = await page.locator('svg.map a.place').count();
  await shoot(page, 'map.png');

  const filtered = await open(context, '#/map?from=1920-04-27&to=1920-04-28', 'map');
  const some = await filtered.locator('svg.map a.place').count();
  const baku = await filtered.locator('svg.map a.place[data-entity="baku"]').count();
  check('map: the date filter keeps Baku', baku >= 1, `${some} markers, none for baku`);
  check('map: the date filter shows no more places than the whole map', some <= all,
    `${some} markers for 27–28 April 1920, ${all} in all`);
});

if (SEEDS) await test('entity', async (context) => {
  const page = await open(context, '#/entity/shusha', 'entity');
  const aliases = (await page.locator('.aliases').count()) > 0
    ? await page.locator('.aliases').first().innerText()
    : null;
  for (const form of ['Шушы', 'Shusha']) {
    check(`entity: the aliases show ${form}`, aliases !== null && aliases.includes(form),
      aliases === null ? 'no .aliases' : `.aliases reads "${aliases.slice(0, 200)}"`);
  }
  check('entity: mentions by language', (await page.locator('.by-lang').count()) > 0, 'no .by-lang');
  check('entity: co-occurring entities link on', (await page.locator('.cooccurring a').count()) > 0,
    'no .cooccurring a');
  await shoot(page, 'entity.png');
});

await test('reader', async (context) => {
  await context.addInitScript(() => {
    window.__xss = 0;
  });
  for (const doc of ['hostile.txt', 'hostile.html']) {
    const page = await open(context, `#/doc/${doc}`, 'reader');
    // Anything injected (an image that fails to load, say) has had its chance.
    await page.waitForLoadState('networkidle');
    const r = await page.evaluate(() => {
      const reader = document.querySelector('article.reader');
      return {
        xss: window.__xss,
        reader: reader !== null,
        text: reader ? reader.innerText : '',
        imgs: reader ? reader.querySelectorAll('img').length : 0,
        scripts: reader ? reader.querySelectorAll('script').length : 0,
        jsLinks: document.querySelectorAll('a[href^="javascript:" i]').length,
        paras: reader ? reader.querySelectorAll('p.para').length : 0,
      };
    });
    if (!check(`reader ${doc}: article.reader with paragraphs`, r.reader && r.paras > 0,
      r.reader ? 'no p.para' : 'no article.reader')) continue;
    check(`reader ${doc}: no injected script ran`, r.xss === 0, `window.__xss is ${r.xss}`);
    check(`reader ${doc}: no img, script or javascript: link from the text`,
      r.imgs === 0 && r.scripts === 0 && r.jsLinks === 0,
      `${r.imgs} img, ${r.scripts} script in the reader, ${r.jsLinks} javascript: links`);
    for (const literal of ['<script>', 'onerror=']) {
      check(`reader ${doc}: shows ${literal} as text`, r.text.includes(literal),
        `the reader's text lacks "${literal}"`);
    }
    if (doc === 'hostile.txt') {
      check('reader hostile.txt: shows the javascript: link as text',
        r.text.includes('href="javascript:window.__xss=3"'), 'the link markup is not shown');
      const rtl = await page.evaluate(() => {
        const paras = [...document.querySelectorAll('article.reader p.para')];
        const el = paras.find((p) => p.getAttribute('lang') === 'fa') ||
          paras.find((p) => p.textContent.includes('کتابخانه'));
        if (!el) return { found: false };
        return {
          found: true,
          lang: el.getAttribute('lang'),
          direction: getComputedStyle(el).direction,
          dir: el.getAttribute('dir'),
          matches: el.matches(':dir(rtl)'),
        };
      });
      if (check('reader hostile.txt: the Persian paragraph is shown', rtl.found,
        'no p.para with lang="fa" or the Persian text')) {
        check('reader hostile.txt: the Persian paragraph is tagged lang="fa"', rtl.lang === 'fa',
          `its lang is ${JSON.stringify(rtl.lang)}`);
        check('reader hostile.txt: the Persian paragraph runs right to left',
          rtl.direction === 'rtl' || (rtl.dir === 'auto' && rtl.matches),
          `direction ${rtl.direction}, dir=${JSON.stringify(rtl.dir)}, :dir(rtl) ${rtl.matches}`);
      }
    }
    await page.close();
  }

  if (!SEEDS) return;
  const page = await open(context, `#/doc/${SEED_DOC}?at=84553`, 'reader');
  const target = page.locator('.sent.target');
  if (check('reader: ?at= marks the sentence', (await target.count()) === 1,
    `${await target.count()} .sent.target`)) {
    check('reader: the marked sentence is the one at byte 84553',
      (await target.innerText()).includes('Druganov'),
      `it reads "${(await target.innerText()).slice(0, 100)}"`);
    try {
      // Scrolling may be smooth: give it the usual wait to arrive.
      await page.waitForFunction(() => {
        const r = document.querySelector('.sent.target').getBoundingClientRect();
        return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight &&
          r.left >= 0 && r.right <= window.innerWidth;
      });
      ok('reader: the marked sentence is scrolled into view');
    } catch {
      const box = await target.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return `top ${Math.round(r.top)}, bottom ${Math.round(r.bottom)}, viewport height ${window.innerHeight}`;
      });
      notOk('reader: the marked sentence is scrolled into view', box);
    }
  }
  await shoot(page, 'reader.png');

  // Dates, linked names and footnote markers are marked; a marker leads to
  // the reference entry with its label.
  const marks = await page.evaluate(() => ({
    times: document.querySelectorAll('article.reader time.t').length,
    names: document.querySelectorAll('article.reader a.m[href^="#/entity/"]').length,
    markers: document.querySelectorAll('article.reader sup.fn a').length,
  }));
  check('reader: dates, linked names and footnote markers are marked',
    marks.times > 50 && marks.names > 200 && marks.markers > 50, JSON.stringify(marks));
  const marker = page.locator('article.reader .sent.target sup.fn a').first();
  const label = (await marker.innerText()).replace(/[[\]]/g, '');
  await marker.click();
  try {
    await page.waitForFunction((l) => {
      const t = document.querySelector('article.reader .para.reference.target');
      return t !== null && t.closest('.para-row').innerText.includes(`ref. ${l}`);
    }, label, { timeout: WAIT_MS });
    ok(`reader: footnote marker [${label}] leads to its reference entry`);
  } catch {
    notOk(`reader: footnote marker [${label}] leads to its reference entry`, 'no .para.reference.target with that label');
  }
});

await test('views', async (context) => {
  // Every view loads without an error on whatever the store holds.
  const views = [
    ['#/timeline', 'timeline'],
    ['#/timeline?group=place', 'timeline'],
    ['#/map', 'map'],
    ['#/search?q=the', 'search'],
    ['#/docs', 'docs'],
    ['#/conflicts', 'conflicts'],
  ];
  for (const [hash, view] of views) {
    const page = await open(context, hash, view);
    ok(`views: ${hash} loads`);
    await page.close();
  }
  const page = await context.newPage();
  await page.goto(`${BASE}/#/no-such-view`);
  await page.waitForFunction(() => document.querySelector('main#view').getAttribute('data-ready') === 'error', null, { timeout: WAIT_MS });
  check('views: an unknown view says so', (await page.locator('main#view .error').count()) === 1, 'no .error in main#view');
});

const WINDOW = SEEDS ? '#/timeline?from=1920-04-27&to=1920-04-28' : '#/timeline';
await test('keyboard', async (context) => {
  const page = await open(context, WINDOW, 'timeline');
  // Start from the top of the body: blur() alone would leave the sequential
  // focus starting point where the focus was (the UI may focus main#view),
  // so a throw-away element at the start of the body takes it and goes.
  await page.evaluate(() => {
    const start = document.createElement('span');
    start.tabIndex = -1;
    document.body.prepend(start);
    start.focus();
    start.blur();
    start.remove();
  });
  const describe = () => {
    const el = document.activeElement;
    if (!el || el === document.body) return { inNav: false, skip: false, what: 'nothing' };
    const label = `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(/\s+/).join('.') : ''} "${(el.innerText || el.value || '').trim().slice(0, 40)}"`;
    return {
      inNav: el.closest('nav') !== null,
      skip: /skip/i.test(String(el.className)) || /skip/i.test(el.innerText || ''),
      what: label,
    };
  };
  await page.keyboard.press('Tab');
  let focus = await page.evaluate(describe);
  const first = focus.what;
  const skipLink = focus.skip && !focus.inNav;
  if (skipLink) {
    await page.keyboard.press('Tab');
    focus = await page.evaluate(describe);
  }
  check('keyboard: Tab from the top reaches the navigation first (after a skip link)', focus.inNav,
    `Tab focuses ${first}${first !== focus.what ? `, then ${focus.what}` : ''}, not an element inside nav`);

  const bar = SEEDS ? page.locator(`button.ev[data-event="${BILECERI}"]`) : page.locator('button.ev:not([hidden])').first();
  const barId = await bar.getAttribute('data-event');
  await bar.focus();
  const focused = await bar.evaluate((el) => document.activeElement === el);
  check('keyboard: an event bar takes focus', focused, 'the bar is not document.activeElement');
  await page.keyboard.press('Enter');
  try {
    await page.locator(`section.event-detail[data-event="${barId}"]`).waitFor({ state: 'visible' });
    ok('keyboard: Enter on a bar opens the event detail');
  } catch {
    notOk('keyboard: Enter on a bar opens the event detail',
      `no section.event-detail[data-event="${barId}"] after Enter`);
  }

  // A skip link, when there is one, takes the focus to the content and
  // leaves the view as it is (under hash routing `#view` is also a route).
  if (skipLink) {
    await page.goto(`${BASE}/${WINDOW}`);
    await waitView(page, 'timeline');
    await page.evaluate(() => document.querySelector('a.skip, .skip, [class*="skip"]').focus());
    await page.keyboard.press('Enter');
    // Let the hashchange (if any) and its rendering run.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 100))));
    const after = await page.evaluate(() => {
      const v = document.querySelector('main#view');
      const a = document.activeElement;
      return {
        hash: location.hash,
        view: v.getAttribute('data-view'),
        ready: v.getAttribute('data-ready'),
        inMain: a !== null && v.contains(a),
      };
    });
    check('keyboard: the skip link keeps the view', after.view === 'timeline' && after.ready !== 'error',
      `after Enter on it the hash is ${after.hash} and main#view has data-view=${after.view} data-ready=${after.ready}`);
    check('keyboard: the skip link moves the focus to the content', after.inMain,
      'document.activeElement is not main#view or inside it');
  }
});

// ------------------------------------------------------------------- done

clearTimeout(timer);
await browser.close();
console.log(`# ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
