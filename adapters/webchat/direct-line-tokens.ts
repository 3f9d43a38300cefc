import { timingSafeEqual } from 'node:crypto';
import jwt from 'jsonwebtoken';

const AUDIENCE = 'tanya-pabean/directline';
const ISSUER = 'tanya-pabean';

/** Who a Direct Line request speaks for. */
export type DirectLineCaller =
  | { kind: 'secret' }
  | { kind: 'token'; conversationId: string; userId?: string; expiresAt: Date };

/** Why a credential was refused; `status` follows Direct Line (401 unknown, 403 expired or not for this conversation). */
export class DirectLineAuthError extends Error {
  constructor(
    readonly status: 401 | 403,
    readonly code: 'MissingCredentials' | 'BadCredentials' | 'TokenExpired' | 'WrongConversation',
    message: string,
  ) {
    super(message);
    this.name = 'DirectLineAuthError';
  }
}

export interface IssuedToken {
  token: string;
  expires_in: number;
  conversationId: string;
}

/**
 * Signed, expiring tokens bound to one conversation (and to a user id when one was given), plus the
 * long-lived Direct Line secret a trusted page or service uses to mint them.
 */
export class DirectLineTokens {
  constructor(
    private readonly signingSecret: string,
    private readonly directLineSecret: string,
    private readonly ttlSeconds: number,
  ) {}

  issue(conversationId: string, userId?: string): IssuedToken {
    // `user` is the claim Direct Line clients read to learn their own user id.
    const token = jwt.sign(userId ? { user: userId } : {}, this.signingSecret, {
      algorithm: 'HS256',
      audience: AUDIENCE,
      issuer: ISSUER,
      subject: conversationId,
      expiresIn: this.ttlSeconds,
    });
    return { token, expires_in: this.ttlSeconds, conversationId };
  }

  /** Reads an `Authorization: Bearer …` value (or a bare token from a stream URL). */
  authenticate(credential: string | undefined): DirectLineCaller {
    const value = credential?.replace(/^Bearer\s+/i, '').trim();
    if (!value) throw new DirectLineAuthError(401, 'MissingCredentials', 'Authorization: Bearer <token or secret> is required.');
    if (this.isSecret(value)) return { kind: 'secret' };
    try {
      const claims = jwt.verify(value, this.signingSecret, { algorithms: ['HS256'], audience: AUDIENCE, issuer: ISSUER }) as jwt.JwtPayload;
      if (!claims.sub || !claims.exp) throw new Error('incomplete claims');
      return {
        kind: 'token',
        conversationId: claims.sub,
        userId: typeof claims.user === 'string' ? claims.user : undefined,
        expiresAt: new Date(claims.exp * 1000),
      };
    } catch (error) {
      if (error instanceof jwt.TokenExpiredError) {
        throw new DirectLineAuthError(403, 'TokenExpired', 'The token has expired; start a new conversation or refresh before expiry.');
      }
      throw new DirectLineAuthError(401, 'BadCredentials', 'The token or secret is not valid.');
    }
  }

  /** Authenticates and checks the caller may act on this conversation. */
  authorizeConversation(credential: string | undefined, conversationId: string): DirectLineCaller {
    const caller = this.authenticate(credential);
    if (caller.kind === 'token' && caller.conversationId !== conversationId) {
      throw new DirectLineAuthError(403, 'WrongConversation', 'The token belongs to another conversation.');
    }
    return caller;
  }

  private isSecret(value: string): boolean {
    const given = Buffer.from(value);
    const expected = Buffer.from(this.directLineSecret);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
