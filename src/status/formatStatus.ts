// The status report as text readable at a glance (aligned columns, one line per session and per profile, legacy
// fixes spelled out below), or as JSON for scripts. Pure.

import { loginCommandLine } from '../remedies.ts';
import { formatAwsTimestamp } from '../token/awsTimestamp.ts';
import type { ProfileStatus } from './profileStatus.ts';
import type { SessionReport, StatusReport } from './readStatus.ts';
import { formatDuration, isReady, type SessionState } from './sessionStatus.ts';

type Row = readonly [string, string, string];

export function formatStatusText(report: StatusReport): string {
  const ready = new Map(report.sessions.map((s) => [s.name, s.kind === 'valid' && isReady(s.token)]));
  const out = [`Config: ${report.configFile}`, ''];
  out.push('SSO sessions:', ...(report.sessions.length > 0 ? table(report.sessions.map(sessionRow)) : ['  (none)']), '');
  out.push('Profiles:', ...(report.profiles.length > 0 ? table(report.profiles.map((p) => profileRow(p, ready))) : ['  (none)']));
  for (const p of report.profiles) {
    if (p.kind === 'legacy') out.push('', `Profile '${p.name}' ${p.problem}.`, p.fix);
  }
  return `${out.join('\n')}\n`;
}

function sessionRow(s: SessionReport): Row {
  if (s.kind === 'misconfigured') return [s.name, 'misconfigured', `${s.problem} → ${s.fix}`];
  const where = `${s.session.startUrl} (${s.session.region})`;
  const login = `→ ${loginCommandLine(s.name)}`;
  const t = s.token;
  switch (t.state) {
    case 'signed-out':
      return [s.name, 'not signed in', `${login}   ${where}`];
    case 'invalid-token':
      return [s.name, 'unusable token', `${t.problem} ${login}`];
    case 'signed-in':
      return [s.name, 'signed in', `${formatDuration(t.msLeft)} left (until ${formatAwsTimestamp(t.expiresAt)}), ${refreshText(t)}   ${where}`];
    case 'expired':
      return [s.name, 'expired', t.refreshable ? `${formatDuration(t.msLeft)} ago, refreshed on next use   ${where}` : `${formatDuration(t.msLeft)} ago, ${refreshText(t)} ${login}`];
  }
}

const refreshText = (t: Extract<SessionState, { refreshable: boolean }>) =>
  t.refreshable ? 'refreshable' : `not refreshable (${t.whyNotRefreshable})`;

function profileRow(p: ProfileStatus, ready: ReadonlyMap<string, boolean>): Row {
  switch (p.kind) {
    case 'usable':
      return [p.name, ready.get(p.session) ? 'ready' : 'sign in first', `${p.session} → account ${p.accountId}, role ${p.roleName}`];
    case 'legacy':
      return [p.name, 'legacy', 'uses the legacy SSO configuration; the fix is below'];
    case 'misconfigured':
      return [p.name, 'misconfigured', `${p.problem} → ${p.fix}`];
    case 'not-sso':
      return [p.name, 'not SSO', p.note];
  }
}

function table(rows: readonly Row[]): string[] {
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  return rows.map(([a, b, c]) => `  ${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`.trimEnd());
}

/** Stable field names, ISO timestamps, seconds as integers; no secret ever (only what the text shows). */
export function formatStatusJson(report: StatusReport): string {
  const sessions = report.sessions.map((s) => {
    if (s.kind === 'misconfigured') return { name: s.name, state: 'misconfigured', problem: s.problem, fix: s.fix };
    const t = s.token;
    const base = { name: s.name, startUrl: s.session.startUrl, region: s.session.region, tokenFile: s.tokenFile, loginCommand: loginCommandLine(s.name) };
    switch (t.state) {
      case 'signed-out':
        return { ...base, state: 'signed-out', ready: false };
      case 'invalid-token':
        return { ...base, state: 'invalid-token', ready: false, problem: t.problem };
      default:
        return {
          ...base,
          state: t.state,
          ready: isReady(t),
          expiresAt: formatAwsTimestamp(t.expiresAt),
          secondsLeft: Math.trunc(t.msLeft / 1000),
          refreshable: t.refreshable,
          ...(t.whyNotRefreshable ? { notRefreshableBecause: t.whyNotRefreshable } : {}),
        };
    }
  });
  const ready = new Map(sessions.map((s) => [s.name, 'ready' in s && s.ready === true]));
  const profiles = report.profiles.map((p) => {
    switch (p.kind) {
      case 'usable':
        return { name: p.name, status: 'usable', ready: ready.get(p.session) === true, session: p.session, accountId: p.accountId, roleName: p.roleName };
      case 'legacy':
      case 'misconfigured':
        return { name: p.name, status: p.kind, problem: p.problem, fix: p.fix };
      case 'not-sso':
        return { name: p.name, status: 'not-sso', note: p.note };
    }
  });
  return `${JSON.stringify({ configFile: report.configFile, sessions, profiles }, null, 2)}\n`;
}
