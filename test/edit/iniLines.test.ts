// scanIni finds the lines parseIni reads (checked against parseIni on every config fixture), the line edits put a
// file back together byte for byte, and option lines keep the user's style when their value changes.

import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test } from 'vitest';
import { parseIni } from '../../src/config/parseIni.ts';
import { applyLineEdits, type LineEdit } from '../../src/edit/applyLineEdits.ts';
import { classifyConfigSection } from '../../src/edit/configSectionName.ts';
import { joinLines, replaceOptionLine, replaceOptionValue, scanIni, splitLines } from '../../src/edit/iniLines.ts';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/config');
const readable = readdirSync(FIXTURES)
  .map((f) => [f, readFileSync(join(FIXTURES, f), 'utf8')] as const)
  .filter(([f, text]) => {
    try {
      parseIni(Buffer.from(text), f);
      return true;
    } catch {
      return false;
    }
  });

test('there are fixtures the AWS CLI accepts to compare with', () => {
  expect(readable.length).toBeGreaterThan(40);
});

test.each(readable)('%s: splitLines/joinLines round-trip, and scanIni finds exactly the keys parseIni reads', (_f, text) => {
  expect(joinLines(splitLines(text))).toBe(text);
  const scan = scanIni(text);
  const parsed = parseIni(text, 'f');
  const defaults = new Set(scan.sections.filter((s) => s.name === 'DEFAULT').flatMap((s) => s.options.map((o) => o.key)));
  const scanned = scan.sections.filter((s) => s.name !== 'DEFAULT').map((s) => [s.name, [...new Set([...s.options.map((o) => o.key), ...defaults])].sort()]);
  const read = [...parsed.sections].map(([name, values]) => [name, [...values.keys()].sort()]);
  expect(scanned).toEqual(read);
});

test.each<{ rule: string; text: string; roles: string[] }>([
  { rule: 'comment, header, option, blank', text: '# c\n[a]\nk = v\n\n', roles: ['comment', 'header', 'option', 'blank'] },
  { rule: 'a nested block is continuation lines, a comment inside it is a comment', text: '[a]\ns3 =\n  x = 1\n  # c\n  y = 2\nz = 3\n', roles: ['header', 'option', 'continuation', 'comment', 'continuation', 'option'] },
  { rule: 'an indented header after a key continues it', text: '[a]\nk = v\n  [b]\n', roles: ['header', 'option', 'continuation'] },
  { rule: 'the indentation of the key line sets the level', text: '[a]\n    k = v\n\tj = w\n    l = x\n', roles: ['header', 'option', 'option', 'continuation'] },
  { rule: 'CR, CRLF and LF each end a line', text: '[a]\rk = v\r\nj = w\n', roles: ['header', 'option', 'option'] },
])('scanIni roles: $rule', ({ text, roles }) => {
  expect(scanIni(text).lines.map((l) => l.role.kind)).toEqual(roles);
});

test.each<[string, string, string]>([
  ['aws_access_key_id = OLD', 'NEW', 'aws_access_key_id = NEW'],
  ['  AWS_Access_Key_Id:OLD', 'NEW', '  AWS_Access_Key_Id:NEW'],
  ['key\t=\tOLD  ', 'NEW', 'key\t=\tNEW'],
  ['key = a=b:c', 'NEW', 'key = NEW'],
  ['key =', 'NEW', 'key = NEW'],
  ['key=', 'NEW', 'key=NEW'],
])('replaceOptionValue(%j, %j)', (line, value, expected) => {
  expect(replaceOptionValue(line, value)).toBe(expected);
});

test.each<[string, string]>([
  ['sso_start_url = https://x', 'sso_session = acme'],
  ['\tSSO_Start_URL   :   https://x', '\tsso_session   :   acme'],
  ['sso_region=us-east-1', 'sso_session=acme'],
])('replaceOptionLine(%j) keeps the style', (line, expected) => {
  expect(replaceOptionLine(line, 'sso_session', 'acme')).toBe(expected);
});

test.each<{ rule: string; text: string; edits: LineEdit[]; out: string }>([
  { rule: 'no edits: the same bytes', text: 'a\r\nb\nc', edits: [], out: 'a\r\nb\nc' },
  { rule: 'a replaced line keeps its ending', text: 'a\r\nb\r\n', edits: [{ kind: 'replace', line: 0, text: 'A' }], out: 'A\r\nb\r\n' },
  { rule: 'inserted lines take the ending of the line above', text: 'a\r\nb\nc\n', edits: [{ kind: 'insert', after: 0, texts: ['x', 'y'] }], out: 'a\r\nx\r\ny\r\nb\nc\n' },
  { rule: 'at the top: the first ending in the file', text: 'a\r\nb\r\n', edits: [{ kind: 'insert', after: -1, texts: ['x'] }], out: 'x\r\na\r\nb\r\n' },
  { rule: 'after a last line without an ending: it gets one, the file still ends without', text: 'a\nb', edits: [{ kind: 'insert', after: 1, texts: ['x'] }], out: 'a\nb\nx' },
  { rule: 'deleting the last line of a file without a final newline', text: 'a\nb\nc', edits: [{ kind: 'delete', line: 2 }], out: 'a\nb' },
  { rule: 'an empty file gets \\n endings', text: '', edits: [{ kind: 'insert', after: -1, texts: ['[a]', 'k = v'] }], out: '[a]\nk = v\n' },
  { rule: 'CR-only files stay CR', text: 'a\rb\r', edits: [{ kind: 'insert', after: 1, texts: ['c'] }], out: 'a\rb\rc\r' },
])('applyLineEdits: $rule', ({ text, edits, out }) => {
  expect(applyLineEdits(splitLines(text), edits)).toBe(out);
});

test.each<[string, ReturnType<typeof classifyConfigSection>]>([
  ['profile dev', { kind: 'profile', name: 'dev' }],
  ['profile  dev', { kind: 'profile', name: 'dev' }],
  ['profile "my name"', { kind: 'profile', name: 'my name' }],
  ['profiles x', { kind: 'profile', name: 'x' }],
  ['default', { kind: 'profile', name: 'default' }],
  ['sso-session acme', { kind: 'sso-session', name: 'acme' }],
  ['services local', { kind: 'services', name: 'local' }],
  [' profile dev ', null],
  ['profile a b', null],
  ['Profile x', null],
  ['plugins', null],
])('classifyConfigSection(%j) as botocore maps it', (raw, expected) => {
  expect(classifyConfigSection(raw)).toEqual(expected);
});
