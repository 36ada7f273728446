// Where a console sign-in goes: the federation endpoint and console by partition, the test override and its
// loopback-only rule for http, the destination; and the two federation requests as the service reads them.

import { describe, expect, test } from 'vitest';
import { resolveConsoleEndpoints, resolveDestination } from '../../src/console/consoleEndpoints.ts';
import { loginUrl, signinTokenForm } from '../../src/console/signinUrl.ts';
import { KeyrackError } from '../../src/errors.ts';

const SUBJECT = "profile 'dev'";

function refusal(f: () => unknown): { code: number; message: string } {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(KeyrackError);
    return { code: (error as KeyrackError).exitCode, message: (error as KeyrackError).describe() };
  }
  throw new Error('expected a refusal');
}

describe('resolveConsoleEndpoints', () => {
  test.each([
    ['us-east-1', 'aws', 'https://signin.aws.amazon.com/federation', 'https://us-east-1.console.aws.amazon.com/console/home?region=us-east-1'],
    ['eu-west-1', 'aws', 'https://signin.aws.amazon.com/federation', 'https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1'],
    ['us-gov-west-1', 'aws-us-gov', 'https://signin.amazonaws-us-gov.com/federation', 'https://console.amazonaws-us-gov.com/console/home?region=us-gov-west-1'],
    ['us-gov-east-1', 'aws-us-gov', 'https://signin.amazonaws-us-gov.com/federation', 'https://console.amazonaws-us-gov.com/console/home?region=us-gov-east-1'],
    ['cn-north-1', 'aws-cn', 'https://signin.amazonaws.cn/federation', 'https://console.amazonaws.cn/console/home?region=cn-north-1'],
    ['cn-northwest-1', 'aws-cn', 'https://signin.amazonaws.cn/federation', 'https://console.amazonaws.cn/console/home?region=cn-northwest-1'],
  ])('%s: %s, %s, %s', (region, partition, federation, home) => {
    expect(resolveConsoleEndpoints(region, {}, SUBJECT)).toEqual({ partition, federation: { url: federation, source: 'default' }, home });
  });

  test.each(['us-iso-east-1', 'us-isob-east-1', 'eu-isoe-west-1', 'eusc-de-east-1'])('%s (an isolated partition) is refused, exit 2', (region) => {
    expect(refusal(() => resolveConsoleEndpoints(region, {}, SUBJECT))).toEqual({ code: 2, message: expect.stringMatching(/isolated partition/) });
  });

  test.each([
    ['http://127.0.0.1:4567/federation'],
    ['http://localhost:4567/federation'],
    ['https://signin.example.internal/federation'],
  ])('KEYRACK_CP_FEDERATION_ENDPOINT=%s is used as it is', (url) => {
    expect(resolveConsoleEndpoints('eu-west-1', { KEYRACK_CP_FEDERATION_ENDPOINT: url }, SUBJECT).federation).toEqual({ url, source: 'KEYRACK_CP_FEDERATION_ENDPOINT' });
  });

  test.each([
    ['http://signin.example.com/federation', /would send the role credentials over plain http to another host/],
    ['ftp://127.0.0.1/federation', /would send the role credentials over ftp: to another host/],
    ['not a url', /is not a URL/],
  ])('KEYRACK_CP_FEDERATION_ENDPOINT=%s is refused, exit 2', (url, message) => {
    expect(refusal(() => resolveConsoleEndpoints('eu-west-1', { KEYRACK_CP_FEDERATION_ENDPOINT: url }, SUBJECT))).toEqual({ code: 2, message: expect.stringMatching(message) });
  });
});

describe('resolveDestination', () => {
  const endpoints = resolveConsoleEndpoints('eu-west-1', {}, SUBJECT);
  test.each([
    [undefined, 'https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1'],
    ['/s3/home', 'https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1'],
    ['/ec2/home?region=us-east-2#Instances:', 'https://eu-west-1.console.aws.amazon.com/ec2/home?region=us-east-2#Instances:'],
    ['https://console.aws.amazon.com/cloudformation/home', 'https://console.aws.amazon.com/cloudformation/home'],
  ])('%s → %s', (option, url) => {
    expect(resolveDestination(option, endpoints, 'eu-west-1')).toBe(url);
  });

  test.each(['http://console.aws.amazon.com/', '//evil.example.com/x', 'javascript:alert(1)', 's3/home'])('%s is refused, exit 2', (option) => {
    expect(refusal(() => resolveDestination(option, endpoints, 'eu-west-1'))).toEqual({ code: 2, message: expect.stringMatching(/is neither an https URL nor a console path/) });
  });
});

describe('the federation requests', () => {
  const creds = { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret/key+with=chars', sessionToken: 'token&with=chars', expiration: new Date(), accountId: '111122223333' };

  test('getSigninToken: the three parts as the Session JSON, and never SessionDuration (refused with role credentials)', () => {
    const form = new URLSearchParams(signinTokenForm(creds));
    expect([...form.keys()]).toEqual(['Action', 'Session']);
    expect(form.get('Action')).toBe('getSigninToken');
    expect(JSON.parse(form.get('Session')!)).toEqual({ sessionId: 'ASIAEXAMPLE', sessionKey: 'secret/key+with=chars', sessionToken: 'token&with=chars' });
  });

  test('the login URL carries Action, Issuer, Destination and the token, each encoded', () => {
    const url = new URL(loginUrl('https://signin.aws.amazon.com/federation', 'https://acme.awsapps.com/start', 'https://x.console.aws.amazon.com/s3/home?region=x&y=1', 'tok+en/='));
    expect(`${url.origin}${url.pathname}`).toBe('https://signin.aws.amazon.com/federation');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      Action: 'login', Issuer: 'https://acme.awsapps.com/start', Destination: 'https://x.console.aws.amazon.com/s3/home?region=x&y=1', SigninToken: 'tok+en/=',
    });
  });
});
