// keyrack-cp configure, both artifacts, against the emulator: on a real pseudo-terminal (the test types the answers,
// approves the device code and picks from the lists), and from flags with no terminal; the written profile then gets
// credentials through botocore's own SSO provider and through keyrack-cp; the refusals write nothing.

import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { tokenCacheJson } from '../emulator/index.ts';
import { startDetached, startWithTerminal, type LiveRun } from '../helpers/liveRun.ts';
import { playBrowser } from '../helpers/playBrowser.ts';
import { pythonExecutable } from '../helpers/python.ts';
import { ARTIFACTS, CONFIG, ROOT, runProcess, Sandbox, START_URL, type RunResult } from '../helpers/sandbox.ts';
import { useE2eEmulator } from '../helpers/e2eEmulator.ts';

const emu = useE2eEmulator();

/** CRLF, comments, another session and a hand-written profile, and one that runs keyrack-cp: what configure appends to. */
const AROUND =
  '# my AWS config\r\n[default]\r\nregion = eu-west-1\r\n\r\n; the other company\r\n[sso-session globex]\r\nsso_start_url = https://globex.awsapps.com/start\r\nsso_region = eu-west-1\r\n\r\n' +
  '[profile mine]\r\nsso_session = globex\r\nsso_account_id = 999999999999\r\nsso_role_name = Dev\r\n\r\n[profile app]\r\ncredential_process = keyrack-cp --profile mine\r\n';
const ACME = `\r\n[sso-session acme]\r\nsso_start_url = ${START_URL}\r\nsso_region = us-east-1\r\nsso_registration_scopes = sso:account:access\r\n`;
const profileText = (name: string, accountId: string, roleName: string, { eol = '\r\n', region = '' } = {}) =>
  `${eol}[profile ${name}]${eol}sso_session = acme${eol}sso_account_id = ${accountId}${eol}sso_role_name = ${roleName}${eol}${region ? `region = ${region}${eol}` : ''}`;

const BOTOCORE = join(ROOT, 'test', 'e2e', 'botocore_consumer.py');
const STS = () => ({ AWS_ENDPOINT_URL_STS: emu.url, AWS_EC2_METADATA_DISABLED: 'true' });

function signIn(box: Sandbox, ttlSeconds = 8 * 3600): void {
  box.writeToken(tokenCacheJson(emu.seedLogin({ startUrl: START_URL, accessTokenTtlSeconds: ttlSeconds }), { startUrl: START_URL, region: 'us-east-1' }));
}

/** The account and role the credentials with this access key were issued for. */
function issuedFor(accessKeyId: string): string {
  const issued = emu.issued.roleCredentials.find((c) => c.accessKeyId === accessKeyId);
  return issued ? `${issued.accountId}/${issued.roleName}` : `(not issued: ${accessKeyId})`;
}

/** Waits for a question (only in what the terminal showed since `from`), then types the answer and Enter. */
async function answer(run: LiveRun, question: RegExp, typed: string, from = 0): Promise<number> {
  const match = await run.waitFor(question, 20_000, from);
  const at = from + match.index + match[0].length;
  run.type(`${typed}\n`);
  return at;
}

function succeeded(r: RunResult): string {
  expect(r.code, `exit ${String(r.code)}; stderr:\n${r.stderr}`).toBe(0);
  return r.stdout;
}

const operations = () => emu.calls.map((c) => `${c.operation} ${c.status}`);

