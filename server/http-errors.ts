import type { Response } from 'restify';
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
