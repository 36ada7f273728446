// The control API under /__emulator/: the Emulator object's methods over HTTP, so a demo or benchmark process can
// seed, inspect and break an emulator it did not start (e.g. one run from cli.ts). Never logged, never faulted.

import type { Fault } from './faults.ts';
import type { Emulator, SeedLoginOptions } from './server.ts';
import { tokenCacheJson } from './tokenCache.ts';
import { jsonResponse, type WireRequest, type WireResponse } from './wire.ts';

type Body = Record<string, unknown>;

const badRequest = (message: string) => jsonResponse(400, { message });

function parseBody(body: string): Body {
  if (body.trim() === '') return {};
  const value: unknown = JSON.parse(body);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('body must be a JSON object');
  return value as Body;
}

function optional<T extends 'string' | 'number'>(body: Body, key: string, type: T): (T extends 'string' ? string : number) | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== type) throw new Error(`${key} must be a ${type}`);
  return value as T extends 'string' ? string : number;
}

function required(body: Body, key: string): string {
  const value = optional(body, key, 'string');
  if (value === undefined) throw new Error(`${key} is required`);
  return value;
}

const ACTIONS: Record<string, { method: string; run: (emu: Emulator, req: WireRequest, body: Body) => unknown }> = {
  /** The seedLogin result with ISO dates, plus the token cache file content to write. */
  'seed-login': {
    method: 'POST',
    run: (emu, _req, body) => {
      const opts: SeedLoginOptions = {};
      const startUrl = optional(body, 'startUrl', 'string');
      const region = optional(body, 'region', 'string');
      const user = optional(body, 'user', 'string');
      const accessTokenTtlSeconds = optional(body, 'accessTokenTtlSeconds', 'number');
      const registrationTtlSeconds = optional(body, 'registrationTtlSeconds', 'number');
      if (startUrl !== undefined) opts.startUrl = startUrl;
      if (region !== undefined) opts.region = region;
      if (user !== undefined) opts.user = user;
      if (accessTokenTtlSeconds !== undefined) opts.accessTokenTtlSeconds = accessTokenTtlSeconds;
      if (registrationTtlSeconds !== undefined) opts.registrationTtlSeconds = registrationTtlSeconds;
      const seed = emu.seedLogin(opts);
      return { ...seed, tokenCache: tokenCacheJson(seed) };
    },
  },
  calls: { method: 'GET', run: (emu) => ({ calls: emu.calls }) },
  count: {
    method: 'GET',
    run: (emu, req) => {
      const operation = req.url.searchParams.get('operation');
      if (!operation) throw new Error('operation is required');
      const grantType = req.url.searchParams.get('grantType');
      return { count: emu.count(operation, grantType === null ? {} : { grantType }) };
    },
  },
  issued: { method: 'GET', run: (emu) => emu.issued },
  inject: {
    method: 'POST',
    run: (emu, _req, body) => {
      emu.inject(required(body, 'operation'), body.fault as Fault /* checked by FaultPlan.inject */, optional(body, 'times', 'number'));
      return {};
    },
  },
  throttle: {
    method: 'POST',
    run: (emu, _req, body) => {
      const perSecond = optional(body, 'perSecond', 'number');
      const burst = optional(body, 'burst', 'number');
      emu.throttle(required(body, 'operation'), perSecond === undefined && burst === undefined ? null : { perSecond: perSecond ?? NaN, burst: burst ?? NaN });
      return {};
    },
  },
  'clear-faults': { method: 'POST', run: (emu) => { emu.clearFaults(); return {}; } },
  assign: {
    method: 'POST',
    run: (emu, _req, body) => {
      const accountName = optional(body, 'accountName', 'string');
      emu.assign(required(body, 'accountId'), required(body, 'roleName'), accountName === undefined ? {} : { accountName });
      return {};
    },
  },
  'deny-next-authorization': { method: 'POST', run: (emu) => { emu.denyNextAuthorization(); return {}; } },
  reset: { method: 'POST', run: (emu) => { emu.reset(); return {}; } },
};

export function controlApi(emu: Emulator, req: WireRequest, action: string): WireResponse {
  const entry = Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : undefined;
  if (!entry || entry.method !== req.method) {
    return jsonResponse(404, { message: `No control action ${req.method} /__emulator/${action}; have ${Object.keys(ACTIONS).join(', ')}` });
  }
  try {
    // Dates become ISO strings through JSON.stringify.
    return jsonResponse(200, entry.run(emu, req, parseBody(req.body)));
  } catch (err) {
    return badRequest(err instanceof Error ? err.message : String(err));
  }
}
