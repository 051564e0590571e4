// Validates Chronicle's bibliographic exports with citation-js.
//
//   node web/e2e/bib.mjs WORKS.json WORKS.bib WORKS.ris [WORK_ID ...]
//
// WORKS.json is `chronicle export csl-json`, WORKS.bib `export bibtex`,
// WORKS.ris `export ris`, all of one store. The script
//  - checks every CSL-JSON item against citation-js's CSL schema (strict:
//    an unknown variable or a value of the wrong type is an error) and
//    renders it as an APA reference with @citation-js/plugin-csl;
//  - parses the BibTeX (@citation-js/plugin-bibtex) and the RIS
//    (@citation-js/plugin-ris) into CSL and compares each work with its
//    CSL-JSON item: title, authors' family names, year, DOI and container
//    (BibTeX entries are matched by key, RIS records by position, as the
//    exports write the works in one order).
// It prints counts as JSON, with the fields of each WORK_ID asked for as
// every format gives them, and exits 1 with a message per mismatch.

import { readFileSync } from 'node:fs';
import { Cite, plugins } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import '@citation-js/plugin-csl';

const [cslPath, bibPath, risPath, ...wanted] = process.argv.slice(2);
if (!cslPath || !bibPath || !risPath) {
  console.error('usage: node web/e2e/bib.mjs WORKS.json WORKS.bib WORKS.ris [WORK_ID ...]');
  process.exit(2);
}

const problems = [];
const fail = (msg) => problems.push(msg);

const items = JSON.parse(readFileSync(cslPath, 'utf8'));
if (!Array.isArray(items)) {
  console.error(`${cslPath}: not a JSON array`);
  process.exit(1);
}

// The CSL schema check: citation-js's cleaner without best-guess
// conversions drops every variable it does not know or whose value has
// the wrong type, so what it returns must equal what went in.
const cleaned = plugins.input.util.clean(items, false);
items.forEach((item, i) => {
  for (const key of Object.keys(item)) {
    if (JSON.stringify(cleaned[i][key]) !== JSON.stringify(item[key])) {
      fail(`CSL item ${item.id}: \`${key}\` is not valid CSL-JSON: ${JSON.stringify(item[key])}`);
    }
  }
});

// Every item renders as an APA reference that shows its first author's
// family name (or literal name) and its year.
let rendered = 0;
for (const item of items) {
  let text;
  try {
    text = new Cite(item).format('bibliography', { format: 'text', template: 'apa', lang: 'en-US' });
  } catch (e) {
    fail(`CSL item ${item.id}: citeproc cannot render it: ${e.message}`);
    continue;
  }
  const first = item.author?.[0];
  const name = first?.family ?? first?.literal;
  const year = item.issued?.['date-parts']?.[0]?.[0];
  if (!text.trim()) {
    fail(`CSL item ${item.id}: renders as nothing`);
  } else if (name && !text.includes(name)) {
    fail(`CSL item ${item.id}: the APA reference lacks the author ${name}: ${text}`);
  } else if (year && !text.includes(String(year))) {
    fail(`CSL item ${item.id}: the APA reference lacks the year ${year}: ${text}`);
  } else {
    rendered++;
  }
}

const parse = (path, what) => {
  try {
    return new Cite(readFileSync(path, 'utf8')).data;
  } catch (e) {
    fail(`${what}: citation-js cannot parse ${path}: ${e.message}`);
    return [];
  }
};
const bibtex = parse(bibPath, 'BibTeX');
const ris = parse(risPath, 'RIS');
if (bibtex.length !== items.length) fail(`BibTeX: ${bibtex.length} entries for ${items.length} CSL items`);
if (ris.length !== items.length) fail(`RIS: ${ris.length} records for ${items.length} CSL items`);

// What is compared: text with its whitespace and Unicode form made one;
// a family name with its particles (`van Beethoven`), which readers may
// keep apart.
const text = (s) => (s == null ? null : String(s).replace(/\s+/g, ' ').trim().normalize('NFC'));
const family = (a) => text(a.literal ?? [a['dropping-particle'], a['non-dropping-particle'], a.family].filter(Boolean).join(' '));
const view = (item, { container = 'container-title' } = {}) => ({
  title: text(item.title),
  families: (item.author ?? []).map(family),
  year: item.issued?.['date-parts']?.[0]?.[0] ?? null,
  doi: text(item.DOI)?.toLowerCase() ?? null,
  container: text(item[container] ?? (container === 'container-title' ? null : item['container-title'])),
});
const counts = { title: 0, families: 0, year: 0, doi: 0, container: 0 };
const compare = (format, id, got, want) => {
  for (const field of Object.keys(counts)) {
    const [g, w] = [JSON.stringify(got[field]), JSON.stringify(want[field])];
    if (g !== w) {
      fail(`${format} ${id}: ${field} is ${g}, the CSL-JSON export has ${w}`);
    } else if (want[field] != null && (!Array.isArray(want[field]) || want[field].length)) {
      counts[field]++;
    }
  }
};

const byKey = new Map(bibtex.map((e) => [e['citation-key'] ?? e.id, e]));
const works = {};
items.forEach((item, i) => {
  const want = view(item);
  const fromBib = byKey.get(item['citation-key']);
  if (!fromBib) {
    fail(`BibTeX: no entry ${item['citation-key']} for the CSL item ${item.id}`);
  } else {
    compare('BibTeX', item.id, view(fromBib), want);
  }
  // RIS's T2 is the series of a book and of a web page (collection-title
  // in citation-js), the container of everything else.
  const fromRis = ris[i];
  if (fromRis) compare('RIS', item.id, view(fromRis, { container: 'collection-title' }), want);
  if (wanted.includes(item.id)) {
    works[item.id] = { csl: want, bibtex: fromBib && view(fromBib), ris: fromRis && view(fromRis, { container: 'collection-title' }) };
  }
});
for (const id of wanted) if (!works[id]) fail(`no work ${id} in the CSL-JSON export`);

console.log(JSON.stringify({
  items: items.length,
  bibtex: bibtex.length,
  ris: ris.length,
  rendered,
  compared: counts,
  works,
  problems: problems.length,
}, null, 1));
if (problems.length) {
  for (const p of problems.slice(0, 50)) console.error(`not ok - ${p}`);
  if (problems.length > 50) console.error(`… and ${problems.length - 50} more`);
  process.exit(1);
}
