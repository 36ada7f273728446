// pickOne: every way a typed answer picks, narrows or misses.

import { expect, test } from 'vitest';
import { formatChoices, pickOne, type Choice } from '../../src/portal/pickOne.ts';

const account = (id: string, name: string): Choice<string> => ({ item: id, label: `${name} (${id})`, keys: [id, name] });
const CHOICES = [account('111122223333', 'prod'), account('222233334444', 'prod-eu'), account('333344445555', 'sandbox'), account('444455556666', 'Prod')];

test.each<[string, ReturnType<typeof pickOne>]>([
  ['2', { kind: 'picked', item: '222233334444' }],
  ['333344445555', { kind: 'picked', item: '333344445555' }],
  [' SANDBOX ', { kind: 'picked', item: '333344445555' }],
  ['box', { kind: 'picked', item: '333344445555' }],
  ['prod-', { kind: 'picked', item: '222233334444' }],
  ['prod', { kind: 'narrowed', choices: [CHOICES[0]!, CHOICES[3]!] }], // two named "prod" exactly (case aside)
  ['pro', { kind: 'narrowed', choices: [CHOICES[0]!, CHOICES[1]!, CHOICES[3]!] }],
  ['5', { kind: 'none', why: 'there is no 5 in the list (1 to 4)' }],
  ['0', { kind: 'none', why: 'there is no 0 in the list (1 to 4)' }],
  ['3444455', { kind: 'picked', item: '333344445555' }], // part of an id
  ['', { kind: 'none', why: 'nothing was typed' }],
  ['staging', { kind: 'none', why: "none matches 'staging'" }],
])('%j', (answer, expected) => {
  expect(pickOne(CHOICES, answer)).toEqual(expected);
});

test('an account id is never read as a list number, even in a long list', () => {
  const many = Array.from({ length: 12 }, (_, i) => account(String(100000000000 + i), `a${i}`));
  expect(pickOne(many, '12')).toEqual({ kind: 'picked', item: '100000000011' });
  expect(pickOne(many, '100000000003')).toEqual({ kind: 'picked', item: '100000000003' });
});

test('the list is numbered from 1, aligned', () => {
  const many = Array.from({ length: 10 }, (_, i) => account(String(100000000000 + i), `a${i}`));
  expect(formatChoices(many).split('\n').slice(0, 1)).toEqual(['   1  a0 (100000000000)']);
  expect(formatChoices(many).split('\n')[9]).toBe('  10  a9 (100000000009)');
});

test('a long list shows its first lines and says how to reach the rest', () => {
  const many = Array.from({ length: 12 }, (_, i) => account(String(100000000000 + i), `a${i}`));
  expect(formatChoices(many, 3)).toBe('  1  a0 (100000000000)\n  2  a1 (100000000001)\n  3  a2 (100000000002)\n  … and 9 more: type part of a name or an id to narrow the list\n');
  expect(formatChoices(many.slice(0, 3), 3)).not.toContain('more');
});
