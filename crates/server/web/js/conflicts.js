// Every disagreement between sources, each with its claims side by side and
// a link to the event on the timeline.

import { apiAll, el, eventHash } from './util.js';
import { claimsTable } from './event.js';

export async function render(main) {
  const { items, total } = await apiAll('/api/conflicts', {}, 5000);
  main.append(
    el('h1', {}, 'Where sources disagree'),
    el('p', { class: 'meta' }, `${total} disagreements. Each claim is shown with its document, the person or paper the text attributes it to, and the works it cites; Chronicle does not choose between them.`),
  );
  for (const c of items) {
    const table = claimsTable(c);
    table.append(el('p', { class: 'small' }, 'Event: ', el('a', { href: eventHash(c.event) }, c.event)));
    main.append(table);
  }
  if (!items.length) main.append(el('p', { class: 'empty' }, 'The sources in this store do not contradict each other on any event.'));
  return null;
}
