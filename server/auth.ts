import type { IncomingMessage } from 'node:http';
import type { AccountService, PublicAccount } from '../officers/account-service';
import type { Role } from '../storage/repositories';
import { HttpError } from './http-errors';

/** The desk session cookie: the token itself lives only here; storage keeps its hash. */
export const SESSION_COOKIE = 'tp_session';
/** The cookie goes only to the desk API, never to the citizen's pages or the Direct Line endpoint. */
export const SESSION_COOKIE_PATH = '/api/desk';
/**
 * State-changing desk requests must carry this header. A cross-site form cannot set it, and a
 * cross-site script cannot send it without a CORS preflight that the desk API never grants, so a
 * signed-in officer's browser cannot be made to act by another site (with SameSite=Strict on top).
 */
export const CSRF_HEADER = 'x-requested-with';
export const CSRF_HEADER_VALUE = 'tanya-pabean';

/** What an account may do on the desk; roles grant permissions (an account may hold several roles). */
export type DeskPermission =
  /** See the queue and tickets, claim, note, reply, escalate, close. */
  | 'tickets.work'
  /** See and act on the tickets of every unit, not only one's own. */
  | 'tickets.all-units'
  /** Act on, or claim, a ticket another officer holds. */
  | 'tickets.take-over'
  /** List, create, disable, enable and reset accounts. */
  | 'accounts.manage';

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly DeskPermission[]>> = {
  officer: ['tickets.work'],
  coordinator: ['tickets.work', 'tickets.all-units', 'tickets.take-over'],
  supervisor: ['tickets.work', 'tickets.all-units', 'tickets.take-over'],
  editor: [],
  admin: ['accounts.manage'],
};

export function permissionsOf(account: Pick<PublicAccount, 'roles'>): DeskPermission[] {
  return [...new Set(account.roles.flatMap((role) => ROLE_PERMISSIONS[role] ?? []))];
}

export function hasPermission(account: Pick<PublicAccount, 'roles'>, permission: DeskPermission): boolean {
  return permissionsOf(account).includes(permission);
}

/** 403 unless one of the account's roles grants the permission. */
export function requirePermission(account: Pick<PublicAccount, 'roles'>, permission: DeskPermission): void {
  if (!hasPermission(account, permission)) {
    throw new HttpError(403, 'Forbidden', `Your role (${account.roles.join(', ')}) does not allow this.`);
  }
}

const STATE_CHANGING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** 403 for a state-changing request without `X-Requested-With: tanya-pabean`. */
export function requireCsrfHeader(req: IncomingMessage): void {
  if (!STATE_CHANGING_METHODS.has(req.method ?? 'GET')) return;
  if (req.headers[CSRF_HEADER] !== CSRF_HEADER_VALUE) {
    throw new HttpError(403, 'CsrfHeaderMissing', `State-changing desk requests need the header "X-Requested-With: ${CSRF_HEADER_VALUE}".`);
  }
}

/** The session token from the Cookie header, if any. */
export function readSessionToken(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    if (part.slice(0, separator).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(separator + 1).trim();
    // Tokens are base64url; anything else was not set by us.
    return /^[A-Za-z0-9_-]{16,128}$/.test(value) ? value : undefined;
  }
  return undefined;
}

function cookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  return [`${SESSION_COOKIE}=${value}`, `Path=${SESSION_COOKIE_PATH}`, `Max-Age=${maxAgeSeconds}`, 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])].join('; ');
}

export interface DeskAuthOptions {
  /** When it is https, the cookie is always Secure. */
  publicBaseUrl?: string;
  /** Behind a reverse proxy, X-Forwarded-Proto says whether the officer's browser used https. */
  trustProxy: boolean;
}

/** A signed-in desk user and the session they came with. */
export interface DeskCaller {
  account: PublicAccount;
  token: string;
}

/**
 * Turns the session cookie into an account (401 when there is none, it expired, or the account was
 * disabled) and writes the cookie: HttpOnly, SameSite=Strict, Secure when the officer uses https.
 */
export class DeskAuthenticator {
  constructor(
    private readonly accounts: AccountService,
    private readonly options: DeskAuthOptions,
  ) {}

  /**
   * The caller's account. An account holding a one-time password may only read itself, change its
   * password or sign out (`allowPendingPasswordChange`); anything else is 403 until it has changed it.
   */
  async requireSignedIn(req: IncomingMessage, options: { allowPendingPasswordChange?: boolean } = {}): Promise<DeskCaller> {
    const token = readSessionToken(req);
    const account = await this.accounts.resolveSession(token);
    if (!token || !account) throw new HttpError(401, 'Unauthenticated', 'Sign in to the desk first (or again: the session has ended).');
    if (account.mustChangePassword && !options.allowPendingPasswordChange) {
      throw new HttpError(403, 'PasswordChangeRequired', 'Change the one-time password first (POST /api/desk/me/password).');
    }
    return { account, token };
  }

  sessionCookie(req: IncomingMessage, token: string, expiresAt: Date): string {
    return cookie(token, Math.max(0, Math.round((expiresAt.getTime() - Date.now()) / 1000)), this.isSecure(req));
  }

  clearedSessionCookie(req: IncomingMessage): string {
    return cookie('', 0, this.isSecure(req));
  }

  private isSecure(req: IncomingMessage): boolean {
    if (this.options.publicBaseUrl?.startsWith('https://')) return true;
    if ((req.socket as { encrypted?: boolean }).encrypted) return true;
    return this.options.trustProxy && String(req.headers['x-forwarded-proto'] ?? '').split(',')[0].trim() === 'https';
  }
}
