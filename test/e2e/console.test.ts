// keyrack-cp console, both artifacts, against the emulator's federation endpoint: the printed link is one it accepts
// (its login redirect goes to the console of the profile's region and partition), the browser is given it, and the
// link, a bearer secret, appears nowhere else, --debug included.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { tokenCacheJson } from '../emulator/index.ts';
import { request } from '../emulator/request.ts';
import { ARTIFACTS, CONFIG, ROOT, Sandbox, START_URL } from '../helpers/sandbox.ts';
import { useE2eEmulator } from '../helpers/e2eEmulator.ts';

const emu = useE2eEmulator();
const FAKE_BROWSER = join(ROOT, 'test', 'helpers', 'fakeBrowser.mjs');

/** CONFIG's dev (region eu-west-1), and a profile in the China partition, signed in. */
function signedIn(): Sandbox {
  const box = new Sandbox(emu.url, `${CONFIG}\n[profile china]\nsso_session = acme\nsso_account_id = 111122223333\nsso_role_name = Admin\nregion = cn-north-1\n`);
  box.writeToken(tokenCacheJson(emu.seedLogin({ startUrl: START_URL }), { startUrl: START_URL, region: 'us-east-1' }));
  return box;
}

const federation = () => ({ KEYRACK_CP_FEDERATION_ENDPOINT: `${emu.url}/federation` });

/** The printed link, visited as a browser does, without following the redirect off this machine. */
async function visit(link: string): Promise<{ status: number; location: string | undefined }> {
  const url = new URL(link);
  const reply = await request(emu.url, 'GET', `${url.pathname}${url.search}`);
  return { status: reply.status, location: reply.headers.location };
}

describe.each(ARTIFACTS)('%s', (_name, cmd) => {
  test('--print: one line on stdout, a link the federation endpoint accepts, to the console of the profile\'s region', async () => {
    const box = signedIn();
    const r = await box.run(cmd, ['console', '--profile', 'dev', '--print'], federation());
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/federation\?Action=login&Issuer=https%3A%2F%2Fd-abc\.awsapps\.com%2Fstart&Destination=[^&\s]+&SigninToken=emu-sg-[\w-]+\n$/);
    expect(await visit(r.stdout.trim())).toEqual({ status: 302, location: 'https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1' });
    // The credentials exchanged were the ones GetRoleCredentials issued for the profile, by POST, without SessionDuration.
    expect(emu.calls.map((c) => [c.operation, c.method, c.status])).toEqual([
      ['GetRoleCredentials', 'GET', 200], ['GetSigninToken', 'POST', 200], ['FederationLogin', 'GET', 302],
    ]);
    expect(emu.issued.signinTokens[0]).toMatchObject({ accessKeyId: emu.issued.roleCredentials[0]!.accessKeyId, accountId: '111122223333', roleName: 'ReadOnly' });
  });

  test('--destination as a path keeps the region; the partition follows the region (aws-cn); --debug never shows the link', async () => {
    const box = signedIn();
    const s3 = await box.run(cmd, ['console', '--profile', 'dev', '--print', '--destination', '/s3/home'], federation());
    expect((await visit(s3.stdout.trim())).location).toBe('https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1');
    const china = await box.run(cmd, ['console', '--profile', 'china', '--print', '--debug'], federation());
    expect(china.code).toBe(0);
    expect((await visit(china.stdout.trim())).location).toBe('https://console.amazonaws.cn/console/home?region=cn-north-1');
    expect(china.stderr).toMatch(/debug: console of aws-cn in cn-north-1, sign-in at http:\/\/127\.0\.0\.1:\d+\/federation \(KEYRACK_CP_FEDERATION_ENDPOINT\)\n/);
    expect(china.stderr).not.toContain(china.stdout.trim());
    expect(china.stderr).not.toContain(emu.issued.signinTokens.at(-1)!.signinToken);
  });

  test('without --print the browser gets the link; it lands on the destination', async () => {
    const box = signedIn();
    const log = join(box.home, 'browser.log');
    const r = await box.run(cmd, ['console', '--profile', 'dev'], { ...federation(), BROWSER: FAKE_BROWSER, FAKE_BROWSER_LOG: log, FAKE_BROWSER_HOPS: '1' });
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toBe("Opened the AWS console in your browser as profile 'dev': account 111122223333, role ReadOnly, eu-west-1.\n");
    for (let i = 0; i < 100 && !existsSync(log); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    const visits = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(visits).toEqual([expect.objectContaining({ path: '/federation', query: ['Action', 'Issuer', 'Destination', 'SigninToken'], status: 302, location: 'https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1' })]);
  });

  test('refused before any network call (exit 2): no browser and no --print, a federation endpoint over http elsewhere, a bad destination', async () => {
    const box = signedIn();
    const none = await box.run(cmd, ['console', '--profile', 'dev'], federation());
    expect([none.code, none.stderr]).toEqual([2, expect.stringMatching(/^keyrack-cp: usage: no browser can be opened here: .*Run keyrack-cp console --print to get the sign-in link instead/)]);
    const http = await box.run(cmd, ['console', '--profile', 'dev', '--print'], { KEYRACK_CP_FEDERATION_ENDPOINT: 'http://signin.example.com/federation' });
    expect([http.code, http.stderr]).toEqual([2, expect.stringMatching(/would send the role credentials over plain http to another host/)]);
    const dest = await box.run(cmd, ['console', '--profile', 'dev', '--print', '--destination', 'http://example.com/'], federation());
    expect([dest.code, dest.stderr]).toEqual([2, expect.stringMatching(/--destination 'http:\/\/example\.com\/' is neither an https URL nor a console path/)]);
    expect(emu.calls).toEqual([]);
  });

  test('not signed in is exit 3; the federation endpoint refusing is exit 1 with nothing on stdout', async () => {
    const box = new Sandbox(emu.url);
    const out = await box.run(cmd, ['console', '--profile', 'dev', '--print'], federation());
    expect([out.code, out.stdout, out.stderr]).toEqual([3, '', expect.stringMatching(/Run: keyrack-cp login --sso-session acme\n$/)]);
    const box2 = signedIn();
    emu.inject('GetSigninToken', { kind: 'error', status: 400, body: 'Bad Request' }, 1);
    const refused = await box2.run(cmd, ['console', '--profile', 'dev', '--print'], federation());
    expect([refused.code, refused.stdout]).toEqual([1, '']);
    expect(refused.stderr).toMatch(/^keyrack-cp: profile 'dev': the federation endpoint http:\/\/127\.0\.0\.1:\d+\/federation refused the role credentials \(HTTP 400\)\. Try again;/);
  });
});
