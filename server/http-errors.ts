import type { Request, Response } from 'restify';
import { ZodError } from 'zod';
import { DirectLineAuthError } from '../adapters/webchat/direct-line-tokens';

/** An error a route answers with a status and a client-readable message. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Direct Line's error body: `{ error: { code, message } }`, used by every route. */
export function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

/**
 * The central mapping from errors to HTTP answers. Known errors keep their status; anything else is
 * a 500 whose detail goes to the log, never to the client.
 */
export function sendRouteError(res: Response, error: unknown, log: (error: unknown) => void): void {
  if (res.headersSent) {
    log(error);
    return;
  }
  if (error instanceof HttpError) {
    res.send(error.status, errorBody(error.code, error.message));
  } else if (error instanceof DirectLineAuthError) {
    res.send(error.status, errorBody(error.code, error.message));
  } else if (error instanceof ZodError) {
    const issue = error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    res.send(400, errorBody('BadArgument', `${where}${issue?.message ?? 'invalid request'}`));
  } else {
    log(error);
    res.send(500, errorBody('ServiceError', 'The service could not complete the request.'));
  }
}

export type RouteHandler = (req: Request, res: Response) => Promise<void>;

/**
 * Wraps an async route: a thrown error becomes its HTTP answer through sendRouteError (after
 * `mapError`, e.g. the desk's domain errors); `noStore` keeps answers that carry personal data out of
 * browser and proxy caches.
 */
export function handleRoute(
  handler: RouteHandler,
  log: (error: unknown, req: Request) => void,
  options: { noStore?: boolean; mapError?: (error: unknown) => unknown } = {},
): RouteHandler {
  return async (req, res) => {
    if (options.noStore) res.header('Cache-Control', 'no-store');
    try {
      await handler(req, res);
    } catch (error) {
      sendRouteError(res, options.mapError ? options.mapError(error) : error, (unexpected) => log(unexpected, req));
    }
  };
}