describe.each(ARTIFACTS)('%s', (_name, cmd) => {
  test('on a terminal: the questions of aws configure sso, a device-code sign-in, the lists to pick from; botocore then signs a call with the profile', async () => {
    emu.assign('444455556666', 'Dev', { accountName: 'Dev Sandbox' });
    emu.assign('444455556666', 'Admin');
    const box = new Sandbox(emu.url, AROUND);
    const run = startWithTerminal(cmd, ['configure'], box.env(), box);
    let at = await answer(run, /SSO session name \[globex\]: $/, 'acme');
    at = await answer(run, /SSO start URL: $/, 'http://d-abc.awsapps.com/start', at);
    at = await answer(run, /is not an https URL \(the AWS access portal URL, such as https:\/\/d-1234567890\.awsapps\.com\/start\)\.\r\nSSO start URL: $/, START_URL, at);
    at = await answer(run, /SSO region: $/, 'EU West', at);
    at = await answer(run, /'EU West' is not an AWS region name \(such as us-east-1\)\.\r\nSSO region: $/, 'us-east-1', at);
    at = await answer(run, /SSO registration scopes \[sso:account:access\]: $/, '', at);
    // No browser here: the device code, on the terminal.
    const [, url] = await run.waitFor(/open this URL on any device:\r\n\r\n {2}(http:\/\/\S+\/device\?user_code=[A-Z]{4}-[A-Z]{4})\r\n/, 20_000, at);
    await playBrowser(url!);
    at = await answer(run, /Signed in to sso-session 'acme' until \S+Z\.\r\nThere are 2 accounts you may use:\r\n {2}1 {2}Dev Sandbox \(444455556666\)\r\n {2}2 {2}emulator-111122223333 \(111122223333\)\r\nAccount \(its number, id or part of its name\): $/, 'sand', at);
    at = await answer(run, /Using Dev Sandbox \(444455556666\)\.\r\nThere are 2 roles you may use:\r\n {2}1 {2}Admin\r\n {2}2 {2}Dev\r\nRole \(its number or part of its name\): $/, 'dev', at);
    at = await answer(run, /Using Dev\.\r\nProfile name \[Dev-Sandbox\.Dev\]: $/, '', at);
    await answer(run, /Default client region \[us-east-1\]: $/, '', at);
    const r = await run.done;
    expect([r.code, r.stdout, r.stderr]).toEqual([0, 'Dev-Sandbox.Dev\n', '']); // stdout: the profile's name alone
    expect(readFileSync(box.configPath, 'utf8')).toBe(AROUND + ACME + profileText('Dev-Sandbox.Dev', '444455556666', 'Dev', { region: 'us-east-1' }));
    // What it wrote, shown on the terminal: the diff, then what happened.
    expect(run.tty()).toContain('+[profile Dev-Sandbox.Dev]\\r\r\n'); // the file's CR shown, not sent to the terminal
    expect(run.tty()).toMatch(/\r\nWrote \S+config: \[sso-session acme\] added, \[profile Dev-Sandbox\.Dev\] added\.\r\nUse it: aws sts get-caller-identity --profile Dev-Sandbox\.Dev\r\n$/);
    // One sign-in (the polls before the approval aside), then one page of accounts and the chosen account's roles only.
    expect(operations().filter((o) => o !== 'CreateToken 400')).toEqual(['RegisterClient 200', 'StartDeviceAuthorization 200', 'ApproveDevice 200', 'CreateToken 200', 'ListAccounts 200', 'ListAccountRoles 200']);
    expect(box.readToken()).toMatchObject({ startUrl: START_URL, region: 'us-east-1' });

    // botocore's own SSO provider reads the profile and the token the sign-in cached, and signs an STS call.
    const boto = await runProcess([pythonExecutable(), BOTOCORE], ['sts', 'Dev-Sandbox.Dev'], box.env(STS()));
    const out = JSON.parse(succeeded(boto));
    expect(out.identity.Account).toBe('444455556666');
    expect(issuedFor(out.credentials.access_key)).toBe('444455556666/Dev');
  }, 60_000);

  test('on a terminal, the session signed in: no sign-in; a long list read in full through a throttled page and narrowed by typing; a taken name refused', async () => {
    const box = new Sandbox(emu.url, CONFIG);
    signIn(box);
    for (let i = 0; i < 150; i++) emu.assign(String(300000000000 + i), 'ReadOnly', { accountName: `team-${String(i).padStart(3, '0')}` });
    // The first page throttled past the SDK's own retries: configure's pause and retry carries it.
    emu.inject('ListAccounts', { kind: 'error', status: 429, errorType: 'TooManyRequestsException' }, 3);
    const run = startWithTerminal(cmd, ['configure', '--sso-session', 'acme', '--debug'], box.env(), box);
    let at = await answer(run, /^Using \[sso-session acme\] of \S+config: https:\/\/d-abc\.awsapps\.com\/start \(us-east-1\)\.\r\nThere are 151 accounts you may use:\r\n(?: {2}\s?\d+ {2}\S+ \(\d{12}\)\r\n){40} {2}… and 111 more: type part of a name or an id to narrow the list\r\nAccount \(its number, id or part of its name\): $/, 'team-14');
    at = await answer(run, /10 of them match:\r\n {2} 1 {2}team-140 \(300000000140\)\r\n(?:.*\r\n){9}Account \(its number, id or part of its name\): $/, '3', at);
    at = await answer(run, /Using team-142 \(300000000142\)\.\r\nThere is one role you may use: ReadOnly\.\r\nProfile name \[team-142\.ReadOnly\]: $/, 'dev', at);
    at = await answer(run, /profile 'dev': already exists in \S+config with other values: sso_account_id '111122223333' \(not '300000000142'\)\.\r\nProfile name \[team-142\.ReadOnly\]: $/, '', at);
    at = await answer(run, /Default client region \[us-east-1\]: $/, 'nowhere', at);
    await answer(run, /'nowhere' is not an AWS region name \(such as us-east-1\)\.\r\nDefault client region \[us-east-1\]: $/, 'eu-west-1', at);
    const r = await run.done;
    expect([r.code, r.stdout]).toEqual([0, 'team-142.ReadOnly\n']);
    // --debug: the decisions on stderr (the token used, the throttled page), never the token itself (the audit checks).
    expect(r.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('keyrack-cp: debug: '))).toEqual([]);
    expect(r.stderr).toMatch(/debug: \S+\.json: token valid for \d+m\d\ds → use\n/);
    expect(r.stderr).toMatch(/debug: ListAccounts: throttled \(try 1 of 5\); every call waits \d+ ms\n/);
    expect(readFileSync(box.configPath, 'utf8')).toBe(CONFIG + profileText('team-142.ReadOnly', '300000000142', 'ReadOnly', { eol: '\n', region: 'eu-west-1' }));
    expect(operations()).toEqual(['ListAccounts 429', 'ListAccounts 429', 'ListAccounts 429', 'ListAccounts 200', 'ListAccounts 200', 'ListAccountRoles 200']);

    // keyrack-cp's own credential path serves the new profile.
    const creds = JSON.parse(succeeded(await box.run(cmd, ['--profile', 'team-142.ReadOnly'])));
    expect(issuedFor(creds.AccessKeyId)).toBe('300000000142/ReadOnly');
  }, 60_000);

  test('on a terminal with a browser: the sign-in is the browser\'s (PKCE, through our callback); --account given: only its roles listed', async () => {
    const box = new Sandbox(emu.url, CONFIG);
    const browser = { BROWSER: join(ROOT, 'test', 'helpers', 'fakeBrowser.mjs'), FAKE_BROWSER_LOG: join(box.home, 'browser.log') };
    const run = startWithTerminal(cmd, ['configure', '--sso-session', 'acme', '--account', '111122223333', '--profile-region', 'eu-west-1'], box.env(browser), box);
    let at = await answer(run, /in your browser\. If no browser opens, open this URL on this machine:\r\n\r\n {2}http:\/\/127\.0\.0\.1:\d+\/authorize\?\S+\r\n[^]*Signed in to sso-session 'acme' until \S+Z\.\r\nThere are 2 roles you may use:\r\n {2}1 {2}Admin\r\n {2}2 {2}ReadOnly\r\nRole \(its number or part of its name\): $/, '1');
    await answer(run, /Using Admin\.\r\nProfile name \[111122223333\.Admin\]: $/, 'prod-admin', at);
    const r = await run.done;
    expect([r.code, r.stdout, r.stderr]).toEqual([0, 'prod-admin\n', '']);
    expect(readFileSync(box.configPath, 'utf8')).toBe(CONFIG + profileText('prod-admin', '111122223333', 'Admin', { eol: '\n', region: 'eu-west-1' }));
    expect(readFileSync(join(box.home, 'browser.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).path)).toEqual(['/authorize', '/oauth/callback']);
    expect(operations()).toEqual(['RegisterClient 200', 'Authorize 302', 'CreateToken 200', 'ListAccountRoles 200']);
  }, 60_000);

  test('--use-device-code with a browser here: the device code flow, its verification page opened in that browser', async () => {
    const box = new Sandbox(emu.url, CONFIG);
    const browser = { BROWSER: join(ROOT, 'test', 'helpers', 'fakeBrowser.mjs'), FAKE_BROWSER_LOG: join(box.home, 'browser.log') };
    const run = startWithTerminal(cmd, ['configure', '--sso-session', 'acme', '--account', '111122223333', '--use-device-code'], box.env(browser), box);
    let at = await answer(run, /open this URL on any device:\r\n\r\n {2}http:\/\/\S+\/device\?user_code=[A-Z]{4}-[A-Z]{4}\r\n[^]*Signed in to sso-session 'acme' until \S+Z\.\r\nThere are 2 roles you may use:\r\n {2}1 {2}Admin\r\n {2}2 {2}ReadOnly\r\nRole \(its number or part of its name\): $/, '1');
    at = await answer(run, /Using Admin\.\r\nProfile name \[111122223333\.Admin\]: $/, 'acme-admin', at);
    await answer(run, /Default client region \[us-east-1\]: $/, '', at);
    const r = await run.done;
    expect([r.code, r.stdout, r.stderr]).toEqual([0, 'acme-admin\n', '']);
    expect(readFileSync(join(box.home, 'browser.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).path)).toEqual(['/device']);
    expect(operations().filter((o) => o !== 'CreateToken 400')).toEqual(['RegisterClient 200', 'StartDeviceAuthorization 200', 'ApproveDevice 200', 'CreateToken 200', 'ListAccountRoles 200']);
    expect(emu.count('Authorize')).toBe(0);
  }, 60_000);

  test('--no-browser with a browser here: none is started, the sign-in URL is printed, and opening it by hand signs in', async () => {
    const box = new Sandbox(emu.url, CONFIG);
    const browser = { BROWSER: join(ROOT, 'test', 'helpers', 'fakeBrowser.mjs'), FAKE_BROWSER_LOG: join(box.home, 'browser.log') };
    const run = startWithTerminal(cmd, ['configure', '--sso-session', 'acme', '--account', '111122223333', '--no-browser'], box.env(browser), box);
    const [, url] = await run.waitFor(/open this URL in a browser on this machine:\r\n\r\n {2}(http:\/\/\S+)\r\n/, 20_000);
    await playBrowser(url!);
    let at = await answer(run, /Signed in to sso-session 'acme' until \S+Z\.\r\nThere are 2 roles you may use:\r\n {2}1 {2}Admin\r\n {2}2 {2}ReadOnly\r\nRole \(its number or part of its name\): $/, 'admin');
    at = await answer(run, /Using Admin\.\r\nProfile name \[111122223333\.Admin\]: $/, '', at);
    await answer(run, /Default client region \[us-east-1\]: $/, '', at);
    const r = await run.done;
    expect([r.code, r.stdout, r.stderr]).toEqual([0, '111122223333.Admin\n', '']);
    expect(existsSync(join(box.home, 'browser.log'))).toBe(false);
    expect(operations()).toEqual(['RegisterClient 200', 'Authorize 302', 'CreateToken 200', 'ListAccountRoles 200']);
  }, 60_000);

  test('--dry-run: the diff and what would change on stdout, the file untouched; the run without it writes exactly that diff', async () => {
    const box = new Sandbox(emu.url, AROUND);
    const flags = ['configure', '--sso-session', 'acme', '--start-url', START_URL, '--region', 'us-east-1', '--account', '111122223333', '--role', 'ReadOnly', '--profile', 'acme-ro'];
    const dry = await startDetached(cmd, [...flags, '--dry-run'], box.env(), box).done;
    expect([dry.code, dry.stderr]).toEqual([0, '']);
    expect(dry.stdout).toMatch(/^--- \S+config\n\+\+\+ \S+config\n@@ -14,3 \+14,13 @@\n/);
    expect(dry.stdout).toMatch(/\nDry run: \S+config was not changed\. configure would add \[sso-session acme\] and add \[profile acme-ro\]\.\n$/);
    expect(readFileSync(box.configPath, 'utf8')).toBe(AROUND);
    expect(emu.calls).toEqual([]);

    const real = await startDetached(cmd, flags, box.env(), box).done;
    expect([real.code, real.stdout]).toEqual([0, 'acme-ro\n']);
    const diffOf = (text: string) => text.slice(0, text.search(/\n(Dry run:|Wrote) /) + 1);
    // stdout's diff is the file's bytes, for patch; the terminal's shows each CR as \r (text/printable.ts).
    expect(diffOf(real.stderr)).toBe(diffOf(dry.stdout).replaceAll('\r', '\\r'));

    // A change it would refuse is refused as in a real run (exit 2), and still writes nothing.
    const refused = await startDetached(cmd, [...flags.map((f) => (f === 'ReadOnly' ? 'Admin' : f)), '--dry-run'], box.env(), box).done;
    expect([refused.code, refused.stdout]).toEqual([2, '']);
    expect(refused.stderr).toMatch(/^keyrack-cp: profile 'acme-ro': already exists in \S+config with other values: sso_role_name 'ReadOnly' \(not 'Admin'\)/);
    const nothingToDo = await startDetached(cmd, [...flags, '--dry-run'], box.env(), box).done;
    expect(nothingToDo.stdout).toBe(`Dry run: ${box.configPath} was not changed. configure would keep [sso-session acme] and keep [profile acme-ro].\n`);
  });

  test('from flags, no terminal: no question, no network call; every byte kept; a rerun changes nothing; other values only with --force', async () => {
    const box = new Sandbox(emu.url, AROUND);
    const flags = ['configure', '--sso-session', 'acme', '--start-url', START_URL, '--region', 'us-east-1', '--account', '111122223333', '--role', 'ReadOnly', '--profile', 'acme-ro'];
    const r = await startDetached(cmd, flags, box.env(), box).done;
    expect([r.code, r.stdout]).toEqual([0, 'acme-ro\n']);
    const written = AROUND + ACME + profileText('acme-ro', '111122223333', 'ReadOnly');
    expect(readFileSync(box.configPath, 'utf8')).toBe(written);
    // What it wrote, on stderr: the diff (a CR shown as \r), the outcome, and the sign-in still to do.
    expect(r.stderr).toMatch(/^--- \S+config\n\+\+\+ \S+config\n@@ -14,3 \+14,13 @@\n \\r\n \[profile app\]\\r\n credential_process = keyrack-cp --profile mine\\r\n\+\\r\n\+\[sso-session acme\]\\r\n/);
    expect(r.stderr).toMatch(/\nWrote \S+config: \[sso-session acme\] added, \[profile acme-ro\] added\.\nUse it: aws sts get-caller-identity --profile acme-ro\nsso-session 'acme': is not logged in \(there is no cached SSO token\)\. Sign in: keyrack-cp login --sso-session acme\n$/);
    expect(emu.calls).toEqual([]);

    const again = await startDetached(cmd, flags, box.env(), box).done;
    expect([again.code, again.stdout]).toEqual([0, 'acme-ro\n']);
    expect(again.stderr).toMatch(/^\S+config already has \[sso-session acme\] and \[profile acme-ro\] as asked; nothing was written\.\n/);
    expect(readFileSync(box.configPath, 'utf8')).toBe(written);

    const admin = flags.map((f) => (f === 'ReadOnly' ? 'Admin' : f));
    const refused = await startDetached(cmd, admin, box.env(), box).done;
    expect([refused.code, refused.stdout]).toEqual([2, '']);
    expect(refused.stderr).toMatch(/^keyrack-cp: profile 'acme-ro': already exists in \S+config with other values: sso_role_name 'ReadOnly' \(not 'Admin'\)\. Choose another profile name, or pass --force to change it\.\n$/);
    const region = await startDetached(cmd, ['configure', '--sso-session', 'globex', '--region', 'us-west-2', '--account', '111122223333', '--role', 'Admin', '--profile', 'g'], box.env(), box).done;
    expect([region.code, region.stderr]).toEqual([2, expect.stringMatching(/^keyrack-cp: sso-session 'globex': already exists in \S+config with other values: sso_region 'eu-west-1' \(not 'us-west-2'\)\. Leave those values out to use the session as it is, or pass --force to change them\.\n$/)]);
    expect(readFileSync(box.configPath, 'utf8')).toBe(written);

    const forced = await startDetached(cmd, [...admin, '--force'], box.env(), box).done;
    expect(succeeded(forced)).toBe('acme-ro\n');
    expect(forced.stderr).toMatch(/@@ -23,4 \+23,4 @@\n \[profile acme-ro\]\\r\n sso_session = acme\\r\n sso_account_id = 111122223333\\r\n-sso_role_name = ReadOnly\\r\n\+sso_role_name = Admin\\r\nWrote \S+config: \[sso-session acme\] unchanged, \[profile acme-ro\] updated\.\n/);
    expect(readFileSync(box.configPath, 'utf8')).toBe(written.replace('sso_role_name = ReadOnly', 'sso_role_name = Admin'));
    expect(existsSync(`${box.configPath}.lock`)).toBe(false); // the config file's lock, released

    // Signed in, botocore resolves the profile as written.
    signIn(box);
    const boto = await runProcess([pythonExecutable(), BOTOCORE], ['credentials', 'acme-ro'], box.env());
    expect(issuedFor(JSON.parse(succeeded(boto)).access_key)).toBe('111122223333/Admin');
  });

  test('from flags with no ~/.aws yet: the folder and the file are made private; [default] with its region', async () => {
    const box = new Sandbox(emu.url);
    rmSync(join(box.home, '.aws'), { recursive: true });
    const r = await startDetached(cmd, ['configure', '--sso-session', 'acme', '--start-url', START_URL, '--region', 'us-east-1', '--account', '111122223333', '--role', 'ReadOnly', '--profile', 'default', '--profile-region', 'eu-central-1'], box.env(), box).done;
    expect(succeeded(r)).toBe('default\n');
    expect(readFileSync(box.configPath, 'utf8')).toBe(`${ACME.slice(2).replaceAll('\r\n', '\n')}\n[default]\nsso_session = acme\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\nregion = eu-central-1\n`);
    expect(statSync(box.configPath).mode & 0o777).toBe(0o600);
    expect(statSync(join(box.home, '.aws')).mode & 0o777).toBe(0o700);
    signIn(box);
    expect(issuedFor(JSON.parse(succeeded(await box.run(cmd, []))).AccessKeyId)).toBe('111122223333/ReadOnly');
  });

  test('refused, nothing written, no network call: missing flags with no terminal (all named at once), bad values, a credential_process profile, a legacy one', async () => {
    const legacy = `\r\n[profile old]\r\nsso_start_url = ${START_URL}\r\nsso_region = us-east-1\r\nsso_account_id = 111122223333\r\nsso_role_name = Dev\r\n`;
    const box = new Sandbox(emu.url, AROUND + legacy);
    const before = readFileSync(box.configPath, 'utf8');
    const refuse = async (args: string[]) => {
      const r = await startDetached(cmd, ['configure', ...args], box.env(), box).done;
      expect([r.code, r.stdout], r.stderr).toEqual([2, '']);
      expect(r.stderr.split('\n')).toHaveLength(2); // one paragraph
      return r.stderr;
    };
    expect(await refuse([])).toBe(
      'keyrack-cp: usage: there is no terminal to ask on, and --sso-session, --start-url, --region, --account, --role and --profile are missing. Give them as flags (--sso-session NAME --start-url URL --region REGION --account ID --role NAME --profile NAME), or run keyrack-cp configure on a terminal to be asked.\n',
    );
    expect(await refuse(['--sso-session', 'globex', '--role', 'Dev'])).toBe(
      'keyrack-cp: usage: there is no terminal to ask on, and --account and --profile are missing. Give them as flags (--account ID --profile NAME), or run keyrack-cp configure on a terminal to be asked.\n',
    );
    expect(await refuse(['--start-url', 'http://d-abc.awsapps.com/start', '--account', '1234', '--profile', 'a b'])).toBe(
      "keyrack-cp: usage: --start-url 'http://d-abc.awsapps.com/start' is not an https URL (the AWS access portal URL, such as https://d-1234567890.awsapps.com/start); --account '1234' is not a 12-digit AWS account id; --profile 'a b' is not a name the AWS SDKs all read the same way (use letters, digits and - _ . @ + % : / only). Give other values, or leave them out to be asked on a terminal.\n",
    );
    const all = ['--sso-session', 'globex', '--account', '111122223333', '--role', 'Admin'];
    expect(await refuse([...all, '--profile', 'app', '--force'])).toBe(
      "keyrack-cp: profile 'app': has a credential_process, and a profile with it and sso_* keys resolves differently in botocore and the JS SDK. Choose another profile name.\n",
    );
    expect(await refuse([...all, '--profile', 'old', '--force'])).toMatch(/^keyrack-cp: profile 'old': is a legacy SSO profile .*Run keyrack-cp migrate first/);
    expect(readFileSync(box.configPath, 'utf8')).toBe(before);
    expect(emu.calls).toEqual([]);
  });

  test('on a terminal: Ctrl-C at a question, the last one too, ends it as SIGINT does, silently, and writes nothing', async () => {
    const box = new Sandbox(emu.url, CONFIG);
    signIn(box);
    for (const last of [false, true]) {
      const run = startWithTerminal(cmd, ['configure', '--sso-session', 'acme', '--account', '111122223333', '--role', 'Admin'], box.env(), box);
      const at = await answer(run, /Profile name \[111122223333\.Admin\]: $/, last ? 'prod-admin' : '\x03');
      if (last) {
        await run.waitFor(/Default client region \[us-east-1\]: $/, 20_000, at);
        run.type('\x03');
      }
      const r = await run.done;
      expect([r.code, r.stdout, r.stderr]).toEqual([-2, '', '']); // killed by SIGINT (run_with_tty.py's exit code), as a shell expects
      expect(readFileSync(box.configPath, 'utf8')).toBe(CONFIG);
      expect(existsSync(`${box.configPath}.lock`)).toBe(false);
    }
  });

  test('on a terminal: Ctrl-D at a question writes nothing (exit 1); an account you have no access to is exit 1 naming it', async () => {
    const box = new Sandbox(emu.url, CONFIG);
    const run = startWithTerminal(cmd, ['configure'], box.env(), box);
    await run.waitFor(/SSO session name \[acme\]: $/);
    run.type('\x04');
    const r = await run.done;
    expect([r.code, r.stdout]).toEqual([1, '']);
    expect(r.stderr).toBe('keyrack-cp: terminal: the input ended before every question was answered, so nothing was written. Run the command again, or give every answer as a flag.\n');
    expect(readFileSync(box.configPath, 'utf8')).toBe(CONFIG);

    signIn(box);
    const denied = await startWithTerminal(cmd, ['configure', '--sso-session', 'acme', '--account', '999999999999', '--profile', 'x'], box.env(), box).done;
    expect([denied.code, denied.stdout]).toEqual([1, '']);
    expect(denied.stderr).toMatch(/^keyrack-cp: sso-session 'acme': the SSO service refused ListAccountRoles for account 999999999999 \(ForbiddenException \(HTTP 403\)\): you have no access to it; nothing was written\. Check the account id, or ask your IAM Identity Center administrator for an assignment\.\n$/);
    expect(readFileSync(box.configPath, 'utf8')).toBe(CONFIG);
  });
});
