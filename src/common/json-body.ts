import { json, NextFunction, Request, Response } from 'express';
import { DomainError } from './domain-error';

interface ParserError {
  type?: string;
  status?: number;
}

/**
 * express.json, with its errors turned into domain errors here: once they reach Nest, a
 * malformed body and other parser refusals can no longer be told apart.
 */
export function jsonBody(limit: string) {
  const parse = json({ limit, strict: true });
  return (req: Request, res: Response, next: NextFunction) =>
    parse(req, res, (error?: unknown) => {
      if (!error) return next();
      const { type, status } = error as ParserError;
      if (type === 'entity.parse.failed')
        return next(new DomainError('MALFORMED_JSON', 'The request body is not valid JSON', 400));
      if (type === 'entity.too.large')
        return next(new DomainError('PAYLOAD_TOO_LARGE', `The request body exceeds ${limit}`, 413));
      if (status && status >= 400 && status < 500)
        return next(new DomainError('BAD_REQUEST', 'The request body was refused', status));
      next(error);
    });
}
