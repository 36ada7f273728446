// parseIni: configparser + botocore raw_config_parse rules, one table row per rule; errors with file and line.

import { describe, expect, test } from 'vitest';
import { parseIni } from '../../src/config/parseIni.ts';
import { KeyrackError } from '../../src/errors.ts';

const FILE = '/home/u/.aws/config';

type Plain = [string, string | [string, string][]][];

/** Sections as ordered pairs, so order and `__proto__` names are checked too. */
const parse = (text: string | Buffer): [string, Plain][] =>
  [...parseIni(text, FILE).sections].map(([name, section]) => [name, [...section].map(([k, v]) => [k, typeof v === 'string' ? v : [...v]])]);

function refusal(text: string | Buffer): KeyrackError {
  try {
    parseIni(text, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(KeyrackError);
    return error as KeyrackError;
  }
  throw new Error('parseIni accepted the file');
}

describe('sections', () => {
  test.each<{ rule: string; text: string; sections: string[] }>([
    { rule: 'a plain header', text: '[default]', sections: ['default'] },
    { rule: 'the name is verbatim, inner spaces included', text: '[ profile dev ]\n[profile  two]\n[profile\tthree]', sections: [' profile dev ', 'profile  two', 'profile\tthree'] },
    { rule: 'text after the closing bracket is ignored', text: '[default] # c\n[profile x]  ; c', sections: ['default', 'profile x'] },
    { rule: 'the name runs to the last ]', text: '[a] b ] c', sections: ['a] b '] },
    { rule: 'brackets inside the name', text: '[[x]]\n[]]', sections: ['[x]', ']'] },
    { rule: 'an indented header outside a value', text: '  [profile indented]\n\t[sso-session s]', sections: ['profile indented', 'sso-session s'] },
    { rule: 'case is kept', text: '[Profile X]\n[profile x]', sections: ['Profile X', 'profile x'] },
    { rule: 'dots, quotes and odd characters are kept', text: '[profile a.b@c+d%e:f/g]\n[profile "my name"]\n[profile "abc]', sections: ['profile a.b@c+d%e:f/g', 'profile "my name"', 'profile "abc'] },
    { rule: '__proto__ and constructor are just names', text: '[__proto__]\n[constructor]\n[profile __proto__]', sections: ['__proto__', 'constructor', 'profile __proto__'] },
    { rule: '[DEFAULT] is not a section', text: '[DEFAULT]\na = 1\n[default]', sections: ['default'] },
    { rule: 'an empty file has none', text: '', sections: [] },
    { rule: 'only comments and blank lines', text: '# c\n; c\n\n   \n\t# c\n', sections: [] },
    { rule: 'a NUL byte is an ordinary character', text: '[pro\x00file x]', sections: ['pro\x00file x'] },
  ])('$rule', ({ text, sections }) => {
    expect(parse(text).map(([name]) => name)).toEqual(sections);
  });
});

describe('keys and values', () => {
  test.each<{ rule: string; body: string; keys: Plain }>([
    { rule: 'key = value, spaces around = stripped', body: 'region   =   us-east-1  ', keys: [['region', 'us-east-1']] },
    { rule: 'key: value', body: 'region: us-east-1\nsso_region : eu-west-1', keys: [['region', 'us-east-1'], ['sso_region', 'eu-west-1']] },
    { rule: 'keys are lower-cased', body: 'SSO_Start_URL = u\nREGION: r', keys: [['sso_start_url', 'u'], ['region', 'r']] },
    { rule: 'split at the first = or :', body: 'foo = a=b=c\na:b=c\nd=e:f\nurl = https://h:443/x', keys: [['foo', 'a=b=c'], ['a', 'b=c'], ['d', 'e:f'], ['url', 'https://h:443/x']] },
    { rule: 'keys may hold spaces and tabs', body: 'my key = v\ntab\tkey = w', keys: [['my key', 'v'], ['tab\tkey', 'w']] },
    { rule: 'no inline comments', body: 'region = us-east-1 # c\nfoo = bar;baz\noutput = json ; x', keys: [['region', 'us-east-1 # c'], ['foo', 'bar;baz'], ['output', 'json ; x']] },
    { rule: 'a URL keeps its fragment', body: 'sso_start_url = https://d.awsapps.com/start#/', keys: [['sso_start_url', 'https://d.awsapps.com/start#/']] },
    { rule: 'quotes, % and true are literal text', body: 'foo = "bar"\np = %(x)s 100%\nt = true', keys: [['foo', '"bar"'], ['p', '%(x)s 100%'], ['t', 'true']] },
    { rule: 'an empty value is present', body: 'sso_region =\nscopes:', keys: [['sso_region', ''], ['scopes', '']] },
    { rule: 'comment lines, indented ones too', body: '# a = 1\n  ; b = 2\nc = 3\n    # d = 4', keys: [['c', '3']] },
    { rule: '__proto__ and constructor keys', body: '__proto__ = 1\nconstructor = 2\ntoString = 3', keys: [['__proto__', '1'], ['constructor', '2'], ['tostring', '3']] },
    { rule: 'Python whitespace is stripped, a BOM is not', body: 'k\x1f= v\x1c\nz = \ufeffv', keys: [['k', 'v'], ['z', '\ufeffv']] },
    { rule: 'NUL bytes stay', body: 'region = us\x00east', keys: [['region', 'us\x00east']] },
    { rule: 'non-ASCII key lower-cased as str.lower', body: 'ΣΑΣ = greek', keys: [['σας', 'greek']] },
  ])('$rule', ({ body, keys }) => {
    expect(parse(`[s]\n${body}`)).toEqual([['s', keys]]);
  });
});

describe('continuation lines and nested blocks', () => {
  test.each<{ rule: string; body: string; keys: Plain }>([
    { rule: 'key = then indented lines is one level of nesting', body: 's3 =\n  max_concurrent_requests = 10\n  addressing_style = path', keys: [['s3', [['max_concurrent_requests', '10'], ['addressing_style', 'path']]]] },
    { rule: 'tab indentation, blank lines and comments inside the block', body: 's3 =\n\ta = 1\n\n\t# c\n\tb = 2\n\nregion = x', keys: [['s3', [['a', '1'], ['b', '2']]], ['region', 'x']] },
    { rule: 'nested keys keep their case; last duplicate wins', body: 's3 =\n  Mixed = 1\n  dup = 1\n  dup = 2\n  s = a = b', keys: [['s3', [['Mixed', '1'], ['dup', '2'], ['s', 'a = b']]]] },
    { rule: 'x = 1 then an indented line is a multi-line string', body: 'x = 1\n  y = 2', keys: [['x', '1\ny = 2']] },
    { rule: 'blank lines inside a multi-line string are kept, trailing ones dropped', body: 'x = 1\n  y\n\n  z\n\n\nw = 2', keys: [['x', '1\ny\n\nz'], ['w', '2']] },
    { rule: 'key = then a non-indented line is empty plus a new key', body: 's3 =\nmax_concurrent_requests = 10', keys: [['s3', ''], ['max_concurrent_requests', '10']] },
    { rule: 'an indented header-looking line continues the value', body: 'a = 1\n  [profile x]\nb = 2', keys: [['a', '1\n[profile x]'], ['b', '2']] },
    { rule: 'continuation means deeper than the key line', body: '    a = 1\n  b = 2\n      c\n  d = 4', keys: [['a', '1'], ['b', '2\nc'], ['d', '4']] },
    { rule: 'an indented first key then same-indent keys', body: '  a = 1\n  b = 2\n    more', keys: [['a', '1'], ['b', '2\nmore']] },
    { rule: 'splitlines boundaries inside a nested line', body: 's3 =\n  a = 1\u2028b = 2\x0bc = 3', keys: [['s3', [['a', '1'], ['b', '2'], ['c', '3']]]] },
    { rule: 'a nested line may have an empty key', body: 's3 =\n  = v', keys: [['s3', [['', 'v']]]] },
  ])('$rule', ({ body, keys }) => {
    expect(parse(`[s]\n${body}`)).toEqual([['s', keys]]);
  });
});

describe('[DEFAULT]', () => {
  test.each<{ rule: string; text: string; sections: [string, Plain][] }>([
    {
      rule: 'its keys follow each section\'s own keys, which win',
      text: '[DEFAULT]\nsso_region = X\nregion = d\n[profile p]\nregion = p\n[sso-session s]',
      sections: [['profile p', [['region', 'p'], ['sso_region', 'X']]], ['sso-session s', [['sso_region', 'X'], ['region', 'd']]]],
    },
    { rule: 'it may appear twice with different keys', text: '[DEFAULT]\na = 1\n[p]\n[DEFAULT]\nb = 2', sections: [['p', [['a', '1'], ['b', '2']]]] },
    { rule: 'an inherited nested value is parsed for each section', text: '[DEFAULT]\ns3 =\n  x = 1\n[p]\n[q]\ns3 = own', sections: [['p', [['s3', [['x', '1']]]]], ['q', [['s3', 'own']]]] },
    { rule: 'a bad nested value nobody inherits is no error', text: '[DEFAULT]\ns3 =\n  x: 1\n[q]\ns3 = own', sections: [['q', [['s3', 'own']]]] },
    { rule: 'with no other section there is nothing', text: '[DEFAULT]\na = 1', sections: [] },
  ])('$rule', ({ text, sections }) => {
    expect(parse(text)).toEqual(sections);
  });
});

describe('line endings and encodings', () => {
  const expected: [string, Plain][] = [['p', [['a', '1'], ['s3', [['b', '2']]]]], ['q', [['c', '3']]]];
  test.each([
    { endings: 'LF', text: '[p]\na = 1\ns3 =\n  b = 2\n\n[q]\nc = 3\n' },
    { endings: 'CRLF', text: '[p]\r\na = 1\r\ns3 =\r\n  b = 2\r\n\r\n[q]\r\nc = 3\r\n' },
    { endings: 'lone CR', text: '[p]\ra = 1\rs3 =\r  b = 2\r\r[q]\rc = 3\r' },
    { endings: 'mixed, no final newline', text: '[p]\r\na = 1\rs3 =\n  b = 2\r\n\n[q]\rc = 3' },
  ])('$endings', ({ text }) => {
    expect(parse(text)).toEqual(expected);
    expect(parse(Buffer.from(text))).toEqual(expected);
  });

  test('UTF-8 bytes are decoded', () => {
    expect(parse(Buffer.from('[profile ünï]\nkey = 値'))).toEqual([['profile ünï', [['key', '値']]]]);
  });
});

describe('refused files name the file, the line and what to change, never the line itself', () => {
  test.each<{ rule: string; text: string | Buffer; line: number; problem: RegExp }>([
    { rule: 'duplicate section', text: '[profile dev]\na = 1\n[x]\n\n[profile dev]', line: 5, problem: /^duplicate section \[profile dev\] \(first at line 1\)$/ },
    { rule: 'duplicate key', text: '[p]\nregion = a\noutput = j\nregion = b', line: 4, problem: /^duplicate key 'region' in \[p\]/ },
    { rule: 'duplicate key in another case', text: '[p]\nregion = a\nREGION = b', line: 3, problem: /^duplicate key 'region' in \[p\]/ },
    { rule: 'repeated foo[]', text: '[p]\nfoo[] = 1\nfoo[] = 2', line: 3, problem: /^duplicate key 'foo\[\]'/ },
    { rule: 'duplicate key across two [DEFAULT] sections', text: '[DEFAULT]\na = 1\n[p]\n[DEFAULT]\na = 2', line: 5, problem: /^duplicate key 'a' in \[DEFAULT\]/ },
    { rule: 'a byte-order mark', text: Buffer.from('\ufeff[default]\nregion = x'), line: 1, problem: /byte-order mark/ },
    { rule: 'a key before any section', text: 'region = S3CRET\n[default]', line: 1, problem: /^text before the first \[section\] header$/ },
    { rule: 'a comment then a key before any section', text: '# c\n\nregion = x', line: 3, problem: /^text before the first \[section\] header$/ },
    { rule: '[] before any section', text: '[]\na = 1', line: 1, problem: /is not a \[section\] header/ },
    { rule: '[] inside a section', text: '[p]\na = 1\n[]', line: 3, problem: /is not a \[section\] header/ },
    { rule: 'an unclosed header', text: '[p]\n[profile x', line: 2, problem: /is not a \[section\] header/ },
    { rule: 'a line with no delimiter', text: '[p]\na = 1\nAKIAS3CRET', line: 3, problem: /^a key line with no '=' or ':'$/ },
    { rule: 'a line starting with =', text: '[p]\n= S3CRET', line: 2, problem: /^a line in \[p\] starts with '=' and has no key name$/ },
    { rule: 'a line starting with :', text: '[p]\n  : S3CRET', line: 2, problem: /starts with ':'/ },
    { rule: 'a nested line with :', text: '[p]\ns3 =\n  a = 1\n\n  b: S3CRET', line: 5, problem: /^a line in the indented block under 's3' in \[p\] has no '='$/ },
    { rule: 'a nested line with no =', text: '[p]\ns3 =\n  S3CRET', line: 3, problem: /under 's3' in \[p\]/ },
    { rule: 'a bad nested line after a line separator', text: '[p]\ns3 =\n  a = 1\n  b = 2\u2028S3CRET', line: 4, problem: /under 's3'/ },
    { rule: 'a bad inherited nested value', text: '[DEFAULT]\ns3 =\n  x: 1\n[p]', line: 3, problem: /under 's3' in \[DEFAULT\]/ },
    { rule: 'invalid UTF-8', text: Buffer.from([...Buffer.from('[p]\r\na = 1\r\nb = S3CRET'), 0xe9, 0x0a]), line: 3, problem: /^the file is not valid UTF-8$/ },
    { rule: 'an encoded surrogate', text: Buffer.from([...Buffer.from('[p]\na = '), 0xed, 0xa0, 0x80]), line: 2, problem: /not valid UTF-8/ },
    { rule: 'a truncated sequence at a line end', text: Buffer.from([...Buffer.from('[p]\ra = '), 0xe2, 0x82, 0x0d, 0x0a]), line: 2, problem: /not valid UTF-8/ },
  ])('$rule', ({ text, line, problem }) => {
    const error = refusal(text);
    expect(error.exitCode).toBe(2);
    expect(error.subject).toBe(`${FILE} line ${line}`);
    expect(error.problem).toMatch(problem);
    expect(error.remedy).not.toBe('');
    expect(error.describe()).not.toMatch(/\n|S3CRET/);
  });

  test('a repeated secret key names the key, not the secrets', () => {
    const error = refusal('[default]\naws_secret_access_key = S3CR3T-ONE\naws_secret_access_key = S3CR3T-TWO');
    expect(error.describe()).toContain("'aws_secret_access_key'");
    expect(error.describe()).not.toMatch(/S3CR3T/);
  });
});
